"""Printing a verdict for people: findings grouped by article, in the Act's order, each with
the Act's words, the conditions that decided it, the values computed and the facts read."""

from __future__ import annotations

import re
from decimal import Decimal

from .verdict import Finding, Verdict, format_decimal, jsonable, public

_KIND_LABELS = {
    "violation": "VIOLATION",
    "obligation": "OBLIGATION",
    "permission": "RIGHT",
    "entitlement": "ENTITLEMENT",
    "value": "DETERMINATION",
    "penalty": "PENALTY",
    "conflict": "CONFLICT",
}
_SUMMARY_ORDER = ("violation", "penalty", "entitlement", "permission", "obligation", "value", "conflict")


def show(value, type_name: str = "") -> str:
    """A value as a person reads it: NT$29,500, 10 h, 30 days, yes."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "(not given)"
    value = public(value)
    if type_name.startswith("optional "):
        type_name = type_name[len("optional "):]
    if type_name == "money" and isinstance(value, (int, Decimal)):
        value, about = _cents(Decimal(value))
        text = format_decimal(value)
        whole, _, fraction = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        return f"{about}{sign}NT${int(whole.lstrip('-')):,}" + (f".{fraction}" if fraction else "")
    if type_name == "hours" and isinstance(value, (int, Decimal)):
        value, about = _cents(Decimal(value))
        return f"{about}{format_decimal(value)} h"
    if type_name == "days" and isinstance(value, int):
        return f"{value} day" + ("" if value == 1 else "s")
    if isinstance(value, Decimal):
        return format_decimal(value)
    shown = jsonable(value)
    if isinstance(shown, list):
        return "{" + ", ".join(str(v) for v in shown) + "}"
    return str(shown)


def render_text(act, verdict: Verdict, case_name: str | None = None, languages=None) -> str:
    checked = act.checked
    languages = languages or checked.languages or ("en",)
    lines = []
    title = checked.titles.get(languages[0]) or next(iter(checked.titles.values()), checked.name)
    lines.append(title)
    if case_name:
        lines.append(f"Case: {case_name}")
    counts = {k: len(verdict.of_kind(k)) for k in _SUMMARY_ORDER}
    summary = ", ".join(f"{n} {_plural(k, n)}" for k, n in counts.items() if n)
    lines.append("Summary: " + (summary or "no findings"))
    by_article: dict[int, list[Finding]] = {}
    for finding in verdict.findings:
        by_article.setdefault(finding.article, []).append(finding)
    for number in sorted(by_article):
        article = checked.articles[number]
        heading = f"Article {number}"
        article_title = article.titles.get(languages[0]) or next(iter(article.titles.values()), "")
        if article_title:
            heading += f" · {article_title}"
        lines.append("")
        lines.append(heading)
        for finding in by_article[number]:
            lines.extend(_finding_lines(act, finding, languages))
    if verdict.values:
        lines.append("")
        lines.append("Values computed")
        for name, value in verdict.values.items():
            lines.append(f"  {name} = {show(value, value_type(checked, name))}")
    return "\n".join(lines) + "\n"


def _cents(value: Decimal) -> tuple[Decimal, str]:
    """Money and hours are shown to two places; a value that needs more is marked as rounded."""
    rounded = value.quantize(Decimal("0.01"))
    return (value, "") if rounded == value else (rounded, "≈")


def _plural(kind: str, n: int) -> str:
    words = {"violation": "violation", "penalty": "penalty", "entitlement": "entitlement",
             "permission": "right", "obligation": "obligation", "value": "determination",
             "conflict": "conflict"}
    word = words[kind]
    if n == 1:
        return word
    return "penalties" if word == "penalty" else word + "s"


def _finding_lines(act, finding: Finding, languages) -> list[str]:
    rule = act.checked.rules[finding.rule]
    head = f"  [{_KIND_LABELS[finding.kind]}] {finding.provision} · rule {finding.rule}"
    if finding.binding:
        head += " · " + ", ".join(f"{var} = {path}" for var, path in finding.binding.items())
    out = [head, f"    {finding.conclusion.get('text', '')}"]
    if finding.kind == "conflict":
        out.append(f"    the other rule: {finding.other_rule}")
    for quote in sorted(rule.quotes, key=lambda q: _language_rank(q.language, languages)):
        out.append(f"    Act ({quote.language}): \u201c{quote.text}\u201d")
    trace = finding.trace
    if not trace:
        return out
    conditions = _once([s for s in trace["steps"] if s["kind"] in ("compare", "member", "given", "violated")])
    if conditions:
        out.append("    Conditions:")
        for step in conditions:
            verdict = "holds " if step["value"] else "fails "
            operands = step["operands"]
            detail = ""
            types = step.get("operand_types") or ["", ""]
            if step["kind"] == "compare" and len(operands) == 2:
                op = _operator_of(step["text"])
                detail = f"   ({show(operands[0], types[0])} {op} {show(operands[1], types[1])})"
            elif step["kind"] == "member" and operands:
                detail = f"   ({show(operands[0], types[0])} in {show(operands[1], types[1])})"
            out.append(f"      {verdict} {step['text']}{detail}")
    computed = _once([s for s in trace["steps"]
                      if s["kind"] in ("aggregate", "parameter", "table", "definition", "builtin")])
    if computed or trace["uses"]:
        out.append("    Computed:")
        for use in trace["uses"]:
            out.append(f"      {use['name']} = {show(use['value'], value_type(act.checked, use['name']))}"
                       "   (see Values computed)")
        for step in computed:
            extra = ""
            if step["kind"] == "parameter":
                extra = f"   (in force from {show(step.get('effective'))})"
            elif step["kind"] == "aggregate":
                items = step.get("items", [])
                extra = f"   (over {len(items)} {'entry' if len(items) == 1 else 'entries'})"
            out.append(f"      {step['text']} = {show(step['value'], step.get('type', ''))}{extra}")
    if trace["facts"]:
        out.append("    Facts from the case:")
        for fact in trace["facts"]:
            out.append(f"      {fact['path']} = {show(fact['value'], path_type(act.checked, fact['path']))}")
    if trace["exceptions"]:
        tried = ", ".join(f"{e['rule']} ({'applied' if e['applied'] else 'did not apply'})"
                          for e in trace["exceptions"])
        out.append(f"    Exceptions considered: {tried}")
    return out


def _once(steps: list) -> list:
    """Steps in order, each shown once: the same words with the same values are not repeated."""
    seen, out = set(), []
    for step in steps:
        key = (step["text"], repr(step["value"]), repr(step["operands"]))
        if key not in seen:
            seen.add(key)
            out.append(step)
    return out


def _operator_of(text: str) -> str:
    for op in ("!=", "<=", ">=", "=", "<", ">"):
        if f" {op} " in f" {text} ":
            return op
    return "vs"


def _language_rank(language: str, languages) -> int:
    return list(languages).index(language) if language in languages else len(languages)


def value_type(checked, name: str) -> str:
    if name in checked.outputs:
        return str(checked.outputs[name].type)
    if name in checked.definitions:
        return str(checked.definitions[name].type)
    return ""


def path_type(checked, path: str) -> str:
    """The declared type of the case field at `path` (``employment.wages[0].paid_amount``)."""
    from . import types as t

    parts = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"\[[0-9]+\]", "", path))
    if not parts or parts[0] not in checked.inputs:
        return ""
    current = checked.inputs[parts[0]].type
    for name in parts[1:]:
        while isinstance(current, (t.OptionalType, t.ListType)):
            current = current.inner if isinstance(current, t.OptionalType) else current.element
        if not isinstance(current, t.RecordType) or name not in checked.records[current.name].fields:
            return ""
        current = checked.records[current.name].fields[name].type
    return str(current)
