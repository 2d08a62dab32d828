"""Whether some valid case has a property: proved absent, found (a case that replays through
the compiled rules), or unknown with the reason.

A question is a goal, built on an encoder (a list of conjuncts, each with where in the act it
comes from), and a test of a real evaluation that says whether a case shows it. The search:

0. tries the cases the drafter gave (`--cases`: real cases, each evaluated once);
1. asks the loose encoding (quick, over-approximating): no case there is a proof of absence;
2. replays the case it finds through the compiled rules: a case that shows it is *found*;
3. otherwise asks the exact encoding (the calendar itself), first with lists of one entry
   (quick; the dates of the case chosen as day numbers, then as years, months and days), then
   whole: no case in the whole one is still a proof, and its case is replayed;
4. otherwise pins the decimals to hundredths (a case file's numbers) and asks again, each time
   ruling out the case that did not replay;
5. otherwise searches with the act's hypothesis strategies (:mod:`hsa_dsl.prove.strategies`);
6. and only then answers *unknown*, with the solver's last case kept as a candidate that is
   not a real case.

An over-approximation can prove absence, never presence: nothing is *found* without a replay.
"""

from __future__ import annotations

from typing import Any, Callable

import attrs
import z3

from hsa_dsl.errors import HsaError
from hsa_dsl.prove.symbolic import Encoder, Unsupported, limit

#: the rounds of step 4
BLOCKING_ROUNDS = 3
#: the exact encoding is asked for at most this long (it is slower, and a refinement)
EXACT_TIMEOUT_MS = 8_000
#: random cases tried in step 5 for one question
PROBES = 60


@attrs.frozen
class Goal:
    #: (z3 formula, origin or None): the conjuncts; an origin is (line, what), for a core
    parts: tuple
    #: values a replay needs besides the case (a property's `for all` values), read from a model
    extra: Callable[[Any], dict] | None = None


@attrs.frozen
class Found:
    #: present, absent, unknown
    status: str
    witness: dict | None = None
    #: what the replay saw (for a conflict, the values each rule gives)
    seen: Any = None
    #: the solver's last case where it did not replay (not a real case)
    candidate: dict | None = None
    reason: str | None = None
    abstractions: tuple[str, ...] = ()
    #: for an absence: the encoder that proved it, for `Search.core`
    proof: Any = None


class Observed:
    """One valid case evaluated through the compiled rules, traced (every binding of every
    rule has a firing)."""

    def __init__(self, act, inputs: dict, extra: dict):
        self.act = act
        self.inputs = inputs
        self.extra = extra
        self.ctx, self.firings, self.conflicts = act.compiled.run(inputs, True)

    def fired(self, rule: str) -> list:
        return self.firings.get(rule, [])


