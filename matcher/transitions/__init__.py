"""Overstapberoepen: feasible transitions between occupations, labour-market aware."""
