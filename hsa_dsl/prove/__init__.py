"""Proving that the rules do not contradict each other: the act as solver formulas, and generated cases."""
