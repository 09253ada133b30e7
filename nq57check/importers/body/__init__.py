"""Plan bodies: the numbered paragraphs of a plan document (header, basis, targets, tasks,
reporting clause), read as a person reads them, not only the appendix table."""
