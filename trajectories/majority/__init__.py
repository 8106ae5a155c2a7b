"""Majority (issue 13 §6, seed 004): at 18 the young person chooses what happens with her space."""
