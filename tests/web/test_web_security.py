"""What the page refuses: forged posts, missing tokens, oversized and hostile uploads."""

from __future__ import annotations

import html
import os
import stat
import tempfile
from pathlib import Path

import pytest

from nq57check.web import app as web_app
from nq57check.web import checking, limits, uploads
from nq57check.web.app import ServeConfig
from nq57check.web.store import ResultStore
from web.web_client import TRACEBACK, client, make_zip, read, upload
from web.word_plan import write_word_plan

from conftest import run_cli

TOKEN = "s3cret-token-0123456789"


@pytest.fixture
def word_plan(tmp_path: Path) -> Path:
    return write_word_plan(tmp_path / "KeHoach.docx", tasks=4)


def test_a_post_without_the_matching_csrf_token_is_refused(word_plan: Path) -> None:
    web = client()
    assert upload(web, read(word_plan), csrf="forged-value-of-enough-length").status_code == 403
    assert upload(web, read(word_plan), csrf="").status_code == 403
    fresh = client()
    fresh.cookies.clear()  # a post from another site carries no cookie of ours
    refused = upload(fresh, read(word_plan), csrf="x" * 43)
    assert refused.status_code == 403 and "Yêu cầu bị từ chối" in refused.text
    token = web.cookies.get("nq57_csrf")
    cross = web.post(
        "/check",
        data={"csrf": token},
        files={"plan": read(word_plan)},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert cross.status_code == 403
    assert upload(web, read(word_plan)).status_code == 200  # the page's own form passes


def test_the_decisions_post_needs_the_csrf_token_too(word_plan: Path) -> None:
    web = client()
    result = upload(web, read(word_plan)).url.path
    refused = web.post(f"{result}/decisions/0", data={"csrf": "wrong", "by": "A"})
    assert refused.status_code == 403


def test_with_a_token_every_request_must_carry_it() -> None:
    from starlette.testclient import TestClient

    web = TestClient(web_app.create_app(ServeConfig(token=TOKEN)))
    for path in ("/", "/static/style.css", "/r/x", "/?token=wrong"):
        denied = web.get(path)
        assert denied.status_code == 401 and "?token=" in denied.text
        assert "default-src 'self'" in denied.headers["content-security-policy"]
    assert web.post("/check").status_code == 401
    assert web.get("/", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    first = web.get(f"/?lang=en&token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/?lang=en"
    assert (
        "HttpOnly" in first.headers["set-cookie"]
        and "SameSite=Strict" in first.headers["set-cookie"]
    )
    assert web.get("/").status_code == 200  # the cookie from the first visit
    assert web.get("/static/style.css").status_code == 200


def test_serve_refuses_a_network_address_without_a_token() -> None:
    done = run_cli("serve", "--host", "0.0.0.0")
    assert done.returncode == 2
    assert "not a loopback address" in done.stderr and "--token" in done.stderr
    short = run_cli("serve", "--host", "0.0.0.0", "--token", "abc")
    assert short.returncode == 2 and "at least 16 characters" in short.stderr


def test_an_upload_over_the_request_limit_is_refused_while_it_streams(
    word_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_REQUEST_BYTES", 4096)
    web = client()
    response = upload(web, ("KeHoach.docx", b"x" * 10_000))
    assert response.status_code == 413 and "quá giới hạn 4,096 byte" in response.text


def test_per_file_and_file_count_limits(word_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    web = client()
    big = upload(web, ("plan.yaml", b"#" * (limits.MAX_YAML_BYTES + 1)))
    assert big.status_code == 413 and "plan.yaml" in html.unescape(big.text)
    monkeypatch.setattr(limits, "MAX_FILES", 3)
    many = [(f"2026-0{n}.yaml", b"x") for n in range(1, 5)]
    assert upload(web, read(word_plan), many).status_code == 413


def test_names_are_sanitised_and_kinds_checked(tmp_path: Path, word_plan: Path) -> None:
    web = client()
    sneaky = upload(web, ("../../evil/KeHoach.docx", word_plan.read_bytes()))
    assert sneaky.status_code == 200
    assert not (tmp_path / "evil").exists() and not Path("/evil").exists()
    text = html.unescape(sneaky.text)
    assert "KeHoach.docx, bảng 1, dòng 3" in text and "evil" not in text
    for name in ("run.sh", "KeHoach.doc.exe", "noextension"):
        refused = upload(web, (name, b"data"))
        assert refused.status_code == 400 and "không nhận loại tệp này" in refused.text
    unnamed = upload(web, read(word_plan), [("bao-cao.yaml", b"period: 2026-05\n")])
    assert unnamed.status_code == 400 and "phải có tháng" in unnamed.text
    assert uploads.safe_name("~$Kế hoạch <x>.DOCX", uploads.PLAN_SUFFIXES) == "Kế hoạch _x.docx"
    assert uploads.safe_component("..") == "tep"


@pytest.mark.parametrize(
    ("members", "links", "says"),
    [
        ({"../escape.yaml": b"x"}, None, "(..)"),
        ({"a/../../escape.yaml": b"x"}, None, "(..)"),
        ({"/etc/passwd": b"x"}, None, "tuyệt đối"),
        ({"C:/Windows/x.yaml": b"x"}, None, "tuyệt đối"),
        ({}, {"xa/plan.yaml": "/etc/passwd"}, "symlink"),
        ({"xa/plan.yaml": b"a", "XA/PLAN.yaml": b"b"}, None, "trùng tên"),
    ],
)
def test_hostile_zip_members_are_refused_before_anything_is_extracted(
    members: dict[str, bytes], links: dict[str, str] | None, says: str, tmp_path: Path
) -> None:
    web = client()
    response = upload(web, ("tinh.zip", make_zip(members, links)))
    assert response.status_code == 400 and says in html.unescape(response.text)
    assert not (tmp_path / "escape.yaml").exists()
    assert TRACEBACK.search(response.text) is None


def test_zip_counts_and_declared_sizes_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    web = client()
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 3)
    many = make_zip({f"xa/{n}.yaml": b"x" for n in range(5)})
    assert "quá giới hạn 3" in upload(web, ("tinh.zip", many)).text
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 5_000)
    monkeypatch.setattr(limits, "MAX_ZIP_TOTAL_BYTES", 1000)
    large = make_zip({"xa/plan.yaml": b"#" * 600, "xb/plan.yaml": b"#" * 600})
    assert "khi giải nén, quá giới hạn 1,000" in upload(web, ("tinh.zip", large)).text
    damaged = upload(web, ("tinh.zip", b"PK\x05\x06 not a zip"))
    assert damaged.status_code == 400 and "zip hỏng" in damaged.text


def test_files_live_in_a_private_folder_deleted_after_the_response(
    word_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where mkdtemp would create it
    seen: list[tuple[Path, int]] = []
    real = checking.check_paths

    def spy(paths: list[Path], root: Path, *args: object, **kwargs: object) -> object:
        seen.append((root.parent, stat.S_IMODE(os.stat(root.parent).st_mode)))
        return real(paths, root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(web_app, "check_paths", spy)
    web = client()
    assert upload(web, read(word_plan)).status_code == 200
    assert upload(web, ("tinh.zip", make_zip({"../x": b"1"}))).status_code == 400
    assert len(seen) == 1 and seen[0][1] == 0o700
    assert seen[0][0].parent == scratch
    assert list(scratch.iterdir()) == []  # nothing left, the refused zip's folder neither


def test_a_malformed_multipart_body_is_an_error_page() -> None:
    web = client()
    token = web.cookies.get("nq57_csrf")
    body = b"--xyz\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--xyz--\r\n"
    response = web.post(
        "/check", content=body, headers={"content-type": "multipart/form-data; boundary=xyz"}
    )
    assert response.status_code == 400 and "Biểu mẫu gửi lên không hợp lệ" in response.text
    plain = web.post("/check", content=b"a=b", headers={"content-type": "text/plain"})
    assert plain.status_code == 400
    assert token and TRACEBACK.search(response.text) is None


def test_the_result_store_is_bounded_in_count_and_time() -> None:
    now = [0.0]
    store: ResultStore[str] = ResultStore(max_entries=2, ttl=100, clock=lambda: now[0])
    first, second = store.put("a"), store.put("b")
    assert store.get(first) == "a"  # used: the oldest is now the second
    third = store.put("c")
    assert store.get(second) is None and store.get(first) == "a" and store.get(third) == "c"
    now[0] = 101
    assert store.get(first) is None and len(store) == 0
    assert len(first) >= 22 and first != third


def test_a_text_field_over_its_limit_is_refused(word_plan: Path) -> None:
    web = client()
    response = upload(web, read(word_plan), lang="en", pack="x" * (limits.MAX_FIELD_BYTES + 1))
    assert response.status_code == 400 and "field 'pack' is too long" in html.unescape(
        response.text
    )


def test_a_busy_server_says_so(word_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_UPLOADS_WAITING", 0)
    response = upload(client(), read(word_plan), lang="en")
    assert response.status_code == 503 and "The server is busy" in response.text


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/%2f%2fevil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("/\\evil.example", "/"),
        ("/http://evil.example", "/"),
        ("/static/style.css", "/static/style.css"),
        ("/r/abc", "/r/abc"),
    ],
)
def test_the_first_visit_redirects_only_to_a_path_of_this_server(path: str, location: str) -> None:
    from starlette.testclient import TestClient

    web = TestClient(web_app.create_app(ServeConfig(token=TOKEN)))
    first = web.get(f"{path}?token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == location


def test_a_path_a_browser_reads_as_another_host_is_never_a_redirect() -> None:
    from nq57check.web.security import local_path

    # the test client reads '//evil.example/' as a host itself: the gate's path, directly
    for path in ("//evil.example/", "///evil.example", "/\\evil.example", "/a\r\nSet-Cookie: x"):
        assert local_path(path) == "/"
    assert local_path("/r/Kế hoạch") == "/r/K%E1%BA%BF%20ho%E1%BA%A1ch"


def test_long_vietnamese_names_are_cut_to_what_a_filesystem_takes(word_plan: Path) -> None:
    long = "ữ" * 99  # 99 letters, 297 bytes: over the 255 bytes a file name may have
    kept = uploads.safe_component(long)
    assert len(kept.encode()) <= limits.MAX_NAME_BYTES and kept == "ữ" * 66  # no letter split
    assert uploads.safe_component("a" + long) == "a" + "ữ" * 66  # 199 bytes: the next is cut
    web = client()
    alone = upload(web, (long + ".docx", word_plan.read_bytes()))
    assert alone.status_code == 200 and "Bảng nhiệm vụ đã đọc (4 nhiệm vụ)" in alone.text
    plan = word_plan.read_bytes()
    for members in (
        {f"xa/{long}.docx": plan},
        {f"{long}/KeHoach.docx": plan},
        {f"{long}/{long}/{long}.docx": plan},
        {"xa/KeHoach.docx": plan, f"xa/evidence/a.{long}": b"x"},
    ):
        zipped = upload(web, ("tinh.zip", make_zip(members)))
        assert zipped.status_code == 200, html.unescape(zipped.text)[-600:]
        assert "Bảng nhiệm vụ đã đọc (4 nhiệm vụ)" in zipped.text
        assert TRACEBACK.search(zipped.text) is None


def test_without_a_token_only_a_loopback_host_on_its_port_is_answered() -> None:
    from starlette.testclient import TestClient

    web = TestClient(web_app.create_app(ServeConfig(port=8057)), base_url="http://127.0.0.1:8057")
    assert web.get("/").status_code == 200
    for host in ("localhost:8057", "[::1]:8057", "LOCALHOST:8057", "127.0.0.1", "[::1]"):
        assert web.get("/", headers={"host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8057", "127.0.0.1:9999", "127.0.0.1.evil:8057"):
        refused = web.get("/", headers={"host": host})
        assert refused.status_code == 421 and "only at the address" in refused.text, host
        assert "default-src 'self'" in refused.headers["content-security-policy"]
    assert web.post("/check", headers={"host": "evil.example:8057"}).status_code == 421


def test_with_a_token_any_host_is_answered_the_token_decides() -> None:
    from starlette.testclient import TestClient

    web = TestClient(web_app.create_app(ServeConfig(token=TOKEN)), base_url="http://nq57.lan")
    bearer = {"authorization": f"Bearer {TOKEN}"}
    assert web.get("/", headers={"host": "evil.example", **bearer}).status_code == 200
    assert web.get("/", headers={"host": "evil.example"}).status_code == 401
