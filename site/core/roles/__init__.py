"""The roles room of the core: import its ``services``, ``selectors`` and ``models`` modules."""
