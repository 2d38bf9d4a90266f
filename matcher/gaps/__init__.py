"""Skill gaps for a target and the training that could close them."""
