"""`hsa-dsl verify` against brute force: small random acts over a few inputs with small finite
domains, where every valid case can be run through the compiled rules.

Each act has 2 to 4 inputs (`integer in 0 .. K`, `bool`, an enumeration of 2 or 3 members, at
most one `optional integer in 0 .. 2`), 1 or 2 integer outputs (some `required` or `required
when ...`), one party and 1 to 3 actions, and 2 to 6 rules: a `when` of comparisons with
constants, enumeration tests, bools and `is given`, joined by `and`, `or` and `not`; a
conclusion that sets an output or is a norm (`must`, `must not`, `may`), a `must` or `must not`
perhaps with a `violated when`, and perhaps `exception to` earlier rules of its target.

The oracle runs every valid case (a few hundred at most) through the compiled rules, traced, and
reads from the firings and the verdicts which of the verifier's findings each act has:

- value_conflict / deontic_conflict (a, b): a case whose verdict has a conflict between a and b
  (the two rules in the order of the file);
- gap (output): a case where the output is required and no rule deciding it is in force. Where
  the rules in force conflict the verdict has no value either, but that case is a conflict, not
  a gap: the verifier's convention (an output is decided where one of its rules is effective);
- never_applies (rule): no case meets the rule's condition;
- dead_rule (a rule some exception names): it applies somewhere and is effective nowhere (a rule
  that never applies is reported once, as never_applies);
- vacuous_exception (exception, rule): no case meets the conditions of both;
- never_violated / always_violated (a rule with `violated when`): effective somewhere, and
  violated in no case / in every case where it is effective.

The acts are simple enough to be decided exactly, so the verifier must have no unknown answers.
The number of acts follows the suite's depth (`tests/depth.py`), and
`HYPOTHESIS_FUZZ_EXAMPLES=N` asks for N.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hsa_dsl
from hsa_dsl.prove.verify import verify

from depth import examples

WANTED = int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "0")) or None
#: at most this many valid cases per act
MAX_CASES = 300


# ---------------------------------------------------------------------------- the acts


@dataclass(frozen=True)
class Input:
    name: str
    kind: str  # integer, bool, enum, optional (an optional integer)
    top: int = 0  # integer and optional: the domain is 0 .. top
    members: tuple[str, ...] = ()

    @property
    def type_name(self) -> str:
        return f"Kind_{self.name}"

    def declaration(self) -> str:
        if self.kind == "integer":
            return f"input {self.name}: integer in 0 .. {self.top}"
        if self.kind == "optional":
            return f"input {self.name}: optional integer in 0 .. {self.top}"
        if self.kind == "bool":
            return f"input {self.name}: bool"
        return f"enum {self.type_name}: {', '.join(self.members)}\ninput {self.name}: {self.type_name}"

    def values(self) -> list:
        """Every value the input can take in a valid case (None: left out)."""
        if self.kind == "integer":
            return list(range(self.top + 1))
        if self.kind == "optional":
            return [None, *range(self.top + 1)]
        if self.kind == "bool":
            return [False, True]
        return list(self.members)


_COMPARE = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


# Conditions: each says how it is written and whether it holds for a case. The checker narrows
# optional inputs as it reads (after `o is given and`, in the `violated when` of a rule whose
# `when` tells that `o` is given, ...) and refuses to test again what it knows is given, so a
# condition is written knowing which optional inputs are given there (`known`), and says which
# it tells are given when it evaluates to true or to false (`facts`), as the checker reads it.

NOTHING_KNOWN: frozenset = frozenset()


@dataclass(frozen=True)
class Cmp:
    """An integer input, or a given optional one, compared with a constant. An optional input
    must be tested before use: `(o is given and o > 1)`, or `o > 1` where it is known given."""
    name: str
    op: str
    value: int
    optional: bool = False

    def text(self, known=NOTHING_KNOWN) -> str:
        if self.optional and self.name not in known:
            return f"({self.name} is given and {self.name} {self.op} {self.value})"
        return f"{self.name} {self.op} {self.value}"

    def facts(self, outcome: bool) -> frozenset:
        return frozenset({self.name}) if self.optional and outcome else NOTHING_KNOWN

    def holds(self, case: dict) -> bool:
        v = case.get(self.name)
        return v is not None and _COMPARE[self.op](v, self.value)


@dataclass(frozen=True)
class Flag:
    name: str

    def text(self, known=NOTHING_KNOWN) -> str:
        return self.name

    def facts(self, outcome: bool) -> frozenset:
        return NOTHING_KNOWN

    def holds(self, case: dict) -> bool:
        return case[self.name]


@dataclass(frozen=True)
class EnumIs:
    name: str
    member: str
    negated: bool = False

    def text(self, known=NOTHING_KNOWN) -> str:
        return f"{self.name} {'!=' if self.negated else '='} {self.member}"

    def facts(self, outcome: bool) -> frozenset:
        return NOTHING_KNOWN

    def holds(self, case: dict) -> bool:
        return (case[self.name] == self.member) != self.negated


@dataclass(frozen=True)
class EnumIn:
    name: str
    members: tuple[str, ...]
    negated: bool = False

    def text(self, known=NOTHING_KNOWN) -> str:
        return f"{self.name} {'not in' if self.negated else 'in'} {{{', '.join(self.members)}}}"

    def facts(self, outcome: bool) -> frozenset:
        return NOTHING_KNOWN

    def holds(self, case: dict) -> bool:
        return (case[self.name] in self.members) != self.negated


@dataclass(frozen=True)
class Given:
    """`o is given` (`o is not given`); where `o` is known given, `true` (`false`)."""
    name: str
    negated: bool = False

    def text(self, known=NOTHING_KNOWN) -> str:
        if self.name in known:
            return "false" if self.negated else "true"
        return f"{self.name} is {'not ' if self.negated else ''}given"

    def facts(self, outcome: bool) -> frozenset:
        return frozenset({self.name}) if outcome != self.negated else NOTHING_KNOWN

    def holds(self, case: dict) -> bool:
        return (case.get(self.name) is not None) != self.negated


@dataclass(frozen=True)
class Not:
    inner: object

    def text(self, known=NOTHING_KNOWN) -> str:
        return f"not ({self.inner.text(known)})"

    def facts(self, outcome: bool) -> frozenset:
        return self.inner.facts(not outcome)

    def holds(self, case: dict) -> bool:
        return not self.inner.holds(case)


@dataclass(frozen=True)
class And:
    left: object
    right: object

    def text(self, known=NOTHING_KNOWN) -> str:
        return f"({self.left.text(known)}) and ({self.right.text(known | self.left.facts(True))})"

    def facts(self, outcome: bool) -> frozenset:
        return self.left.facts(True) | self.right.facts(True) if outcome else NOTHING_KNOWN

    def holds(self, case: dict) -> bool:
        return self.left.holds(case) and self.right.holds(case)


@dataclass(frozen=True)
class Or:
    left: object
    right: object

    def text(self, known=NOTHING_KNOWN) -> str:
        return f"({self.left.text(known)}) or ({self.right.text(known | self.left.facts(False))})"

    def facts(self, outcome: bool) -> frozenset:
        return NOTHING_KNOWN if outcome else self.left.facts(False) | self.right.facts(False)

    def holds(self, case: dict) -> bool:
        return self.left.holds(case) or self.right.holds(case)


@dataclass(frozen=True)
class Assign:
    output: str
    value: int | str  # a constant, or the text of an integer expression of the inputs

    def text(self) -> str:
        return f"{self.output} = {self.value}"

    @property
    def target(self) -> tuple:
        return ("output", self.output)


@dataclass(frozen=True)
class Norm:
    modality: str  # must, must not, may
    action: str

    def text(self) -> str:
        return f"employer {self.modality} {self.action}"

    @property
    def target(self) -> tuple:
        return ("norm", self.action)


@dataclass(frozen=True)
class Rule:
    name: str
    then: Assign | Norm
    when: object | None = None
    violated: object | None = None
    exception_to: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [f"  rule {self.name}", "    cites art_1", '    quote en "Text."']
        if self.exception_to:
            lines.append(f"    exception to {', '.join(self.exception_to)}")
        if self.when is not None:
            lines.append(f"    when {self.when.text()}")
        lines.append(f"    then {self.then.text()}")
        if self.violated is not None:
            known = self.when.facts(True) if self.when is not None else NOTHING_KNOWN
            lines.append(f"    violated when {self.violated.text(known)}")
        lines.append("  end")
        return "\n".join(lines)


@dataclass(frozen=True)
class Output:
    name: str
    required: bool | object = False  # False, True, or the condition of `required when`

    def declaration(self) -> str:
        if self.required is True:
            return f"output {self.name}: integer required"
        if self.required is False:
            return f"output {self.name}: integer"
        return f"output {self.name}: integer required when {self.required.text()}"

    def required_in(self, case: dict) -> bool:
        return self.required if isinstance(self.required, bool) else self.required.holds(case)


@dataclass(frozen=True)
class ActSpec:
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    actions: tuple[str, ...]
    rules: tuple[Rule, ...]

    def text(self) -> str:
        parts = ["act random", '  title en "Random"', "  languages en", "end",
                 'party employer "the employer"']
        parts += [f'action {a} "{a}"' for a in self.actions]
        parts += [i.declaration() for i in self.inputs]
        parts += [o.declaration() for o in self.outputs]
        parts += ["article 1", '  en "Text."', *(r.text() for r in self.rules), "end"]
        return "\n".join(parts) + "\n"

    def cases(self) -> list[dict]:
        """Every valid case, as a case file gives it (an optional input not given is left out)."""
        names = [i.name for i in self.inputs]
        return [{n: v for n, v in zip(names, values) if v is not None}
                for values in itertools.product(*(i.values() for i in self.inputs))]


# ---------------------------------------------------------------------------- the oracle


@dataclass
class Oracle:
    findings: set
    #: a case showing each conflict and gap found (for the failure message)
    witnesses: dict


def brute_force(act, spec: ActSpec) -> Oracle:
    """The verifier's findings, worked out by running every valid case through the compiled rules."""
    position = {r.name: i for i, r in enumerate(spec.rules)}
    by_name = {r.name: r for r in spec.rules}
    overridden = {base for r in spec.rules for base in r.exception_to}
    deciding = {o.name: [r.name for r in spec.rules if r.then.target == ("output", o.name)] for o in spec.outputs}
    applies, effective, violated, met = set(), set(), set(), set()
    overlapping = set()
    witnesses: dict = {}
    for case in spec.cases():
        inputs = act.validate(case)
        _, firings, _ = act.compiled.run(inputs, True)
        verdict = act.evaluate_inputs(inputs, trace=False)
        assert set(firings) == set(by_name), "traced, every rule has firings"
        applicable = set()
        in_force = set()
        for name, made in firings.items():
            [firing] = made  # no `for each`: one firing per rule
            if firing.applicable:
                applicable.add(name)
            if firing.effective:
                in_force.add(name)
                if by_name[name].violated is not None:
                    assert firing.violated in (True, False)
                    (violated if firing.violated else met).add(name)
        applies |= applicable
        effective |= in_force
        for rule in spec.rules:
            for base in rule.exception_to:
                if rule.name in applicable and base in applicable:
                    overlapping.add((rule.name, base))
        clashes = set()
        for conflict in verdict.conflicts:
            a, b = sorted((conflict.rule, conflict.other_rule), key=position.__getitem__)
            kind = "value_conflict" if isinstance(by_name[a].then, Assign) else "deontic_conflict"
            clashes.add(a)
            clashes.add(b)
            witnesses.setdefault((kind, (a, b)), case)
        for output in spec.outputs:
            decided = [r for r in deciding[output.name] if r in in_force]
            # the runtime gives a value exactly where a rule is in force and none conflicts
            if not decided:
                assert output.name not in verdict.values
            elif output.name not in verdict.values:
                assert clashes & set(decided), (case, output.name)
            if output.required_in(case) and not decided:
                witnesses.setdefault(("gap", (output.name,)), case)
    found = {key for key in witnesses}
    for rule in spec.rules:
        name = rule.name
        if name not in applies:
            found.add(("never_applies", (name,)))
        elif name in overridden and name not in effective:
            found.add(("dead_rule", (name,)))
        for base in rule.exception_to:
            if (name, base) not in overlapping:
                found.add(("vacuous_exception", (name, base)))
        if rule.violated is not None and name in effective:
            if name not in violated:
                found.add(("never_violated", (name,)))
            if name not in met:
                found.add(("always_violated", (name,)))
    return Oracle(found, witnesses)


