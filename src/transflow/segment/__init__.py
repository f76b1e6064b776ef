"""Splitting an article into translation units: Markdown, plain text and sentences."""
