"""Benchmark and synthetic-commune generator (not shipped with the package)."""
