"""The complaint an advocate sends to the labour authority (the local government's labour affairs
bureau, 勞工局) in a worker's name, and the same letter in her language so that she knows what is
sent in her name.

The complaint is in Traditional Chinese, in the form such complaints take in Taiwan (申訴書): to
whom, the complainant, the respondent, what is complained of, what is asked for, the closing, the
signature and the date. What only she or her advocate knows (her name, her passport and resident
certificate numbers, the employer's name and address, the date) is left as a field to fill. Each
breach is one grouped finding of the explanation, cited as an article of the draft with its title
and dates; what is asked for is the summary's list of what is owed, with the total.

Every word of a letter comes from the `letter` section of a language file; the act gives the
article titles and its own words. A letter is plain data first (:func:`build_letters`), then
Markdown, HTML and text.
"""

from __future__ import annotations

import html
import re

import attrs

from hsa_dsl.errors import HsaError
from hsa_dsl.explain.explanation import (Explanation, Templates, article_title, extreme_figure, fill,
                                         load_templates, names_months, show_runs)
from hsa_dsl.explain.render import markdown_literal

#: the language of the complaint itself: the labour affairs bureaus read Traditional Chinese
COMPLAINT_LANGUAGE = "zh"

#: BCP 47 tags: a browser breaks Thai lines and picks the Chinese fonts by them
_HTML_LANGUAGE = {"zh": "zh-Hant-TW", "tl": "fil"}


@attrs.frozen
class Field:
    """A line of the letter with a label, such as one to fill by hand ("Name: ＿＿＿＿")."""

    label: str
    value: str


@attrs.frozen
class BreachItem:
    """One breach complained of: the article of the draft, what it is about, and when."""

    heading: str
    #: in the complaint, the draft's own words for what was breached; in her copy, the sentence
    #: her report tells it in
    description: str
    #: when it happened, how often and the highest or lowest figure; "" where no date is known
    dates: str


@attrs.frozen
class ClaimItem:
    """One thing asked for: what it is, with its article and period, and its amount ("" for
    what is owed as such, such as a ticket home)."""

    text: str
    amount: str


@attrs.frozen
class Letter:
    language: str
    #: the mark of a field to fill by hand
    blank: str
    #: what stands between a label and its value (a full-width colon in Chinese)
    colon: str
    title: str
    #: in her copy, what the copy is and how to read it; "" in the complaint itself
    copy_note: str
    #: that the letter rests on a draft bill, not law in force
    draft_notice: str
    addressee: Field
    #: (heading, fields) of the complainant and of the respondent
    parties: tuple
    complaint_heading: str
    complaint_intro: str
    breaches: tuple
    requests_heading: str
    #: the request to be paid what is owed; "" when nothing is owed
    payment_request: str
    claims: tuple
    totals: tuple
    #: the requests after payment (that the bureau take up the complaint)
    other_requests: tuple
    attachments: Field
    closing: str
    closing_to: str
    signature: Field
    signed_on: Field


def has_breach(explanation: Explanation) -> bool:
    return any(grouped.kind == "violation" for grouped in explanation.groups)


def build_letters(act, explanation: Explanation) -> list[Letter]:
    """The complaint in Chinese and, unless her language is Chinese, her copy in her language
    (the explanation's). A case that shows no breach has nothing to complain of: the caller
    says so (see `has_breach`) rather than send an empty complaint."""
    if not has_breach(explanation):
        raise ValueError("a complaint needs at least one breach")
    complaint = load_templates(act, COMPLAINT_LANGUAGE)
    breaches = _breaches_as_complained(act, explanation, complaint)
    letters = [_letter(act, explanation, complaint, breaches, worker_copy=False)]
    if explanation.language != COMPLAINT_LANGUAGE:
        worker = load_templates(act, explanation.language)
        letters.append(_letter(act, explanation, worker, breaches, worker_copy=True))
    return letters


def _breaches_as_complained(act, explanation: Explanation, complaint: Templates) -> list[list]:
    """The grouped breaches, those the complaint would tell in the same words (the same article,
    the same words of the draft, the same dates: wages neither paid in full nor paid to her) made
    one item, so that the bureau does not read one item twice. Her copy keeps the same items."""
    words = _Words(complaint)
    items: dict[tuple, list] = {}
    for grouped in explanation.groups:
        if grouped.kind == "violation":
            key = (grouped.article, _draft_words(act, words, grouped.rule), _dates(complaint, words, grouped, True))
            items.setdefault(key, []).append(grouped)
    return list(items.values())


