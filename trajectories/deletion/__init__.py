"""Deletion on request (issue 13 §8): the young person asks to delete an item or her whole space."""
