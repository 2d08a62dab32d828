"""Reading a case file: JSON or YAML (1.2 core), strictly and within bounds.

A case is read as plain data, exactly as written (decimals stay decimals, every duplicate key
is an error with its place); validating it against an act is the runtime's
(:mod:`hsa_dsl.runtime.validate`).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from hsa_dsl.errors import HsaError
from hsa_dsl.runtime.validate import MAX_LIST_LENGTH, brief  # noqa: F401 - the list limit is read from here too
from hsa_dsl.source import read_bounded

#: The largest case file read (raise it with ``max_bytes`` or ``--max-case-bytes``).
MAX_CASE_BYTES = 16 * 1024 * 1024
#: YAML aliases: the most a case may use, and the most nodes they may repeat in all (a "billion
#: laughs" case fails at once instead of growing without end).
MAX_ALIASES = 1_000
MAX_ALIAS_NODES = 100_000


class _CaseLoader(yaml.SafeLoader):
    """YAML with the YAML 1.2 core schema, strictly.

    Plain scalars are null (``~``, ``null``, nothing), true/false, decimal whole numbers and
    decimals; anything else is text: ``010`` is 10 (not 8), ``8:00`` is the text "8:00" (not
    480), ``yes``/``no``/``on``/``off`` are text (not booleans), ``2025-03-01`` is text that
    validation reads as a date (so ``2025-02-30`` is refused with its field path). Decimals are
    exact (8.5 is the decimal 8.5, never a binary float). A key given twice in one mapping is an
    error with its line and column, and aliases are held to a small budget."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._alias_nodes = 0
        #: id of a composed node -> how many nodes it stands for, aliases expanded
        self._weights: dict[int, int] = {}

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            weight = self._weights.get(id(node))
            if weight is None:
                raise yaml.composer.ComposerError(None, None, "an alias inside the node it names", mark)
            self._aliases += 1
            self._alias_nodes += weight
            if self._aliases > MAX_ALIASES or self._alias_nodes > MAX_ALIAS_NODES:
                raise yaml.composer.ComposerError(
                    None, None, f"too many aliases: a case may use at most {MAX_ALIASES:,} aliases "
                                f"repeating at most {MAX_ALIAS_NODES:,} values in all", mark)
            return node
        node = super().compose_node(parent, index)
        weights = self._weights
        if isinstance(node, yaml.SequenceNode):
            weight = 1 + sum(weights.get(id(n), 1) for n in node.value)
        elif isinstance(node, yaml.MappingNode):
            weight = 1 + sum(weights.get(id(k), 1) + weights.get(id(v), 1) for k, v in node.value)
        else:
            weight = 1
        weights[id(node)] = weight
        return node

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = self.construct_object(key_node, deep=True)
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"the key {brief(key)} is given twice in the same mapping",
                            key_node.start_mark)
                    seen.add(key)
        return super().construct_mapping(node, deep)


def _construct_int(loader, node):
    return _whole_number(loader.construct_scalar(node))


def _whole_number(text: str):
    """A whole number as written; one too long to be a fact of a case stays a decimal, which
    validation refuses (Python will not even read a number of more than 4,300 digits)."""
    if len(text) > 40:
        return Decimal(text)
    return int(text)


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node)
    special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
    return Decimal(special.get(text.lower(), text))


def _construct_text(loader, node):
    return loader.construct_scalar(node)


_CaseLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                                  ["~", "n", "N", ""])
_CaseLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))
_CaseLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_CaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))
_CaseLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_CaseLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
# an explicit !!timestamp is read as text too, and validated as a date
_CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


def load_case_file(path, max_bytes: int | None = None) -> Any:
    """Read a JSON or YAML case file (by its extension; YAML for anything but .json), of at most
    `max_bytes` bytes (:data:`MAX_CASE_BYTES` unless given)."""
    limit = MAX_CASE_BYTES if max_bytes is None else max_bytes
    raw = read_bounded(path, limit, "case", "--max-case-bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _place_in_bytes(raw, error.start)
        raise HsaError.single(f"line {line}, column {column}: the case file is not UTF-8 text",
                              hint="save the case as UTF-8", file=str(path)) from None
    return parse_case_text(text, str(path), json_format=Path(path).suffix.lower() == ".json")


def _place_in_bytes(raw: bytes, offset: int) -> tuple[int, int]:
    """The line and column (1-based, in characters) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


class _DuplicateKey(Exception):
    pass


def _unique_pairs(pairs):
    out = dict(pairs)
    if len(out) != len(pairs):  # rare: find the first key given twice
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def parse_case_text(text: str, name: str, json_format: bool) -> Any:
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        if json_format:
            return _parse_json(text, name)
        return _parse_yaml(text, name)
    except RecursionError:
        raise HsaError.single("the case nests lists or mappings too deeply to be read", file=name) from None


def _parse_json(text: str, name: str):
    try:
        return json.loads(text, parse_float=Decimal, parse_int=_whole_number, parse_constant=_reject_constant,
                          object_pairs_hook=_unique_pairs)
    except json.JSONDecodeError as error:
        raise HsaError.single(f"line {error.lineno}, column {error.colno}: {error.msg}",
                              hint="the case is not valid JSON", file=name) from None
    except _DuplicateKey as error:
        # found; now where: JSON is YAML, and the YAML reader knows the place of every key
        try:
            _parse_yaml(text, name)
        except HsaError as located:
            if "twice" in located.diagnostics[0].message:
                raise located from None
        raise HsaError.single(f"the key {brief(error.args[0])} is given twice in the same object",
                              hint="give each key once (a second one would replace the first)",
                              file=name) from None
    except ValueError as error:
        raise HsaError.single(str(error), file=name) from None


def _parse_yaml(text: str, name: str):
    try:
        return yaml.load(text, Loader=_CaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        hint = "the case is not valid YAML"
        if "given twice" in problem:
            hint = "give each key once (a second one would replace the first)"
        elif "alias" in problem:
            hint = "write the entries out, or use fewer aliases"
        raise HsaError.single(f"{where}{problem}", hint=hint, file=name) from None
    except (ValueError, TypeError, OverflowError) as error:  # an explicit tag PyYAML cannot build
        raise HsaError.single(f"a value cannot be read: {error}", hint="the case is not valid YAML",
                              file=name) from None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number a case can hold")
