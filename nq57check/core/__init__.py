"""The bottom of the tree: text, input problems, dates, hints, paths. Imports nothing above."""
