"""hsa-dsl: the Household Service Act (Workers' Version) as law that runs, explains itself and
is checked for contradictions.

The public API::

    import hsa_dsl
    act = hsa_dsl.load_act()                 # the shipped act, or load_act("my.hsa")
    verdict = act.evaluate("case.yaml")      # or a dict; trace=False for speed
    for finding in verdict.findings:
        print(finding.kind, finding.provision, finding.conclusion_text)
"""

from .api import Act, load_act, load_act_text, shipped_act_path
from .errors import Diagnostic, EvaluationError, HsaError
from .verdict import Finding, Verdict

__all__ = [
    "Act",
    "Diagnostic",
    "EvaluationError",
    "Finding",
    "HsaError",
    "Verdict",
    "load_act",
    "load_act_text",
    "shipped_act_path",
]
