"""`hsa-dsl serve`: a local web application for advocates, and a JSON API for software.

- The interview (``/interview``, :mod:`hsa_dsl.serve.interview` and :mod:`hsa_dsl.serve.pages`)
  is generated from the act's declared inputs and the labels and help sentences of its language
  files: a change to the act changes the form. It asks a section only when an earlier answer makes
  it relevant, shows what the act has found so far, fills a time card from a weekly pattern or a
  pasted table (:mod:`hsa_dsl.serve.timecard`), gives the advocate's and the worker's reports in
  their own languages, the letter, and the case as the YAML `hsa-dsl explain` reads.
- The case list (``/cases``, :mod:`hsa_dsl.serve.store`): a database, SQLite by default or an
  organisation's PostgreSQL server, through SQLAlchemy Core, its tables migrated by Alembic.
- Bound to this machine (127.0.0.1, localhost, ::1) it asks no login; bound to any other address,
  a login (:mod:`hsa_dsl.serve.auth`: scrypt hashes, sessions, `hsa-dsl create-user`). Every form
  carries a CSRF token.
- The JSON API (:mod:`hsa_dsl.serve.app`): ``POST /api/evaluate``, ``GET /api/schema``,
  ``GET /api/openapi.json``, ``GET /api``.

Pages are drawn by Jinja2 with autoescaping on; every asset (styles, htmx, the small script that
keeps typed answers across a redraw) is served by the application itself, and no request leaves
the machine.

This module reads nothing of Starlette, so that the command can check an address before the web
framework is loaded (or installed)."""

from __future__ import annotations

#: The addresses of this machine only: served there, the application asks for no login.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

REMOTE_REFUSED = ("a worker's case is personal data: served beyond this machine, the application asks for a "
                  "login, and its database has no user yet")


def is_local(host: str) -> bool:
    """Whether `host` is this machine's own loopback address (127.0.0.1, localhost or ::1)."""
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host.lower() in LOCAL_HOSTS
