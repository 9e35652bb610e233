"""Draft: next year's plan (``new``), what changed between two plans (``diff``), who does what (``tasks``)."""
