"""`hsa-dsl render`: the act as a literate document.

The small tea-house act (tests/acts/literate/) is compared with golden files in HTML and
Markdown; the shipped act is checked for its structure: every article and every rule once, every
link to an anchor that exists, the quoted words marked, the notice that the Act is a draft first.
After an intended change of output, regenerate the golden files with
``HSA_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py`` and review the diff.
"""

import re
import sys
from collections import Counter
from html.parser import HTMLParser

import pytest

import hsa_dsl
from hsa_dsl.literate import render_act
from hsa_dsl.literate.document import build_document, rule_source
from hsa_dsl.literate.marks import find_marks, segments

from conftest import TEST_ACTS
from test_cli import golden, run

TEA_HOUSE = TEST_ACTS / "literate" / "tea_house.hsa"


class _Page(HTMLParser):
    """The tags of a page, whether they are balanced, its ids and links, and its marked words."""

    VOID = {"meta", "br", "img", "link", "hr", "input"}

    def __init__(self, page: str):
        super().__init__()
        self.stack, self.tags, self.problems = [], [], []
        self.marked: list[str] = []
        self._in_mark = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._in_mark += 1
            self.marked.append("")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark -= 1
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(tag)

    def handle_data(self, data):
        if self._in_mark:
            self.marked[-1] += data

    def ids(self) -> Counter:
        return Counter(a["id"] for _, a in self.tags if "id" in a)

    def links(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and "href" in a]


@pytest.fixture(scope="module")
def shipped_page(act):
    return render_act(act, "html")


@pytest.fixture(scope="module")
def shipped_markdown(act):
    return render_act(act, "md")


# ---------------------------------------------------------------------------- the small act


@pytest.mark.parametrize("output_format", ["html", "md"])
def test_the_small_act_renders_as_its_golden_file(output_format):
    pytest.importorskip("pygments")
    result = run("render", TEA_HOUSE, "--format", output_format)
    assert result.exit_code == 0
    golden(f"render/tea_house.{output_format}", result.output)


def test_render_writes_the_file_it_is_given(tmp_path):
    target = tmp_path / "act.md"
    result = run("render", TEA_HOUSE, "--format", "md", "-o", target)
    assert result.exit_code == 0 and result.output == ""
    assert target.read_text(encoding="utf-8") == run("render", TEA_HOUSE, "--format", "md").output


def test_the_text_of_the_act_is_escaped():
    page = render_act(hsa_dsl.load_act(TEA_HOUSE), "html")
    # the act's text and its rules say <b>: shown, never markup
    assert "<b>" not in page and page.count("&lt;b&gt;") >= 2
    markdown = render_act(hsa_dsl.load_act(TEA_HOUSE), "md")
    text = re.sub(r"```hsa\n.*?\n```\n", "", markdown, flags=re.S)  # code is shown as it is written
    assert "<b>" not in text and "a month &lt;b&gt;&amp;</mark> on time&lt;/b&gt;" in text
    assert r"not for \*lateness\*" in text


def test_a_rule_has_its_reading_but_not_a_comment_a_blank_line_away():
    act = hsa_dsl.load_act(TEA_HOUSE)
    (rule,) = [r for a in build_document(act).articles for r in a.rules if r.name == "full_wage"]
    assert rule.source.startswith('# Reading: "in full" is read as at least the `monthly_wage`, each month;\n')
    assert rule.source.endswith("end") and "  # the floor is the paragraph's own figure\n" in rule.source
    assert "blank line" not in rule.source


def test_the_markdown_fences_a_rule_past_its_backticks():
    markdown = render_act(hsa_dsl.load_act(TEA_HOUSE), "md")
    # a comment with a single backtick keeps the usual fence; one with three gets a longer one
    assert "```hsa\n# Reading: \"in full\"" in markdown
    fenced = markdown.split("````hsa\n", 1)[1]
    assert fenced.startswith('# Reading: "more than 6 hours" is ```s.hours > 6 h```')
    assert "\nend\n````\n" in fenced


