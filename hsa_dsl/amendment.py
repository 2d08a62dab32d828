"""What an amendment changes: `hsa-dsl diff OLD.hsa NEW.hsa`.

Three answers, each from the stage that knows it:

- **in the text** (:func:`text_changes`): articles, rules and declarations added, removed or
  changed, compared as surface ASTs (a change of layout or of a comment is no change), each
  change shown as the lines of the canonical text that differ;
- **on data** (:func:`case_changes`): the cases of a folder or a JSON Lines file that the two
  texts decide differently (findings, values, amounts owed), counted per article;
- **in general** (:mod:`hsa_dsl.prove.amendment`): whether any valid case is decided
  differently, with a witness replayed through both compiled acts.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from fractions import Fraction
from typing import Any

import attrs

from hsa_dsl.errors import HsaError
from hsa_dsl.runtime.numbers import exact_text

#: cases shown side by side; the rest are counted
SHOWN_CASES = 5


# ---------------------------------------------------------------- in the text


@attrs.frozen
class TextChange:
    #: article, rule, parameter, definition, table, input, record, enum, output, party, action, act
    what: str
    name: str
    #: added, removed, changed
    how: str
    #: the canonical lines that differ, as a unified diff ("-" old, "+" new)
    lines: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"what": self.what, "name": self.name, "how": self.how, "lines": list(self.lines)}


def text_changes(old_tree, new_tree) -> list[TextChange]:
    """What differs between two acts' surface ASTs, in the order of the new text (removals
    where they stood in the old)."""
    from hsa_dsl.syntax import pretty

    changes = []
    old_parts, new_parts = _parts(old_tree), _parts(new_tree)
    for key in _merged_order(list(old_parts), list(new_parts)):
        what, name = key
        before, after = old_parts.get(key), new_parts.get(key)
        if before is not None and after is not None and before[0] == after[0]:
            continue
        old_lines = before[1](pretty) if before is not None else []
        new_lines = after[1](pretty) if after is not None else []
        how = "added" if before is None else "removed" if after is None else "changed"
        diff = [line for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=1)
                if not line.startswith(("---", "+++"))]
        changes.append(TextChange(what, name, how, tuple(diff)))
    return changes


def _parts(tree) -> dict[tuple, tuple]:
    """Every part of an act that can change on its own, by (what, name), with the node that
    stands for it (compared without spans) and how to print it."""
    from hsa_dsl.syntax import ast

    kinds = {ast.ParameterDecl: "parameter", ast.Definition: "definition", ast.TableDecl: "table",
             ast.InputDecl: "input", ast.RecordDecl: "record", ast.EnumDecl: "enum", ast.OutputDecl: "output",
             ast.PartyDecl: "party", ast.ActionDecl: "action"}
    parts: dict[tuple, tuple] = {}
    if tree.header is not None:
        parts["act", tree.header.name] = (tree.header, lambda p, h=tree.header: _header_lines(p, h))
    for declaration in tree.all_declarations():
        what = kinds.get(type(declaration), type(declaration).__name__.lower())
        name = getattr(declaration, "name", "")
        parts[what, name] = (declaration, lambda p, d=declaration: p.declaration(d))
    for article in tree.articles:
        # an article's own text, apart from its rules and declarations (compared on their own)
        text = attrs.evolve(article, rules=(), declarations=())
        parts["article", str(article.number)] = (text, lambda p, a=text: p.article(a, ""))
        for rule in article.rules:
            parts["rule", rule.name] = ((article.number, rule), lambda p, r=rule: p.rule(r, ""))
    return parts


def _header_lines(pretty, header) -> list[str]:
    lines = [f"act {header.name}"]
    lines += [f"  title {t.language} {pretty.quote(t.text)}" for t in header.titles]
    lines.append("  languages " + ", ".join(r.name for r in header.languages))
    return lines


def _merged_order(old: list, new: list) -> list:
    """The keys of both, in the new order, each removed key placed after the key it followed."""
    order = list(new)
    seen = set(new)
    for index, key in enumerate(old):
        if key in seen:
            continue
        before = old[index - 1] if index else None
        position = order.index(before) + 1 if before in order else len(order)
        order.insert(position, key)
        seen.add(key)
    return order


# ---------------------------------------------------------------- on data


@attrs.frozen
class CaseChange:
    case: str
    #: (what, old, new) for each finding, value or amount that differs
    differences: tuple[tuple[str, str, str], ...]
    #: the articles concerned
    articles: tuple[int, ...]
    #: a case one text refuses: (old error, new error); None for either accepted
    refused: tuple[str | None, str | None] | None = None

    def to_json(self) -> dict:
        return {"case": self.case, "articles": list(self.articles),
                "differences": [{"what": w, "old": o, "new": n} for w, o, n in self.differences],
                "refused": None if self.refused is None else {"old": self.refused[0], "new": self.refused[1]}}


@attrs.frozen
class CaseChanges:
    cases: int
    changed: tuple[CaseChange, ...]
    #: for each article, the cases whose findings under it changed
    by_article: tuple[tuple[int, int], ...]

    def to_json(self) -> dict:
        return {"cases": self.cases, "changed": len(self.changed),
                "by_article": {str(a): n for a, n in self.by_article},
                "shown": [c.to_json() for c in self.changed[:SHOWN_CASES]],
                "all_changed": [c.case for c in self.changed]}


def read_cases(paths) -> list[tuple[str, Any]]:
    """The cases of files, folders (their JSON, YAML and JSON Lines files) and JSON Lines files
    (one case a line), each with its name: the file, or the file and line; read as an audit
    reads them, a case that cannot be read stopping the comparison with its place."""
    from hsa_dsl.audit import pending_cases, read_case

    return [(pending.name, read_case(pending)) for pending in pending_cases(paths)]


def case_changes(old_act, new_act, cases: list[tuple[str, Any]]) -> CaseChanges:
    changed = []
    per_article: Counter = Counter()
    for name, case in cases:
        old, old_error = _judged(old_act, case, name)
        new, new_error = _judged(new_act, case, name)
        if old_error or new_error:
            if old_error != new_error:
                changed.append(CaseChange(name, (), (), (old_error, new_error)))
            continue
        differences, articles = _differences(old_act, new_act, old, new)
        if differences:
            changed.append(CaseChange(name, tuple(differences), tuple(sorted(articles))))
            per_article.update(articles)
    return CaseChanges(len(cases), tuple(changed), tuple(sorted(per_article.items())))


def _judged(act, case, name: str):
    try:
        return act.evaluate(case, trace=False, file=name), None
    except HsaError as error:
        return None, error.render()


def findings_described(verdict) -> dict[tuple, str]:
    """A verdict's findings, rule by rule: (article, kind, rule) to how many there are, with
    the exact amounts of entitlements and values in the order of their entries."""
    from hsa_dsl.explain.explanation import exact_amount

    grouped: dict[tuple, list] = {}
    for f in verdict.findings:
        grouped.setdefault((f.article, f.kind, f.rule), []).append(f)
    described = {}
    for key, found in grouped.items():
        shown = _times(len(found))
        amounts = [exact_amount(f) for f in found if f.kind in ("entitlement", "value")]
        amounts = [a for a in amounts if a is not None]
        if amounts:
            shown += ": " + ", ".join(_number(a) for a in amounts)
        described[key] = shown
    return described


def _differences(old_act, new_act, old, new) -> tuple[list, set]:
    from hsa_dsl.explain.explanation import money_owed, reported_amount

    differences, articles = [], set()
    before, after = findings_described(old), findings_described(new)
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key, _times(0)), after.get(key, _times(0))
        if a != b:
            article, kind, rule = key
            differences.append((f"{kind} {rule} (Art. {article})", a, b))
            articles.add(article)
    outputs = sorted(set(old_act.checked.outputs) | set(new_act.checked.outputs))
    for name in outputs:
        a, b = old.values.get(name), new.values.get(name)
        if _number(a) != _number(b):
            differences.append((f"value {name}", _shown(a), _shown(b)))

    def owed(verdict):
        return sum((Fraction(reported_amount(f)) for f in money_owed(verdict)), Fraction(0))

    if owed(old) != owed(new):
        differences.append(("money owed in all", _money(owed(old)), _money(owed(new))))
    return differences, articles


def _money(amount: Fraction) -> str:
    return f"NT${int(amount):,}" if amount.denominator == 1 else f"NT${_number(amount)}"


def _times(count: int) -> str:
    return "absent" if count == 0 else "once" if count == 1 else f"{count} times"


def _shown(value) -> str:
    return "undecided" if value is None else _number(value)


def _number(value) -> str:
    if value is None or isinstance(value, (bool, str)):
        return str(value)
    try:
        amount = Fraction(value)
    except (TypeError, ValueError):
        return str(value)
    return exact_text(amount)


# ---------------------------------------------------------------- the report


@attrs.frozen
class AmendmentReport:
    old: str
    new: str
    text: tuple[TextChange, ...]
    cases: CaseChanges | None = None
    #: the answer in general (:class:`hsa_dsl.prove.amendment.GeneralAnswer`), if asked
    general: Any = None

    @property
    def differs(self) -> bool:
        return bool(self.text) or bool(self.cases and self.cases.changed) or bool(
            self.general is not None and self.general.witnesses)

    def to_json(self) -> dict:
        out = {"old": self.old, "new": self.new, "text": [c.to_json() for c in self.text]}
        if self.cases is not None:
            out["cases"] = self.cases.to_json()
        if self.general is not None:
            out["general"] = self.general.to_json()
        return out


def render_text(report: AmendmentReport, markdown: bool = False) -> str:
    h1, h2, code = ("# ", "## ", "```") if markdown else ("", "", None)
    out = [f"{h1}What {report.new} changes in {report.old}", ""]
    out += [f"{h2}In the text", ""]
    if not report.text:
        out += ["No article, rule or declaration differs (layout and comments aside).", ""]
    for change in report.text:
        out.append(f"- {change.what} {change.name}: {change.how}" if markdown
                   else f"{change.what} {change.name}: {change.how}")
        if change.lines:
            if code:
                out += ["", code + "diff", *change.lines, code, ""]
            else:
                out += ["    " + line for line in change.lines]
    if out[-1] != "":
        out.append("")
    if report.cases is not None:
        cases = report.cases
        out += [f"{h2}On the cases given", ""]
        out.append(f"{len(cases.changed)} of {cases.cases} cases are decided differently.")
        if cases.by_article:
            out.append("By article: " + ", ".join(f"Art. {a}: {n} case{'s' if n != 1 else ''}"
                                                 for a, n in cases.by_article) + ".")
        out.append("")
        for change in cases.changed[:SHOWN_CASES]:
            out.append(f"{'### ' if markdown else ''}{change.case}")
            if change.refused is not None:
                out += [f"    old text: {'refused: ' + change.refused[0] if change.refused[0] else 'accepted'}",
                        f"    new text: {'refused: ' + change.refused[1] if change.refused[1] else 'accepted'}", ""]
                continue
            if markdown:
                out += ["", "| | old text | new text |", "| --- | --- | --- |"]
                out += [f"| {_cell(w)} | {_cell(o)} | {_cell(n)} |" for w, o, n in change.differences]
            else:
                out += [f"    {w}: {o} → {n}" for w, o, n in change.differences]
            out.append("")
        hidden = len(cases.changed) - SHOWN_CASES
        if hidden > 0:
            out += [f"… and {hidden} more (--format json lists them all).", ""]
    if report.general is not None:
        out += [f"{h2}In general", ""]
        out += report.general.render_lines(markdown)
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_json_text(report: AmendmentReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
