"""`hsa-dsl serve`: a local web application for advocates. This first slice is the JSON API
for software (``POST /api/evaluate``, ``GET /api/schema``, ``GET /api/openapi.json``, ``GET /api``);
the interview, the case list and the login are not built yet.

This module reads nothing of Starlette, so that the command can refuse an address before the
web framework is loaded (or installed)."""

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
