"""What the checker holds while it works, all of it set up before the first check runs.

The facts about the file that several parts of the check read (which names are records, which
definitions and rules there are, which rules cite a provision) are worked out here, once; the
tables of the checked act, the definitions' signatures and the errors fill in as the checks run,
in the order :mod:`hsa_dsl.check.checker` runs them.
"""

from __future__ import annotations

import attrs

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.errors import Diagnostic
from hsa_dsl.source import Span
from hsa_dsl.syntax import ast


class Abort(Exception):
    """Something could not be checked any further; its error is already recorded."""


@attrs.frozen
class Signature:
    parameters: tuple[tuple[str, t.Type], ...]
    type: t.Type


@attrs.define(eq=False)
class CheckState:
    file: ast.ActFile
    #: the checked act, its tables filled in as the checks run
    act: c.CheckedAct
    #: the names of the records the file declares, known before their fields are checked
    record_names: tuple[str, ...]
    #: each definition as written, by name (the last, where a name is declared twice: the first
    #: is an error of its own)
    definitions: dict[str, ast.Definition]
    #: the names of the rules the file writes, in its order
    rule_names: tuple[str, ...]
    #: the rules, in the file's order, that cite each provision or one of its parts (a rule
    #: citing art_9__para_1 cites art_9 too)
    rules_citing: dict[str, tuple[str, ...]]
    #: the number of the article each declaration inside an article belongs to, by identity
    article_of_declaration: dict[int, int]
    #: each definition's parameters and type, once resolved; a definition missing here has a
    #: signature with an error, and calls to it are not checked further
    signatures: dict[str, Signature] = attrs.Factory(dict)
    #: the definitions each definition's body calls, recorded as the bodies are typed
    calls: dict[str, set[str]] = attrs.Factory(dict)
    errors: list[Diagnostic] = attrs.Factory(list)

    @classmethod
    def start(cls, act_file: ast.ActFile, source_name: str) -> "CheckState":
        header = act_file.header
        act = c.CheckedAct(
            name=header.name if header else "act",
            titles={x.language: x.text for x in header.titles} if header else {},
            languages=tuple(r.name for r in header.languages) if header else (),
            source_name=source_name,
        )
        declarations = list(act_file.all_declarations())
        rules = list(act_file.all_rules())
        return cls(
            file=act_file,
            act=act,
            record_names=tuple(d.name for d in declarations if isinstance(d, ast.RecordDecl)),
            definitions={d.name: d for d in declarations if isinstance(d, ast.Definition)},
            rule_names=tuple(dict.fromkeys(r.name for r in rules)),
            rules_citing=_rules_citing(rules),
            article_of_declaration={id(d): article.number for article in act_file.articles
                                    for d in article.declarations},
        )

    def error(self, message: str, span: Span | None, hint: str | None = None) -> None:
        self.errors.append(Diagnostic(message, span, hint))

    def article_of(self, declaration) -> int | None:
        return self.article_of_declaration.get(id(declaration))


def _rules_citing(rules: list[ast.Rule]) -> dict[str, tuple[str, ...]]:
    citing: dict[str, list[str]] = {}
    for rule in rules:
        for cite in dict.fromkeys(y.name for y in rule.cites):
            parts = cite.split("__")
            for n in range(1, len(parts) + 1):
                names = citing.setdefault("__".join(parts[:n]), [])
                if not names or names[-1] != rule.name:
                    names.append(rule.name)
    return {ref: tuple(names) for ref, names in citing.items()}
