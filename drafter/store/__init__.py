"""Store: the plan as YAML, the corpus of past plans on disk, and safe file writes."""
