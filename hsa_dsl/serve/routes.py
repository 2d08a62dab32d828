"""The pages' routes of `hsa-dsl serve`: the interview, its files, the case list, the login.

Every POST of a form is checked for its CSRF token (see :mod:`hsa_dsl.serve.auth`); where the
application asks for a login (bound beyond this machine), every page but the login and the static
files, the API included, needs a session. A fault of the application is answered with a page
that says so, never with a traceback.
"""

from __future__ import annotations

import html
import secrets
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from hsa_dsl.errors import HsaError
from hsa_dsl.serve import auth
from hsa_dsl.serve.pages import HERE, MAX_FORM_BYTES, Interview, Words
from hsa_dsl.serve.store import CaseStore

PUBLIC = ("/login", "/static/")
#: the most fields a form is read with (ten years of a time card, each day with its periods)
MAX_FORM_FIELDS = 200_000


def _fault(failure: Exception) -> Response:
    message = " ".join(f"internal error in hsa-dsl: {type(failure).__name__}: {failure}".split())
    return HTMLResponse(f"<!DOCTYPE html><meta charset=utf-8><title>hsa-dsl</title><p>{html.escape(message)}</p>"
                        "<p>This is a fault of hsa-dsl, not of the case: go back, and what was typed is still "
                        "in the form.</p>", status_code=500)


def _guarded(handler):
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as failure:  # noqa: BLE001 - the last line of defence before a traceback
            return _fault(failure)
    return run


async def _body(request: Request) -> bytes | None:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    return bytes(body)


class LoginRequired(BaseHTTPMiddleware):
    """Every request but the login page's and the static files' needs a session."""

    def __init__(self, app, engine):
        super().__init__(app)
        self.engine = engine

    async def dispatch(self, request: Request, call_next):
        path = request.url.path
        if not path.startswith(PUBLIC):
            session = auth.session_of(self.engine, request.cookies.get(auth.SESSION_COOKIE))
            if session is None:
                if path.startswith("/api/"):
                    return Response('{"errors": [{"message": "log in first", "path": null, "hint": null}]}',
                                    status_code=401, media_type="application/json")
                return RedirectResponse("/login", status_code=303)
            request.state.session = session
        return await call_next(request)


