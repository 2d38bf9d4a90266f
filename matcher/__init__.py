"""The matching engine: text to skills and occupations, indexes, ranking, transitions, gaps."""
