"""Printing an explanation: text for the terminal, JSON for programs, Markdown and HTML for a
report an advocate can print or send. The HTML is one self-contained file (styles inline, no
scripts, nothing fetched)."""

from __future__ import annotations

import html

import attrs

from hsa_dsl.explain.explanation import MONEY_UNITS, Explanation, ExplainedFinding, Templates
from hsa_dsl.runtime.numbers import exact, in_exact_numbers

#: Bumped when the JSON shape changes in a way that breaks readers (docs/explanation.schema.json).
EXPLANATION_FORMAT = 1


@in_exact_numbers
def to_json(explanation: Explanation) -> dict:
    # a grouped finding's explained occasions are the `articles`' findings: not twice
    data = attrs.asdict(explanation, recurse=True, filter=lambda field, _: field.metadata.get("json", True))
    return {"format": EXPLANATION_FORMAT, **_jsonable(data)}


def _jsonable(value):
    from hsa_dsl.runtime.verdict import jsonable

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return jsonable(value)


# ---------------------------------------------------------------------------- text


def _style(text: str, colour: bool, **style) -> str:
    if not colour:
        return text
    import click

    return click.style(text, **style)


_KIND_COLOURS = {"violation": "red", "penalty": "red", "conflict": "magenta", "entitlement": "green",
                 "permission": "green", "obligation": "yellow", "value": "cyan", "warning": "blue"}


@in_exact_numbers
def text(explanation: Explanation, t: Templates, colour: bool = False) -> str:
    out = [_style(explanation.notice, colour, bold=True), ""] if explanation.notice else []
    out += [_style(explanation.act_title, colour, bold=True), f"{t.phrase('case')}: {explanation.case}", ""]
    out += _summary_lines(explanation, t)
    for section in explanation.articles:
        out.append("")
        heading = t.phrase("article", number=section.number) + (f" · {section.title}" if section.title else "")
        out.append(_style(heading, colour, bold=True))
        for item in section.findings:
            out += _finding_text(item, t, colour)
    if explanation.why_not:
        out += ["", _style(t.phrase("why_not"), colour, bold=True)]
        for entry in explanation.why_not:
            where = ", ".join(f"{k} = {v}" for k, v in entry["binding"].items())
            out.append(f"  {entry['rule']}{' · ' + where if where else ''}: {entry['reason']}")
            for line in entry["conditions"]:
                out.append(f"      {line.value:<4} {line.text}" + (f"   ({line.detail})" if line.detail else ""))
    if explanation.values:
        out += ["", _style(t.phrase("values"), colour, bold=True)]
        out += [f"  {v.text} = {v.value}" for v in explanation.values]
    return "\n".join(out) + "\n"


def _owed_text(item: dict, t: Templates) -> str:
    """One thing owed: its amount (none for an allowance owed as such), its article, its sentence."""
    where = t.phrase("article", number=item["article"])
    return (f"{item['amount']} · " if item["amount"] else "") + f"{where}: {item['text']}"


def _summary_entries(explanation: Explanation, t: Templates) -> list[tuple[str, list[str], list[str]]]:
    """The summary as headings, each with the items under it (or its value after a colon) and
    the lines that close it (the totals of what is owed)."""
    s = explanation.summary
    entries = [(f"{t.phrase('violations')}: {s['violations']}", [], [])]
    if s["entitlements"]:
        entries.append((f"{t.phrase('entitlements')}:", [_owed_text(item, t) for item in s["entitlements"]],
                        [f"{t.phrase('total')}: {total['amount']}" for total in s.get("totals", ())]))
    else:
        entries.append((f"{t.phrase('entitlements')}: {t.phrase('none')}", [], []))
    for key in ("rights", "obligations", "penalties", "warnings"):
        if s.get(key):
            entries.append((f"{t.phrase(key)}:", [e["text"] for e in s[key]], []))
    if s["conflicts"]:
        entries.append((f"{t.phrase('conflicts')}: {s['conflicts']}", [], []))
    return entries


