"""The written language of 公文: character widths, Chinese numerals, shared patterns and vocabulary.

Every stage uses these; they know nothing of plans, files or the command line.
"""
