"""Moderation (issue 4): reports and their decisions, hiding, blocks, the moderators' decisions in place on the
public site, and their queues in the administration (registered through ``register_moderation_queue``)."""
