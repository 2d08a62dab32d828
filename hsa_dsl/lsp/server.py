"""The language server: the protocol's messages, answered by the functions of this package.

Runs on pygls 1.3 and on pygls 2 (which moved the server class); everything said to
the client goes through the protocol's own notifications, which both have. Every handler is
guarded: whatever a request runs into is logged (to standard error, and to the client's log)
and answered with nothing, so no text, however broken, stops the server.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sys

from lsprotocol import types

try:  # pygls 2
    from pygls.lsp.server import LanguageServer
except ImportError:  # pygls 1
    from pygls.server import LanguageServer

from hsa_dsl.lsp import symbols as k
from hsa_dsl.lsp.completion import FUNCTION, KEYWORD, completions
from hsa_dsl.lsp.documents import Document
from hsa_dsl.lsp.hover import hover
from hsa_dsl.lsp.navigation import definition
from hsa_dsl.lsp.positions import LineIndex, Position, Range, from_client_character, to_client_character

log = logging.getLogger(__name__)

NAME = "hsa-dsl"

#: how long the server waits after a change for the next one before it checks the text again:
#: checking the shipped act takes a fifth of a second, longer than between two keystrokes
CHANGE_DELAY = 0.3

_COMPLETION_KINDS = {
    k.INPUT: types.CompletionItemKind.Variable,
    k.DEFINITION: types.CompletionItemKind.Function,
    k.OUTPUT: types.CompletionItemKind.Property,
    k.PARAMETER: types.CompletionItemKind.Constant,
    k.TABLE: types.CompletionItemKind.Function,
    k.RULE: types.CompletionItemKind.Reference,
    k.GROUP: types.CompletionItemKind.Reference,
    k.ARTICLE: types.CompletionItemKind.Reference,
    k.PROVISION: types.CompletionItemKind.Reference,
    k.PARTY: types.CompletionItemKind.Class,
    k.ACTION: types.CompletionItemKind.Method,
    k.RECORD: types.CompletionItemKind.Struct,
    k.FIELD: types.CompletionItemKind.Field,
    k.ENUM: types.CompletionItemKind.Enum,
    k.ENUM_MEMBER: types.CompletionItemKind.EnumMember,
    k.PROPERTY: types.CompletionItemKind.Interface,
    FUNCTION: types.CompletionItemKind.Function,
    KEYWORD: types.CompletionItemKind.Keyword,
}


class HsaLanguageServer(LanguageServer):
    def __init__(self, max_bytes: int | None = None):
        from importlib.metadata import version

        super().__init__(NAME, version("hsa-dsl"))
        #: the largest act checked (the command line's --max-act-bytes)
        self.max_bytes = max_bytes
        self.documents: dict[str, Document] = {}
        #: the documents changed since they were last checked: the timer that will check each,
        #: and the version of the text it will check
        self.waiting: dict[str, tuple[asyncio.TimerHandle, int | None]] = {}

    # ------------------------------------------------------------------ what the client is told

    @property
    def connection(self):
        """The protocol the server speaks: `protocol` in pygls 2, `lsp` in pygls 1."""
        return self.protocol if hasattr(self, "protocol") else self.lsp

    def refresh(self, uri: str, version: int | None = None) -> None:
        """Work out the document again from the text the client has sent, and publish its
        diagnostics."""
        text = self.workspace.get_text_document(uri).source
        document = self.documents.get(uri)
        if document is None:
            document = self.documents[uri] = Document.open(uri, text, self.max_bytes)
        else:
            document.update(text, self.max_bytes)
        self.publish(uri, [self.diagnostic(document, problem) for problem in document.analysis.problems], version)

    def refresh_soon(self, uri: str, version: int | None) -> None:
        """Check a changed document once no change has followed for CHANGE_DELAY seconds."""
        self.forget_waiting(uri)
        # the handlers run on the server's event loop
        timer = asyncio.get_running_loop().call_later(CHANGE_DELAY, self.refresh_waiting, uri)
        self.waiting[uri] = (timer, version)

    def refresh_waiting(self, uri: str) -> None:
        waiting = self.waiting.pop(uri, None)
        if waiting is None:
            return
        try:
            self.refresh(uri, waiting[1])
        except Exception:  # noqa: BLE001 - a timer's fault is logged like a request's
            self.report_fault("checking a changed document")

    def forget_waiting(self, uri: str) -> None:
        waiting = self.waiting.pop(uri, None)
        if waiting is not None:
            waiting[0].cancel()

    def current(self, uri: str) -> Document | None:
        """An open document, checked first if it has changed since it was last checked (a
        request about it is answered from the text the client sees)."""
        if uri in self.waiting:
            self.refresh_waiting(uri)
        return self.documents.get(uri)

    def publish(self, uri: str, diagnostics: list, version: int | None = None) -> None:
        self.connection.notify(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                             types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def report_fault(self, what: str) -> None:
        """Log the exception being handled, here and in the client's log."""
        log.exception("%s failed", what)
        try:
            self.connection.notify(types.WINDOW_LOG_MESSAGE, types.LogMessageParams(
                type=types.MessageType.Error, message=f"hsa-dsl: {what} failed: {sys.exc_info()[1]!r}"))
        except Exception:  # noqa: BLE001 - the client may be gone; the fault is logged above
            log.exception("telling the client failed")

    def diagnostic(self, document: Document, problem) -> types.Diagnostic:
        severity = types.DiagnosticSeverity.Error if problem.severity == "error" else types.DiagnosticSeverity.Warning
        return types.Diagnostic(range=self.client_range(document.analysis.lines, problem.range),
                                message=problem.message, severity=severity, source=NAME)

    # ------------------------------------------------------------------ positions

    @property
    def position_encoding(self) -> str:
        """The units the client counts characters in: UTF-16 unless another was agreed."""
        capabilities = getattr(self, "server_capabilities", None)
        encoding = getattr(capabilities, "position_encoding", None)
        return str(getattr(encoding, "value", encoding) or "utf-16")

    def client_range(self, lines: LineIndex, place: Range) -> types.Range:
        return types.Range(start=self.client_position(lines, place.start), end=self.client_position(lines, place.end))

    def client_position(self, lines: LineIndex, place: Position) -> types.Position:
        character = to_client_character(lines.line_text(place.line), place.character, self.position_encoding)
        return types.Position(line=place.line, character=character)

    def server_position(self, document: Document, place: types.Position) -> Position:
        line_text = document.analysis.lines.line_text(place.line)
        return Position(place.line, from_client_character(line_text, place.character, self.position_encoding))


