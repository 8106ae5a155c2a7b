"""The Documenten of a space: files and texts written in the browser, with their versions."""

DOCUMENTS = "documenten"  # the slug of the tool (its tab in the space, and the ``tool`` of its item kinds)
