"""The literate document as Markdown: the act's text escaped so that it shows as written, the
quoted words in `<mark>`, each rule in a fenced ```hsa block, and anchors (`<a id>`) that the
links from rules to provisions and back point at."""

from __future__ import annotations

import re

from hsa_dsl.explain.render import markdown_literal
from hsa_dsl.literate.document import ArticlePart, Document, Passage, Provision, RuleSource
from hsa_dsl.literate.marks import segments
from hsa_dsl.literate.words import (about, article_heading, article_other_titles, chapter_heading, rule_count,
                                    title_of)


def render_markdown(document: Document) -> str:
    out = []
    for _, text in document.notices:
        out += [f"> **{markdown_literal(text)}**", ""]
    out += [f"# {markdown_literal(title_of(document))}", ""]
    subtitles = [markdown_literal(title) for title in document.titles.values() if title != title_of(document)]
    out += [" · ".join(subtitles), ""] if subtitles else []
    out += [markdown_literal(about(document)), "", "## Contents", ""]
    for chapter in document.chapters:
        indent = ""
        if chapter.id is not None:
            out.append(f"- [{markdown_literal(chapter_heading(chapter))}](#{chapter.id})")
            indent = "  "
        out += [f"{indent}- [{markdown_literal(article_heading(a))}](#{a.id}) · {rule_count(a)}"
                for a in chapter.articles]
    for chapter in document.chapters:
        if chapter.id is not None:
            out += ["", f'<a id="{chapter.id}"></a>', "", f"## {markdown_literal(chapter_heading(chapter))}"]
        for article in chapter.articles:
            out += _article(article)
    return "\n".join(_single_blank_lines(out)).strip("\n") + "\n"


def _single_blank_lines(lines: list[str]) -> list[str]:
    """The lines with no two blank lines together, outside the rules' fenced code (which is
    kept as the act writes it)."""
    out: list[str] = []
    fence = None
    for line in lines:
        if fence is None and line.startswith("```"):
            fence = line[:len(line) - len(line.lstrip("`"))]
        elif fence is not None and line == fence:
            fence = None
        elif fence is None and line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return out


def _article(article: ArticlePart) -> list[str]:
    title = " · ".join([article_heading(article), *(title for _, title in article_other_titles(article))])
    out = ["", f'<a id="{article.id}"></a>', "", f"### {markdown_literal(title)}", ""]
    if article.informative is not None:
        out += [f"*Informative: {markdown_literal(article.informative)}*", ""]
    out += _provision(article.text)
    for paragraph in article.paragraphs:
        out += _provision(paragraph)
    if article.rules:
        out += ["#### Rules", ""]
        for rule in article.rules:
            out += _rule(rule)
    return out


def _provision(provision: Provision) -> list[str]:
    """A paragraph (or the article's own text) and its points, as a numbered list."""
    anchor = f'<a id="{provision.id}"></a>' if provision.number is not None else ""
    number = f"**{provision.number}.** " if provision.number is not None else ""
    out = _texts(provision, anchor + number, "")
    for point in provision.points:
        out += _texts(point, f'{point.number}. <a id="{point.id}"></a>', "   ")
    return out


def _texts(provision: Provision, first: str, indent: str) -> list[str]:
    """A provision's texts, the first after `first` and the others on lines of their own (a
    hard break between them), then the rules that encode it."""
    passages = [_passage(p) for p in provision.passages]
    if not passages and not first.strip():
        lines = []
    else:
        lines = [(first if index == 0 else indent) + text for index, text in enumerate(passages or [""])]
        lines = [line + "\\" for line in lines[:-1]] + lines[-1:] + [""]
    if provision.encoded_by:
        links = ", ".join(f"[`{name}`](#rule-{name})" for name in provision.encoded_by)
        lines += [f"{indent}Encoded by {links}", ""]
    return lines


def _passage(passage: Passage) -> str:
    body = "".join(f"<mark>{markdown_literal(s.text)}</mark>" if s.marked else markdown_literal(s.text)
                   for s in segments(passage.text, passage.marks))
    return f"({passage.language}) " + body.replace("\n", "<br>")


def _rule(rule: RuleSource) -> list[str]:
    cites = ", ".join(f"[`{cited}`](#{cited})" for cited in rule.cites)
    # a fence longer than any run of backticks in the rule, so that none closes it early
    longest = max((len(run) for run in re.findall(r"`+", rule.source)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f'<a id="rule-{rule.name}"></a>', "", f"Rule `{rule.name}` · cites {cites}", "",
            f"{fence}hsa", rule.source, fence, ""]
