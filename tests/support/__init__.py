"""Helpers the tests and benchmarks/ share, never installed: synthetic classes (synthetic.py), the exercise
answer specs (specs.py), throw-away course folders (course.py). Importable as `support` because pytest puts
tests/ on sys.path (benchmarks/grading.py does the same)."""
