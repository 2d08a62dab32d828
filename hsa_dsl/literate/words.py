"""The few words the literate document says itself (headings, counts), shared by its HTML and
Markdown forms. They are English: the act's own text is shown in every language it has."""

from __future__ import annotations

from hsa_dsl.literate.document import ArticlePart, ChapterPart, Document

#: BCP 47 tags for the act's language codes: a browser picks fonts and breaks lines by them
_HTML_LANGUAGES = {"zh": "zh-Hant-TW", "tl": "fil"}

_LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "id": "Indonesian", "vi": "Vietnamese", "tl": "Tagalog",
                   "th": "Thai"}


def html_language(code: str) -> str:
    return _HTML_LANGUAGES.get(code, code)


def _first_title(titles: dict[str, str]) -> str | None:
    """The English title, or the first one given."""
    return titles.get("en") or next(iter(titles.values()), None)


def title_of(document: Document) -> str:
    return _first_title(document.titles) or document.name


def _headed(label: str, titles: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """`label · its English title`, and its other titles as (language, title) pairs."""
    first = _first_title(titles)
    heading = f"{label} · {first}" if first else label
    return heading, [(language, title) for language, title in titles.items() if title != first]


def chapter_heading(chapter: ChapterPart) -> str:
    """`Chapter 2 · its English title · its other titles`."""
    heading, others = _headed(f"Chapter {chapter.number}", chapter.titles)
    return " · ".join([heading, *(title for _, title in others)])


def article_heading(article: ArticlePart) -> str:
    """`Article 9 · its English title`."""
    return _headed(f"Article {article.number}", article.titles)[0]


def article_other_titles(article: ArticlePart) -> list[tuple[str, str]]:
    """The article's titles in its other languages, as (language, title) pairs."""
    return _headed(f"Article {article.number}", article.titles)[1]


def rule_count(article: ArticlePart) -> str:
    if article.informative is not None:
        return "informative"
    count = len(article.rules)
    return "no rules" if count == 0 else "1 rule" if count == 1 else f"{count} rules"


def about(document: Document) -> str:
    """What the document shows, in a sentence or two."""
    articles = document.articles
    informative = sum(1 for a in articles if a.informative is not None)
    # the languages the articles are written in, which may be fewer than those the act lists
    # (an act may give its titles in more)
    written = {passage.language for article in articles for passage in _passages(article)}
    languages = [_LANGUAGE_NAMES.get(code, code) for code in dict.fromkeys((*document.languages, *sorted(written)))
                 if code in written]
    listed = " and ".join([", ".join(languages[:-1]), languages[-1]] if len(languages) > 1 else languages)
    in_languages = f", in {listed}" if languages else ""
    counted = f"{len(articles)} articles" + (f" ({informative} informative)" if informative else "")
    return (f"{counted} and {document.rule_count} rules. Each article's text is given as the act writes "
            f"it{in_languages}, with the rules that encode it beside it; the words a rule quotes are "
            f"marked, and the comments above a rule give the reading it takes.")


def _passages(article: ArticlePart):
    yield from article.text.passages
    for paragraph in article.paragraphs:
        yield from paragraph.passages
        for point in paragraph.points:
            yield from point.passages
