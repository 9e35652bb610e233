"""``python -m drafter`` runs the command line."""

from .cli.app import main

main()
