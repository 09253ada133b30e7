"""glibc's allocator, set for a worker process that checks communes for minutes.

Why: glibc raises its mmap threshold each time a large block it had mapped is freed (up
to 32 MB), and from then on serves blocks of that size from the heap, where a commune's
engine session and file trees leave holes that ``malloc_trim`` cannot always give back.
A worker's memory then crept with every large commune it met: its peak on 3,321
communes was ~8 MB higher with the dynamic threshold than with it fixed at glibc's
default (128 KiB; ``bench/national.py``). Fixed, large blocks are mapped and unmapped
as they come: a few system calls a commune. Elsewhere (musl, macOS) nothing is done.
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3  # <malloc.h>
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept for the process's life


def fix_mmap_threshold() -> bool:
    """Pin the threshold (which also turns off its dynamic adjustment); whether it took."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