def _summary_lines(explanation: Explanation, t: Templates) -> list[str]:
    out = [t.phrase("summary")]
    for heading, items, closing in _summary_entries(explanation, t):
        out.append(f"  {heading}")
        out += [f"    - {item}" for item in items]
        out += [f"    {line}" for line in closing]
    return out


def _finding_text(item: ExplainedFinding, t: Templates, colour: bool) -> list[str]:
    label = t.phrase(f"kind_{item.kind}").upper()
    where = ", ".join(f"{k} = {v}" for k, v in item.binding.items())
    head = f"  [{_style(label, colour, fg=_KIND_COLOURS.get(item.kind), bold=True)}] {item.sentence}"
    out = [head, f"    {item.provision} · {item.rule}" + (f" · {where}" if where else "")]
    if item.quotes:
        out.append(f"    {t.phrase('the_act_says')}:")
        out += [f"      ({lang}) \u201c{quote}\u201d" for lang, quote in item.quotes]
    if item.conditions:
        out.append(f"    {t.phrase('conditions')}:")
        out += [f"      {line.value:<4} {line.text}" + (f"   ({line.detail})" if line.detail else "")
                for line in item.conditions]
    if item.computed:
        out.append(f"    {t.phrase('computed')}:")
        out += [f"      {line.text} = {line.value}" + (f"   ({line.detail})" if line.detail else "")
                for line in item.computed]
    if item.facts:
        out.append(f"    {t.phrase('facts')}:")
        out += [f"      {line.text} = {line.value}   ({line.detail})" for line in item.facts]
    if item.exceptions:
        out.append(f"    {t.phrase('exceptions')}:")
        out += [f"      {e.text}: {e.value}" + (f" ({e.detail})" if e.detail else "") for e in item.exceptions]
    if item.changes:
        out.append(f"    {t.phrase('changes')}:")
        out += [f"      {c.sentence}" for c in item.changes]
    return out


# ---------------------------------------------------------------------------- Markdown


