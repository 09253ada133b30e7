"""GitHub workflow commands: one per open finding, escaped as the runner expects."""

from __future__ import annotations

from nq57check.reporters import github

try:
    from reporter_fixtures import make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import make_run


def test_escaping_rules() -> None:
    assert github.escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github.escape_data("%0A") == "%250A"  # % first, so no double meaning


def test_command_shape() -> None:
    line = github.command("error", "x", file="a,b:c.yaml", line=3, title="r (R-X)")
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,title=r (R-X)::x"
    assert "line=" not in github.command("notice", "x", file="f", line=0, title="t")


def test_one_command_per_open_finding_and_problem() -> None:
    out = github.render(make_run())
    lines = out.splitlines()
    commands = [ln for ln in lines if ln.startswith(("::error ", "::warning ", "::notice "))]
    assert len(commands) == 8 + 2  # 9 findings less 1 waived, plus 2 input problems
    assert sum(ln.startswith("::error ") for ln in commands) == 5 + 2
    assert sum(ln.startswith("::warning ") for ln in commands) == 2
    assert sum(ln.startswith("::notice ") for ln in commands) == 1
    assert not any("Công văn 12/UBND-VP" in ln for ln in commands)  # waived: not annotated
    ro = next(ln for ln in commands if "title=ro-nguoi" in ln)
    assert ro.startswith(
        "::error file=communes/lai-chau/phong-tho/ke-hoach-2026.yaml,line=12,"
        "title=ro-nguoi (R-RO-NGUOI)::Nhiệm vụ số 7 không ghi cơ quan chủ trì%0A"
    )


def test_hostile_message_escaped() -> None:
    out = github.render(make_run())
    line = next(ln for ln in out.splitlines() if "title=do-luong" in ln)
    message = line.split("::", 2)[2]
    assert "50%25 < 100%25,%0Ak" in message
    assert "\n" not in line and "\r" not in line
    assert message.startswith("Đầu ra <script>")


def test_summary_and_run_facts() -> None:
    out = github.render(make_run())
    lines = out.splitlines()
    assert lines[-1].startswith("nq57check: 4 xã/phường, 5 lỗi, 2 cảnh báo, 1 thông tin")
    assert "2026-04-20" in lines[-1] and "nq57-base 1.0.0" in lines[-1]
    group = lines[lines.index("::group::nq57check 0.1.0") : lines.index("::endgroup::")]
    assert sum(ln.startswith("sha256 ") for ln in group) == 4
    assert any("d" * 64 in ln for ln in group)
    english = github.render(make_run(), lang="en").splitlines()[-1]
    assert english.startswith("nq57check: 4 communes, 5 errors, 2 warnings, 1 notices")
