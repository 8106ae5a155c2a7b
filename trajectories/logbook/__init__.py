"""The Logbook (logboek) of a space: what happened, written by anyone taking part."""

LOGBOOK = "logboek"  # the slug of the tool (its tab in the space, and the ``tool`` of its item kinds)
