"""Netwerk: who is who, outside and emergency contacts, and personal social maps."""

NETWORK = "netwerk"  # the slug of the tool (its tab in the space, and the ``tool`` of its item kinds)
