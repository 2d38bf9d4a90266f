"""Where a ranking is decided: coverage, near skills, hard filters, explanations."""
