"""The act's table of contents, and which cases and tests exercise each rule.

`hsa-dsl articles` lists every article with its status; `hsa-dsl coverage` evaluates the
example cases (and reads what the test suite recorded) and reports, for every rule, the cases
and tests in which it applied and those in which it did not. An article that can be decided
from facts but has no rule, or a rule that never applies anywhere, makes coverage fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from hsa_dsl.errors import HsaError

CASE_SUFFIXES = (".yaml", ".yml", ".json")
#: Where the test suite writes which rules each test made apply (see tests/conftest.py).
RECORD_ENV = "HSA_COVERAGE_RECORD"


@attrs.frozen
class ArticleRow:
    number: int
    chapter: int | None
    title: str
    status: str
    rules: tuple[str, ...]
    provisions: tuple[str, ...]
    why_informative: str | None

    def to_json(self) -> dict:
        out = {"article": self.number, "chapter": self.chapter, "title": self.title, "status": self.status,
               "rules": list(self.rules), "provisions": list(self.provisions)}
        if self.why_informative:
            out["informative"] = self.why_informative
        return out


def articles(act, language: str = "en") -> list[ArticleRow]:
    rows = []
    for article in act.checked.articles.values():
        title = article.titles.get(language) or next(iter(article.titles.values()), "")
        status = "informative" if article.informative is not None else ("rules" if article.rules else "no rules")
        rows.append(ArticleRow(article.number, article.chapter, title, status, article.rules,
                               article.provisions, article.informative))
    return rows


def render_articles(act, rows: list[ArticleRow]) -> str:
    lines = []
    chapter = object()
    for row in rows:
        if row.chapter != chapter:
            chapter = row.chapter
            info = act.checked.chapters.get(chapter)
            name = (info.titles.get("en") or next(iter(info.titles.values()), "")) if info else ""
            lines.append(f"Chapter {chapter}{' · ' + name if name else ''}" if chapter is not None else "No chapter")
        count = f"{len(row.rules)} rule{'s' if len(row.rules) != 1 else ''}" if row.rules else row.status
        lines.append(f"  Article {row.number:>2}  {row.title:<58} {count}")
    return "\n".join(lines) + "\n"


@attrs.frozen
class RuleCoverage:
    rule: str
    article: int
    applied_in: tuple[str, ...]
    not_applied_in: tuple[str, ...]

    @property
    def exercised(self) -> bool:
        return bool(self.applied_in)


@attrs.frozen
class CoverageReport:
    rules: tuple[RuleCoverage, ...]
    #: decidable articles (not marked informative) with no rule
    articles_without_rules: tuple[int, ...]
    sources: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.articles_without_rules and all(r.exercised for r in self.rules)

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "sources": list(self.sources),
            "articles_without_rules": list(self.articles_without_rules),
            "rules": [{"rule": r.rule, "article": r.article, "applied_in": list(r.applied_in),
                       "not_applied_in": list(r.not_applied_in)} for r in self.rules],
        }


def case_files(paths) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            found.extend(sorted(q for q in p.iterdir() if q.suffix in CASE_SUFFIXES))
        elif p.exists():
            found.append(p)
        else:
            raise HsaError.single(f"no case file or folder {path}")
    return found


def coverage(act, cases=(), records=()) -> CoverageReport:
    """Evaluate `cases` (paths) and merge `records` (files the test suite wrote)."""
    applied: dict[str, list[str]] = {name: [] for name in act.checked.rules}
    sources: list[str] = []
    for path in case_files(cases):
        name = path.name
        sources.append(name)
        verdict = act.evaluate(path, trace=False)
        for rule in verdict.rules_applied:
            applied[rule].append(name)
    for record in records:
        try:
            data = json.loads(Path(record).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise HsaError.single(f"cannot read the test record {record}: {error}") from None
        for test, rules in sorted(data.get("tests", {}).items()):
            sources.append(test)
            for rule in rules:
                if rule in applied:
                    applied[rule].append(test)
    rows = []
    for name, rule in act.checked.rules.items():
        hits = tuple(dict.fromkeys(applied[name]))
        misses = tuple(s for s in sources if s not in hits)
        rows.append(RuleCoverage(name, rule.article, hits, misses))
    without = tuple(a.number for a in act.checked.articles.values() if a.informative is None and not a.rules)
    return CoverageReport(tuple(rows), without, tuple(sources))


def render_coverage(report: CoverageReport) -> str:
    lines = [f"Coverage over {len(report.sources)} cases and tests"]
    for row in report.rules:
        mark = "ok     " if row.exercised else "NEVER  "
        lines.append(f"  {mark} art {row.article:>2}  {row.rule:<58} applies in {len(row.applied_in):>3}, "
                     f"not in {len(row.not_applied_in):>3}")
    problems = []
    for number in report.articles_without_rules:
        problems.append(f"article {number} can be decided from facts but has no rule "
                        "(encode it, or mark it `informative \"why\"`)")
    for row in report.rules:
        if not row.exercised:
            problems.append(f"rule {row.rule} (article {row.article}) applies in no case and no test")
    if problems:
        lines.append("")
        lines.extend(f"error: {p}" for p in problems)
    else:
        lines.append("")
        lines.append("every decidable article has rules, and every rule applies somewhere")
    return "\n".join(lines) + "\n"
