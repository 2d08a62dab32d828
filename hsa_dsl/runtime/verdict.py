"""What evaluating a case gives: findings with their traces, and the values computed.

:meth:`Verdict.to_json` is the stable, documented shape printed by
``hsa-dsl explain --format json`` (see the README).
"""

from __future__ import annotations

import contextlib
import decimal
from datetime import date
from decimal import Decimal, getcontext
from fractions import Fraction
from typing import Any

import attrs

from hsa_dsl.runtime.engine import Record, Window

#: Bumped when the JSON shape changes in a way that breaks readers.
JSON_FORMAT_VERSION = 1


#: The decimal arithmetic of verdicts and reports: Python's default precision (28 digits, far more
#: than any amount needs), rounding half to even, and every condition that could make a wrong
#: number an error. Used in place of whatever context the program embedding hsa-dsl has set.
DECIMAL_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=999999, Emin=-999999,
                                  traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])


@contextlib.contextmanager
def exact_numbers():
    """Decimal arithmetic in :data:`DECIMAL_CONTEXT`, whatever the caller's context is; the
    caller's is restored after."""
    with decimal.localcontext(DECIMAL_CONTEXT):
        yield


def in_exact_numbers(function):
    """`function` runs in :func:`exact_numbers`."""
    import functools

    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        with decimal.localcontext(DECIMAL_CONTEXT):
            return function(*args, **kwargs)

    return wrapped


# Not frozen: a verdict of a worker-month makes about a hundred findings, and a frozen attrs
# class takes three times as long to build. Nothing in hsa-dsl changes a finding once made.
@attrs.define
class Finding:
    #: violation, obligation, permission, entitlement, value, penalty, warning, conflict
    kind: str
    article: int
    #: the first provision the rule cites
    provision: str
    provisions: tuple[str, ...]
    rule: str
    #: what the rule concluded, as data: see `conclusion_text` for a sentence
    conclusion: dict
    #: the `for each` variables, and the entry of the case each stood for
    binding: dict
    trace: dict | None = None
    #: for a conflict: the other rule
    other_rule: str | None = None

    @property
    def conclusion_text(self) -> str:
        return self.conclusion.get("text", "")

    @in_exact_numbers
    def to_json(self) -> dict:
        out = {
            "kind": self.kind,
            "article": self.article,
            "provision": self.provision,
            "provisions": list(self.provisions),
            "rule": self.rule,
            "conclusion": jsonable(self.conclusion),
            "binding": dict(self.binding),
            "trace": jsonable(self.trace) if self.trace is not None else None,
        }
        if self.other_rule is not None:
            out["other_rule"] = self.other_rule
        return out


@attrs.frozen
class Verdict:
    act: str
    findings: tuple[Finding, ...]
    #: outputs and the definitions computed while deciding the case, by name
    values: dict
    #: how each value was computed (when traced), by name
    value_traces: dict = attrs.field(factory=dict)
    #: the rules whose conditions held for this case (for at least one entry), overridden or not
    rules_applied: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)

    @property
    def violations(self) -> tuple[Finding, ...]:
        return self.of_kind("violation")

    @property
    def conflicts(self) -> tuple[Finding, ...]:
        return self.of_kind("conflict")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """What the case leaves out that could change the answer (`then warning` rules)."""
        return self.of_kind("warning")

    @in_exact_numbers
    def to_json(self) -> dict:
        return {
            "format": JSON_FORMAT_VERSION,
            "act": self.act,
            "summary": {kind: sum(1 for f in self.findings if f.kind == kind)
                        for kind in sorted({f.kind for f in self.findings})},
            "findings": [f.to_json() for f in self.findings],
            "values": {k: jsonable(v) for k, v in sorted(self.values.items())},
            "value_traces": {k: jsonable(v) for k, v in sorted(self.value_traces.items())},
        }


_PLAIN = (str, int, bool, type(None), Decimal, date)


def public(value: Any) -> Any:
    """A value as the API gives it: exact rationals as decimals (exact where the decimal form
    ends; otherwise to 28 significant digits), in nested lists, tuples and dicts too."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is Fraction:  # Fraction's isinstance goes through its abstract base classes
        return to_decimal(value)
    # most values are plain: they are given back without a call each
    if isinstance(value, dict):
        return {k: v if type(v) in _PLAIN else public(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _PLAIN else public(v) for v in value]
    if isinstance(value, tuple):
        return tuple([v if type(v) in _PLAIN else public(v) for v in value])
    if isinstance(value, Fraction):
        return to_decimal(value)
    return value


def to_decimal(value: Fraction) -> Decimal:
    exact = _terminating(value)
    if exact is not None:
        return exact
    return Decimal(value.numerator) / Decimal(value.denominator)


def _terminating(value: Fraction) -> Decimal | None:
    """The exact decimal of a rational whose decimal form ends, else None."""
    numerator, denominator = value._numerator, value._denominator  # its slots: no property calls
    d = denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return None
    places = twos if twos > fives else fives
    # the digits of the decimal worked out with whole numbers: while they fit the context's
    # precision, the decimal arithmetic below gives the same number (digits and exponent) at
    # several times the cost, and every exact value of a verdict is converted
    digits = numerator * (10 ** places // denominator)
    precision = getcontext().prec
    limit = _LIMITS.get(precision)
    if limit is None:
        limit = _LIMITS[precision] = 10 ** precision
    if -limit < digits < limit:
        return Decimal(digits).scaleb(-places) if places else Decimal(digits)
    return (Decimal(numerator) * (Decimal(10) ** places) / denominator).scaleb(-places)


#: 10 ** precision, the first whole number a decimal context cannot hold, by precision
_LIMITS: dict[int, int] = {}


def jsonable(value: Any) -> Any:
    """A value as JSON: exact numbers as strings, dates as YYYY-MM-DD, records by their path."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Fraction):
        return exact_text(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Record):
        return value.path
    if isinstance(value, Window):
        return {"start": value.start.isoformat(), "end": value.end.isoformat(), "entries": len(value.items)}
    if isinstance(value, frozenset):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


def exact_text(value: Fraction) -> str:
    """An exact rational as text: its decimal where that ends (8850.5), else numerator/denominator
    (335/3), so that JSON keeps it exactly."""
    decimal = _terminating(value)
    return format_decimal(decimal) if decimal is not None else f"{value.numerator}/{value.denominator}"


def format_decimal(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 29500, 1.5, 0.25. One that came from a
    rational with no exact decimal form (28 significant digits) is cut to 12 places."""
    if value == value.to_integral_value():
        return str(value.quantize(_ONE))
    if len(value.as_tuple().digits) >= 28:
        value = value.quantize(_TWELVE_PLACES)
    return format(value.normalize(), "f")


# made once: building a decimal costs about what an operation on it does
_ONE = Decimal(1)
_TWELVE_PLACES = Decimal("1E-12")
