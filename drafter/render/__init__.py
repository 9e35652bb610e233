"""Render: the plan model out to official text, the Word document, terminal views and page previews."""
