"""Participation models arrive with the participation issue."""
