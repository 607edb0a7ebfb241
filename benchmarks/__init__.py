"""Benchmarks of the site build, and the synthetic sites they measure."""
