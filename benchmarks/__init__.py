"""Performance measurements on generated large maps; `python -m benchmarks` runs them all."""
