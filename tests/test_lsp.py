"""The language server: its answers as plain functions of a document's text (on the toy acts),
and the server itself, started as `hsa-dsl lsp` and asked through pygls's client."""

from __future__ import annotations

import asyncio
import sys

import pytest
from click.testing import CliRunner

from conftest import SHIPPED, TEST_ACTS
from depth import examples
from hsa_dsl.check import check
from hsa_dsl.cli import main
from hsa_dsl.errors import HsaError
from hsa_dsl.lsp import symbols as k
from hsa_dsl.lsp.analysis import analyse
from hsa_dsl.lsp.completion import completions
from hsa_dsl.lsp.documents import Document
from hsa_dsl.lsp.hover import hover
from hsa_dsl.lsp.navigation import definition, target_at
from hsa_dsl.lsp.positions import LineIndex, Position, from_client_character, to_client_character
from hsa_dsl.source import Source
from hsa_dsl.syntax import parse

LIBRARY = (TEST_ACTS / "library.hsa").read_text(encoding="utf-8")
SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")


def at(text: str, line_text: str, word: str, nth: int = 0, into: int | None = None) -> Position:
    """The position of the middle of `word` (or `into` characters into it) in the `nth` line of
    `text` that holds `line_text`."""
    lines = [i for i, line in enumerate(text.split("\n")) if line_text in line]
    line = lines[nth]
    column = text.split("\n")[line].index(word, text.split("\n")[line].index(line_text))
    return Position(line, column + (len(word) // 2 if into is None else into))


def line_of(text: str, line_text: str) -> int:
    """The 0-based line of the first line of `text` that holds `line_text`."""
    return next(i for i, line in enumerate(text.split("\n")) if line_text in line)


@pytest.fixture(scope="module")
def library():
    return Document.open("file:///acts/library.hsa", LIBRARY)


# ---------------------------------------------------------------------------- diagnostics


def test_a_toy_act_has_no_problems():
    for name in ("library.hsa", "harvest.hsa", "shifts.hsa"):
        assert analyse((TEST_ACTS / name).read_text(encoding="utf-8"), name).problems == ()


def test_a_check_error_is_placed_where_the_checker_places_it():
    text = LIBRARY.replace("then library may charge_late_fee", "then libary may charge_late_fee")
    with pytest.raises(HsaError) as raised:
        check(parse(Source("library.hsa", text)), "library.hsa")
    expected = raised.value.diagnostics[0]
    problem = analyse(text, "library.hsa").problems[0]
    assert problem.message.startswith(expected.message)
    assert "did you mean 'library'?" in problem.message
    line = line_of(text, "then libary may")
    assert (problem.range.start.line, problem.range.start.character) == (line, text.split("\n")[line].index("libary"))
    assert (expected.span.line, expected.span.column) == (line + 1, problem.range.start.character + 1)


def test_a_syntax_error_is_placed_on_the_token():
    text = LIBRARY.replace("      cites art_2\n", "      cites art_2 art_3\n")
    [problem] = analyse(text, "library.hsa").problems
    assert problem.message.startswith("unexpected 'art_3'")
    line = line_of(text, "cites art_2 art_3")
    assert problem.range.start == Position(line, text.split("\n")[line].index("art_3"))
    assert problem.range.end == Position(line, text.split("\n")[line].index("art_3") + len("art_3"))


def test_an_act_too_large_is_refused_not_read():
    [problem] = analyse(LIBRARY, "library.hsa", max_bytes=100).problems
    assert "larger than 100 bytes" in problem.message


# ---------------------------------------------------------------------------- names


def test_a_rule_named_in_exception_to_leads_to_the_rule(library):
    [place] = definition(library, at(LIBRARY, "exception to late_fee", "late_fee"))
    assert place.start == Position(line_of(LIBRARY, "rule late_fee"), len("    rule "))


def test_a_loop_variable_is_the_one_bound_where_it_is_used(library):
    # in the rule, `l` is the rule's `for each l`; in the definition, its parameter `l`
    [in_rule] = definition(library, at(LIBRARY, "when late_days(l) > 0 days", "l)"))
    assert in_rule.start.line == line_of(LIBRARY, "for each l in member.loans")
    [in_definition] = definition(library, at(LIBRARY, "define late_days", "l.returned", into=0))
    assert in_definition.start == Position(line_of(LIBRARY, "define late_days"), LIBRARY.split("\n")[
        line_of(LIBRARY, "define late_days")].index("l: Loan"))


def test_a_field_is_found_in_the_record_its_value_has(library):
    [place] = definition(library, at(LIBRARY, "define late_days", "returned"))
    assert place.start.line == line_of(LIBRARY, "  returned: date")


def test_names_in_calls_types_and_conclusions_are_found(library):
    cases = [
        (at(LIBRARY, "daily_fee(l.returned)", "daily_fee"), "parameter daily_fee"),
        (at(LIBRARY, "loans: list of Loan", "Loan"), "record Loan"),
        (at(LIBRARY, "then library may charge_late_fee", "charge_late_fee"), 'action charge_late_fee'),
        (at(LIBRARY, "then library may charge_late_fee", "library"), 'party library'),
        (at(LIBRARY, "owed to library", "library", 0), 'party library'),
        (at(LIBRARY, "violated(return_within_period)", "return_within_period"), "rule return_within_period"),
        (at(LIBRARY, "if tier = student", "student"), "enum Tier"),
    ]
    for position, declared in cases:
        [place] = definition(library, position)
        assert LIBRARY.split("\n")[place.start.line].lstrip().startswith(declared), (position, declared)


@pytest.mark.parametrize("path", [SHIPPED, *(TEST_ACTS / name for name in ("library.hsa", "harvest.hsa", "shifts.hsa"))],
                         ids=lambda p: p.name)
def test_every_name_an_act_uses_is_found(path):
    """Every name used in an act that checks resolves to one of its declarations, but those the
    language itself gives: built-in types and functions, the enumeration of the parties, and
    the first and last day of a window."""
    from hsa_dsl.check.expressions import RESERVED_FUNCTION_NAMES
    from hsa_dsl.check.types import BUILTIN_TYPES

    document = Document.open(path.as_uri(), path.read_text(encoding="utf-8"))
    assert document.analysis.checked is not None
    given = {*BUILTIN_TYPES, *RESERVED_FUNCTION_NAMES, "Party", "start", "end"}
    unresolved = {use.name for use in document.index.uses if not document.index.resolve(use)}
    assert unresolved <= given
    assert len(document.index.uses) > 50


def test_hover_on_a_provision_shows_its_text(library):
    found = hover(library, at(LIBRARY, "cites art_2", "art_2"))
    assert "Article 2: Long-standing members" in found.text
    assert "No fee is charged to a member of more than ten years." in found.text


def test_hover_on_a_declaration_shows_its_type_and_domain(library):
    assert "input today: date" in hover(library, at(LIBRARY, "years_between(member.joined, today)", "today")).text
    parameter = hover(library, at(LIBRARY, "daily_fee(l.returned)", "daily_fee")).text
    assert "parameter daily_fee: money" in parameter and "NT$10 from 2025-01-01" in parameter
    field = hover(library, at(LIBRARY, "member.tier", "tier")).text
    assert "field of Member" in field and "tier: Tier = standard" in field


def test_hover_shows_the_comment_above_a_declaration():
    document = Document.open("file:///shipped.hsa", SHIPPED_TEXT)
    found = hover(document, at(SHIPPED_TEXT, "minimum_monthly_wage", "minimum_monthly_wage", 1))
    assert "parameter minimum_monthly_wage: money" in found.text
    assert "The basic wage (基本工資) under the Labor Standards Act" in found.text


def test_nothing_is_found_between_names(library):
    assert target_at(library, Position(0, 3)) is None  # in the comment on the first line
    assert hover(library, Position(10_000, 0)) is None
    assert definition(library, Position(-1, -1)) == []


def test_a_document_that_stops_parsing_keeps_its_last_names():
    document = Document.open("file:///library.hsa", LIBRARY)
    broken = LIBRARY.replace("    rule fees\n", "    rule fees fees\n")
    document.update(broken)
    assert document.index is None and document.analysis.problems
    found = hover(document, at(broken, "years_between(member.joined, today)", "today"))
    assert "input today: date" in found.text
    [place] = definition(document, at(broken, "exception to late_fee", "late_fee"))
    assert place.start.line == line_of(LIBRARY, "rule late_fee")


def test_completion_offers_the_acts_names_and_the_keywords(library):
    offered = {(c.label, c.kind) for c in completions(library, Position(0, 0))}
    for expected in [("member", k.INPUT), ("late_days", k.DEFINITION), ("late_fee", k.RULE),
                     ("art_2", k.ARTICLE), ("library", k.PARTY), ("charge_late_fee", k.ACTION),
                     ("daily_fee", k.PARAMETER), ("years_between", "function"), ("exception", "keyword")]:
        assert expected in offered
    assert not any(kind in (k.FIELD, k.LOCAL) for _, kind in offered)


def test_completion_after_a_dot_offers_fields(library):
    position = at(LIBRARY, "member.tier", "tier")
    offered = completions(library, Position(position.line, position.character - 1))
    assert {c.kind for c in offered} == {k.FIELD}
    assert {"tier", "loans", "returned"} <= {c.label for c in offered}


# ---------------------------------------------------------------------------- positions


def test_client_characters_count_in_the_clients_units():
    line = 'en "家事 😀 x"'
    emoji = line.index("😀")
    assert to_client_character(line, emoji + 1, "utf-16") == emoji + 2
    assert to_client_character(line, emoji + 1, "utf-32") == emoji + 1
    assert to_client_character(line, 5, "utf-8") == len(line[:5].encode("utf-8"))
    for encoding in ("utf-8", "utf-16", "utf-32"):
        for column in range(len(line) + 1):
            assert from_client_character(line, to_client_character(line, column, encoding), encoding) == column
    lines = LineIndex("ab\ncd\n")
    assert lines.position(4) == Position(1, 1) and lines.offset(Position(1, 1)) == 4
    assert lines.offset(Position(7, 0)) == 6 and lines.offset(Position(0, 99)) == 2


# ---------------------------------------------------------------------------- robustness


def test_any_prefix_of_an_act_is_answered_without_a_fault():
    """Every request on texts cut anywhere (inside words, strings, blocks) answers, and
    reports no internal error."""
    document = Document.open("file:///library.hsa", LIBRARY)
    cuts = examples(40)
    for cut in range(0, len(LIBRARY), len(LIBRARY) // cuts + 1):
        document.update(LIBRARY[:cut] + "\x00é😀" + LIBRARY[cut + 13 :])
        assert not any("internal error" in p.message for p in document.analysis.problems)
        for line in range(0, document.analysis.lines.line_count + 1, 7):
            position = Position(line, 5)
            hover(document, position)
            definition(document, position)
        completions(document, Position(3, 1))


def test_the_lsp_command_says_what_it_needs_without_pygls(monkeypatch):
    monkeypatch.delitem(sys.modules, "hsa_dsl.lsp.server", raising=False)
    monkeypatch.setitem(sys.modules, "lsprotocol", None)
    result = CliRunner().invoke(main, ["lsp"])
    assert result.exit_code == 1
    assert "needs pygls" in result.output and "hsa-dsl[lsp]" in result.output


# ---------------------------------------------------------------------------- the server


class Session:
    """`hsa-dsl lsp` in a process of its own, and a pygls client talking to it over stdio, on an
    event loop of their own."""

    def __init__(self):
        from lsprotocol import types
        from pygls.lsp.client import BaseLanguageClient

        self.types = types
        self.loop = asyncio.new_event_loop()
        self.client = BaseLanguageClient("hsa-dsl-tests", "1")
        self.published: dict[str, list] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params):
            self.published.setdefault(params.uri, []).append(params.diagnostics)

        self.run(self.client.start_io(sys.executable, "-m", "hsa_dsl.cli", "lsp"))
        self.run(self.client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities())))
        self.client.initialized(types.InitializedParams())

    def run(self, awaitable, timeout: float = 30):
        return self.loop.run_until_complete(asyncio.wait_for(awaitable, timeout))

    def open(self, uri: str, text: str) -> list:
        """Open a document; the diagnostics the server publishes for it."""
        self.published.pop(uri, None)
        self.client.text_document_did_open(self.types.DidOpenTextDocumentParams(
            text_document=self.types.TextDocumentItem(uri=uri, language_id="hsa", version=1, text=text)))
        return self.next_diagnostics(uri)

    def change(self, uri: str, text: str, version: int) -> list:
        """Send a document's new text; the diagnostics the server publishes for it."""
        self.send_change(uri, text, version)
        return self.next_diagnostics(uri)

    def send_change(self, uri: str, text: str, version: int) -> None:
        self.published.pop(uri, None)
        # lsprotocol 2025 names the change of the whole text; the versions pygls 1 uses number it
        whole_text = getattr(self.types, "TextDocumentContentChangeWholeDocument", None) \
            or self.types.TextDocumentContentChangeEvent_Type2
        self.client.text_document_did_change(self.types.DidChangeTextDocumentParams(
            text_document=self.types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[whole_text(text=text)]))

    def next_diagnostics(self, uri: str) -> list:
        async def published():
            while not self.published.get(uri):
                await asyncio.sleep(0.01)
            return list(self.published[uri][0])

        return self.run(published())

    def where(self, uri: str, position: Position) -> dict:
        return {"text_document": self.types.TextDocumentIdentifier(uri=uri),
                "position": self.types.Position(line=position.line, character=position.character)}

    def hover(self, uri: str, position: Position):
        return self.run(self.client.text_document_hover_async(self.types.HoverParams(**self.where(uri, position))))

    def definition(self, uri: str, position: Position):
        return self.run(self.client.text_document_definition_async(
            self.types.DefinitionParams(**self.where(uri, position))))

    def completion(self, uri: str, position: Position):
        return self.run(self.client.text_document_completion_async(
            self.types.CompletionParams(**self.where(uri, position))))

    def close(self):
        try:
            self.run(self.client.shutdown_async(None), timeout=10)
            self.client.exit(None)
        finally:
            self.run(self.client.stop(), timeout=10)
            self.loop.close()


