"""Stored profiles and vacancies and their FAISS pool indexes."""
