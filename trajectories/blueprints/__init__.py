"""Trajectory templates (issue 13 §1, seeds 003 and 004): editors of a care organisation build templates in the
Wagtail admin — phases in order with a description, a checklist and default goals, and document templates with
placeholders — and a space started from one follows its phases. Two templates ship with the platform (the youth-care
trajectory of seed 004 and the workshop trajectory of seed 003 with its engagement declaration, which the chosen
people sign in the space)."""

PHASES = "traject"  # the slug of the tool (its tab in a space that follows a template)
