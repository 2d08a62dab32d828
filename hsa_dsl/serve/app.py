"""The Starlette application of `hsa-dsl serve`: the interview (see :mod:`hsa_dsl.serve.pages`)
and the JSON API for software.

The act is compiled (or read from the cache) once, when the application is made; every request
evaluates its case against that act. Mistakes in a request are answered in JSON, as the command
line tells them (message, field path, hint); nothing answers with a traceback."""

from __future__ import annotations

import html
import threading

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from hsa_dsl.cases import MAX_CASE_BYTES, parse_case_text
from hsa_dsl.errors import HsaError
from hsa_dsl.explain.verdict_json import dumps, explain_case_json
from hsa_dsl.serve.openapi import openapi

AUDIENCES = ("worker", "advocate", "expert")
JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml")


def _json(data, status: int = 200) -> Response:
    return Response(dumps(data).encode("utf-8"), status_code=status, media_type="application/json")


def create_app(act, max_case_bytes: int | None = None, database_url: str = "sqlite://",
               login_required: bool = False) -> Starlette:
    """The application serving `act` (an :class:`hsa_dsl.api.Act`), reading request bodies of at
    most `max_case_bytes` bytes (:data:`hsa_dsl.cases.MAX_CASE_BYTES` unless given), keeping its
    case list in the database at `database_url` (by default one in memory, gone when the
    application stops), and asking for a login where `login_required`."""
    from hsa_dsl.explain.explanation import available_languages, load_templates

    limit = MAX_CASE_BYTES if max_case_bytes is None else max_case_bytes
    languages = available_languages(act)
    notice = load_templates(act, "en").act_phrase("act_status")
    schema_body = dumps(act.case_schema()).encode("utf-8")
    openapi_body = dumps(openapi(notice, languages)).encode("utf-8")
    # one case at a time: the act's compiled code and its templates are shared by every request
    lock = threading.Lock()

    def errors(status: int, diagnostics, **extra) -> Response:
        body = {"notice": notice} if notice else {}
        body["errors"] = [{"message": d.message, "path": d.path, "hint": d.hint} for d in diagnostics]
        body.update(extra)
        return _json(body, status)

    def error(status: int, message: str, hint: str | None = None, path: str | None = None, **extra) -> Response:
        return errors(status, HsaError.single(message, hint=hint, path=path).diagnostics, **extra)

    async def evaluate(request: Request) -> Response:
        try:
            return await _evaluate(request)
        except Exception as failure:  # noqa: BLE001 - the last line of defence before a traceback
            message = " ".join(f"internal error in hsa-dsl: {type(failure).__name__}: {failure}".split())
            return error(500, message, hint="this is a fault of hsa-dsl, not of the case")

    async def _evaluate(request: Request) -> Response:
        language = request.query_params.get("lang", "en")
        audience = request.query_params.get("for", "worker")
        name = request.query_params.get("name", "case")
        if language not in languages:
            return error(400, f"no explanations in '{language}' for this act",
                         hint=f"the languages available are: {', '.join(languages)}", path="lang",
                         languages=languages)
        if audience not in AUDIENCES:
            return error(400, f"'{audience}' is not a reader the explanation is written for",
                         hint=f"give for={', for='.join(AUDIENCES)}", path="for")
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in JSON_TYPES + YAML_TYPES:
            return error(415, f"a case is sent as JSON or YAML, not as '{media_type or 'nothing'}'",
                         hint="send it with Content-Type: application/json, application/yaml or text/yaml")
        too_large = error(413, f"the case is larger than {limit:,} bytes, the most read",
                          hint="a larger case can be read with `hsa-dsl --max-case-bytes SIZE serve`")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return too_large
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return too_large
        try:
            text = bytes(body).decode("utf-8")
        except UnicodeDecodeError as failure:
            return error(400, f"byte {failure.start + 1} of the case is not UTF-8 text", hint="send the case as UTF-8")
        try:
            case = parse_case_text(text, name, json_format=media_type in JSON_TYPES)
        except HsaError as failure:
            return errors(400, failure.diagnostics)
        try:
            out = await run_in_threadpool(_explain, case, name, language, audience)
        except HsaError as failure:
            return errors(422, failure.diagnostics)
        except RecursionError:
            return error(422, "the case nests lists or mappings too deeply to be read")
        return _json(out)

    def _explain(case, name: str, language: str, audience: str) -> dict:
        with lock:
            return explain_case_json(act, case, name, language, audience)

    async def schema(request: Request) -> Response:
        return Response(schema_body, media_type="application/json")

    async def openapi_json(request: Request) -> Response:
        return Response(openapi_body, media_type="application/json")

    async def index(request: Request) -> Response:
        return HTMLResponse(_index_page(notice, act.name, languages))

    from hsa_dsl.serve.routes import LoginRequired, page_routes
    from hsa_dsl.serve.store import engine_for

    engine = engine_for(database_url)
    routes = page_routes(act, notice, languages, engine, login_required, lock)
    app = Starlette(routes=routes + [
        Route("/api", index, methods=["GET"]),
        Route("/api/evaluate", evaluate, methods=["POST"]),
        Route("/api/schema", schema, methods=["GET"]),
        Route("/api/openapi.json", openapi_json, methods=["GET"]),
    ])
    if login_required:
        app.add_middleware(LoginRequired, engine=engine)
    # a month of the time card is some hundred kilobytes of form, sent back at each answer: a tenth
    # of it compressed, for a phone on a slow network
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.state.engine = engine
    return app


def _index_page(notice: str | None, act_name: str, languages: list[str]) -> str:
    notice_html = f"<p><strong>{html.escape(notice)}</strong></p>\n" if notice else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>hsa-dsl: the API</title></head>
<body>
<h1>hsa-dsl: the API ({html.escape(act_name)})</h1>
{notice_html}<ul>
<li><code>POST <a href="/api/evaluate">/api/evaluate</a>?lang=en&amp;for=worker</code>: a case (JSON or YAML) explained,
as <code>hsa-dsl explain --format json</code> prints it; languages: {html.escape(", ".join(languages))}</li>
<li><code>GET <a href="/api/schema">/api/schema</a></code>: the JSON Schema of a case</li>
<li><code>GET <a href="/api/openapi.json">/api/openapi.json</a></code>: the OpenAPI 3.1 description of this API</li>
</ul>
<p>For people: <a href="/interview">the interview</a> and <a href="/cases">the case list</a>.</p>
</body>
</html>
"""
