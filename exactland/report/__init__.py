"""Presentation: terminal tables, plots.  Nothing here decides a verdict."""
