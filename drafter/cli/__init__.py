"""The command line on top of the library: arguments in, one library call, output printed.

Only this package reads the shell's state (``$DRAFTER_CORPUS``, the working folder,
``drafter.yaml``); nothing in the library imports it.
"""
