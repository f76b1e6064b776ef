"""Small helpers with no knowledge of translation: files and locks, processes, clock, languages, word counts."""
