"""The act as a literate document: its text, article by article, with the rules that encode it.

This is what both printed forms (HTML and Markdown) show, worked out once: the chapters and
articles in order, each provision's texts as the act writes them (in the order written, with
the words its rules quote marked), which rules encode each provision, and each rule's own
source with the comments directly above it (where the act gives the reading it chose).

The text's layout (which text belongs to which paragraph or point) comes from the act's syntax
tree; names, citations and quotes come from the checked act, so every link points at something
the checker has seen.
"""

from __future__ import annotations

import textwrap

import attrs

from hsa_dsl.literate.marks import Mark, find_marks
from hsa_dsl.syntax import ast


@attrs.frozen
class Passage:
    """One text of a provision, in one language."""

    language: str
    text: str
    marks: tuple[Mark, ...] = ()


@attrs.frozen
class Provision:
    """An article's own text, a paragraph or a point."""

    id: str
    #: the paragraph's or point's number; None for the article's own text
    number: int | None
    passages: tuple[Passage, ...]
    #: the rules that cite this provision, in the order of the act
    encoded_by: tuple[str, ...]
    points: tuple["Provision", ...] = ()


@attrs.frozen
class RuleSource:
    name: str
    cites: tuple[str, ...]
    #: the rule as written, with the comment lines directly above it, indent removed
    source: str


@attrs.frozen
class ArticlePart:
    number: int
    id: str
    titles: dict[str, str] = attrs.field(eq=False)
    #: why the article decides nothing, for an article marked informative
    informative: str | None
    text: Provision
    paragraphs: tuple[Provision, ...]
    rules: tuple[RuleSource, ...]


@attrs.frozen
class ChapterPart:
    #: None for the articles before the first chapter, or of an act without chapters
    number: int | None
    titles: dict[str, str] = attrs.field(eq=False)
    articles: tuple[ArticlePart, ...] = ()

    @property
    def id(self) -> str | None:
        return None if self.number is None else f"chapter-{self.number}"


@attrs.frozen
class Document:
    name: str
    titles: dict[str, str] = attrs.field(eq=False)
    #: the act's languages, as its header lists them
    languages: tuple[str, ...]
    #: what the act is (a draft bill, a law in force), as (language, sentence), first
    notices: tuple[tuple[str, str], ...]
    chapters: tuple[ChapterPart, ...]
    #: every provision id, for the links to them
    provisions: frozenset[str]
    #: every rule name, for the links to them
    rules: frozenset[str]

    @property
    def articles(self) -> list[ArticlePart]:
        return [article for chapter in self.chapters for article in chapter.articles]

    @property
    def rule_count(self) -> int:
        return sum(len(article.rules) for article in self.articles)


#: said where the act's language files do not say what it is: the reader is told that the
#: document alone does not show whether the act is in force
UNKNOWN_STATUS = ("This is the text of an act and its rules as the act file gives them; the file does not "
                  "say whether the act is a draft or law in force.")


def build_document(act) -> Document:
    """The literate document of a loaded act (:class:`hsa_dsl.api.Act`)."""
    from hsa_dsl.syntax import parse

    checked = act.checked
    tree = parse(act.source)
    encoded_by: dict[str, list[str]] = {}
    for rule in checked.rules.values():
        for cited in dict.fromkeys(rule.cites):
            encoded_by.setdefault(cited, []).append(rule.name)
    quotes_by_article = _quotes_by_article(checked)

    articles = []
    for syntax in sorted(tree.articles, key=lambda a: a.number):
        info = checked.articles[syntax.number]
        quotes = quotes_by_article.get(syntax.number, {})
        provision = _provision_builder(encoded_by, quotes)
        paragraphs = tuple(
            provision(f"{info.id}__para_{p.number}", p.number, p.texts,
                      tuple(provision(f"{info.id}__para_{p.number}__point_{q.number}", q.number, q.texts)
                            for q in p.points))
            for p in syntax.paragraphs)
        rules = tuple(RuleSource(r.name, checked.rules[r.name].cites, rule_source(act.source.text, r.span))
                      for r in syntax.rules)
        articles.append(ArticlePart(syntax.number, info.id, dict(info.titles), info.informative,
                                    provision(info.id, None, syntax.texts), paragraphs, rules))

    chapters: list[ChapterPart] = []
    for article in articles:
        number = checked.articles[article.number].chapter
        if not chapters or chapters[-1].number != number:
            titles = dict(checked.chapters[number].titles) if number is not None else {}
            chapters.append(ChapterPart(number, titles))
        chapters[-1] = attrs.evolve(chapters[-1], articles=chapters[-1].articles + (article,))

    return Document(checked.name, dict(checked.titles), tuple(checked.languages), _notices(act),
                    tuple(chapters), frozenset(checked.provisions), frozenset(checked.rules))


def _quotes_by_article(checked) -> dict[int, dict[str, list[tuple[str, str]]]]:
    """For each article, the words its provisions are quoted for, by language: (words, rule).
    A rule's quotes are looked for in every article it cites."""
    out: dict[int, dict[str, list[tuple[str, str]]]] = {}
    for rule in checked.rules.values():
        for article in dict.fromkeys(checked.provisions[cited].article for cited in rule.cites):
            by_language = out.setdefault(article, {})
            for quote in rule.quotes:
                by_language.setdefault(quote.language, []).append((quote.text, rule.name))
    return out


def _provision_builder(encoded_by: dict[str, list[str]], quotes: dict[str, list[tuple[str, str]]]):
    def provision(pid: str, number: int | None, texts: tuple[ast.Text, ...], points=()) -> Provision:
        passages = tuple(Passage(t.language, t.text, find_marks(t.text, quotes.get(t.language, [])))
                         for t in texts)
        return Provision(pid, number, passages, tuple(encoded_by.get(pid, ())), points)

    return provision


def rule_source(text: str, span) -> str:
    """A rule's own text, from the start of its first line to its `end`, with the comment lines
    directly above it (no blank line between), its indent removed."""
    start = text.rfind("\n", 0, span.start_pos) + 1
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if not text[above:start].strip().startswith("#"):
            break
        start = above
    return textwrap.dedent(text[start:span.end_pos]).strip("\n")


def _notices(act) -> tuple[tuple[str, str], ...]:
    """The act's `act_status` sentence in each of its languages that has one; where none has,
    a sentence saying that the act file does not tell."""
    from hsa_dsl.explain.explanation import load_templates, template_path

    out = []
    for language in dict.fromkeys(("en", *act.checked.languages)):
        if not template_path(act, language).exists():
            continue
        status = load_templates(act, language).act_phrase("act_status")
        if status:
            out.append((language, status))
    return tuple(out) or (("en", UNKNOWN_STATUS),)
