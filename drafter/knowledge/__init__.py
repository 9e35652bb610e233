"""Domain knowledge as data: unit names, stale wording, the standard structure of a plan.

Each module loads one table from ``templates/`` (or a user's own file) and answers
questions about it; none of them reads plans from disk.
"""
