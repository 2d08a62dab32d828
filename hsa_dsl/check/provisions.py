"""The act's text: chapters, articles, paragraphs and points as provisions, and what rules
cite and quote of them.

Each article, paragraph and point is a provision with an id in Akoma Ntoso style (`art_9`,
`art_9__para_2`, `art_9__para_1__point_3`). A provision's text holds its parts' texts, so a
quote of a point's words is found in its paragraph and article too.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from hsa_dsl.check import checked as c
from hsa_dsl.check.state import CheckState
from hsa_dsl.errors import did_you_mean
from hsa_dsl.syntax import ast


def provision_id(article: int, paragraph: int | None = None, point: int | None = None) -> str:
    out = f"art_{article}"
    if paragraph is not None:
        out += f"__para_{paragraph}"
    if point is not None:
        out += f"__point_{point}"
    return out


_WHITE_SPACE = re.compile(r"\s+")


def normalise_words(text: str) -> str:
    """Text as compared for quotes: Unicode-normalised, white space folded, curly quotes plain."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _WHITE_SPACE.sub(" ", text).strip()


class ProvisionChecker:
    def __init__(self, state: CheckState):
        self.state = state
        #: each provision's text in each language, as quotes are compared with it
        self._words: dict[tuple[str, str], str] = {}

    def check_structure(self) -> None:
        act = self.state.act
        known_languages = set(act.languages)

        def language_ok(text: ast.Text) -> None:
            if known_languages and text.language not in known_languages:
                self.state.error(f"unknown language '{text.language}'", text.span,
                                 did_you_mean(text.language, known_languages)
                                 or f"the act's languages are: {', '.join(act.languages)}")

        for chapter in self.state.file.chapters:
            if chapter.number in act.chapters:
                self.state.error(f"chapter {chapter.number} appears twice", chapter.span)
            for title in chapter.titles:
                language_ok(title)
            act.chapters[chapter.number] = c.ChapterInfo(
                chapter.number, {x.language: x.text for x in chapter.titles}, span=chapter.span)

        for article in self.state.file.articles:
            if article.number in act.articles:
                self.state.error(f"article {article.number} appears twice", article.span,
                                 "each article is written once; merge the two blocks")
                continue
            provisions = []
            texts = _texts(article.texts, language_ok)
            whole = dict(texts)
            self._add_provision(provision_id(article.number), article.number, None, None, texts, article.span)
            provisions.append(provision_id(article.number))
            seen_paragraphs = set()
            for paragraph in article.paragraphs:
                if paragraph.number in seen_paragraphs:
                    self.state.error(f"paragraph {paragraph.number} of article {article.number} appears twice",
                                     paragraph.span)
                seen_paragraphs.add(paragraph.number)
                ptexts = _texts(paragraph.texts, language_ok)
                pid = provision_id(article.number, paragraph.number)
                para_whole = dict(ptexts)
                seen_points = set()
                for point in paragraph.points:
                    if point.number in seen_points:
                        self.state.error(f"point {point.number} of {pid} appears twice", point.span)
                    seen_points.add(point.number)
                    qtexts = _texts(point.texts, language_ok)
                    qid = provision_id(article.number, paragraph.number, point.number)
                    self._add_provision(qid, article.number, paragraph.number, point.number, qtexts, point.span)
                    provisions.append(qid)
                    for language, text in qtexts.items():
                        para_whole[language] = (para_whole.get(language, "") + "\n" + text).strip()
                self._add_provision(pid, article.number, paragraph.number, None, para_whole, paragraph.span)
                provisions.append(pid)
                for language, text in para_whole.items():
                    whole[language] = (whole.get(language, "") + "\n" + text).strip()
            act.provisions[provision_id(article.number)] = attrs.evolve(
                act.provisions[provision_id(article.number)], texts=whole)
            if article.chapter is not None and article.chapter not in act.chapters:
                self.state.error(f"chapter {article.chapter} is not declared", article.span)
            if article.informative is not None and article.rules:
                self.state.error(f"article {article.number} is marked informative but has rules",
                                 article.span, "remove `informative` or move the rules")
            act.articles[article.number] = c.ArticleInfo(
                article.number,
                article.chapter,
                {x.language: x.text for x in article.titles},
                texts,
                tuple(sorted(provisions, key=_provision_order)),
                tuple(r.name for r in article.rules),
                article.informative,
                span=article.span,
            )
        act.articles = dict(sorted(act.articles.items()))

    def _add_provision(self, pid, article, paragraph, point, texts, span) -> None:
        self.state.act.provisions[pid] = c.ProvisionInfo(pid, article, paragraph, point, dict(texts), span=span)

    def check_citations(self, rule: ast.Rule, article: ast.Article) -> tuple[str, ...]:
        """The provisions a rule cites: each one the act has, one of them in the rule's own article."""
        act = self.state.act
        cites = []
        for ref in rule.cites:
            if ref.name not in act.provisions:
                self.state.error(f"unknown provision '{ref.name}'", ref.span,
                                 did_you_mean(ref.name, act.provisions)
                                 or "provision ids look like art_9, art_9__para_2, art_9__para_1__point_3")
            cites.append(ref.name)
        own = provision_id(article.number)
        if not any(x == own or x.startswith(own + "__") for x in cites):
            self.state.error(f"rule '{rule.name}' must cite a provision of article {article.number}", rule.span,
                             f"add `cites {own}` (or one of its paragraphs or points)")
        return tuple(cites)

    def check_quotes(self, rule: ast.Rule, cites: tuple[str, ...]) -> tuple[c.QuoteInfo, ...]:
        """A rule's quotes: at least one, each found word for word in the text it cites."""
        act = self.state.act
        quotes = []
        for quote in rule.quotes:
            if act.languages and quote.language not in act.languages:
                self.state.error(f"unknown language '{quote.language}'", quote.span,
                                 did_you_mean(quote.language, act.languages))
            # a point is read with the words that introduce it, so its paragraph and article count
            texts = [self._provision_words(x, quote.language)
                     for cited in cites for x in _self_and_ancestors(cited) if x in act.provisions]
            wanted = normalise_words(quote.text)
            if texts and not any(wanted in text for text in texts):
                self.state.error(f"this quote is not in the {quote.language} text of "
                                 + ", ".join(cites), quote.span,
                                 "a quote must copy the Act's words exactly as the cited provision gives them")
            quotes.append(c.QuoteInfo(quote.language, quote.text, span=quote.span))
        if not rule.quotes:
            self.state.error(f"rule '{rule.name}' quotes no words of the Act", rule.span,
                             'add `quote en "..."` (or zh) with the words this rule encodes')
        return tuple(quotes)

    def _provision_words(self, provision: str, language: str) -> str:
        key = (provision, language)
        words = self._words.get(key)
        if words is None:
            words = self._words[key] = normalise_words(
                self.state.act.provisions[provision].texts.get(language, ""))
        return words


def _texts(texts, language_ok) -> dict[str, str]:
    out: dict[str, str] = {}
    for x in texts:
        language_ok(x)
        out[x.language] = (out.get(x.language, "") + "\n" + x.text).strip()
    return out


def _self_and_ancestors(pid: str) -> list[str]:
    parts = pid.split("__")
    return ["__".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _provision_order(pid: str):
    return [int(p) for p in re.findall(r"\d+", pid)]
