"""Tests of the activities plugin (collected by make test through pyproject.toml's testpaths)."""
