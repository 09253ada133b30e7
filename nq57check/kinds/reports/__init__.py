"""Kinds of rules over a commune's monthly status reports (not evaluated without them)."""
