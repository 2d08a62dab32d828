"""The login of `hsa-dsl serve` when it is bound beyond this machine, and the protection of its
forms against requests forged by other sites.

Passwords are kept as scrypt hashes (Python's own ``hashlib.scrypt``, with a salt of their own);
a session is a random token in a cookie (``HttpOnly``, ``SameSite=Strict``), of which the database
keeps only a hash, with the session's CSRF token. Every form carries a CSRF token that a POST must
send back: the session's once logged in; on this machine without a login, a token of the
browser's own cookie (a site elsewhere can neither read that cookie nor set it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa

from hsa_dsl.serve.store import now, sessions, users

#: scrypt's cost: 2**14 rounds of 8 blocks, as the standard library's documentation suggests
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SESSION_COOKIE = "hsa_session"
CSRF_COOKIE = "hsa_csrf"
SESSION_LENGTH = timedelta(hours=12)
MIN_PASSWORD = 10


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        again = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                               p=int(p), dklen=len(base64.b64decode(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(again, base64.b64decode(digest))


def create_user(engine: sa.Engine, username: str, password: str) -> None:
    """A user who may log in; an error if the name is taken or the password too short."""
    username = username.strip()
    if not username or len(username) > 100:
        raise ValueError("a user's name is 1 to 100 characters")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    with engine.begin() as connection:
        if connection.execute(sa.select(users.c.id).where(users.c.username == username)).first():
            raise ValueError(f"there is already a user '{username}'")
        connection.execute(sa.insert(users).values(username=username, password_hash=hash_password(password),
                                                   created_at=now()))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def log_in(engine: sa.Engine, username: str, password: str) -> str | None:
    """A new session's token for a user whose password is right; None otherwise."""
    with engine.begin() as connection:
        user = connection.execute(sa.select(users).where(users.c.username == username.strip())).first()
        # a name that is no user takes as long to refuse as a wrong password
        if not verify_password(password, user.password_hash if user else hash_password("")) or user is None:
            return None
        token = secrets.token_urlsafe(32)
        connection.execute(sa.delete(sessions).where(sessions.c.expires_at < now()))
        connection.execute(sa.insert(sessions).values(token_hash=_token_hash(token), user_id=user.id,
                                                      csrf_token=secrets.token_urlsafe(32),
                                                      expires_at=now() + SESSION_LENGTH))
        return token


def session_of(engine: sa.Engine, token: str | None):
    """The session a cookie's token opens (its user's id and CSRF token); None for none, or one
    that has expired."""
    if not token:
        return None
    with engine.connect() as connection:
        row = connection.execute(sa.select(sessions).where(sessions.c.token_hash == _token_hash(token))).first()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=now().tzinfo)
    return row if expires > now() else None


def log_out(engine: sa.Engine, token: str | None) -> None:
    if token:
        with engine.begin() as connection:
            connection.execute(sa.delete(sessions).where(sessions.c.token_hash == _token_hash(token)))


def same_token(sent: str | None, expected: str | None) -> bool:
    return bool(sent) and bool(expected) and hmac.compare_digest(str(sent), str(expected))