class _Words:
    """A language's words for the letter. A word its file lacks is an error, never English in
    its place: the letter is sent in her name and must be read whole (`hsa-dsl templates`
    reports a missing word before a letter is written)."""

    def __init__(self, templates: Templates):
        self.templates = templates
        self.blank = self._text("blank")
        # the colon keeps the spaces the language file gives it (none after a full-width one)
        self.colon = self._text("colon", strip=False)

    def _text(self, key: str, strip: bool = True) -> str:
        text = self.templates.letter.get(key)
        if text is None:
            raise HsaError.single(f"the letter has no '{key}' in {self.templates.name}",
                                  file=self.templates.path or None,
                                  hint="add it under `letter:` in the language file; `hsa-dsl templates` "
                                       "lists every word missing")
        return str(text).strip() if strip else str(text)

    def __call__(self, key: str, **values) -> str:
        return fill(self._text(key), {"blank": self.blank, **values})

    def field(self, key: str) -> Field:
        return Field(self(key), self.blank)


def _letter(act, explanation: Explanation, templates: Templates, breaches: list[list], worker_copy: bool) -> Letter:
    words = _Words(templates)
    parties = (
        (words("complainant"), tuple(words.field(key) for key in
                                     ("name", "nationality", "passport", "resident_certificate", "phone", "address"))),
        (words("respondent"), tuple(words.field(key) for key in
                                    ("employer_name", "employer_address", "employer_phone"))),
    )
    items = tuple(_breach(act, templates, words, told_alike, worker_copy) for told_alike in breaches)
    claims = tuple(_claim(templates, words, explanation, item) for item in explanation.summary["entitlements"])
    totals = tuple(words("total", amount=templates.show(total["value"], total["unit"]))
                   for total in explanation.summary.get("totals", ()))
    return Letter(
        language=templates.language, blank=words.blank, colon=words.colon, title=words("title"),
        copy_note=words("copy_note") if worker_copy else "", draft_notice=words("draft_notice"),
        addressee=Field(words("to"), words("to_whom")), parties=parties,
        complaint_heading=words("complaint"), complaint_intro=words("complaint_intro"), breaches=items,
        requests_heading=words("requests"), payment_request=words("ask_payment") if claims else "",
        claims=claims, totals=totals, other_requests=(words("ask_mediation"),),
        attachments=words.field("attachments"), closing=words("closing"), closing_to=words("to_whom"),
        signature=words.field("signature"), signed_on=Field(words("signed_on"), words("date_blank")),
    )


def _breach(act, templates: Templates, words: _Words, told_alike: list, worker_copy: bool) -> BreachItem:
    """One item complained of: grouped breaches the complaint tells in the same words."""
    grouped = told_alike[0]
    title = article_title(act, templates, grouped.article)
    heading = words("article", article=grouped.article, title=title) if title else \
        words("article_untitled", article=grouped.article)
    if worker_copy:
        # her report's sentences already give the highest or lowest figure
        return BreachItem(heading, " ".join(g.sentence for g in told_alike), _dates(templates, words, grouped, False))
    return BreachItem(heading, _draft_words(act, words, grouped.rule), _dates(templates, words, grouped, True))


def _dates(templates: Templates, words: _Words, grouped, with_extreme: bool) -> str:
    """When a breach happened and how often, with the highest or lowest figure where one decided
    each occasion."""
    when = show_runs(templates, [(run["start"], run["end"]) for run in grouped.runs],
                     names_months(templates, grouped.rule))
    if when:
        dates = words("dates_repeated", when=when, count=grouped.count) if grouped.count > 1 else \
            words("one_date", when=when)
    else:
        dates = words("times_repeated", count=grouped.count) if grouped.count > 1 else ""
    extreme = extreme_figure(templates, grouped.occasions) if with_extreme else ""
    return f"{dates} {extreme}".strip()


def _draft_words(act, words: _Words, rule: str) -> str:
    """The draft's own words for what a rule encodes, in the complaint's language where the draft
    has them, else in English (where the source has only English), said as such."""
    quotes = act.checked.rules[rule].quotes
    for language, key in ((COMPLAINT_LANGUAGE, "draft_words"), ("en", "draft_words_in_english")):
        chosen = [quote.text for quote in quotes if quote.language == language]
        if chosen:
            return words(key, words=" … ".join(chosen))
    return ""


def _claim(templates: Templates, words: _Words, explanation: Explanation, item: dict) -> ClaimItem:
    what = templates.name_of(item["output"])
    when = _claim_period(templates, explanation, item)
    text = words("claim", what=what, article=item["article"], when=when) if when else \
        words("claim_undated", what=what, article=item["article"])
    # an allowance owed as such has no amount to show (see the summary)
    amount = "" if isinstance(item["value"], bool) else templates.show(item["value"], item["unit"])
    return ClaimItem(text, amount)


