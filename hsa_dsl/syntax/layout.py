"""The canonical layout of a .hsa file: what `hsa-dsl fmt` writes.

The formatter moves only white space between tokens, so the file it writes has the same tokens,
the same comments and the same law text, and parses to the same AST (the property tests check
it). It keeps the drafter's line breaks and changes

- indentation: two spaces for each block (act, chapter, article, paragraph, point, record,
  parameter, table, property, rule) a line is inside; `end` at its block's level; a comment at
  the level of the line after it, or inside the block whose `end` follows it;
- continuation lines (an expression carried on to the next line) keep their indentation
  relative to the line where their entry starts, so that an alignment the drafter chose
  survives a change of the block's level; one that was not indented further gets four spaces
  (a closing bracket may stay at its entry's level);
- spacing inside a line: one space between tokens, none inside brackets and braces, before
  `,` and `:`, around a field's `.`, after a unary minus, or between a function's name and its
  `(`; two spaces before a comment that ends a line;
- blank lines: at most one in a row, none at the start or the end of the file.

Text inside a string is never touched, including the lines of a string that spans several.
The positions come from Lark's parse tree (every token kept), and the comments from the text
between tokens, where the grammar allows nothing but white space and comments.
"""

from __future__ import annotations

import re

import attrs
from lark import Token, Tree

from hsa_dsl.source import Source, normalise_newlines

#: the grammar's rules that open a block closed by `end`
BLOCKS = frozenset({"act_header", "chapter", "article", "paragraph", "point", "record_decl",
                    "parameter_decl", "table_decl", "property_decl", "rule"})

INDENT = "  "
CONTINUATION = 4
_COMMENT = re.compile(r"#[^\n]*")
_NO_SPACE_BEFORE = frozenset({")", "}", ",", ":"})
_NO_SPACE_AFTER = frozenset({"(", "{"})
#: keywords written like a function's name before their `(`
_CALLING_KEYWORDS = frozenset({"sum", "max", "min", "any", "all", "average", "count"})


@attrs.define
class _Token:
    token: Token
    #: how many blocks the token is inside (not a block's first token or its `end`)
    depth: int
    #: whether it is the `end` of a block
    closes: bool
    #: the index of the first token of the entry it belongs to (a block's child, or an item)
    entry: int
    #: the rule of the tree that holds it (to tell a unary minus from a binary one)
    parent: str


def format_source(source: Source, tree: Tree) -> str:
    """The canonical layout of `source`, whose parse tree (every token kept) is `tree`."""
    text = source.text
    tokens = _tokens(tree)
    lines: list[str] = []
    new_indent: dict[int, int] = {}  # by a line's number in the source: its indentation now
    old_indent: dict[int, int] = {}  # by a line's number in the source: its indentation then
    current: list[str] = []  # the pieces of the line being written
    position = 0

    def finish_line() -> None:
        if current:
            lines.append("".join(current).rstrip())
            current.clear()

    for index, item in enumerate(tokens):
        token = item.token
        gap = text[position:token.start_pos]
        comments = list(_COMMENT.finditer(gap))
        breaks = gap.count("\n")
        if breaks or not current:
            # the comments of the gap, each on the line it ends (the first may end the line
            # being written), then a blank line where the gap had one before the token
            cursor = 0
            for comment in comments:
                before = gap[cursor:comment.start()]
                if "\n" in before or not current:
                    finish_line()
                    if before.count("\n") >= 2 and lines:
                        lines.append("")
                    indent = _line_indent(item, index, tokens, text, new_indent, old_indent)
                    indent += len(INDENT) if item.closes else 0
                    current.append(" " * indent + comment.group().rstrip())
                else:
                    current.append("  " + comment.group().rstrip())
                cursor = comment.end()
            rest = gap[cursor:]
            finish_line()
            if rest.count("\n") >= 2 and lines and lines[-1] != "":
                lines.append("")
            line = token.line
            indent = _line_indent(item, index, tokens, text, new_indent, old_indent)
            new_indent[line] = indent
            current.append(" " * indent + token.value)
        else:
            previous = tokens[index - 1]
            current.append(_space(previous, item) + token.value)
        position = token.end_pos
        if "\n" in token.value:
            # a string of several lines: the line it ends on goes on from its end
            new_indent[token.end_line] = new_indent.get(token.line, 0)
    tail = text[position:]
    cursor = 0
    for comment in _COMMENT.finditer(tail):
        before = tail[cursor:comment.start()]
        if "\n" in before or not current:
            finish_line()
            if before.count("\n") >= 2 and lines:
                lines.append("")
            current.append(comment.group().rstrip())
        else:
            current.append("  " + comment.group().rstrip())
        cursor = comment.end()
    finish_line()
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def format_text(text: str, name: str = "<text>") -> str:
    """The canonical layout of an act's text (parsed here; a syntax error is raised as the
    parser tells it)."""
    from hsa_dsl.syntax.parsing import parse_tree

    source = Source(name, normalise_newlines(text))
    return format_source(source, parse_tree(source))


