"""The ``stiwatch`` command line: one module per command group, each registering its own parser.

The entry point is :func:`stiwatch.cli.main.main`; ``python -m stiwatch.cli`` runs it too.
"""