def load(spec: ActSpec):
    return hsa_dsl.load_act_text(spec.text(), "random.hsa", use_cache=False)


def check_against_brute_force(spec: ActSpec, expected: set | None = None) -> None:
    act = load(spec)
    oracle = brute_force(act, spec)
    if expected is not None:
        assert oracle.findings == expected, "the oracle itself"
    report = verify(act)
    found = {(a.kind, a.subjects) for a in report.findings}
    unknown = [(a.kind, a.subjects, a.reason) for a in report.unknown]
    message = [spec.text(), f"verifier only: {sorted(found - oracle.findings)}",
               f"brute force only: {sorted(oracle.findings - found)}"]
    message += [f"  {key}: e.g. {case}" for key, case in sorted(oracle.witnesses.items())
                if key in oracle.findings - found]
    message += [f"  {a.kind} {a.subjects}: verifier's witness {a.witness}" for a in report.findings
                if (a.kind, a.subjects) in found - oracle.findings]
    message.append(f"unknown: {unknown}")
    assert unknown == [] and found == oracle.findings, "\n".join(message)


# ---------------------------------------------------------------------------- hand-picked acts

n0 = Input("n0", "integer", 3)
n0_4 = Input("n0", "integer", 4)
b0 = Input("b0", "bool")
e1 = Input("e1", "enum", members=("e1_a", "e1_b"))
o0 = Input("o0", "optional", 2)
n1 = Input("n1", "integer", 2)

