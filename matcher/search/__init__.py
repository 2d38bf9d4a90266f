"""Searching concepts by their labels (lexical + embeddings): occupation search."""
