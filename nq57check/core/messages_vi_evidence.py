"""Vietnamese for the evidence files' and trust roots' input errors (see :mod:`.messages`):
paths in reports that leave the commune folder, and roots that are no certificates. A
library's own words (asn1crypto's reason) stay as they are, like a file's text."""

from __future__ import annotations

_RELATIVE = "phải là đường dẫn tương đối, tính từ thư mục của báo cáo"
_BACKSLASH = "có bước '..' viết bằng '\\': hãy viết thư mục bằng '/'"
_LEAVES = "nằm ngoài thư mục của xã; bị từ chối, không mở"
_SECRET = "tệp của minh chứng mật {number} (không hiển thị đường dẫn)"

CATALOG: tuple[tuple[str, str], ...] = (
    # loading/report_models.py and reports.py: an evidence item's `file:`
    (
        "evidence file {path} must be a path relative to the report",
        f"tệp minh chứng {{path}} {_RELATIVE}",
    ),
    (
        "the file of classified evidence {number} (path not shown) must be a path relative to"
        " the report",
        f"{_SECRET} {_RELATIVE}",
    ),
    (
        "evidence file {path} has a '..' step written with '\\': write folders with '/'",
        f"tệp minh chứng {{path}} {_BACKSLASH}",
    ),
    (
        "the file of classified evidence {number} (path not shown) has a '..' step written with"
        " '\\': write folders with '/'",
        f"{_SECRET} {_BACKSLASH}",
    ),
    ("evidence file name holds a NUL character", "tên tệp minh chứng chứa ký tự NUL"),
    (
        "the evidence file is a link to a file outside the commune folder; refused without"
        " opening it",
        "tệp minh chứng là liên kết tới một tệp nằm ngoài thư mục của xã; bị từ chối, không mở",
    ),
    (
        "the evidence file {path} leaves the commune folder; refused without opening it",
        f"tệp minh chứng {{path}} {_LEAVES}",
    ),
    (
        "the file of classified evidence {number} (path not shown) leaves the commune folder;"
        " refused without opening it",
        f"{_SECRET} {_LEAVES}",
    ),
    # evidence/verify.py: the trust roots (--trust-roots, a pack's trust_roots)
    (
        "cannot list trust roots: {reason}",
        "không liệt kê được thư mục chứng thư gốc tin cậy: {reason}",
    ),
    ("more than {count} certificate files", "có hơn {count} tệp chứng thư"),
    (
        "not a certificate (PEM or DER): over {size} bytes",
        "không phải chứng thư số (PEM hoặc DER): quá {size} byte",
    ),
    (
        "not a certificate (PEM or DER): {reason}",
        "không phải chứng thư số (PEM hoặc DER): {reason}",
    ),
    (
        "holds no certificate (*.pem, *.crt, *.cer)",
        "không chứa chứng thư số nào (*.pem, *.crt, *.cer)",
    ),
)
