"""The JSON of a verdict explained, as `hsa-dsl explain --format json` prints it and
`hsa-dsl serve` answers ``POST /api/evaluate``: the act's notice first (what the act is), then
the verdict, the case's name, the explanation, the reader and, for a worker or an advocate,
the report written for them."""

from __future__ import annotations

import json


def dumps(data) -> str:
    """JSON as the command line writes it: UTF-8 text as it is, indented, keys in order."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def verdict_json(verdict, explanation, templates, case_name: str, audience: str) -> dict:
    """The verdict and its explanation as one JSON object, for `audience` (worker, advocate or
    expert); `templates` are the reader's language's."""
    from hsa_dsl.explain import render

    out = verdict.to_json()
    out["case"] = case_name
    out["explanation"] = render.to_json(explanation)
    out["audience"] = audience
    if audience != "expert":
        out["report"] = render.report_json(render.report_sections(explanation, templates, audience))
    if explanation.notice:  # what the act is, first
        out = {"notice": explanation.notice, **out}
    return out


def explain_case_json(act, case, case_name: str, language: str = "en", audience: str = "worker") -> dict:
    """Evaluate a case (a mapping, as read from its file) and explain it as `verdict_json` does;
    an act that refuses the case raises :class:`hsa_dsl.errors.HsaError`."""
    from hsa_dsl.explain.explanation import explain, load_templates

    templates = load_templates(act, language)
    verdict = act.evaluate(case, trace=True, file=case_name)
    explanation = explain(act, verdict, case, case_name, language)
    return verdict_json(verdict, explanation, templates, case_name, audience)
