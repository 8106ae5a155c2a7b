"""Berichten: conversations among chosen people of a space."""

MESSAGES = "berichten"  # the slug of the tool (its tab in the space, and the ``tool`` of its item kinds)
