"""Test evidence made at test time: a CA, a signer, and signed, unsigned and altered PDFs.

Nothing here is committed as a file: keys live in memory for one test session, so no
private key is ever in the repository. The PDF is written with pyHanko's own writer (one
page, Helvetica text), signed with pyHanko at a fixed signing time.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from dataclasses import dataclass
from functools import cache
from unittest import mock

from asn1crypto import keys as akeys
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SIGNED_AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
ORG = "UBND xã Thử"
SIGNER = "Nguyễn Văn Thử"


def _name(org: str, cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _usage(ca: bool, nonrepudiation: bool = True) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca and nonrepudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass(frozen=True)
class Authority:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class Signer:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    ca: Authority


def authority(name: str = "Test Root CA") -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Test CA", name))
        .issuer_name(_name("Test CA", name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, cert)


def signer(
    ca: Authority, org: str = ORG, cn: str = SIGNER, *, nonrepudiation: bool = True
) -> Signer:
    key = ec.generate_private_key(ec.SECP256R1())
    start = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(org, cn))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=1825))
        .add_extension(_usage(False, nonrepudiation), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    return Signer(key, cert, ca)


@cache
def default_signer() -> Signer:
    """One CA and signer for the whole test session (keys take a moment to make)."""
    return signer(authority())


def plain_pdf(text: str = "So: 07/KH-UBND", *, compress: bool = False) -> bytes:
    """A one-page PDF showing ``text`` (ASCII) in Helvetica."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    writer = PdfFileWriter()
    font = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Font"),
                generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
            }
        )
    )
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    content = generic.StreamObject(stream_data=body)
    if compress:
        content.compress()
    page = PageObject(
        contents=writer.add_object(content),
        media_box=generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)]),
        resources=generic.DictionaryObject(
            {
                generic.NameObject("/Font"): generic.DictionaryObject(
                    {generic.NameObject("/F1"): font}
                )
            }
        ),
    )
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(
    pdf: bytes, who: Signer | None = None, at: dt.datetime = SIGNED_AT, field: str = "Signature1"
) -> bytes:
    """``pdf`` signed by ``who`` (default: the session's signer), at the time ``at``, in a
    new signature field ``field`` (a second signature needs another name)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers import pdf_signer
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    who = who or default_signer()

    def der(cert: x509.Certificate) -> bytes:
        return cert.public_bytes(serialization.Encoding.DER)

    key = who.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    simple = signers.SimpleSigner(
        ax509.Certificate.load(der(who.cert)),
        akeys.PrivateKeyInfo.load(key),
        SimpleCertificateStore.from_certs([ax509.Certificate.load(der(who.ca.cert))]),
    )

    class Clock(dt.datetime):  # pyHanko asks datetime.now() for the signing time
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Clock:  # type: ignore[override]
            return at.astimezone(tz)  # type: ignore[return-value]

    with mock.patch.object(pdf_signer, "datetime", Clock):
        out = signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            signers.PdfSignatureMetadata(field_name=field),
            signer=simple,
        )
    return bytes(out.getvalue())


def altered(signed: bytes, old: bytes = b"07/KH", new: bytes = b"08/KH") -> bytes:
    """``signed`` with a byte of its signed content changed (same length: offsets hold)."""
    at = signed.index(old)
    return signed[:at] + new + signed[at + len(new) :]


def appended(signed: bytes) -> bytes:
    """``signed`` with an incremental update after the signature (content added later)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.add_object(generic.TextStringObject("added after signing"))
    info = writer.trailer["/Root"]
    info[generic.NameObject("/Lang")] = generic.TextStringObject("vi")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rewritten(signed: bytes, text: str = "So: 07/KH-UBND  NOI DUNG DA BI SUA") -> bytes:
    """``signed`` with its page's text replaced by an incremental update (the signed bytes
    are untouched: only pyHanko's difference analysis sees the change)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    body = generic.StreamObject(stream_data=f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
    page[generic.NameObject("/Contents")] = writer.add_object(body)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_empty_field(signed: bytes) -> bytes:
    """``signed`` with an empty signature field added by an incremental update: a change
    pyHanko's policy allows, so the last signature no longer covers the file but no
    content was changed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    append_signature_field(writer, SigFieldSpec("Signature9"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bomb_pdf(inflated: int = 200 * 1024 * 1024) -> bytes:
    """A small PDF whose page content inflates to ``inflated`` bytes (FlateDecode)."""
    squeezer = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    data = b"".join(squeezer.compress(chunk) for _ in range(inflated // len(chunk)))
    data += squeezer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A one-page PDF protected by a password (pyHanko's standard security handler)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(plain_pdf())))
    writer.encrypt("chủ sở hữu".encode(), "mật khẩu".encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