class Search:
    def __init__(self, act, list_bound: int, timeout_ms: int, max_examples: int, cases=()):
        self.act = act
        self.list_bound = list_bound
        self.timeout_ms = timeout_ms
        self.max_examples = max_examples
        self.loose = Encoder(act.program, list_bound)
        self._exact: Encoder | None = None
        self._exact_small: dict[bool, Encoder] = {}
        #: (case, its evaluation) for each case the drafter gave
        self.seeds = [(case, Observed(act, act.validate(case), {})) for case in cases]

    def exact_small(self, date_parts: bool) -> Encoder:
        """The exact encoding with one entry in each list, its dates chosen as dates or as
        years, months and days (each quicker for some questions)."""
        if date_parts not in self._exact_small:
            self._exact_small[date_parts] = Encoder(self.act.program, 1, exact=True, cap=1, date_parts=date_parts)
        return self._exact_small[date_parts]

    @property
    def exact(self) -> Encoder:
        if self._exact is None:
            self._exact = Encoder(self.act.program, self.list_bound, exact=True)
        return self._exact

    # ------------------------------------------------------------------ the search

    def exists(self, build: Callable[[Encoder], Goal], shows: Callable[[Observed], Any],
               readable: bool = False, probe: bool = True, seeded: bool = True) -> Found:
        """Whether a valid case meets the goal and `shows` it (a true value, kept as `seen`);
        `probe`: search with random cases before answering unknown; `seeded`: try the
        drafter's cases first."""
        for case, observed in self.seeds if seeded else ():
            seen = shows(observed)
            if seen:
                return Found("present", witness=dict(case), seen=seen)
        candidate, reasons = None, []
        # the loose encoding, then the exact one with lists of one entry (a witness needs no
        # more entries than it has; quick where the whole case would not be), then the exact one
        # whole: an absence in a whole encoding is a proof, in a cut one it is not
        for encoder, proves in ((self.loose, True), (self.exact_small(False), False),
                                (self.exact_small(True), False), (self.exact, True)):
            before = set(encoder.abstractions)
            goal = build(encoder)
            used = tuple(sorted(encoder.abstractions - before)) or tuple(sorted(encoder.abstractions))
            solver = self._solver(encoder, goal)
            if encoder is not self.loose:
                limit(solver, min(self.timeout_ms, EXACT_TIMEOUT_MS))
            result = solver.check()
            if result == z3.unsat:
                if proves:
                    return Found("absent", abstractions=used, proof=encoder)
                continue
            if result == z3.unknown:
                reasons.append(f"the solver gave up ({solver.reason_unknown()})")
                continue
            # a readable case first where it is to be shown; the other where the first fails
            makers = [lambda: solver.model(), lambda: self._readable(encoder, goal)]
            if readable:
                makers.reverse()
            for make in makers:
                model = make()
                if model is None:
                    continue
                found, candidate, why = self._replay(encoder, goal, model, shows)
                if found is not None:
                    return attrs.evolve(found, abstractions=used)
                reasons.append(why)
        found, last = self._pinned(build, shows)
        if found is None and probe:
            found = self._hypothesis(shows)
        if found is not None:
            return found
        candidate = last or candidate
        return Found("unknown", candidate=candidate, reason=_reason(reasons),
                     abstractions=tuple(sorted(self.loose.abstractions)))

    def _solver(self, encoder: Encoder, goal: Goal) -> z3.Solver:
        solver = z3.Solver()
        limit(solver, self.timeout_ms)
        solver.add(encoder.valid(), *[part for part, _ in goal.parts])
        return solver

    def _readable(self, encoder: Encoder, goal: Goal):
        """A model with few list entries and dates of this year where the question allows."""
        optimizer = z3.Optimize()
        limit(optimizer, min(self.timeout_ms, 5_000))
        optimizer.add(encoder.valid(), *[part for part, _ in goal.parts])
        for wish in encoder.dated:
            optimizer.add_soft(wish, weight=10)
        for preference in encoder.preferences:
            optimizer.add_soft(preference)
        return optimizer.model() if optimizer.check() == z3.sat else None

    def _replay(self, encoder: Encoder, goal: Goal, model, shows):
        """(found or None, the case, why it did not show) for a model."""
        try:
            case = encoder.witness(model)
            extra = goal.extra(model) if goal.extra is not None else {}
        except Unsupported as why:
            return None, None, f"its case could not be read ({why})"
        seen, why = self.observe(case, extra, shows)
        if seen:
            witness = dict(case)
            if extra:
                witness["for all"] = extra
            return Found("present", witness=witness, seen=seen), case, None
        return None, case, why

    def observe(self, case: dict, extra: dict, shows) -> tuple[Any, str | None]:
        try:
            inputs = self.act.validate(case)
        except HsaError as error:
            return None, "its case is not valid as a case file: " + error.diagnostics[0].message
        try:
            observed = Observed(self.act, inputs, extra)
        except HsaError as error:
            return None, "evaluating its case fails: " + error.diagnostics[0].message
        seen = shows(observed)
        return (seen, None) if seen else (None, "the compiled rules do not show it on the solver's case")

    def _pinned(self, build, shows):
        """Step 4: decimals in hundredths, each case that did not replay ruled out (in lists of
        at most two entries)."""
        # an encoder of its own: the dates its goal reads a parameter at are made hard
        # constraints here, and a shared encoder would hold other questions' dates too
        encoder = Encoder(self.act.program, self.list_bound, exact=True, cap=2)
        goal = build(encoder)
        solver = self._solver(encoder, goal)
        limit(solver, min(self.timeout_ms, EXACT_TIMEOUT_MS))
        solver.add(*encoder.dated)
        for value in decimal_facts(encoder):
            hundredths = encoder.fresh("hundredths", "int")
            solver.add(value * 100 == z3.ToReal(hundredths))
        last = None
        for _ in range(BLOCKING_ROUNDS):
            if solver.check() != z3.sat:
                return None, last
            model = solver.model()
            found, last, _ = self._replay(encoder, goal, model, shows)
            if found is not None:
                return found, last
            solver.add(z3.Or(*[v != model.eval(v, model_completion=True) for v in _plain_facts(encoder)]))
        return None, last

    def _hypothesis(self, shows) -> Found | None:
        """Step 5: random valid cases, weighted towards the act's own boundaries, shrunk."""
        from hsa_dsl.prove.strategies import valid_cases

        def showing(case) -> bool:
            return bool(self.observe(case, {}, shows)[0])

        case = find_example(valid_cases(self.act, max_list=self.list_bound), showing,
                            min(self.max_examples, PROBES))
        if case is None:
            return None
        seen, _ = self.observe(case, {}, shows)
        return Found("present", witness=dict(case), seen=seen)

    # ------------------------------------------------------------------ why a goal is impossible

    def core(self, found: Found, explain: Callable[[Encoder], Goal]) -> tuple[tuple, ...]:
        """The declared ranges, checks and conditions that together make an absence: an unsat
        core of `explain` (the goal in tracked parts), in the act's lines, in their order."""
        if found.proof is None:
            return ()
        encoder = found.proof
        goal = explain(encoder)
        solver = z3.Solver()
        limit(solver, self.timeout_ms)
        tracked = {}

        def add(constraint, origin) -> None:
            if origin is None:
                solver.add(constraint)
                return
            name = f"origin!{len(tracked)}"
            tracked[name] = origin
            solver.assert_and_track(constraint, name)

        for index, constraint in enumerate(encoder.constraints):
            add(constraint, encoder.origins.get(index))
        for part, origin in goal.parts:
            add(part, origin)
        if solver.check() != z3.unsat:
            return ()
        origins = {tracked[str(name)] for name in solver.unsat_core()}
        return tuple(sorted(origins, key=lambda o: (o[0] is None, o[0] or 0, o[1])))


