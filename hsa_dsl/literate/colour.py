"""Rules coloured for the HTML document, with the `hsa` Pygments lexer where Pygments is
installed, and as plain text where it is not.

The spans are written here rather than by Pygments' HTML formatter, and styled by the
document's own style sheet rather than a Pygments style: the page is then the same whatever
the version of Pygments, and its provisions and rules named in the code link to their places.
"""

from __future__ import annotations

import html


def available() -> bool:
    try:
        import pygments  # noqa: F401
    except ImportError:
        return False
    return True


def highlight(code: str, provisions: frozenset[str], rules: frozenset[str]) -> str:
    """`code` as escaped HTML, each token in a span of Pygments' short class for its kind (`k`
    for a keyword, `c1` for a comment), and each provision or rule it names a link to it."""
    if not available():
        return html.escape(code)
    from pygments.token import Name, STANDARD_TYPES, Whitespace

    from hsa_dsl.highlight import HsaLexer

    out = []
    for _, kind, value in HsaLexer().get_tokens_unprocessed(code):
        text = html.escape(value)
        if kind in Whitespace:
            out.append(text)
            continue
        css = _css_class(kind, STANDARD_TYPES)
        if kind is Name.Label and value in provisions:
            out.append(f'<a class="{css}" href="#{text}">{text}</a>')
        elif kind is Name and value in rules:
            out.append(f'<a class="{css}" href="#rule-{text}">{text}</a>')
        else:
            out.append(f'<span class="{css}">{text}</span>')
    return "".join(out)


def _css_class(kind, standard: dict) -> str:
    """The short class of a token's kind, or of the nearest kind above it that has one."""
    while kind not in standard:
        kind = kind.parent
    return standard[kind]
