"""Kinds of rules over a plan alone (they run in a plan check too)."""
