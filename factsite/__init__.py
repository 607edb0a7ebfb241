"""The fact-check site generator: one pipeline of stages that every command of build.py runs."""

__version__ = "0.2.0.dev0"  # as pyproject.toml's version; tests/test_version.py holds them equal
