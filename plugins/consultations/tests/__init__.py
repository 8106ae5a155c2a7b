"""Tests of the consultations plugin (collected by make test through pyproject.toml's testpaths)."""
