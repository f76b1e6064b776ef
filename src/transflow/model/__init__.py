"""Value types of the core: catalog entries and their status."""
