"""The year after the plan: the task ledger (台账), progress reports, the bulletin and the
year-end summary, and what goes back into next year's plan.

``model`` holds the ledger's dataclasses and the one vocabulary of statuses; ``ids`` gives
every item an id that survives drafting, building, Word and renumbering.
"""
