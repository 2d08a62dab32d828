"""Python's syntax-tree node classes, each with a place in the source built in.

`compile` wants a line and a column on every statement and expression. Generated code has no
source text to point into, so every node stands at line 1, column 0; these classes carry that as
class attributes, which spares a walk over the whole tree to set it on every node before it is
compiled (what `ast.fix_missing_locations` does, and for a large act as costly as compiling).
They are subclasses of Python's own, so `compile`, `ast.unparse` and `isinstance` treat their
nodes as Python's.
"""

import ast as _ast
from ast import *  # noqa: F401,F403  (the contexts, operators and helpers, as they are)

_PLACE = {"lineno": 1, "col_offset": 0, "end_lineno": 1, "end_col_offset": 0}


def _has_place(cls) -> bool:
    """A concrete node class (it has fields) of the kinds that stand at a place in the source."""
    return (isinstance(cls, type) and issubclass(cls, _ast.AST) and bool(cls._fields)
            and "lineno" in cls._attributes)


for _name, _class in list(vars(_ast).items()):
    # the old aliases of Constant (Num, Str, ...) are left as they are
    if _has_place(_class) and not any(_has_place(base) for base in _class.__bases__):
        globals()[_name] = type(_name, (_class,), {**_PLACE, "__module__": __name__, "__slots__": ()})