def _claim_period(templates: Templates, explanation: Explanation, item: dict) -> str:
    """The days an amount owed is for (a month of wages, a month's overtime): its occasion's."""
    binding = item["binding"]
    for grouped in explanation.groups:
        if grouped.kind != "entitlement" or grouped.rule != item["rule"]:
            continue
        for occasion in grouped.occasions:
            if occasion.binding == binding and occasion.start is not None:
                return show_runs(templates, [(occasion.start, occasion.end or occasion.start)],
                                 names_months(templates, grouped.rule))
    return ""


# ---------------------------------------------------------------------------- Markdown


def letters_markdown(letters: list[Letter]) -> str:
    blocks = [_letter_markdown(letter) for letter in letters]
    return "\n\n---\n\n".join(block.rstrip() for block in blocks) + "\n"


def _letter_markdown(letter: Letter) -> str:
    md = markdown_literal

    def field(line: Field) -> str:
        return f"**{md(line.label)}{md(letter.colon.rstrip())}** {md(line.value)}"

    out = [f"# {md(letter.title)}", ""]
    if letter.copy_note:
        out += [f"*{md(letter.copy_note)}*", ""]
    out += [f"**{md(letter.draft_notice)}**", "", field(letter.addressee), ""]
    for heading, fields in letter.parties:
        out += [f"## {md(heading)}", ""] + [f"- {field(line)}" for line in fields] + [""]
    out += [f"## {md(letter.complaint_heading)}", "", md(letter.complaint_intro), ""]
    for number, breach in enumerate(letter.breaches, 1):
        marker = f"{number}. "
        out += [f"{marker}**{md(breach.heading)}**", ""]
        # each its own paragraph of the item: lines of one paragraph would run together
        out += [line for text in (breach.description, breach.dates) if text
                for line in (" " * len(marker) + md(text), "")]
    out += [f"## {md(letter.requests_heading)}", ""]
    number = 0
    if letter.payment_request:
        number += 1
        out.append(f"{number}. {md(letter.payment_request)}")
        for claim in letter.claims:
            out.append(f"   - {md(claim.text)}" + (f"{md(letter.colon)}**{md(claim.amount)}**" if claim.amount else ""))
        out += [f"   - **{md(total)}**" for total in letter.totals]
    for request in letter.other_requests:
        number += 1
        out.append(f"{number}. {md(request)}")
    out += ["", field(letter.attachments), "", md(letter.closing), "", md(letter.closing_to), "",
            field(letter.signature), "", field(letter.signed_on)]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- HTML

# The reports' approach: one self-contained page, styles inline, nothing fetched. On a screen the
# complaint and her copy stand side by side; printed, each letter starts its own A4 page.
_CSS = """
@page{size:A4;margin:18mm 20mm}
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans TC",sans-serif;margin:2rem auto;
padding:0 1rem;max-width:90rem;line-height:1.6;color:#1b1b1b}
.letters{display:grid;grid-template-columns:repeat(auto-fit,minmax(28rem,1fr));gap:2.5rem;align-items:start}
.letter{max-width:46rem}
h1{font-size:1.6rem;text-align:center;letter-spacing:.1em}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}
.copy-note{border:1px solid #1f5fbf;background:#eef4ff;padding:.5rem .9rem}
.notice{border:1px solid #b58105;background:#fff8e1;padding:.5rem .9rem;font-weight:600}
.fields{border-collapse:collapse;width:100%}
.fields td{padding:.3rem .8rem .3rem 0;vertical-align:bottom}.fields td:first-child{width:1%;white-space:nowrap}
.blank{letter-spacing:.05em;color:#555}
.breaches>li,.requests>li{margin-bottom:.6rem}.description{margin:.2rem 0}.dates{margin:.2rem 0;color:#333}
.amount{font-weight:700;white-space:nowrap}.total{font-weight:700}
.closing{margin-top:1.6rem}.signature{margin-top:2rem}
:lang(zh)>ol.breaches,:lang(zh)>ol.requests{list-style-type:cjk-ideographic;padding-left:3.2em}
@media print{body{margin:0;max-width:none}.letters{display:block}.letter{max-width:none}
.letter+.letter{break-before:page}.breaches>li{break-inside:avoid}.copy-note,.notice{background:none}}
"""


