"""The literate document as one self-contained HTML page: styles inline, no scripts, nothing
fetched. Every text from the act is escaped. On a wide screen each article's rules stand beside
its text; on a narrow one (a phone), below it."""

from __future__ import annotations

from html import escape as e

from hsa_dsl.literate import colour
from hsa_dsl.literate.document import ArticlePart, ChapterPart, Document, Passage, Provision, RuleSource
from hsa_dsl.literate.marks import segments
from hsa_dsl.literate.words import (about, article_heading, article_other_titles, chapter_heading, html_language,
                                    rule_count, title_of)

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans TC",sans-serif;margin:0 auto;
max-width:88rem;padding:1rem 1.25rem 3rem;line-height:1.55;color:#1b1b1b;background:#fff}
h1{font-size:1.7rem;margin:.6rem 0 .2rem}.subtitle{font-size:1.2rem;margin:0 0 .6rem;color:#333}
h2{font-size:1.35rem;border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.1rem;margin:0 0 .5rem}h3 .other{font-weight:400;color:#555}
a{color:#0b57a4}
.notice{border:1px solid #b58105;background:#fff8e1;padding:.5rem .9rem;font-weight:600;margin:.4rem 0}
.about{color:#333}
nav.toc{background:#f6f6f6;padding:.2rem 1rem .8rem;border-radius:.3rem}
nav.toc h2{margin:.6rem 0 .4rem;border:0}
nav.toc ul{list-style:none;padding-left:1.1rem;margin:.1rem 0}nav.toc>ul{padding-left:0}
nav.toc li{margin:.1rem 0}nav.toc>ul>li{break-inside:avoid;margin-bottom:.4rem}
@media (min-width:60rem){nav.toc>ul{columns:2;column-gap:2rem}}
.count{color:#555;font-size:.9rem;white-space:nowrap}
.article{border-top:1px solid #ddd;padding:1rem 0;scroll-margin-top:.5rem}
.layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.15fr);gap:1.5rem;align-items:start}
.layout.text-only{grid-template-columns:minmax(0,1fr)}
@media (max-width:60rem){.layout{grid-template-columns:minmax(0,1fr);gap:.8rem}}
.provision{margin:0 0 .7rem;scroll-margin-top:.5rem}
.provision:target,.rule:target{outline:2px solid #f2b705;outline-offset:.2rem}
.passage{margin:.15rem 0;white-space:pre-line;overflow-wrap:anywhere}
.passage .lang{display:inline-block;min-width:1.8rem;font-size:.72rem;color:#666;font-family:ui-monospace,monospace;
vertical-align:.1rem}
.number{font-weight:700;margin-right:.3rem}
ol.points{margin:.3rem 0 .3rem;padding-left:1.4rem}ol.points li{margin:.3rem 0}
.encoded{font-size:.85rem;color:#444;margin:.15rem 0 0}
mark{background:#fff0a8;padding:0 .05rem;border-radius:.15rem}
.informative{border-left:.3rem solid #999;background:#f4f4f4;padding:.35rem .7rem;margin:.5rem 0}
.informative strong{text-transform:uppercase;font-size:.78rem;letter-spacing:.05em}
.rule{margin:0 0 .9rem;scroll-margin-top:.5rem}
.rule-head{margin:0 0 .2rem;font-size:.85rem;color:#444;overflow-wrap:anywhere}
.rule-head code{font-weight:600;color:#1b1b1b}
pre.hsa{margin:0;padding:.6rem .8rem;background:#f7f7f4;border:1px solid #e2e2dc;border-radius:.3rem;
white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8rem;line-height:1.45;
font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Noto Sans Mono CJK TC",monospace;tab-size:2}
.hsa .c1{color:#5f6b5f;font-style:italic}.hsa .k,.hsa .ow{color:#7a2e8f}.hsa .kd{color:#7a2e8f;font-weight:700}
.hsa .kt{color:#0b6e99}.hsa .kc{color:#b3261e}.hsa .s2,.hsa .sd{color:#1e7b34}.hsa .nt{color:#8a5a00}
.hsa .m,.hsa .mi,.hsa .mf,.hsa .ld{color:#b3261e}.hsa .nf{color:#0b57a4;font-weight:700}
.hsa .nl{color:#0b57a4}.hsa .nb{color:#0b6e99}.hsa .o{color:#555}
.hsa a{text-decoration:underline dotted}
@media print{.layout{grid-template-columns:minmax(0,1fr)}}
"""


def render_html(document: Document) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title_of(document))}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           "<header>"]
    out += [f'<p class="notice" role="note" lang="{html_language(language)}">{e(text)}</p>'
            for language, text in document.notices]
    out.append(f"<h1>{e(title_of(document))}</h1>")
    out += [f'<p class="subtitle" lang="{html_language(language)}">{e(title)}</p>'
            for language, title in document.titles.items() if title != title_of(document)]
    out += [f'<p class="about">{e(about(document))}</p>', "</header>"]
    out += _contents(document)
    out.append("<main>")
    for chapter in document.chapters:
        out += _chapter(document, chapter)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _contents(document: Document) -> list[str]:
    out = ['<nav class="toc" aria-labelledby="contents"><h2 id="contents">Contents</h2>', "<ul>"]
    for chapter in document.chapters:
        if chapter.id is not None:
            out.append(f'<li><a href="#{chapter.id}">{e(chapter_heading(chapter))}</a><ul>')
        for article in chapter.articles:
            out.append(f'<li><a href="#{article.id}">{e(article_heading(article))}</a> '
                       f'<span class="count">· {e(rule_count(article))}</span></li>')
        if chapter.id is not None:
            out.append("</ul></li>")
    out += ["</ul>", "</nav>"]
    return out


def _chapter(document: Document, chapter: ChapterPart) -> list[str]:
    out = []
    if chapter.id is not None:
        out.append(f'<section class="chapter" id="{chapter.id}"><h2>{e(chapter_heading(chapter))}</h2>')
    for article in chapter.articles:
        out += _article(document, article)
    if chapter.id is not None:
        out.append("</section>")
    return out


def _article(document: Document, article: ArticlePart) -> list[str]:
    others = "".join(f' <span class="other" lang="{html_language(language)}">· {e(title)}</span>'
                     for language, title in article_other_titles(article))
    out = [f'<article class="article" id="{article.id}">', f"<h3>{e(article_heading(article))}{others}</h3>",
           f'<div class="layout{"" if article.rules else " text-only"}">', '<div class="text">']
    if article.informative is not None:
        out.append(f'<p class="informative"><strong>Informative</strong> · {e(article.informative)}</p>')
    if article.text.passages or article.text.encoded_by:
        out += _provision(article.text, "div")
    for paragraph in article.paragraphs:
        out += _provision(paragraph, "div")
    out.append("</div>")
    if article.rules:
        out.append(f'<div class="rules" aria-label="the rules of article {article.number}">')
        for rule in article.rules:
            out += _rule(document, rule)
        out.append("</div>")
    out += ["</div>", "</article>"]
    return out


def _provision(provision: Provision, tag: str) -> list[str]:
    # the article's own text has the article's id: its element is the article itself
    own_id = provision.number is not None
    # a point keeps its number even where the act skips one
    value = f' value="{provision.number}"' if tag == "li" else ""
    out = [f'<{tag} class="provision"' + (f' id="{provision.id}"' if own_id else "") + value + ">"]
    number = f'<span class="number">{provision.number}.</span>' if provision.number is not None and tag == "div" else ""
    for index, passage in enumerate(provision.passages):
        out.append(_passage(passage, number if index == 0 else ""))
    if not provision.passages and number:
        out.append(f'<p class="passage">{number}</p>')
    if provision.points:
        out.append('<ol class="points">')
        for point in provision.points:
            out += _provision(point, "li")
        out.append("</ol>")
    if provision.encoded_by:
        links = ", ".join(f'<a href="#rule-{e(name)}"><code>{e(name)}</code></a>' for name in provision.encoded_by)
        out.append(f'<p class="encoded">Encoded by {links}</p>')
    out.append(f"</{tag}>")
    return out


def _passage(passage: Passage, number: str) -> str:
    body = "".join(f'<mark title="quoted by {e(", ".join(s.rules))}">{e(s.text)}</mark>' if s.marked else e(s.text)
                   for s in segments(passage.text, passage.marks))
    return (f'<p class="passage" lang="{html_language(passage.language)}">{number}'
            f'<span class="lang" aria-hidden="true">{e(passage.language)}</span> {body}</p>')


def _rule(document: Document, rule: RuleSource) -> list[str]:
    cites = ", ".join(f'<a href="#{e(cited)}"><code>{e(cited)}</code></a>' for cited in rule.cites)
    code = colour.highlight(rule.source, document.provisions, document.rules)
    return [f'<div class="rule" id="rule-{e(rule.name)}">',
            f'<p class="rule-head">Rule <code>{e(rule.name)}</code> · cites {cites}</p>',
            f'<pre class="hsa"><code>{code}</code></pre>', "</div>"]
