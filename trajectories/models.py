"""Collaboration-space models arrive with the trajectories issue."""
