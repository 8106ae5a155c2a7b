"""Transfer of a space to another organisation (issue 13 §5)."""
