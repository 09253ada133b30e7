"""Evidence files a report names (``file: evidence/07-KH-UBND.pdf``), read and judged.

Between importers/ and facts/ in the layer order: reading a file is loading, its verdict
becomes facts, and the rules of kinds/ decide what a verdict means. Nothing here decides
a finding.
"""
