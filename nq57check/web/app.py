"""The Starlette application of ``nq57check serve``: upload, result, downloads, decisions.

Each upload gets a private folder (``mkdtemp``: mode 0700) for its files, deleted before the
response leaves, whatever happens; the result is then kept in memory only
(:mod:`nq57check.web.store`) and every download is rendered from it by the reporters the
CLI uses, fetched by format name. Errors are pages in the request's language, never a
traceback.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from nq57check.core.problems import InputError
from nq57check.web import limits
from nq57check.web.checking import check_paths
from nq57check.web.form import read_multipart, read_urlencoded, too_large
from nq57check.web.pages import (
    MEDIA_TYPES,
    Stored,
    gap_formats,
    page_text,
    render,
    result_page,
)
from nq57check.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    LOOPBACK_NAMES,
    HostGate,
    SecurityHeaders,
    TokenGate,
    csrf_cookie,
    csrf_cookie_ok,
    csrf_ok,
    new_csrf,
    same_site,
)
from nq57check.web.store import ResultStore
from nq57check.web.texts import pick_lang, words
from nq57check.web.uploads import (
    PLAN_SUFFIXES,
    UploadError,
    extract_zip,
    place_plan,
    safe_component,
    safe_name,
    shown_name,
)


@dataclass(frozen=True, slots=True)
class ServeConfig:
    token: str | None = None
    rules_dirs: tuple[Path, ...] = ()
    max_results: int = 32
    ttl_seconds: float = 2 * 60 * 60
    # Without a token: the Host names answered (loopback's, and the address bound) and the
    # port (None: any). With a token any Host is answered: the token is the protection.
    hosts: tuple[str, ...] = LOOPBACK_NAMES
    port: int | None = None


def today() -> dt.date:
    """The page's one read of the clock: the default evaluation date offered in the form."""
    return dt.date.today()


def pack_names(rules_dirs: tuple[Path, ...]) -> list[str]:
    from nq57check.core.rules_dir import builtin_rules_dir

    names: set[str] = set()
    for folder in (*rules_dirs, builtin_rules_dir()):
        if folder.is_dir():
            names.update(p.name for p in folder.iterdir() if (p / "pack.yaml").is_file())
    return sorted(names)


def error_page(status: int, lang: str, message: str, lines: list[str] | None = None) -> Response:
    body = render("error.html.j2", lang, status=status, message=message, lines=lines or [])
    return HTMLResponse(body, status_code=status)


def _lang(request: Request) -> str:
    return pick_lang(request.query_params.get("lang"))


def _csrf(request: Request) -> tuple[str, bool]:
    """The CSRF value for this page's forms; True when the cookie must be set."""
    current = request.cookies.get(CSRF_COOKIE, "")
    if csrf_cookie_ok(current):
        return current, False
    return new_csrf(), True


def _page(request: Request, body: str, token: str, fresh: bool) -> HTMLResponse:
    response = HTMLResponse(body)
    if fresh:
        response.headers.append("set-cookie", csrf_cookie(token))
    return response


def _attachment(content: str | bytes, media: str, filename: str) -> Response:
    data = content.encode("utf-8") if isinstance(content, str) else content
    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=media, headers=headers)


