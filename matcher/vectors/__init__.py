"""Skills to vectors: per-skill embeddings, IDF weights, profile/vacancy vectors."""