def test_without_pygments_the_rules_are_plain_escaped_text(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygments", None)
    page = render_act(hsa_dsl.load_act(TEA_HOUSE), "html")
    code = re.findall(r'<pre class="hsa"><code>(.*?)</code></pre>', page, re.S)
    assert len(code) == 3 and all("<span" not in c and "<a " not in c for c in code)
    assert 'quote en &quot;pay the wage in full, at least NT$1,000 a month &lt;b&gt;&amp;&quot;' in page


def test_overlapping_quotes_are_one_mark_with_both_rules():
    text = "The owner shall pay the wage in full, at least NT$1,000 a month."
    marks = find_marks(text, [("The owner shall pay the wage in full", "a"), ("the wage in full, at least", "b"),
                              ("a month", "c")])
    assert [(text[m.start:m.end], m.rules) for m in marks] == [
        ("The owner shall pay the wage in full, at least", ("a", "b")), ("a month", ("c",))]
    assert "".join(s.text for s in segments(text, marks)) == text


def test_a_quote_is_found_as_the_checker_finds_it():
    # curly quotes and folded white space in the act's text, plain ones in the quote
    text = "An employee’s  residence\ncan be settled"
    (mark,) = find_marks(text, [("employee's residence can", "r")])
    assert text[mark.start:mark.end] == "employee’s  residence\ncan"


def test_rule_source_takes_the_comment_lines_directly_above():
    text = "  # not this\n\n  # Reading: this\n  # and this\n  rule r\n    then x = 1\n  end\n"
    start = text.index("rule")
    span = type("Span", (), {"start_pos": start, "end_pos": text.index("end") + 3})
    assert rule_source(text, span) == "# Reading: this\n# and this\nrule r\n  then x = 1\nend"


# ---------------------------------------------------------------------------- the shipped act


def test_the_shipped_act_says_first_that_it_is_a_draft(shipped_page, shipped_markdown):
    body = shipped_page.split("<body>", 1)[1]
    assert body.lstrip("\n").startswith('<header>\n<p class="notice" role="note" lang="en">This is the Household '
                                        "Service Act (Workers&#x27; Version): a draft bill")
    assert "not law in force" in body.split("<h1>", 1)[0] and "不是現行有效的法律" in body.split("<h1>", 1)[0]
    assert shipped_markdown.startswith("> **This is the Household Service Act")
    assert "not law in force" in shipped_markdown.split("\n# ", 1)[0]


def test_the_shipped_page_is_one_well_formed_self_contained_file(shipped_page):
    page = _Page(shipped_page)
    assert page.problems == [] and page.stack == []
    names = [t for t, _ in page.tags]
    assert names[:2] == ["html", "head"] and "style" in names and "script" not in names
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.tags)
    # nothing is fetched: every link is to a place in the page
    assert not any(a.get("src") for _, a in page.tags)
    assert all(link.startswith("#") for link in page.links())
    assert "http" not in shipped_page and "@import" not in shipped_page


def test_every_article_and_every_rule_is_there_once(act, shipped_page):
    checked = act.checked
    ids = _Page(shipped_page).ids()
    assert [n for n, count in ids.items() if count > 1] == []
    for number, article in checked.articles.items():
        assert ids[f"art_{number}"] == 1
        assert ids.keys() >= set(article.provisions)
    for name in checked.rules:
        assert ids[f"rule-{name}"] == 1
        assert shipped_page.count(f'<div class="rule" id="rule-{name}">') == 1
    assert sum(1 for t, a in _Page(shipped_page).tags if a.get("class") == "rule") == len(checked.rules)


def test_every_link_of_the_shipped_page_reaches_an_anchor(act, shipped_page):
    page = _Page(shipped_page)
    ids = page.ids()
    links = page.links()
    assert links and all(link[1:] in ids for link in links)
    # each rule links to every provision it cites, and each provision back to each rule citing it
    for rule in act.checked.rules.values():
        for cited in rule.cites:
            assert f'href="#{cited}"' in shipped_page
        assert shipped_page.count(f'href="#rule-{rule.name}"') >= len(set(rule.cites))


def test_the_words_every_rule_quotes_are_marked(act, shipped_page):
    marked = " ".join(_Page(shipped_page).marked)
    normalised = re.sub(r"\s+", " ", marked.replace("’", "'").replace("“", '"').replace("”", '"'))
    from hsa_dsl.check.provisions import normalise_words

    for rule in act.checked.rules.values():
        for quote in rule.quotes:
            assert normalise_words(quote.text) in normalised, (rule.name, quote.text)


def test_the_informative_articles_say_so(act, shipped_page):
    informative = [n for n, a in act.checked.articles.items() if a.informative is not None]
    assert informative and shipped_page.count('<p class="informative">') == len(informative)
    for number in informative:
        section = shipped_page.split(f'id="art_{number}"', 1)[1].split("</article>", 1)[0]
        assert '<p class="informative"><strong>Informative</strong>' in section


def test_the_shipped_markdown_has_every_article_and_rule_in_a_fenced_hsa_block(act, shipped_markdown):
    checked = act.checked
    for number in checked.articles:
        assert shipped_markdown.count(f'<a id="art_{number}"></a>') == 1
    assert shipped_markdown.count("```hsa\n") == len(checked.rules)
    for name in checked.rules:
        assert shipped_markdown.count(f'<a id="rule-{name}"></a>') == 1
        assert re.search(rf"^rule {name}$", shipped_markdown, re.M)
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', shipped_markdown))
    assert all(target in anchors for target in re.findall(r"\]\(#([^)]+)\)", shipped_markdown))


def test_rendering_is_deterministic(act, shipped_page, shipped_markdown):
    assert render_act(act, "html") == shipped_page
    assert render_act(act, "md") == shipped_markdown
