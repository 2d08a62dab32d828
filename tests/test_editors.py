"""The VS Code extension in editors/vscode: its files are valid JSON that point at each other,
its TextMate grammar's patterns are regular expressions, and it colours every keyword of the
grammar (so that the two do not drift apart)."""

import json
import re

import pytest

from conftest import ROOT
from helpers import grammar_keywords

VSCODE = ROOT / "editors" / "vscode"


def _load(name: str):
    return json.loads((VSCODE / name).read_text(encoding="utf-8"))


def _patterns(node):
    """Every pattern of a TextMate grammar, however deep."""
    if isinstance(node, dict):
        if any(key in node for key in ("match", "begin")):
            yield node
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_the_extension_declares_the_language_and_its_files():
    package = _load("package.json")
    (language,) = package["contributes"]["languages"]
    (grammar,) = package["contributes"]["grammars"]
    assert language["id"] == grammar["language"] == "hsa" and language["extensions"] == [".hsa"]
    assert (VSCODE / language["configuration"]).is_file() and (VSCODE / grammar["path"]).is_file()
    assert _load(grammar["path"])["scopeName"] == grammar["scopeName"] == "source.hsa"


def test_the_language_configuration_comments_with_a_hash_and_indents_blocks():
    configuration = _load("language-configuration.json")
    assert configuration["comments"] == {"lineComment": "#"}
    assert ["(", ")"] in configuration["brackets"]
    rules = configuration["indentationRules"]
    increase, decrease = re.compile(rules["increaseIndentPattern"]), re.compile(rules["decreaseIndentPattern"])
    assert increase.match("  rule art9_airfare") and increase.match("article 9")
    # a block opened and closed on one line opens nothing
    assert not increase.match('      point 2 en "Where ..." end')
    assert decrease.match("  end") and not decrease.match("  endless: bool")


def test_every_pattern_of_the_textmate_grammar_is_a_regular_expression():
    patterns = list(_patterns(_load("syntaxes/hsa.tmLanguage.json")))
    assert len(patterns) > 20
    for pattern in patterns:
        for key in ("match", "begin", "end"):
            if key in pattern:
                re.compile(pattern[key])


def test_every_keyword_of_the_grammar_is_a_keyword_of_the_textmate_grammar():
    grammar = _load("syntaxes/hsa.tmLanguage.json")
    keywords = set()
    for pattern in _patterns(grammar["repository"]["keyword"]):
        (words,) = re.fullmatch(r"\\b\(\?:([A-Za-z_|]+)\)\\b", pattern["match"]).groups()
        keywords |= set(words.split("|"))
    assert grammar_keywords() <= keywords, sorted(grammar_keywords() - keywords)
    # and no word is a keyword the grammar does not have, but for the built-in type names
    from hsa_dsl.check.types import BUILTIN_TYPES

    assert keywords - grammar_keywords() <= set(BUILTIN_TYPES)


@pytest.mark.parametrize("text, scope", [
    ("2025-01-01", "constant.other.date.hsa"),
    ("NT$28,590", "constant.numeric.money.hsa"),
    ("art_9__para_1__point_3", "variable.other.constant.provision.hsa"),
    ("# Reading: a month", "comment.line.number-sign.hsa"),
])
def test_the_literals_are_matched_whole(text, scope):
    (pattern,) = [p for p in _patterns(_load("syntaxes/hsa.tmLanguage.json")) if p.get("name") == scope]
    assert re.fullmatch(pattern["match"], text)
