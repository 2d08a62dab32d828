"""A fuzzing campaign kept in the tests: mutated acts and mutated cases end in an answer or in
hsa-dsl's own error with a place, never in another exception or a hang.

Acts: the small acts of the tests, and (in a full run, a few dozen: it takes a second to
compile) the shipped act, each mutated by token edits, deletions, truncations, duplicated lines,
bad bytes, a byte-order mark, CR or CRLF line ends, tabs, full-width punctuation and Chinese in
odd places. Cases: the shipped examples, mutated in their YAML text (duplicate keys, nulls, YAML
1.1 number forms, huge and tiny numbers) and in their data (a field removed, emptied, or given a
value of another type). The number of inputs follows the suite's depth (`tests/depth.py`): a
bounded run by default and in CI, and as many as wanted with
`HYPOTHESIS_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py --all`.
"""

import os
import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import hsa_dsl
from hsa_dsl.cases import parse_case_text
from hsa_dsl.errors import HsaError

from conftest import EXAMPLES, ROOT
from depth import examples

ACTS = {name: (ROOT / "tests" / "acts" / name).read_bytes() for name in ("library.hsa", "harvest.hsa", "shifts.hsa")}
CASES = {path.name: path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.yaml"))[:12]}
WANTED = int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "0")) or None

#: what a mutation may put into an act's text: its own tokens, and what a drafter's editor or
#: keyboard may slip in
ODD_PIECES = ["\ufeff", "\r", "\r\n", "\t", "\x00", "\xff", "（", "）", "：", "，", "。", "「", "」", "第五條",
              "勞工", " and ", " or ", " not ", "(", ")", " = ", " > ", "{", "}", "\"", "#", "end\n", "rule x\n",
              "  when ", "  then ", "99999999999999999999999999999999", "1e400", "-", ".", "\n\n"]


def _settings(wanted: int):
    return settings(max_examples=WANTED or examples(wanted), deadline=10_000, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _assert_our_error_with_a_place(error: HsaError, file_name: str):
    rendered = error.render()
    assert rendered.strip(), "an error says what is wrong"
    assert "Traceback" not in rendered
    # the place: the file, and a line where the mistake is in the text
    assert file_name in rendered or re.search(r"line \d+", rendered), rendered


@st.composite
def mutated_act(draw, acts=ACTS):
    name = draw(st.sampled_from(sorted(acts)))
    data = bytearray(acts[name])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "duplicate_line", "truncate", "replace_bytes", "line_ends"]))
        at = draw(st.integers(0, len(data)))
        if kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(ODD_PIECES)).encode("utf-8", errors="surrogatepass") \
                if draw(st.booleans()) else draw(st.binary(min_size=1, max_size=4))
        elif kind == "duplicate_line":
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data[end:end] = data[start:end]
        elif kind == "truncate":
            del data[at:]
        elif kind == "replace_bytes":
            data[at:at + 1] = draw(st.sampled_from([b"\xff", b"\xe5", b"\x00", "：".encode(), b"\t"]))
        else:
            data = bytearray(data.replace(b"\n", draw(st.sampled_from([b"\r", b"\r\n"]))))
    return name, bytes(data)


@_settings(120)
@given(mutated_act())
def test_a_mutated_act_loads_or_is_refused_with_its_place(tmp_path_factory, mutant):
    name, text = mutant
    path = tmp_path_factory.mktemp("act") / name
    path.write_bytes(text)
    try:
        act = hsa_dsl.load_act(path, use_cache=False)
    except HsaError as error:
        event("refused")
        _assert_our_error_with_a_place(error, name)
        return
    event("loaded")
    # what loads runs: its dumps and its case schema are made without any other exception
    assert act.checked is not None
    act.case_schema()


SHIPPED_ACT = {"household_service.hsa": (ROOT / "acts" / "household_service.hsa").read_bytes()}


@pytest.mark.slow
@_settings(24)
@given(mutated_act(SHIPPED_ACT))
def test_a_mutated_shipped_act_loads_or_is_refused_with_its_place(tmp_path_factory, mutant):
    # the shipped act takes a second to compile: a few dozen mutants in a full run, as many as
    # wanted with HYPOTHESIS_FUZZ_EXAMPLES
    test_a_mutated_act_loads_or_is_refused_with_its_place.hypothesis.inner_test(tmp_path_factory, mutant)