@pytest.fixture(scope="module")
def server():
    session = Session()
    yield session
    session.close()


SHIPPED_URI = "file:///acts/household_service.hsa"


@pytest.fixture(scope="module")
def shipped(server):
    return server.open(SHIPPED_URI, SHIPPED_TEXT)


def test_the_shipped_act_opens_without_diagnostics(shipped):
    assert shipped == []


def test_a_broken_act_gets_the_checkers_diagnostic(server):
    uri = "file:///acts/broken-library.hsa"
    text = LIBRARY.replace("then library may charge_late_fee", "then libary may charge_late_fee")
    diagnostic = server.open(uri, text)[0]
    # the checker places the error on the conclusion that names the party
    line = line_of(text, "then libary may")
    column = text.split("\n")[line].index("libary")
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (line, column)
    assert (diagnostic.range.end.line, diagnostic.range.end.character) == (line, column + len("libary may charge_late_fee"))
    assert diagnostic.message.startswith("unknown party 'libary'")
    assert diagnostic.severity == server.types.DiagnosticSeverity.Error
    # mended, the diagnostics are cleared; broken again, they come back
    assert server.change(uri, LIBRARY, 2) == []
    again = server.change(uri, text.replace("libary", "librar"), 3)[0]
    assert again.message.startswith("unknown party 'librar'")


