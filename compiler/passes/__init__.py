"""The passes of stage 4, each a plain function from one IR program to the next, one module
each. :func:`hsa_dsl.compiler.lower.compile_to_ir` runs them in the order of :data:`PASSES`
after :func:`~hsa_dsl.compiler.lower.lower` has built the first program; a new pass is one
module here and one entry in the tuple."""

from ..semantics import resolve_default_logic
from .constants import use_constants
from .inline import mark_inlined
from .memoize import mark_memoized
from .silent import mark_silent_when_met
from .sites import mark_sites
from .targets import order_targets

#: The passes, in order.
PASSES = (use_constants, mark_sites, order_targets, resolve_default_logic, mark_memoized, mark_inlined,
          mark_silent_when_met)

__all__ = ["PASSES"]
