"""Benchmarks: run by hand (see README.md), never by `make test`."""