def test_hover_on_a_cited_provision_shows_the_articles_english_text(server, shipped):
    found = server.hover(SHIPPED_URI, at(SHIPPED_TEXT, "cites art_14__para_2", "art_14__para_2"))
    assert found.contents.kind == server.types.MarkupKind.Markdown
    assert "The amount of the paid separation fee shall follow the regulation of The Labor Standard Law." \
        in found.contents.value


def test_hover_on_an_input_shows_its_type(server, shipped):
    found = server.hover(SHIPPED_URI, at(SHIPPED_TEXT, "define foreign_worker", "employment"))
    assert "input employment: Employment" in found.contents.value


def test_definition_of_an_exception_leads_to_the_rule(server, shipped):
    [location] = server.definition(
        SHIPPED_URI, at(SHIPPED_TEXT, "exception to art14_separation_fee_on_termination_by_employer", "art14_"))
    assert location.uri == SHIPPED_URI
    assert location.range.start.line == line_of(SHIPPED_TEXT, "rule art14_separation_fee_on_termination_by_employer")


def test_completion_offers_inputs_and_rules(server, shipped):
    found = server.completion(SHIPPED_URI, Position(0, 0))
    labels = {item.label: item.kind for item in found.items}
    assert labels["employment"] == server.types.CompletionItemKind.Variable
    assert labels["art14_separation_fee_on_termination_by_employer"] == server.types.CompletionItemKind.Reference


def test_a_request_right_after_a_change_is_answered_from_the_new_text(server):
    uri = "file:///acts/changing.hsa"
    assert server.open(uri, LIBRARY) == []
    changed = LIBRARY.replace("input today: date", "input today: date\ninput tomorrow: date")
    # the server checks a change after a pause, but a request does not wait for it
    server.send_change(uri, changed, 2)
    found = server.hover(uri, at(changed, "input tomorrow", "tomorrow"))
    assert "input tomorrow: date" in found.contents.value
    server.send_change(uri, changed.replace("input tomorrow: date", "input tomorrow: dat"), 3)
    [diagnostic] = server.next_diagnostics(uri)
    assert diagnostic.message.startswith("unknown type 'dat'")


def test_the_server_answers_after_requests_it_cannot_answer(server, shipped):
    uri = "file:///garbage.hsa"
    assert server.open(uri, "\x00\x01 rule ((( end \"") != []
    assert server.hover(uri, Position(99, 99)) is None
    assert server.definition(uri, Position(0, 10_000)) is None
    assert server.hover("file:///never-opened.hsa", Position(0, 0)) is None
    assert "input employment" in server.hover(SHIPPED_URI, at(SHIPPED_TEXT, "define foreign_worker", "employment")) \
        .contents.value