def find_example(strategy, predicate, max_examples: int):
    """The simplest example of `strategy` that meets `predicate` (shrunk), or None. Derandomized:
    the same act gets the same verdict on every run and every machine."""
    from hypothesis import HealthCheck, Verbosity, find, settings
    from hypothesis.errors import NoSuchExample

    try:
        return find(strategy, predicate, settings=settings(
            max_examples=max_examples, deadline=None, database=None, derandomize=True,
            verbosity=Verbosity.quiet, suppress_health_check=list(HealthCheck)))
    except NoSuchExample:
        return None


def _walk_facts(value):
    from hsa_dsl.prove.symbolic import ListVal, Opt, Rec, SetVal

    if isinstance(value, Opt):
        yield value.present
        yield from _walk_facts(value.value)
    elif isinstance(value, Rec):
        for field in value.fields.values():
            yield from _walk_facts(value=field)
    elif isinstance(value, ListVal):
        for element, active in zip(value.elements, value.active):
            yield active
            yield from _walk_facts(element)
    elif isinstance(value, SetVal):
        yield from value.members.values()
    else:
        yield value


def _plain_facts(encoder: Encoder) -> list:
    return [v for value in encoder.inputs.values() for v in _walk_facts(value)]


def decimal_facts(encoder: Encoder) -> list:
    return [v for v in _plain_facts(encoder) if z3.is_real(v)]


def _reason(reasons: list) -> str:
    reasons = list(dict.fromkeys(r for r in reasons if r))
    if not reasons:
        return "no case was found that the compiled rules confirm"
    return "; ".join(reasons)