HAND_PICKED = {
    # n0 in 0..3; out0 required; r0: n0 < 2 → 1; r1: n0 >= 1 → 2.
    # n0 = 1: both apply, 1 against 2: a value conflict. Some rule is in force in every case, so
    # no gap (at n0 = 1 the verdict has no value for out0, but that is the conflict).
    "overlapping values": (
        ActSpec((n0,), (Output("out0", True),), ("act_a",), (
            Rule("r0", Assign("out0", 1), Cmp("n0", "<", 2)),
            Rule("r1", Assign("out0", 2), Cmp("n0", ">=", 1)))),
        {("value_conflict", ("r0", "r1"))}),
    # n0 in 0..4; r0: n0 < 2 → 1; r1 (exception to r0): n0 < 3 → 2; r2 (exception to r0): n0 > 3 → 0.
    # r0 applies at 0 and 1, where r1 overrides it: dead. r2 applies only at 4, r0 never there:
    # vacuous. r1 and r2 never apply together: no conflict.
    "dead rule and vacuous exception": (
        ActSpec((n0_4,), (Output("out0"),), ("act_a",), (
            Rule("r0", Assign("out0", 1), Cmp("n0", "<", 2)),
            Rule("r1", Assign("out0", 2), Cmp("n0", "<", 3), exception_to=("r0",)),
            Rule("r2", Assign("out0", 0), Cmp("n0", ">", 3), exception_to=("r0",)))),
        {("dead_rule", ("r0",)), ("vacuous_exception", ("r2", "r0"))}),
    # b0 bool, e1 in {e1_a, e1_b}.
    # r0: b0 → must act_a, violated when e1 = e1_a (violated at (T, a), met at (T, b));
    # r1: not b0 or e1 = e1_b → must not act_a: both in force at (T, b): deontic conflict;
    # r2: always → must act_b, violated when b0 and not b0: never violated;
    # r3: e1 = e1_a → may act_b: agrees with r2's duty;
    # r4: e1 = e1_a → must not act_c, violated when e1 != e1_b: violated wherever it applies.
    "norms and violations": (
        ActSpec((b0, e1), (Output("out0"),), ("act_a", "act_b", "act_c"), (
            Rule("r0", Norm("must", "act_a"), Flag("b0"), EnumIs("e1", "e1_a")),
            Rule("r1", Norm("must not", "act_a"), Or(Not(Flag("b0")), EnumIs("e1", "e1_b"))),
            Rule("r2", Norm("must", "act_b"), None, And(Flag("b0"), Not(Flag("b0")))),
            Rule("r3", Norm("may", "act_b"), EnumIn("e1", ("e1_a",))),
            Rule("r4", Norm("must not", "act_c"), EnumIs("e1", "e1_a"), EnumIs("e1", "e1_b", negated=True)))),
        {("deontic_conflict", ("r0", "r1")), ("never_violated", ("r2",)), ("always_violated", ("r4",))}),
    # o0 optional 0..2, n1 in 0..2; out0 required when o0 is given; out1 required when n1 = 2.
    # r0: o0 given and >= 1 → out0 = n1; r1: n1 > 2 → out0 = 0, never (n1 <= 2);
    # o0 = 0 is given but r0 does not apply: a gap in out0. r2: n1 >= 2 → out1 = 1: no gap.
    "gap where required": (
        ActSpec((o0, n1), (Output("out0", Given("o0")), Output("out1", Cmp("n1", "=", 2))), ("act_a",), (
            Rule("r0", Assign("out0", "n1"), Cmp("o0", ">=", 1, optional=True)),
            Rule("r1", Assign("out0", 0), Cmp("n1", ">", 2)),
            Rule("r2", Assign("out1", 1), Cmp("n1", ">=", 2)))),
        {("gap", ("out0",)), ("never_applies", ("r1",))}),
    # b0 bool; r0: always → out0 = 1; r1 (exception to r0): b0 → 2; r2 (exception to r1): b0 → 3.
    # Where b0, r2 overrides r1, so r1 is dead, and r1 no longer overrides r0: r0 and r2 are
    # both in force with 1 against 3, a value conflict (an exception of an exception is not an
    # exception to the first rule).
    "an exception of an exception": (
        ActSpec((b0,), (Output("out0", True),), ("act_a",), (
            Rule("r0", Assign("out0", 1)),
            Rule("r1", Assign("out0", 2), Flag("b0"), exception_to=("r0",)),
            Rule("r2", Assign("out0", 3), Flag("b0"), exception_to=("r1",)))),
        {("dead_rule", ("r1",)), ("value_conflict", ("r0", "r2"))}),
}


