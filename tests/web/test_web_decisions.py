"""Decisions marked on the page come down as a decisions.yaml that the CLI applies."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import yaml

from web.web_client import client, read, upload
from web.word_plan import write_word_plan

from conftest import run_cli


def rows_by_requirement(page: str) -> dict[str, list[str]]:
    """Requirement ID -> fingerprints of its findings' decision controls, in page order."""
    found: dict[str, list[str]] = {}
    for row in page.split('<tr class="finding')[1:]:
        requirement = re.search(r'data-requirement="([^"]*)"', row)
        fingerprint = re.search(r'name="d-([0-9a-f]{16})"', row)
        if requirement and fingerprint:
            found.setdefault(requirement.group(1), []).append(fingerprint.group(1))
    return found


def findings_json(folder: Path) -> list[dict[str, object]]:
    done = run_cli("check", str(folder), "--format", "json", "--as-of", "2026-05-01")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]  # type: ignore[no-any-return]


def test_an_accepted_finding_downloads_as_decisions_the_cli_applies(tmp_path: Path) -> None:
    plan = write_word_plan(tmp_path / "KeHoach.docx", tasks=5)
    web = client()
    response = upload(web, read(plan))
    lead = rows_by_requirement(response.text)["R-RO-NGUOI"][0]  # task 2: no lead unit
    output = rows_by_requirement(response.text)["R-RO-KET-QUA"][0]  # task 3: no output
    token = web.cookies.get("nq57_csrf")
    download = web.post(
        f"{response.url.path}/decisions/0",
        data={
            "csrf": token,
            "by": "Thanh tra Sở KH&CN",
            "date": "2026-05-02",
            f"d-{lead}": "accepted",
            f"n-{lead}": "Có quyết định phân công kèm theo",
            f"d-{output}": "confirmed",
            f"n-{output}": "Cần bổ sung sản phẩm",
        },
    )
    assert download.status_code == 200
    assert download.headers["content-disposition"] == 'attachment; filename="decisions.yaml"'
    entries = yaml.safe_load(download.text)["decisions"]
    assert sorted(e["finding"] for e in entries) == sorted([lead, output])
    assert {e["decision"] for e in entries} == {"accepted", "confirmed"}

    commune = tmp_path / "xa-nam-tam"
    commune.mkdir()
    shutil.copy(plan, commune / "KeHoach.docx")
    before = {f["fingerprint"]: f for f in findings_json(commune)}
    assert before[lead]["waived"] is None and before[output]["waived"] is None
    (commune / "decisions.yaml").write_text(download.text, encoding="utf-8")
    after = {f["fingerprint"]: f for f in findings_json(commune)}
    assert str(after[lead]["waived"]).startswith("Đã chấp nhận khi kiểm tra")
    assert "Có quyết định phân công kèm theo" in str(after[lead]["waived"])
    # confirmed: it stands, with the note (its message, and so its fingerprint, changes)
    stands = [
        f
        for f in after.values()
        if (f["rule"], f["task"]) == (before[output]["rule"], before[output]["task"])
    ]
    assert len(stands) == 1 and stands[0]["waived"] is None
    assert "Đã xác nhận khi kiểm tra" in str(stands[0]["message"])
    assert "Cần bổ sung sản phẩm" in str(stands[0]["message"])
    assert not any(f["rule"] == "decision-unused" for f in after.values())


def test_the_decisions_file_uploaded_with_the_plan_shows_the_finding_accepted(
    tmp_path: Path,
) -> None:
    plan = write_word_plan(tmp_path / "KeHoach.docx", tasks=5)
    web = client()
    first = upload(web, read(plan))
    lead = rows_by_requirement(first.text)["R-RO-NGUOI"][0]
    token = web.cookies.get("nq57_csrf")
    decisions = web.post(
        f"{first.url.path}/decisions/0",
        data={"csrf": token, "by": "Thanh tra", "date": "2026-05-02", f"d-{lead}": "accepted"},
    ).text
    again = upload(web, read(plan), [("decisions.yaml", decisions.encode("utf-8"))])
    text = html.unescape(again.text)
    assert "Đã miễn trừ hoặc chấp nhận" in text and "Đã chấp nhận khi kiểm tra" in text
    assert lead not in rows_by_requirement(again.text).get("R-RO-NGUOI", [])


def test_a_decisions_form_without_a_decision_or_a_name_is_an_error_page(tmp_path: Path) -> None:
    plan = write_word_plan(tmp_path / "KeHoach.docx", tasks=5)
    web = client()
    response = upload(web, read(plan))
    lead = rows_by_requirement(response.text)["R-RO-NGUOI"][0]
    token = web.cookies.get("nq57_csrf")
    url = f"{response.url.path}/decisions/0"
    nothing = web.post(url, data={"csrf": token, "by": "A", "date": "2026-05-02"})
    assert nothing.status_code == 400 and "Chưa chọn quyết định" in nothing.text
    nobody = web.post(url, data={"csrf": token, "date": "2026-05-02", f"d-{lead}": "accepted"})
    assert nobody.status_code == 400 and "Cần ghi người quyết định" in nobody.text
    baddate = web.post(url, data={"csrf": token, "by": "A", "date": "x", f"d-{lead}": "accepted"})
    assert baddate.status_code == 400
    assert web.post(f"{response.url.path}/decisions/9", data={"csrf": token}).status_code == 404
