"""Quality checks of a translation against its source."""