@pytest.mark.parametrize("name", sorted(HAND_PICKED))
def test_hand_picked_acts(name):
    spec, expected = HAND_PICKED[name]
    check_against_brute_force(spec, expected)


# ---------------------------------------------------------------------------- random acts


def conditions(inputs: tuple[Input, ...]):
    atoms = []
    for i in inputs:
        if i.kind in ("integer", "optional"):
            atoms.append(st.builds(Cmp, st.just(i.name), st.sampled_from(sorted(_COMPARE)),
                                   st.integers(0, i.top + 1), st.just(i.kind == "optional")))
        if i.kind == "optional":
            atoms.append(st.builds(Given, st.just(i.name), st.booleans()))
        if i.kind == "bool":
            atoms.append(st.just(Flag(i.name)))
        if i.kind == "enum":
            atoms.append(st.builds(EnumIs, st.just(i.name), st.sampled_from(i.members), st.booleans()))
            atoms.append(st.builds(EnumIn, st.just(i.name),
                                   st.lists(st.sampled_from(i.members), min_size=1, max_size=len(i.members),
                                            unique=True).map(tuple), st.booleans()))
    return st.recursive(st.one_of(atoms), lambda inner: st.one_of(
        st.builds(Not, inner), st.builds(And, inner, inner), st.builds(Or, inner, inner)), max_leaves=4)


