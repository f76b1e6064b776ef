"""A project on disk: its paths and settings, and what several operations share (merging, assignments, templates)."""
