"""The file formats transflow reads and writes: PO (the only code that knows its header keys
and comment tags), workflow.yaml and the strict YAML loader."""
