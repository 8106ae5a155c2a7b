"""Export of a space (issue 13 §7): a ZIP built in the background, downloaded once within 24 hours."""
