"""Writers: the plan model out to official text (and, later, Word)."""
