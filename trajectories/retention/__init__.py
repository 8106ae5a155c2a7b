"""Retention (issue 13 §9): what the collaboration spaces keep, and for how long."""
