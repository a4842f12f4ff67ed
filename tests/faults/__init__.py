"""Fault-injection run for the letter pipeline (not a pytest suite).

Run ``.venv/bin/python tests/faults/run_faults.py``; see README.md. Nothing in
this package matches pytest's ``python_files = ["test_*.py"]``, so pytest
collects nothing here.
"""
