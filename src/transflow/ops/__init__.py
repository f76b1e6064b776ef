"""Operations, one module per command: each takes a Project and returns a typed report. No operation imports another."""
