"""The batch backend: many cases decided at once, as columns of numpy arrays.

The act's IR, the same the scalar Python module is generated from, is compiled into functions
of frames of rows (:mod:`hsa_dsl.batch.expressions`), and its targets are run for a whole
batch of validated cases (:mod:`hsa_dsl.batch.decide`). It gives the audit record of each case
(:func:`hsa_dsl.audit.record_of`), exactly as the scalar path does; traces stay on the scalar
path, which decides again, whole, every case the batch cannot vouch for. Optional: it needs
numpy (``pip install hsa-dsl[batch]``).
"""

from __future__ import annotations

__all__ = ["BatchAct"]


def __getattr__(name: str):
    if name == "BatchAct":
        from .decide import BatchAct

        return BatchAct
    raise AttributeError(name)