@in_exact_numbers
def markdown(explanation: Explanation, t: Templates) -> str:
    out = [f"> {explanation.notice}", ""] if explanation.notice else []
    out += [f"# {explanation.act_title}", "", f"**{t.phrase('case')}:** {explanation.case}", "",
            f"## {t.phrase('summary')}", ""]
    for heading, items, closing in _summary_entries(explanation, t):
        out.append(f"- {heading}")
        out += [f"  - {item}" for item in items]
        out += [f"  - **{line}**" for line in closing]
    for section in explanation.articles:
        out += ["", f"## {t.phrase('article', number=section.number)}"
                + (f" · {section.title}" if section.title else ""), ""]
        for item in section.findings:
            out.append(f"### {t.phrase('kind_' + item.kind)}: {item.sentence}")
            out.append("")
            where = ", ".join(f"`{k}` = `{v}`" for k, v in item.binding.items())
            out.append(f"`{item.provision}` · `{item.rule}`" + (f" · {where}" if where else ""))
            out.append("")
            for lang, quote in item.quotes:
                out.append(f"> ({lang}) {quote}")
            if item.quotes:
                out.append("")
            for title, lines in ((t.phrase("conditions"), item.conditions), (t.phrase("computed"), item.computed),
                                 (t.phrase("facts"), item.facts)):
                if lines:
                    out.append(f"**{title}**")
                    out.append("")
                    for line in lines:
                        detail = f" ({line.detail})" if line.detail else ""
                        out.append(f"- `{line.text}` = {line.value}{detail}")
                    out.append("")
            if item.changes:
                out.append(f"**{t.phrase('changes')}**")
                out.append("")
                out += [f"- {c.sentence}" for c in item.changes]
                out.append("")
    if explanation.values:
        out += [f"## {t.phrase('values')}", ""] + [f"- `{v.text}` = {v.value}" for v in explanation.values]
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans TC",sans-serif;max-width:52rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
.finding{border-left:.35rem solid #888;padding:.4rem .9rem;margin:1rem 0;background:#fafafa}
.violation,.penalty{border-color:#b3261e}.entitlement,.permission{border-color:#1e7b34}
.obligation{border-color:#b58105}.warning{border-color:#1f5fbf;border-left-style:dashed}.conflict{border-color:#7b1fa2}.value{border-color:#0b6e99}
.label{font-weight:700;text-transform:uppercase;font-size:.8rem;letter-spacing:.04em}
blockquote{margin:.4rem 0;padding-left:.8rem;border-left:2px solid #bbb;color:#333}
code{background:#eee;padding:0 .2rem;border-radius:.2rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td{padding:.15rem .6rem .15rem 0;vertical-align:top;overflow-wrap:anywhere}
td:nth-child(1){width:38%}td:nth-child(2){width:22%}
.yes{color:#1e7b34;font-weight:600}.no{color:#b3261e;font-weight:600}
.notice{border:1px solid #b58105;background:#fff8e1;padding:.5rem .9rem;font-weight:600}
.owed .total{list-style:none;margin-top:.3rem}
@media print{.finding{break-inside:avoid}}
@page{size:A4;margin:10mm 12mm}
@media print{body.report{max-width:none;margin:0;padding:0;font-size:9.5pt;line-height:1.2}
.report h1{font-size:13pt;margin:.3rem 0}.report h2{font-size:11pt;margin:.45rem 0 .1rem;padding-bottom:0}
.report ul{margin:.15rem 0;padding-left:1.1rem}.report .notice{padding:.25rem .6rem;margin:0 0 .3rem}
.report p.total{margin:.15rem 0}}
"""


@in_exact_numbers
def html_page(explanation: Explanation, t: Templates) -> str:
    e = html.escape
    # BCP 47 tags: a browser breaks Thai lines and picks fonts by them
    lang = {"zh": "zh-Hant-TW", "id": "id", "vi": "vi", "tl": "fil", "th": "th"}.get(explanation.language, "en")
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(explanation.act_title)} · {e(explanation.case)}</title>", f"<style>{_CSS}</style>",
           "</head>", "<body>"]
    if explanation.notice:
        out.append(f'<p class="notice" role="note">{e(explanation.notice)}</p>')
    out += [f"<h1>{e(explanation.act_title)}</h1>",
           f"<p><strong>{e(t.phrase('case'))}:</strong> {e(explanation.case)}</p>",
           f'<section id="summary"><h2>{e(t.phrase("summary"))}</h2>']
    out += _summary_html(explanation, t)
    out.append("</section>")
    for section in explanation.articles:
        heading = t.phrase("article", number=section.number) + (f" · {section.title}" if section.title else "")
        out.append(f'<section class="article" id="article-{section.number}"><h2>{e(heading)}</h2>')
        for item in section.findings:
            out.append(f'<div class="finding {e(item.kind)}">')
            out.append(f'<p><span class="label">{e(t.phrase("kind_" + item.kind))}</span> {e(item.sentence)}</p>')
            where = ", ".join(f"{k} = {v}" for k, v in item.binding.items())
            out.append(f"<p><code>{e(item.provision)}</code> · <code>{e(item.rule)}</code>"
                       + (f" · {e(where)}" if where else "") + "</p>")
            for lang_code, quote in item.quotes:
                out.append(f'<blockquote lang="{e(lang_code)}">{e(quote)}</blockquote>')
            for title, lines in ((t.phrase("conditions"), item.conditions), (t.phrase("computed"), item.computed),
                                 (t.phrase("facts"), item.facts)):
                if not lines:
                    continue
                out.append(f"<p><strong>{e(title)}</strong></p><table>")
                for line in lines:
                    css = "" if line.holds is None else (' class="yes"' if line.holds else ' class="no"')
                    out.append(f"<tr><td><code>{e(line.text)}</code></td><td{css}>{e(line.value)}</td>"
                               f"<td>{e(line.detail)}</td></tr>")
                out.append("</table>")
            if item.changes:
                out.append(f"<p><strong>{e(t.phrase('changes'))}</strong></p><ul>")
                out += [f"<li>{e(c.sentence)}</li>" for c in item.changes]
                out.append("</ul>")
            out.append("</div>")
        out.append("</section>")
    if explanation.values:
        out.append(f'<section id="values"><h2>{e(t.phrase("values"))}</h2><table>')
        out += [f"<tr><td><code>{e(v.text)}</code></td><td>{e(v.value)}</td></tr>" for v in explanation.values]
        out.append("</table></section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _summary_html(explanation: Explanation, t: Templates) -> list[str]:
    e = html.escape
    s = explanation.summary
    out = ["<ul>", f"<li>{e(t.phrase('violations'))}: {s['violations']}</li>"]
    if s["entitlements"]:
        out.append(f'<li>{e(t.phrase("entitlements"))}:<ul class="owed">')
        for item in s["entitlements"]:
            amount = f"<strong>{e(item['amount'])}</strong> · " if item["amount"] else ""
            out.append(f"<li>{amount}{e(t.phrase('article', number=item['article']))}: {e(item['text'])}</li>")
        out += [f'<li class="total"><strong>{e(t.phrase("total"))}: {e(total["amount"])}</strong></li>'
                for total in s.get("totals", ())]
        out.append("</ul></li>")
    else:
        out.append(f"<li>{e(t.phrase('entitlements'))}: {e(t.phrase('none'))}</li>")
    for key in ("rights", "obligations", "penalties", "warnings"):
        if s.get(key):
            out.append(f"<li>{e(t.phrase(key))}:<ul>")
            out += [f"<li>{e(x['text'])}</li>" for x in s[key]]
            out.append("</ul></li>")
    if s["conflicts"]:
        out.append(f"<li>{e(t.phrase('conflicts'))}: {s['conflicts']}</li>")
    return out + ["</ul>"]


# ---------------------------------------------------------------------------- reports for readers

#: who a report is for: the worker (plain words only), her advocate (the worker's report with
#: the articles, dates, facts and workings behind each line), an expert (the full trace)
AUDIENCES = ("worker", "advocate", "expert")


@attrs.frozen
class ReportItem:
    text: str
    #: for the advocate: (heading, lines) pairs under the item
    details: tuple = ()


@attrs.frozen
class ReportSection:
    heading: str
    items: tuple
    #: lines after the items (the totals of what is owed)
    closing: tuple = ()


def report_sections(explanation: Explanation, t: Templates, audience: str) -> list[ReportSection]:
    """The worker's report, or the advocate's (the same, with the reasons under each line), from
    the explanation's grouped findings and its summary of what is owed. The worker's report is
    made only of sentences and amounts in her language: nothing of the act's or the case's
    inner names."""
    advocate = audience == "advocate"
    by_occasion = {(g.kind, g.rule, tuple(o.binding.items())): (g, item)
                   for g in explanation.groups for o, item in zip(g.occasions, g.explained)}
    summary = explanation.summary
    owed = []
    for entries in _by_rule(summary["entitlements"]):
        found = [by_occasion.get(("entitlement", e["rule"], tuple(e["binding"].items()))) for e in entries]
        if len(entries) > 1 and None not in found and len({e["unit"] for e in entries}) == 1 \
                and entries[0]["unit"] in MONEY_UNITS:
            owed.append(_owed_over_occasions(t, entries, found, advocate))
            continue
        for entry, occasion in zip(entries, found):
            text = f"{entry['amount']} · {entry['text']}" if entry["amount"] else entry["text"]
            details = ()
            if advocate and occasion is not None:
                details = _reasons(t, occasion[0], occasion[1], with_dates=False)
            owed.append(ReportItem(text, details))
    sections = [ReportSection(t.phrase("entitlements"), tuple(owed) or (ReportItem(t.phrase("none")),),
                              tuple(f"{t.phrase('total')}: {total['amount']}" for total in summary.get("totals", ())))]
    breaches = [g for g in explanation.groups if g.kind == "violation"]
    sections.append(ReportSection(t.phrase("breached"), tuple(
        ReportItem(g.sentence, _reasons(t, g, _representative(g), with_dates=True) if advocate else ())
        for g in breaches) or (ReportItem(t.phrase("nothing_breached")),)))
    rights = {entry["rule"] for entry in summary["rights"]}
    asked = {entry["rule"] for entry in summary.get("ask", ())}
    for heading, chosen in ((t.phrase("rights"), [g for g in explanation.groups
                                                  if (g.kind == "permission" and g.rule in rights)
                                                  or (g.kind in ("obligation", "permission") and g.rule in asked)]),
                            (t.phrase("warnings"), [g for g in explanation.groups if g.kind == "warning"])):
        if chosen:
            sections.append(ReportSection(heading, tuple(ReportItem(g.sentence) for g in chosen)))
    if explanation.help:
        sections.append(ReportSection(t.phrase("help"), tuple(ReportItem(_contact_line(t, c))
                                                               for c in explanation.help)))
    return sections


def _contact_line(t: Templates, contact: dict) -> str:
    """A contact on one line: its name, the ways to reach it, and what it is."""
    from hsa_dsl.explain.help import WAYS_TO_REACH

    ways = " · ".join(contact[way] for way in WAYS_TO_REACH if way in contact)
    if contact["about"]:
        return t.phrase("contact", name=contact["name"], ways=ways, about=contact["about"])
    return t.phrase("contact_reached", name=contact["name"], ways=ways)


def _by_rule(entries: list[dict]) -> list[list[dict]]:
    """What is owed, the items of one rule together, in the order each rule first appears."""
    by_rule: dict[str, list[dict]] = {}
    for entry in entries:
        by_rule.setdefault(entry["rule"], []).append(entry)
    return list(by_rule.values())


def _owed_over_occasions(t: Templates, entries: list[dict], found: list, advocate: bool) -> ReportItem:
    """Money one rule gives on several occasions (unpaid wages for each of three months) as one
    line: the sum first, then each amount with when it was for."""
    grouped = found[0][0]
    when = {tuple(o.binding.items()): o.when for o in grouped.occasions}
    items = t.phrase("list_separator").join(
        t.phrase("owed_item", amount=e["amount"], when=when[tuple(e["binding"].items())]) for e in entries)
    what = t.name_of(entries[0]["output"])
    total = t.show(sum(e["value"] for e in entries), entries[0]["unit"])
    text = t.phrase("owed_over_occasions", what=what[:1].upper() + what[1:],
                    article=t.phrase("article", number=grouped.article), items=items)
    details = _reasons(t, grouped, _representative(grouped), with_dates=True) if advocate else ()
    return ReportItem(f"{total} · {text}", details)


def _representative(grouped):
    """The occasion whose facts stand for all: the one with the extreme figure, else the first."""
    measured = [(o.measure, item) for o, item in zip(grouped.occasions, grouped.explained) if o.measure]
    if grouped.extreme and len(measured) == len(grouped.occasions):
        upper = measured[0][0]["upper"]
        pick = (max if upper else min)(range(len(measured)), key=lambda i: exact(measured[i][0]["value"]))
        return measured[pick][1]
    return grouped.explained[0]


def _reasons(t: Templates, grouped, item: ExplainedFinding, with_dates: bool) -> tuple:
    """What the advocate reads under a line: the article, when, the facts it rests on (of one
    occasion, named), how an amount was worked out, and what would change the outcome (where
    it can be said in plain words)."""
    heading = t.phrase("article", number=grouped.article) + (f" · {grouped.article_title}"
                                                              if grouped.article_title else "")
    out = [(heading, tuple(f"({language}) \u201c{quote}\u201d" for language, quote in item.quotes))]
    if with_dates and grouped.when:
        out.append((t.phrase("when"), (f"{grouped.when} ({grouped.count})",)))
    occasion = next(o for o, e in zip(grouped.occasions, grouped.explained) if e is item)
    when = occasion.when
    if item.computed:
        out.append((t.phrase("computed_for", when=when) if when and grouped.count > 1 else t.phrase("computed"),
                    _once(f"{line.label or line.text} = {line.value}" for line in item.computed
                          if line.detail != t.phrase("shown_above") and not line.inner)))
    if item.facts:
        out.append((t.phrase("facts_for", when=when) if when and grouped.count > 1 else t.phrase("facts"),
                    _once(f"{line.label or line.text} = {line.value}"
                          # a fact the case does not give has it for its value: said once
                          + (f" ({line.detail})" if line.detail and line.detail != line.value else "")
                          for line in item.facts)))
    changes = _once(change.plain for change in item.changes if change.plain)
    if changes:
        out.append((t.phrase("changes"), changes))
    return tuple((h, lines) for h, lines in out if lines or h == heading)


def _once(lines) -> tuple:
    """Lines without repeats, in their order: in plain words, a value worked out for a month and
    again for the month's first day read the same."""
    return tuple(dict.fromkeys(lines))


def report_json(sections: list[ReportSection]) -> list[dict]:
    return [{"heading": s.heading, "items": [{"text": i.text, "details": [{"heading": h, "lines": list(lines)}
                                                                         for h, lines in i.details]}
                                             for i in s.items], "closing": list(s.closing)}
            for s in sections]


@in_exact_numbers
def report_text(explanation: Explanation, t: Templates, audience: str, colour: bool = False) -> str:
    out = [_style(explanation.notice, colour, bold=True), ""] if explanation.notice else []
    out += [_style(explanation.act_title, colour, bold=True)]
    for section in report_sections(explanation, t, audience):
        out += ["", _style(section.heading, colour, bold=True)]
        for item in section.items:
            out.append(f"  - {item.text}")
            for heading, lines in item.details:
                out.append(f"      {heading}" + (":" if lines else ""))
                out += [f"        {line}" for line in lines]
        out += [f"  {line}" for line in section.closing]
    return "\n".join(out) + "\n"


def markdown_literal(text: str) -> str:
    """Text of the case or the act as Markdown shows it literally: its markup characters escaped,
    its HTML inert."""
    text = html.escape(text, quote=False)
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|>~" else c for c in text)


@in_exact_numbers
def report_markdown(explanation: Explanation, t: Templates, audience: str) -> str:
    out = [f"> {markdown_literal(explanation.notice)}", ""] if explanation.notice else []
    out.append(f"# {markdown_literal(explanation.act_title)}")
    for section in report_sections(explanation, t, audience):
        out += ["", f"## {markdown_literal(section.heading)}", ""]
        for item in section.items:
            out.append(f"- {markdown_literal(item.text)}")
            for heading, lines in item.details:
                out.append(f"  - **{markdown_literal(heading)}**")
                out += [f"    - {markdown_literal(line)}" for line in lines]
        out += ["", *[f"**{markdown_literal(line)}**" for line in section.closing]] if section.closing else []
    return "\n".join(out).rstrip() + "\n"


@in_exact_numbers
def report_html(explanation: Explanation, t: Templates, audience: str) -> str:
    e = html.escape
    lang = {"zh": "zh-Hant-TW"}.get(explanation.language, explanation.language)
    out = ["<!DOCTYPE html>", f'<html lang="{e(lang)}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(explanation.act_title)}</title>", f"<style>{_CSS}</style>", "</head>",
           f'<body class="report {e(audience)}">']
    if explanation.notice:
        out.append(f'<p class="notice" role="note">{e(explanation.notice)}</p>')
    out.append(f"<h1>{e(explanation.act_title)}</h1>")
    for section in report_sections(explanation, t, audience):
        out.append(f"<section><h2>{e(section.heading)}</h2><ul>")
        for item in section.items:
            out.append(f"<li>{e(item.text)}")
            for heading, lines in item.details:
                out.append(f'<p class="reason"><strong>{e(heading)}</strong></p>')
                if lines:
                    out.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>")
            out.append("</li>")
        out.append("</ul>")
        out += [f'<p class="total"><strong>{e(line)}</strong></p>' for line in section.closing]
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
