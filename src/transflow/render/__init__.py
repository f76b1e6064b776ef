"""Printers of typed reports: terminal tables, CSV, JSON, the HTML dashboard and built pages."""
