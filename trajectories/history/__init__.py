"""History of everything written (issue 13 §2): every version of an item, who wrote it and when; compare and restore."""