def page_routes(act, notice: str | None, languages: list[str], engine, login_required: bool,
                lock) -> list:
    interview = Interview(act, notice, languages, lock)
    store = CaseStore(engine)
    env = interview.env

    def csrf_of(request: Request) -> str:
        session = getattr(request.state, "session", None)
        if session is not None:
            return session.csrf_token
        return request.cookies.get(auth.CSRF_COOKIE) or ""

    def with_csrf_cookie(request: Request, response: Response, token: str) -> Response:
        if not login_required and request.cookies.get(auth.CSRF_COOKIE) != token:
            response.set_cookie(auth.CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    def token_for(request: Request) -> str:
        return csrf_of(request) or secrets.token_urlsafe(32)

    def forged(request: Request, items: list[tuple[str, str]]) -> bool:
        sent = next((value for name, value in reversed(items) if name == "csrf"), None)
        return not auth.same_token(sent, csrf_of(request))

    def refused() -> Response:
        return HTMLResponse("<!DOCTYPE html><meta charset=utf-8><title>hsa-dsl</title><p>This form was not sent "
                            "from this application's own page (its CSRF token is missing or wrong): open the "
                            "page again and send it from there.</p>", status_code=403)

    def context(request: Request, token: str) -> dict:
        return {"csrf": token, "logged_in": login_required}

    async def show(request: Request, answers: dict, settings: dict, status: int = 200) -> Response:
        token = token_for(request)
        fragment = request.headers.get("hx-request") == "true"
        page = await run_in_threadpool(interview.page, answers, settings, fragment, context(request, token))
        return with_csrf_cookie(request, HTMLResponse(page, status_code=status), token)

    async def read(request: Request):
        body = await _body(request)
        if body is None:
            return None, None, HTMLResponse("the form is too large to be read", status_code=413)
        try:
            items = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True,
                              max_num_fields=MAX_FORM_FIELDS)
        except ValueError:
            return None, None, HTMLResponse(f"the form has more than {MAX_FORM_FIELDS:,} fields, the most read",
                                            status_code=413)
        if forged(request, items):
            return None, None, refused()
        answers, settings = interview.read_items(items)
        return answers, settings, None

    async def interview_page(request: Request) -> Response:
        if request.method == "GET":
            settings = {key: request.query_params.get(key, "") for key in ("lang", "report_lang")}
            return await show(request, interview.read_items([])[0], settings)
        answers, settings, failed = await read(request)
        if failed is not None:
            return failed
        if settings.get("action") == "save":
            settings["case_id"] = str(await run_in_threadpool(interview.save, store, answers, settings))
            settings["saved"] = "1"
        return await show(request, answers, settings)

    async def interview_download(request: Request) -> Response:
        answers, settings, failed = await read(request)
        if failed is not None:
            return failed
        made = await run_in_threadpool(interview.download, answers, settings, request.path_params["what"])
        if made is None:
            return await show(request, answers, settings, status=422)
        content, filename, media_type = made
        return Response(content, media_type=f"{media_type}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    async def case_list(request: Request) -> Response:
        language = interview.language(request.query_params.get("lang"))
        words = Words(language)
        query = request.query_params.get("q", "")[:200]
        rows = await run_in_threadpool(store.search, query)
        token = token_for(request)
        page = env.get_template("cases.html").render(
            words=words, rows=rows, query=query, language=language, languages=interview.language_names(),
            html_language={"zh": "zh-Hant-TW"}.get(language, language), notice=interview.notice_in(language), **context(request, token))
        return with_csrf_cookie(request, HTMLResponse(page), token)

    def case_id(request: Request) -> int | None:
        text = request.path_params["case_id"]
        return int(text) if text.isdigit() and len(text) < 12 else None

    async def open_case(request: Request) -> Response:
        number = case_id(request)
        row = await run_in_threadpool(store.get, number) if number is not None else None
        if row is None:
            return RedirectResponse("/cases", status_code=303)
        try:
            answers = interview.answers_of_yaml(row.case_yaml)
        except HsaError:
            return Response(row.case_yaml, media_type="application/yaml; charset=utf-8", status_code=422)
        settings = {"lang": row.language, "report_lang": row.report_language, "case_id": str(row.id),
                    "name": row.name}
        return await show(request, answers, settings)

    async def export_case(request: Request) -> Response:
        number = case_id(request)
        row = await run_in_threadpool(store.get, number) if number is not None else None
        if row is None:
            return Response("no such case", status_code=404)
        filename = "".join(c if c.isalnum() or c in "-_" else "_" for c in row.name)[:60] or "case"
        return Response(row.case_yaml.encode("utf-8"), media_type="application/yaml; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}.yaml"'})

    async def change_case(request: Request) -> Response:
        body = await _body(request) or b""
        items = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        if forged(request, items):
            return refused()
        number = case_id(request)
        language = interview.language(dict(items).get("lang"))
        if number is not None and request.path_params["change"] == "duplicate":
            await run_in_threadpool(store.duplicate, number, Words(language)("copy_of", name="{name}"))
        elif number is not None and request.path_params["change"] == "delete":
            await run_in_threadpool(store.delete, number)
        return RedirectResponse("/cases?" + urlencode({"lang": language}), status_code=303)

    async def login_page(request: Request) -> Response:
        language = interview.language(request.query_params.get("lang"))
        wrong = False
        # no session yet: the login form is protected as this machine's forms are, by a token of
        # the browser's own cookie
        token = request.cookies.get(auth.CSRF_COOKIE) or secrets.token_urlsafe(32)
        if request.method == "POST":
            body = await _body(request) or b""
            form = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
            if not auth.same_token(form.get("csrf"), request.cookies.get(auth.CSRF_COOKIE)):
                return refused()
            language = interview.language(form.get("lang"))
            token = await run_in_threadpool(auth.log_in, engine, form.get("username", ""), form.get("password", ""))
            if token is not None:
                response = RedirectResponse("/cases?" + urlencode({"lang": language}), status_code=303)
                response.set_cookie(auth.SESSION_COOKIE, token, httponly=True, samesite="strict",
                                    secure=request.url.scheme == "https",
                                    max_age=int(auth.SESSION_LENGTH.total_seconds()))
                return response
            wrong = True
        page = env.get_template("login.html").render(
            words=Words(language), wrong=wrong, language=language, languages=interview.language_names(),
            html_language={"zh": "zh-Hant-TW"}.get(language, language), notice=interview.notice_in(language), csrf=token)
        response = HTMLResponse(page, status_code=401 if wrong else 200)
        response.set_cookie(auth.CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    async def logout(request: Request) -> Response:
        body = await _body(request) or b""
        if forged(request, parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)):
            return refused()
        auth.log_out(engine, request.cookies.get(auth.SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(auth.SESSION_COOKIE)
        return response

    async def home(request: Request) -> Response:
        return RedirectResponse("/interview", status_code=303)

    routes = [
        Route("/", _guarded(home), methods=["GET"]),
        Route("/interview", _guarded(interview_page), methods=["GET", "POST"]),
        Route("/interview/download/{what}", _guarded(interview_download), methods=["POST"]),
        Route("/cases", _guarded(case_list), methods=["GET"]),
        Route("/cases/{case_id}", _guarded(open_case), methods=["GET"]),
        Route("/cases/{case_id}/case.yaml", _guarded(export_case), methods=["GET"]),
        Route("/cases/{case_id}/{change}", _guarded(change_case), methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    if login_required:
        routes += [Route("/login", _guarded(login_page), methods=["GET", "POST"]),
                   Route("/logout", _guarded(logout), methods=["POST"])]
    return routes