@st.composite
def acts(draw) -> ActSpec:
    kinds = draw(st.lists(st.sampled_from(["integer", "bool", "enum"]), min_size=2, max_size=4))
    if draw(st.booleans()):
        kinds[draw(st.integers(0, len(kinds) - 1))] = "optional"
    inputs = []
    for index, kind in enumerate(kinds):
        name = {"integer": "n", "bool": "b", "enum": "e", "optional": "o"}[kind] + str(index)
        if kind == "integer":
            inputs.append(Input(name, kind, draw(st.integers(1, 4))))
        elif kind == "optional":
            inputs.append(Input(name, kind, 2))
        elif kind == "enum":
            size = draw(st.integers(2, 3))
            inputs.append(Input(name, kind, members=tuple(f"{name}_{m}" for m in "abc"[:size])))
        else:
            inputs.append(Input(name, kind))
    # at most MAX_CASES valid cases: narrow the widest integer range until there are
    while _count(inputs) > MAX_CASES:
        widest = max((i for i in inputs if i.kind == "integer"), key=lambda i: i.top)
        inputs[inputs.index(widest)] = Input(widest.name, "integer", widest.top - 1)
    inputs = tuple(inputs)
    condition = conditions(inputs)
    outputs = tuple(Output(f"out{k}", draw(st.one_of(st.just(False), st.just(True), condition)))
                    for k in range(draw(st.integers(1, 2))))
    actions = tuple(f"act_{a}" for a in "abc"[:draw(st.integers(1, 3))])
    integers = [i.name for i in inputs if i.kind == "integer"]
    values = st.integers(0, 3)
    if integers:
        values = st.one_of(values, values, st.sampled_from(integers),
                           st.sampled_from(integers).map(lambda n: f"{n} + 1"))
    rules = []
    for index in range(draw(st.integers(2, 6))):
        if draw(st.booleans()):
            then = Assign(draw(st.sampled_from([o.name for o in outputs])), draw(values))
        else:
            then = Norm(draw(st.sampled_from(["must", "must not", "may"])), draw(st.sampled_from(actions)))
        when = draw(st.one_of(st.none(), condition, condition, condition))
        violated = None
        if isinstance(then, Norm) and then.modality != "may":
            violated = draw(st.one_of(st.none(), condition))
        earlier = [r.name for r in rules if r.then.target == then.target]
        exception_to = ()
        if earlier and draw(st.booleans()):
            exception_to = tuple(draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=2, unique=True)))
        rules.append(Rule(f"r{index}", then, when, violated, exception_to))
    return ActSpec(inputs, outputs, actions, tuple(rules))


def _count(inputs) -> int:
    total = 1
    for i in inputs:
        total *= len(i.values())
    return total


@settings(max_examples=WANTED or examples(400), deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(acts())
def test_the_verifier_agrees_with_brute_force(spec):
    check_against_brute_force(spec)