def letters_html(letters: list[Letter]) -> str:
    e = html.escape
    first = letters[0]
    out = ["<!DOCTYPE html>", f'<html lang="{e(_html_language(first.language))}">', "<head>",
           '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(first.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           '<div class="letters">']
    for letter in letters:
        out += _letter_html(letter)
    out += ["</div>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_language(language: str) -> str:
    return _HTML_LANGUAGE.get(language, language)


def _letter_html(letter: Letter) -> list[str]:
    e = html.escape

    # a field to fill is marked as such wherever it stands, inside a sentence too, and however
    # long (a day's is shorter than a name's)
    marks = "".join(sorted({c for c in letter.blank if e(c) == c and not c.isalnum() and not c.isspace()}))
    blank = re.compile(f"[{re.escape(marks)}]+") if marks else None

    def text(value: str) -> str:
        shown = e(value)
        return blank.sub(lambda found: f'<span class="blank">{found.group(0)}</span>', shown) if blank else shown

    def field_rows(fields) -> str:
        colon = e(letter.colon.rstrip())
        return "".join(f"<tr><td>{text(f.label)}{colon}</td><td>{text(f.value)}</td></tr>" for f in fields)

    kind = "letter copy" if letter.copy_note else "letter complaint"
    out = [f'<article class="{kind}" lang="{e(_html_language(letter.language))}">', f"<h1>{text(letter.title)}</h1>"]
    if letter.copy_note:
        out.append(f'<p class="copy-note" role="note">{text(letter.copy_note)}</p>')
    out.append(f'<p class="notice" role="note">{text(letter.draft_notice)}</p>')
    out.append(f'<table class="fields">{field_rows([letter.addressee])}</table>')
    for heading, fields in letter.parties:
        out.append(f'<h2>{text(heading)}</h2><table class="fields">{field_rows(fields)}</table>')
    out += [f"<h2>{text(letter.complaint_heading)}</h2>", f"<p>{text(letter.complaint_intro)}</p>",
            '<ol class="breaches">']
    for breach in letter.breaches:
        out.append(f"<li><strong>{text(breach.heading)}</strong>")
        if breach.description:
            out.append(f'<p class="description">{text(breach.description)}</p>')
        if breach.dates:
            out.append(f'<p class="dates">{text(breach.dates)}</p>')
        out.append("</li>")
    out += ["</ol>", f"<h2>{text(letter.requests_heading)}</h2>", '<ol class="requests">']
    if letter.payment_request:
        out.append(f"<li>{text(letter.payment_request)}<ul>")
        for claim in letter.claims:
            amount = f'{e(letter.colon)}<span class="amount">{text(claim.amount)}</span>' if claim.amount else ""
            out.append(f"<li>{text(claim.text)}{amount}</li>")
        out += [f'<li class="total">{text(total)}</li>' for total in letter.totals]
        out.append("</ul></li>")
    out += [f"<li>{text(request)}</li>" for request in letter.other_requests]
    out += ["</ol>", f'<table class="fields">{field_rows([letter.attachments])}</table>',
            f'<p class="closing">{text(letter.closing)}<br>{text(letter.closing_to)}</p>',
            f'<table class="fields signature">{field_rows([letter.signature, letter.signed_on])}</table>',
            "</article>"]
    return out


# ---------------------------------------------------------------------------- text


def letters_text(letters: list[Letter]) -> str:
    rule = "─" * 40
    return f"\n\n{rule}\n\n".join(_letter_text(letter).rstrip() for letter in letters) + "\n"


def _letter_text(letter: Letter) -> str:
    def field(line: Field) -> str:
        return f"{line.label}{letter.colon}{line.value}"

    out = [letter.title, ""]
    if letter.copy_note:
        out += [letter.copy_note, ""]
    out += [letter.draft_notice, "", field(letter.addressee), ""]
    for heading, fields in letter.parties:
        out += [heading] + [f"  {field(line)}" for line in fields] + [""]
    out += [letter.complaint_heading, letter.complaint_intro]
    for number, breach in enumerate(letter.breaches, 1):
        marker = f"  {number}. "
        out.append(marker + breach.heading)
        out += [" " * len(marker) + line for line in (breach.description, breach.dates) if line]
    out += ["", letter.requests_heading]
    number = 0
    if letter.payment_request:
        number += 1
        out.append(f"  {number}. {letter.payment_request}")
        out += [f"     - {claim.text}" + (f"{letter.colon}{claim.amount}" if claim.amount else "")
                for claim in letter.claims]
        out += [f"     {total}" for total in letter.totals]
    for request in letter.other_requests:
        number += 1
        out.append(f"  {number}. {request}")
    out += ["", field(letter.attachments), "", letter.closing, letter.closing_to, "",
            field(letter.signature), field(letter.signed_on)]
    return "\n".join(out) + "\n"


