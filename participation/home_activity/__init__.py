"""The home page's "recent on the platform" panel (issue 14 §13): the latest public posts, the same for everyone."""
