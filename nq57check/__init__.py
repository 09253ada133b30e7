"""nq57check: rules-engine compliance checker for commune plans under Resolution 57-NQ/TW."""

__version__ = "0.1.0"
