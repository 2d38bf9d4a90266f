"""Evaluators shared by bench/, notebooks and tests; each declares its primary metric."""
