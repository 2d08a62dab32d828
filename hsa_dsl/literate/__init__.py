"""`hsa-dsl render`: the act as a literate document, its text and its rules side by side.

``document`` works out what the document shows (from the act's syntax tree and its checked
form), ``marks`` finds the words each rule quotes, ``colour`` colours the rules with the `hsa`
Pygments lexer where Pygments is installed, and ``html`` and ``markdown`` print it.
"""

from __future__ import annotations

FORMATS = ("html", "md")


def render_act(act, output_format: str = "html") -> str:
    """The act (:class:`hsa_dsl.api.Act`) as a literate document in HTML or Markdown."""
    from hsa_dsl.literate.document import build_document

    document = build_document(act)
    if output_format == "html":
        from hsa_dsl.literate.html import render_html

        return render_html(document)
    if output_format == "md":
        from hsa_dsl.literate.markdown import render_markdown

        return render_markdown(document)
    raise ValueError(f"no literate format {output_format!r}: the formats are {', '.join(FORMATS)}")
