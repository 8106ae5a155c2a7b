"""The Plan of a space (hulpverleningsplan): goals with their progress, actions, agreements and evaluation moments."""

PLAN = "plan"  # the slug of the tool (its tab in the space, and the ``tool`` of its item kinds)
