"""Figures over periods: rates, allowances, the monthly tallies and closed months."""
