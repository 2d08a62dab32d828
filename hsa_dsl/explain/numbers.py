"""The numbers a rule's sentence states, and the numbers the rule produces.

A sentence must take the numbers it states from the rule, through placeholders: a sentence that
writes "8 hours" stays "8 hours" when the act changes the limit to 9. So `hsa-dsl templates`
reports every number a sentence writes in digits that the rule does not produce: one that is
none of the constants its conditions and conclusion read (directly, or through the definitions,
parameters and tables they use), nor the number of its article or of an article or provision it
cites or refers to. Numbers written as words ("eight", "delapan", 八) cannot be read in every
language, and are not checked.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

import attrs

from hsa_dsl.check import checked as c
from hsa_dsl.explain.values import WrittenForm

#: anything between braces: a placeholder's name may hold digits that are no number stated
_BRACED = re.compile(r"\{[^{}]*\}")
#: the Chinese units of ten thousand and a hundred million, as amounts are written (6 萬 is
#: 60,000)
_MYRIADS = {"萬": 10**4, "万": 10**4, "億": 10**8, "亿": 10**8}


@attrs.frozen
class RuleNumbers:
    """What a rule may state in digits."""

    #: the constants it reads: numbers, amounts, quantities, and the parts of dates
    values: frozenset
    #: its article, and the articles, paragraphs and items it cites or refers to
    provisions: frozenset
    #: the act's named constants it reads (`daily_hours_limit`), as placeholders could name them
    constants: tuple

    def produces(self, readings) -> bool:
        return any(r in self.values or r in self.provisions for r in readings)


def rule_numbers(act: c.CheckedAct, rule: c.RuleInfo) -> RuleNumbers:
    """The numbers `rule` produces (see the module's description)."""
    constants = c.constant_definitions(act)
    values: set = set()
    provisions: set = {rule.article}
    named: dict[str, None] = {}
    seen: set = set()
    #: definitions met and not yet read: the rule's own before those they use, so that the
    #: constants it names itself come first among those a placeholder could name
    waiting: list[str] = []

    def add(value) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, date):
            values.update({value.year, value.month, value.day})
        elif isinstance(value, (int, Decimal)):
            values.add(Decimal(value))

    def read(node) -> None:
        if node is None:
            return
        for n in c.walk(node):
            kind = type(n)
            if kind is c.TLiteral:
                add(n.value)
            elif kind is c.TGroup:
                add(n.size)
                if n.size_name is not None:
                    use_definition(n.size_name)
            elif kind is c.TDefinition:
                use_definition(n.name)
            elif kind is c.TParameter and ("parameter", n.name) not in seen:
                seen.add(("parameter", n.name))
                for effective, value in act.parameters[n.name].values:
                    add(effective)
                    add(value)
            elif kind is c.TTable and ("table", n.name) not in seen:
                seen.add(("table", n.name))
                table = act.tables[n.name]
                for row in table.rows:
                    add(row.at_least)
                    add(row.below)
                    read(row.value)
                read(table.otherwise)
            elif kind is c.TOutput:
                # an output another rule decides: that rule's article is referred to
                provisions.update(r.article for r in act.rules.values()
                                  if r.conclusion.kind == "assignment" and r.conclusion.output == n.name)
            elif kind is c.TViolated:
                provisions.update(act.rules[name].article for name in n.rules if name in act.rules)

    def use_definition(name: str) -> None:
        if ("definition", name) in seen or name not in act.definitions:
            return
        seen.add(("definition", name))
        if name in constants:
            named[name] = None
        waiting.append(name)

    for scope in rule.scopes:
        read(scope.source)
    for part in (rule.condition, rule.violation, rule.conclusion.value):
        read(part)
    for sanction in rule.conclusion.sanctions:
        read(sanction.low)
        read(sanction.high)
    while waiting:
        definition = act.definitions[waiting.pop(0)]
        if definition.article is not None:
            provisions.add(definition.article)
        read(definition.body)
    for cited in rule.cites:
        provision = act.provisions.get(cited)
        if provision is not None:
            provisions.update(n for n in (provision.article, provision.paragraph, provision.point) if n is not None)
    provisions.update(act.rules[name].article for name in rule.exception_to if name in act.rules)
    return RuleNumbers(frozenset(values), frozenset(Decimal(n) for n in provisions), tuple(named))


def stated_numbers(text: str, form: WrittenForm) -> list[tuple[str, frozenset]]:
    """The numbers `text` writes in digits, outside its placeholders: each as written (its
    digits made plain: ８ and ๘ are 8) with the values it can be read as. A number is read in
    the language's own form first (`1,5` is one and a half in Indonesian, `20.000` twenty
    thousand), and in the two common forms besides, since a translator may write either; 6 萬
    is sixty thousand."""
    plain = _BRACED.sub(" ", _plain_digits(unicodedata.normalize("NFKC", str(text))))
    marks = sorted({",", ".", form.thousands, form.decimal}, key=len, reverse=True)
    separated = "|".join(re.escape(m) for m in marks)
    number = re.compile(r"(\d+(?:(?:" + separated + r")\d+)*)(\s*[" + "".join(_MYRIADS) + "])?")
    forms = dict.fromkeys([(form.thousands, form.decimal), (",", "."), (".", ",")])
    out = []
    for match in number.finditer(plain):
        digits, myriad = match.group(1), (match.group(2) or "").strip()
        times = _MYRIADS.get(myriad, 1)
        readings = {value * times for thousands, decimal in forms
                    if (value := _read(digits, thousands, decimal)) is not None}
        out.append((match.group().strip(), frozenset(readings)))
    return out


def _plain_digits(text: str) -> str:
    """Every decimal digit of any script (Thai ๘, Arabic-Indic ٨) as an ASCII digit."""
    return "".join(str(unicodedata.decimal(ch)) if ch > "\x7f" and unicodedata.category(ch) == "Nd" else ch
                   for ch in text)


def _read(written: str, thousands: str, decimal: str) -> Decimal | None:
    """A number as a language with these marks writes it; None where it cannot be one (a
    group of thousands that is not three digits, two decimal marks)."""
    whole, has_decimal, fraction = written.partition(decimal)
    if has_decimal and (decimal in fraction or thousands in fraction):
        return None
    if thousands and thousands in whole:
        first, *groups = whole.split(thousands)
        if not 1 <= len(first) <= 3 or any(len(g) != 3 for g in groups):
            return None
        whole = first + "".join(groups)
    if not whole.isdigit() or (has_decimal and not fraction.isdigit()):
        return None
    try:
        return Decimal(whole + ("." + fraction if has_decimal else ""))
    except InvalidOperation:
        return None