def _guarded(what: str, answer_on_fault=None):
    """A handler that logs whatever it runs into and answers `answer_on_fault`."""
    def wrap(handler):
        @functools.wraps(handler)
        def guarded(ls: HsaLanguageServer, params):
            try:
                return handler(ls, params)
            except Exception:  # noqa: BLE001 - one failed request must not end the session
                ls.report_fault(what)
                return answer_on_fault
        return guarded
    return wrap


def _about_a_place(what: str):
    """A guarded request about a place in an open document: the handler is given the document
    and the place in it, and a document the client has not opened is answered with nothing."""
    def wrap(handler):
        def answer(ls: HsaLanguageServer, params):
            document = ls.current(params.text_document.uri)
            if document is None:
                return None
            return handler(ls, document, ls.server_position(document, params.position))
        answer.__name__ = handler.__name__
        return _guarded(what)(answer)
    return wrap


def create_server(max_bytes: int | None = None) -> HsaLanguageServer:
    server = HsaLanguageServer(max_bytes)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guarded("checking an opened document")
    def did_open(ls: HsaLanguageServer, params: types.DidOpenTextDocumentParams):
        ls.refresh(params.text_document.uri, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guarded("checking a changed document")
    def did_change(ls: HsaLanguageServer, params: types.DidChangeTextDocumentParams):
        ls.refresh_soon(params.text_document.uri, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @_guarded("checking a saved document")
    def did_save(ls: HsaLanguageServer, params: types.DidSaveTextDocumentParams):
        ls.forget_waiting(params.text_document.uri)
        ls.refresh(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded("closing a document")
    def did_close(ls: HsaLanguageServer, params: types.DidCloseTextDocumentParams):
        ls.forget_waiting(params.text_document.uri)
        ls.documents.pop(params.text_document.uri, None)
        ls.publish(params.text_document.uri, [])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_about_a_place("hover")
    def on_hover(ls: HsaLanguageServer, document: Document, position: Position):
        found = hover(document, position)
        if found is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.text),
                           range=ls.client_range(document.analysis.lines, found.range))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @_about_a_place("go to definition")
    def on_definition(ls: HsaLanguageServer, document: Document, position: Position):
        places = definition(document, position)
        # the places are in the text the names were read from: this one, or the last that parsed
        lines = document.names.lines if document.names is not None else document.analysis.lines
        return [types.Location(uri=document.uri, range=ls.client_range(lines, place)) for place in places] or None

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["."]))
    @_about_a_place("completion")
    def on_completion(ls: HsaLanguageServer, document: Document, position: Position):
        items = [types.CompletionItem(label=c.label, kind=_COMPLETION_KINDS.get(c.kind), detail=c.detail)
                 for c in completions(document, position)]
        return types.CompletionList(is_incomplete=False, items=items)

    return server


def serve(max_bytes: int | None = None) -> None:
    """Answer an editor on standard input and output until it leaves."""
    # warnings and faults only: some versions of pygls log every message at INFO, and an
    # editor that does not read the server's standard error would fill its pipe
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    create_server(max_bytes).start_io()
