"""Suggest: similar prior measures from the corpus, each with its source.

``index`` builds and opens the memory-mapped bigram index; ``search`` retrieves,
reranks and groups matches for a query or for every item of a draft.
"""
