"""Benchmarks of the project: the measured figures of the design."""
