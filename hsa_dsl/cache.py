"""The compiled-act cache: an act compiled once is loaded, the next time, without parsing,
checking or compiling it again (and without importing the parser at all).

An entry is keyed by a checksum of everything the compiled act depends on: the act's text and
file name, the text of hsa-dsl's own grammar and code, and the Python version. An act, or
hsa-dsl, that changes in any way has a new key, so a stale entry is never served; old entries
are simply no longer read. An entry holds:

- ``module.code``: the generated module, compiled (Python's own marshal format, as in .pyc files);
- ``tables.pickle``: the act's plain-data tables the module starts with;
- ``checked.pickle``: the checked act, read only when something needs more than the rules
  (an explanation's article texts, a schema);
- ``traced.code``: the traced variants, added the first time a traced evaluation needs them.

The folder is ``$HSA_DSL_CACHE`` if set (``off`` turns the cache off), else ``hsa-dsl`` in the
user's cache folder (``$XDG_CACHE_HOME``, or ``~/.cache``). A folder that cannot be written
only means that nothing is cached; an entry that cannot be read is compiled again.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import pickle
import sys
from importlib.util import find_spec
from pathlib import Path

#: Bumped when the layout of an entry changes.
ENTRY_FORMAT = 1

#: the packages whose files the compiled act depends on
_COMPILER_PACKAGES = ("hsa_dsl", "hsa_dsl.syntax", "hsa_dsl.check", "hsa_dsl.compiler", "hsa_dsl.runtime",
                      "hsa_dsl.grammar")


def cache_folder() -> Path | None:
    """Where entries are kept, or None when the cache is off."""
    chosen = os.environ.get("HSA_DSL_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hsa-dsl"


@functools.lru_cache(maxsize=1)
def compiler_fingerprint() -> str:
    """A checksum of hsa-dsl's own grammar and code: a changed compiler makes new entries."""
    digest = hashlib.sha256()
    for package in _COMPILER_PACKAGES:
        spec = find_spec(package)
        for folder in sorted(spec.submodule_search_locations or ()):
            for path in sorted(Path(folder).iterdir()):
                if path.suffix in (".py", ".lark"):
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
    return digest.hexdigest()


def act_key(text: str, name: str) -> str:
    digest = hashlib.sha256()
    for part in (str(ENTRY_FORMAT), sys.implementation.cache_tag or "", sys.version, compiler_fingerprint(),
                 name, text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class Entry:
    """One act's entry (which may not exist yet). Every read gives None when the file is
    missing or cannot be read; every write is atomic (a file is whole or absent) and gives up
    quietly when the folder cannot be written."""

    def __init__(self, folder: Path, key: str):
        self.path = folder / key[:2] / key

    def read_code(self, name: str):
        raw = self._read(name)
        if raw is None:
            return None
        try:
            return marshal.loads(raw)
        except (EOFError, ValueError, TypeError):
            return None

    def write_code(self, name: str, code) -> None:
        self._write(name, marshal.dumps(code))

    def read_object(self, name: str):
        raw = self._read(name)
        if raw is None:
            return None
        try:
            return pickle.loads(raw)
        except Exception:  # a damaged or foreign file: compile again rather than fail
            return None

    def write_object(self, name: str, value) -> None:
        self._write(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def _read(self, name: str) -> bytes | None:
        try:
            return (self.path / name).read_bytes()
        except OSError:
            return None

    def _write(self, name: str, raw: bytes) -> None:
        import tempfile  # only an act compiled afresh is written: a load from the cache needs none of it

        try:
            self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temporary = tempfile.mkstemp(dir=self.path, prefix=f".{name}.")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(raw)
                os.replace(temporary, self.path / name)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass


def entry_for(text: str, name: str) -> Entry | None:
    folder = cache_folder()
    if folder is None:
        return None
    return Entry(folder, act_key(text, name))