# ---------------------------------------------------------------- indentation


def _line_indent(item: _Token, index: int, tokens: list[_Token], text: str,
                 new_indent: dict[int, int], old_indent: dict[int, int]) -> int:
    """The indentation of the line that `item` (the first token on it) starts."""
    first = tokens[item.entry]
    if item.entry == index or first.token.line == item.token.line:
        return len(INDENT) * item.depth
    # a continuation: where it was against the line its entry starts on, kept
    base_line = first.token.line
    offset = _old_indent(item.token.line, text, old_indent) - _old_indent(base_line, text, old_indent)
    if offset <= 0:
        # a closing bracket at its entry's level stays there; any other line is set in
        offset = 0 if item.token.value in (")", "}") else CONTINUATION
    return new_indent.get(base_line, len(INDENT) * first.depth) + offset


def _old_indent(line: int, text: str, cache: dict[int, int]) -> int:
    if line not in cache:
        start = 0
        for _ in range(line - 1):
            start = text.index("\n", start) + 1
        end = text.find("\n", start)
        content = text[start:end if end >= 0 else len(text)]
        cache[line] = len(content.expandtabs(4)) - len(content.expandtabs(4).lstrip())
    return cache[line]


# ---------------------------------------------------------------- spacing


def _space(previous: _Token, item: _Token) -> str:
    before, after = previous.token, item.token
    if after.value in _NO_SPACE_BEFORE or before.value in _NO_SPACE_AFTER:
        return ""
    if after.value == "." or before.value == ".":
        return ""
    if after.value == "(" and (before.type == "NAME" or before.value in _CALLING_KEYWORDS):
        return ""
    if before.value == "-" and previous.parent == "negate":
        return ""
    return " "


# ---------------------------------------------------------------- the tokens and their places


def _tokens(tree: Tree) -> list[_Token]:
    """Every token of the parse tree in order, with its depth in blocks, whether it closes a
    block, and the first token of its entry. Walked without recursion: a long chain of `and`s
    is a deep tree."""
    found: list[_Token] = []
    first_of_entry: dict[int, int] = {}
    entries = 0
    # (node, blocks around it, its parent's rule, its entry's number, whether it closes a block)
    stack: list = [(tree, 0, "", 0, False)]
    while stack:
        node, depth, parent, entry, closes = stack.pop()
        if isinstance(node, Token):
            first_of_entry.setdefault(entry, len(found))
            found.append(_Token(node, depth, closes, first_of_entry[entry], parent))
            continue
        opens = node.data in BLOCKS
        last = len(node.children) - 1
        frames = []
        for position, child in enumerate(node.children):
            child_entry = entry
            if opens or node.data == "start":
                entries += 1
                child_entry = entries
            own = opens and isinstance(child, Token) and (position == 0 or (position == last and child == "end"))
            child_depth = depth + 1 if opens and not own else depth
            frames.append((child, child_depth, node.data, child_entry, own and position == last and position > 0))
        stack.extend(reversed(frames))
    return found