YAML_EDITS = [
    (r"\n(\s+)(\w+): ([^\n]+)\n", "\n\\1\\2: \\3\n\\1\\2: \\3\n"),  # a key given twice
    (r": (\d+)\n", ": ~\n"),  # a number made null
    (r": (\d+)\n", ": 0\\1\n"),  # a YAML 1.1 octal form (010)
    (r": (\d+)\n", ": \\1:00\n"),  # a sexagesimal form (8:00)
    (r": (\d+)\n", ": \\1.000.000\n"),  # thousands written with dots
    (r": (\d+)\n", ": 1e999999\n"),  # a number beyond any amount
    (r": (\d+)\n", ": -\\1\n"),  # a negative amount
    (r": (\d{4}-\d\d)-\d\d\n", ": \\1-31\n"),  # an impossible day (2025-02-31)
    (r": (true|false)\n", ": \"maybe\"\n"),  # a yes or no that is neither
    (r"\n(\s+)- ", "\n\\1- &a\n\\1  x: 1\n\\1- "),  # an anchor where an entry was
    (r"\n", "\r"),  # old Mac line ends
]


@st.composite
def mutated_case(draw):
    name = draw(st.sampled_from(sorted(CASES)))
    text = CASES[name]
    for _ in range(draw(st.integers(1, 3))):
        pattern, replacement = draw(st.sampled_from(YAML_EDITS))
        spots = list(re.finditer(pattern, text))
        if not spots:
            continue
        spot = draw(st.sampled_from(spots))
        text = text[:spot.start()] + spot.expand(replacement) + text[spot.end():]
    return name, text


@_settings(150)
@given(mutated_case())
def test_a_mutated_case_is_judged_or_refused_with_its_place(act, mutant):
    name, text = mutant
    _judged_or_refused(name, lambda: act.evaluate(parse_case_text(text, name, json_format=False), trace=False,
                                                  file=name))


def _judged_or_refused(name: str, judge) -> None:
    try:
        verdict = judge()
    except HsaError as error:
        event("refused")
        _assert_our_error_with_a_place(error, name)
        return
    event("judged")
    assert verdict.to_json()["act"] == "household_service"


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, path + (index,))


@st.composite
def case_with_a_strange_value(draw):
    name = draw(st.sampled_from(sorted(CASES)))
    case = parse_case_text(CASES[name], name, json_format=False)
    path = draw(st.sampled_from([p for p in _paths(case) if p]))
    strange = draw(st.one_of(st.none(), st.just(""), st.just([]), st.just({}), st.booleans(),
                             st.integers(-10**30, 10**30), st.text(max_size=8),
                             st.sampled_from(["NaN", "Infinity", "1e-99999", "２０", "2025-13-01", "25:00"])))
    holder = case
    for step in path[:-1]:
        holder = holder[step]
    if draw(st.booleans()) and isinstance(holder, dict):
        del holder[path[-1]]
    else:
        holder[path[-1]] = strange
    return name, case


@_settings(150)
@given(case_with_a_strange_value())
def test_a_case_with_a_strange_value_is_judged_or_refused(act, mutant):
    name, case = mutant
    _judged_or_refused(name, lambda: act.evaluate(case, trace=True, file=name))


@_settings(40)
@given(st.sampled_from(sorted(CASES)), st.sampled_from(["\r\n", "\r"]), st.booleans(), st.randoms())
def test_the_same_facts_written_another_way_give_the_same_verdict(act, name, line_end, with_bom, random):
    # line ends, a byte-order mark and the order of a mapping's keys change nothing of the facts
    original = act.evaluate(parse_case_text(CASES[name], name, json_format=False), trace=False).to_json()

    def shuffled(value):
        if isinstance(value, dict):
            keys = list(value)
            random.shuffle(keys)
            return {key: shuffled(value[key]) for key in keys}
        if isinstance(value, list):
            return [shuffled(v) for v in value]
        return value

    text = ("\ufeff" if with_bom else "") + CASES[name].replace("\n", line_end)
    rewritten = shuffled(parse_case_text(text, name, json_format=False))
    assert act.evaluate(rewritten, trace=False).to_json() == original


@_settings(10)
@given(st.sampled_from(sorted(ACTS)), st.sampled_from([b"\r\n", b"\r"]), st.booleans())
def test_an_act_written_with_other_line_ends_is_the_same_act(tmp_path_factory, name, line_end, with_bom):
    folder = tmp_path_factory.mktemp("act")
    (folder / name).write_bytes((b"\xef\xbb\xbf" if with_bom else b"") + ACTS[name].replace(b"\n", line_end))
    same = hsa_dsl.load_act(folder / name, use_cache=False)
    original = hsa_dsl.load_act(ROOT / "tests" / "acts" / name, use_cache=False)
    assert sorted(same.checked.rules) == sorted(original.checked.rules)
    assert same.module.TARGETS == original.module.TARGETS
