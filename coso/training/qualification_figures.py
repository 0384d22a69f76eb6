"""Qualification shares of the cadres of a set of units as of a date (issue 10)."""
