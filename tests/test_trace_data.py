"""A finding's trace as plain data is made from what the act's sites hold once per act and
what the case decided per step; it is the same data, in the same order, as `public` of the
whole trace gave (the reference below), with containers of its own in every step."""

import json
from pathlib import Path

import pytest

from hsa_dsl.cases import load_case_file
from hsa_dsl.runtime import engine
from hsa_dsl.runtime.numbers import exact_numbers, public
from hsa_dsl.runtime.verdict import _exception_conditions

from conftest import EXAMPLES


def reference(module, tr):
    """The trace as plain data, as it was made before: the whole made public at the end."""
    if tr is None:
        return None
    sites = module.SITES
    steps = []
    for step in tr.steps:
        site = sites[step["site"]]
        entry = {"site": step["site"], "kind": site["kind"], "text": site["text"], "line": site["line"],
                 "role": site["role"] if site["owner"] == tr.owner else "definition",
                 "type": site["type"], "value": step["value"], "operands": list(step["operands"]),
                 "operand_types": list(site["operand_types"])}
        entry.update(site["structure"])
        if "items" in step:
            entry["items"] = [{"entry": p, "value": v} for p, v in step["items"]]
        if "effective" in step:
            entry["effective"] = step["effective"]
        steps.append(entry)
    return public({
        "owner": tr.owner,
        "binding": dict(tr.binding),
        "facts": [{"path": p, "value": v} for p, v in tr.facts.items()],
        "uses": [{"name": n, "value": v} for n, v in tr.uses.items()],
        "steps": steps,
        "exceptions": [{"rule": e["rule"], "applied": e["applied"],
                        "conditions": _exception_conditions(e.get("trace"), sites)} for e in tr.exceptions],
    })


def same(a, b) -> bool:
    """Equal, with the same types and the same order of keys."""
    return json.dumps(a, default=repr) == json.dumps(b, default=repr) and a == b


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml"))[::3], ids=lambda p: p.name)
def test_every_trace_is_the_data_public_made_of_it(act, path):
    compiled = act.compiled
    inputs = act.validate(load_case_file(path))
    compiled.ensure_traced()
    with exact_numbers():
        ctx, firings, _ = engine.run(compiled.module, inputs, True)
        traces = [f.trace for made in firings.values() for f in made if f.trace is not None]
        traces += list(ctx.definition_traces.values())
        assert traces
        made = [compiled.trace_data(tr) for tr in traces]
        for tr, data in zip(traces, made):
            assert same(data, reference(compiled.module, tr))
    # every step's containers are its own
    containers = [id(c) for data in made for step in data["steps"] for c in step.values()
                  if isinstance(c, (dict, list))]
    containers += [id(p) for data in made for step in data["steps"] for p in step.get("operand_paths", ())
                   if p is not None]
    containers += [id(o) for data in made for step in data["steps"] for o in [step["value"], *step["operands"]]
                   if isinstance(o, dict)]
    assert any(isinstance(o, dict) for data in made for step in data["steps"] for o in step["operands"])
    assert len(containers) == len(set(containers))