def create_app(config: ServeConfig | None = None) -> Any:
    """The ASGI application: Starlette inside the security headers (and the token gate)."""
    config = config or ServeConfig()
    store: ResultStore[Stored] = ResultStore(config.max_results, config.ttl_seconds)
    waiting = {"count": 0}
    hours = str(int(config.ttl_seconds // 3600) or 1)
    form_seconds = limits.body_seconds(limits.MAX_FORM_BYTES)

    async def upload(request: Request) -> Response:
        lang = _lang(request)
        token, fresh = _csrf(request)
        body = render(
            "upload.html.j2",
            lang,
            csrf=token,
            csrf_field=CSRF_FIELD,
            packs=pack_names(config.rules_dirs),
            today=today().isoformat(),
            sizes={
                "plan": limits.MAX_PLAN_BYTES // limits.MiB,
                "yaml": limits.MAX_YAML_BYTES // limits.MiB,
                "request": limits.MAX_REQUEST_BYTES // limits.MiB,
                "members": f"{limits.MAX_ZIP_MEMBERS:,}",
            },
        )
        return _page(request, body, token, fresh)

    async def check(request: Request) -> Response:
        lang = _lang(request)
        if not same_site(request.scope):  # before a slot is taken or the body read
            return error_page(403, lang, words(lang)["forbidden"])
        declared = request.headers.get("content-length", "")
        size = int(declared) if declared.isdigit() else None
        if size is not None and size > limits.MAX_REQUEST_BYTES:
            return error_page(413, lang, too_large(limits.MAX_REQUEST_BYTES).text(lang))
        if waiting["count"] >= limits.MAX_UPLOADS_WAITING:
            return error_page(503, lang, words(lang)["busy"])
        waiting["count"] += 1
        folder = Path(tempfile.mkdtemp(prefix="nq57check-web-"))  # 0700, ours alone
        try:
            return await _check(request, folder, lang, limits.body_seconds(size))
        except UploadError as exc:
            return error_page(exc.status, lang, exc.text(lang))
        except InputError as exc:
            lines = [page_text(p.localized(lang).render()) for p in exc.problems]
            return error_page(400, lang, words(lang)["no_commune"], lines)
        finally:
            waiting["count"] -= 1
            shutil.rmtree(folder, ignore_errors=True)

    async def _check(request: Request, folder: Path, lang: str, seconds: float) -> Response:
        w = words(lang)
        parts = folder / "parts"
        parts.mkdir(mode=0o700)
        try:
            with anyio.fail_after(seconds):  # a trickled body does not hold its slot
                form = await read_multipart(request.headers, request.stream(), parts)
        except TimeoutError:
            return error_page(408, lang, w["too_slow"].format(seconds=int(seconds)))
        if not csrf_ok(request.scope, form.get(CSRF_FIELD)):
            return error_page(403, lang, w["forbidden"])
        lang = pick_lang(form.get("lang") or lang)
        w = words(lang)
        raw_date = form.get("as_of").strip()
        try:
            as_of = dt.date.fromisoformat(raw_date) if raw_date else today()
            from nq57check.core.dates import plausible

            plausible(as_of)
        except ValueError:
            return error_page(400, lang, w["bad_date"].format(value=raw_date[:40]))
        pack = form.get("pack").strip()
        if pack and pack not in pack_names(config.rules_dirs):
            return error_page(400, lang, w["bad_pack"].format(value=pack[:64]))
        plans = [p for p in form.files if p.field == "plan"]
        attachments = [p for p in form.files if p.field == "attachments"]
        if len(plans) != 1:
            return error_page(400, lang, w["no_plan"])
        plan = plans[0]
        root = folder / "in"
        root.mkdir(mode=0o700)
        shown = [shown_name(p.filename) for p in (plan, *attachments)]
        if plan.filename.lower().endswith(".zip"):
            if attachments:
                raise UploadError(
                    400,
                    "Đã gửi tệp .zip thì không gửi thêm tệp khác (đặt chúng vào trong zip).",
                    "With a .zip, send no other files (put them inside the zip).",
                )
            extract_zip(plan.path, root, shown[0])
            plan.path.unlink()
            targets, label = [root], safe_component(Path(shown[0]).stem)
        else:
            label = Path(safe_name(plan.filename, PLAN_SUFFIXES)).stem  # the commune's name
            targets = [place_plan(plan, attachments, root)]
        checked = await anyio.to_thread.run_sync(
            lambda: check_paths(
                targets,
                root,
                label,
                pack=pack or None,
                as_of=as_of,
                lang=lang,
                rules_dirs=list(config.rules_dirs),
            )
        )
        if not checked.run.communes:
            return error_page(400, lang, w["no_commune"])
        key = store.put(Stored(checked, lang, shown, as_of.isoformat(), pack))
        return RedirectResponse(f"/r/{key}", status_code=303)

    def stored_or_404(request: Request) -> Stored:
        stored = store.get(request.path_params["key"])
        if stored is None:
            raise HTTPException(404)
        return stored

    async def result(request: Request) -> Response:
        stored = stored_or_404(request)
        token, fresh = _csrf(request)
        body = render(
            "result.html.j2",
            stored.lang,
            stored=stored,
            page=result_page(stored),
            key=request.path_params["key"],
            csrf=token,
            csrf_field=CSRF_FIELD,
            today=today().isoformat(),
        )
        return _page(request, body, token, fresh)

    async def gaps(request: Request) -> Response:
        stored = stored_or_404(request)
        fmt = request.path_params["fmt"]
        if fmt not in gap_formats():
            raise HTTPException(404)
        from nq57check.reporters import renderer

        run = stored.checked.run
        content = await anyio.to_thread.run_sync(lambda: renderer(fmt)(run, lang=stored.lang))
        return _attachment(content, MEDIA_TYPES[fmt], f"nq57check-gaps-{stored.as_of}.{fmt}")

    def commune_of(request: Request, stored: Stored) -> Any:
        page = result_page(stored)
        index = request.path_params["index"]
        if not 0 <= index < len(page.communes):
            raise HTTPException(404)
        return page.communes[index]

    async def plan_yaml(request: Request) -> Response:
        commune = commune_of(request, stored_or_404(request))
        if commune.read is None or commune.read.yaml is None:
            raise HTTPException(404)
        return _attachment(commune.read.yaml, "application/yaml; charset=utf-8", "plan.yaml")

    async def decisions(request: Request) -> Response:
        stored = stored_or_404(request)
        lang = stored.lang
        try:
            if not same_site(request.scope):
                return error_page(403, lang, words(lang)["forbidden"])
            with anyio.fail_after(form_seconds):
                form = await read_urlencoded(request.headers, request.stream())
            if not csrf_ok(request.scope, form.get(CSRF_FIELD)):
                return error_page(403, lang, words(lang)["forbidden"])
            from nq57check.web.decisions import decisions_yaml

            text = decisions_yaml(commune_of(request, stored).result, form)
        except UploadError as exc:
            return error_page(exc.status, lang, exc.text(lang))
        except TimeoutError:
            return error_page(408, lang, words(lang)["too_slow"].format(seconds=int(form_seconds)))
        return _attachment(text, "application/yaml; charset=utf-8", "decisions.yaml")

    async def http_error(request: Request, exc: Exception) -> Response:
        lang = _lang(request)
        status = getattr(exc, "status_code", 500)
        key = {404: "not_found", 405: "method", 401: "unauthorized"}.get(status, "internal")
        return error_page(status, lang, words(lang)[key].format(hours=hours))

    async def internal_error(request: Request, exc: Exception) -> Response:
        return error_page(500, _lang(request), words(_lang(request))["internal"])

    app = Starlette(
        routes=[
            Route("/", upload, methods=["GET"]),
            Route("/check", check, methods=["POST"]),
            Route("/r/{key}", result, methods=["GET"]),
            Route("/r/{key}/gaps.{fmt}", gaps, methods=["GET"]),
            Route("/r/{key}/plan/{index:int}.yaml", plan_yaml, methods=["GET"]),
            Route("/r/{key}/decisions/{index:int}", decisions, methods=["POST"]),
            Mount("/static", StaticFiles(packages=[("nq57check.web", "static")]), name="static"),
        ],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
    )
    inner: Any = app
    if config.token:
        deny = error_page(
            401, "vi", words("vi")["unauthorized"] + " / " + words("en")["unauthorized"]
        )

        async def refuse(scope: Any, receive: Any, send: Any) -> None:
            await deny(scope, receive, send)

        inner = TokenGate(app, config.token, refuse)
    else:
        wrong_host = error_page(
            421, "vi", words("vi")["wrong_host"] + " / " + words("en")["wrong_host"]
        )

        async def misdirected(scope: Any, receive: Any, send: Any) -> None:
            await wrong_host(scope, receive, send)

        inner = HostGate(app, config.hosts, config.port, misdirected)
    return Guard(SecurityHeaders(inner))


class Guard:
    """Outermost: an exception the page already answered (a 500 page) is logged on one line
    on the server's standard error, never as a traceback, and never reaches the client."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            print(f"nq57check serve: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)


__all__ = ["ServeConfig", "create_app"]
