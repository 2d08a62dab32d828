"""Typing expressions: every name resolved, every value given its type and unit.

A number's unit goes with it through arithmetic (money / hours is money per hour; hours + money
is an error), an optional fact must be tested with `is given` before it is used, and a test of
that kind narrows what the expressions it guards may assume.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from hsa_dsl import builtins
from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.check.state import Abort, CheckState
from hsa_dsl.errors import did_you_mean
from hsa_dsl.syntax import ast

#: calls that ask what the rules found rather than compute from values: the language's own
#: forms, typed here, not built-in functions
RULE_QUERIES = ("violated", "violated_on")

#: the names a definition, parameter or table may not take
RESERVED_FUNCTION_NAMES = (*builtins.called_by_name(), *RULE_QUERIES)


@attrs.frozen
class Env:
    """What an expression may refer to where it stands."""

    locals: dict = attrs.field(factory=dict)
    #: structural keys of optional expressions known to be given here
    given: frozenset = frozenset()
    #: the definition whose body this is: its calls are the edges of the graph of definitions
    within: str | None = None
    #: where definitions cannot be used, what this expression is and a hint (see
    #: :data:`NO_DEFINITIONS_IN_TABLES`)
    refuses_definitions: tuple[str, str] | None = None

    def bind(self, name: str, node) -> "Env":
        return Env({**self.locals, name: node}, self.given, self.within, self.refuses_definitions)

    def knowing(self, facts: frozenset) -> "Env":
        return Env(self.locals, self.given | facts, self.within, self.refuses_definitions) if facts else self


# A table's rows and a record's checks may not call definitions: a row calling a definition
# that looks the table up would loop for ever, and the graph of definitions holds no tables; a
# record's checks run on each entry while a case is read, in a context made for them alone, not
# the one definitions are worked out in. Such a call is an error at its place (it once left the
# row or the check out of the act without a word).
NO_DEFINITIONS_IN_TABLES = ("a table's row", "a table's value is worked out from its key alone; "
                            "write the value out here, or use the definition where the table is used")
NO_DEFINITIONS_IN_CHECKS = ("a record's check", "a check reads the record's own fields; write the condition "
                            "out here")


def literal(node: ast.Literal) -> c.TLiteral:
    kinds = {"integer": t.INTEGER, "decimal": t.DECIMAL, "money": t.MONEY, "date": t.DATE,
             "string": t.STRING, "bool": t.BOOL}
    if node.kind == "quantity":
        type_ = t.QUANTITY_TYPES[node.unit]
        value = Decimal(node.value) if not type_.integral else node.value
        return c.TLiteral(value, type_, span=node.span)
    value = node.value
    if node.kind == "integer":
        value = int(value)
    return c.TLiteral(value, kinds[node.kind], span=node.span)


#: each expression class's `infer_*` method
_INFER: dict[type, object] = {}


class ExpressionTyper:
    """Types expressions against the names the act declares. Each `infer_*` method types one
    kind of node; an error is recorded and :class:`Abort` raised where a node cannot be typed."""

    def __init__(self, state: CheckState):
        self.state = state
        #: (definition, outcome) → what `facts_when` finds in the definition's body
        self._definition_facts: dict[tuple[str, bool], frozenset] = {}
        #: the definitions `facts_when` is looking into, to stop at a circle
        self._expanding: set[str] = set()

    def expect(self, node: ast.Expr, expected: t.Type, env: Env):
        typed = self.infer(node, env, expected)
        if not t.assignable(typed.type, expected):
            hint = None
            if isinstance(typed.type, t.OptionalType) and t.assignable(typed.type.inner, expected):
                hint = f"it may be absent: test `{_text(node)} is given` first"
            self.state.error(f"expected {expected}, found {typed.type}", node.span, hint)
            raise Abort
        return typed

    def infer(self, node: ast.Expr, env: Env, expected: t.Type | None = None):
        method = _INFER.get(type(node))
        if method is None:
            method = _INFER[type(node)] = getattr(ExpressionTyper, "infer_" + type(node).__name__)
        typed = method(self, node, env, expected)
        if isinstance(typed.type, t.OptionalType) and _key(node) in env.given:
            typed = c.evolve(typed, {"type": typed.type.inner})
        return typed

    def infer_Literal(self, node: ast.Literal, env, expected):
        return literal(node)

    def infer_Name(self, node: ast.Name, env: Env, expected):
        act = self.state.act
        if node.name in env.locals:
            local = env.locals[node.name]
            return c.evolve(local, {"span": node.span})
        if node.name in act.inputs:
            return c.TInput(node.name, act.inputs[node.name].type, span=node.span)
        if node.name in self.state.definitions:
            return self._definition_call(node.name, (), node.span, env)
        if node.name in act.outputs:
            output = act.outputs[node.name]
            return c.TOutput(node.name, t.OptionalType(output.type), span=node.span)
        if isinstance(expected, t.EnumType) and node.name in expected.members:
            return c.TLiteral(node.name, expected, span=node.span)
        if isinstance(expected, t.OptionalType) and isinstance(expected.inner, t.EnumType) \
                and node.name in expected.inner.members:
            return c.TLiteral(node.name, expected.inner, span=node.span)
        owners = [e for e in act.enums.values() if node.name in e.members]
        if len(owners) == 1:
            return c.TLiteral(node.name, owners[0], span=node.span)
        if node.name in act.parameters or node.name in act.tables:
            kind = "parameter" if node.name in act.parameters else "table"
            self.state.error(f"the {kind} '{node.name}' needs a {'date' if kind == 'parameter' else 'key'}",
                             node.span, f"write {node.name}(...)")
            raise Abort
        if len(owners) > 1:
            self.state.error(f"'{node.name}' is a value of several enumerations ({', '.join(e.name for e in owners)})",
                             node.span, "compare it with a field of the enumeration you mean")
            raise Abort
        candidates = [*env.locals, *act.inputs, *self.state.definitions, *act.outputs,
                      *(m for e in act.enums.values() for m in e.members)]
        self.state.error(f"unknown name '{node.name}'", node.span, did_you_mean(node.name, candidates))
        raise Abort

    def _definition_call(self, name: str, arguments, span, env: Env):
        if env.within is not None:
            self.state.calls[env.within].add(name)
        if env.refuses_definitions is not None:
            self.state.error(f"{env.refuses_definitions[0]} cannot use the definition '{name}'", span,
                             env.refuses_definitions[1])
            raise Abort
        signature = self.state.signatures.get(name)
        if signature is None:
            raise Abort
        params, type_ = signature.parameters, signature.type
        if len(arguments) != len(params):
            self.state.error(f"'{name}' takes {len(params)} value(s), given {len(arguments)}", span)
            raise Abort
        typed_args = tuple(self.expect(a, ptype, env) for a, (_, ptype) in zip(arguments, params))
        return c.TDefinition(name, typed_args, type_, span=span)

    def infer_FieldAccess(self, node: ast.FieldAccess, env: Env, expected):
        target = self.infer(node.target, env)
        ttype = target.type
        if isinstance(ttype, t.OptionalType):
            self.state.error(f"'{_text(node.target)}' may be absent", node.target.span,
                             f"test `{_text(node.target)} is given` first (in `when`, or with `and`)")
            raise Abort
        if isinstance(ttype, t.WindowType):
            if node.field in ("start", "end"):
                return c.TField(target, node.field, t.DATE, span=node.span)
            self.state.error(f"a window has `start` and `end`; '{node.field}' is not one of them", node.span)
            raise Abort
        if not isinstance(ttype, t.RecordType):
            self.state.error(f"{_text(node.target)} is {ttype}, which has no fields", node.span)
            raise Abort
        record = self.state.act.records.get(ttype.name)
        if record is None:
            raise Abort
        f = record.fields.get(node.field)
        if f is None:
            self.state.error(f"{ttype.name} has no field '{node.field}'", node.span,
                             did_you_mean(node.field, record.fields))
            raise Abort
        return c.TField(target, node.field, f.type, span=node.span)

    def infer_Call(self, node: ast.Call, env: Env, expected):
        act = self.state.act
        name, args = node.function, node.arguments
        if name in self.state.definitions:
            return self._definition_call(name, args, node.span, env)
        if name in act.parameters:
            if len(args) != 1:
                self.state.error(f"parameter '{name}' takes one date: the day its value is wanted for", node.span)
                raise Abort
            at = self.expect(args[0], t.DATE, env)
            return c.TParameter(name, at, act.parameters[name].type, span=node.span)
        if name in act.tables:
            table = act.tables[name]
            if len(args) != 1:
                self.state.error(f"table '{name}' takes one key", node.span)
                raise Abort
            key = self.expect(args[0], table.key_type, env)
            return c.TTable(name, key, table.type, span=node.span)
        if name == "violated":
            return self.check_violated(node)
        if name == "violated_on":
            if len(args) < 2:
                self.state.error("violated_on(ENTRY, RULE_OR_PROVISION, ...) names an entry of a list, then rules",
                                 node.span)
                raise Abort
            entry = self.infer(args[0], env)
            if not isinstance(entry.type, t.RecordType):
                self.state.error(f"the first value of violated_on is an entry of a list; this is {entry.type}",
                                 args[0].span)
                raise Abort
            rules = self.check_violated(ast.Call("violated", args[1:], span=node.span))
            return c.TViolated(rules.rules, entry, span=node.span)
        function = builtins.FUNCTIONS.get(name)
        if function is not None:
            arguments, result = function.typing(_CallTyping(self, node, env))
            return c.TBuiltin(name, arguments, result, span=node.span)
        candidates = [*self.state.definitions, *act.parameters, *act.tables, *RESERVED_FUNCTION_NAMES]
        self.state.error(f"unknown function, parameter or table '{name}'", node.span, did_you_mean(name, candidates))
        raise Abort

    def check_violated(self, node: ast.Call):
        act = self.state.act
        names: list[str] = []
        all_rules = self.state.rule_names
        if not node.arguments:
            self.state.error("violated(...) names the rules, groups or provisions whose violation counts", node.span)
            raise Abort
        for arg in node.arguments:
            if not isinstance(arg, ast.Name):
                self.state.error("violated(...) takes names of rules, groups or provisions", arg.span)
                raise Abort
            ref = arg.name
            if ref in all_rules:
                names.append(ref)
            elif ref in act.groups:
                names.extend(act.groups[ref])
            elif ref in act.provisions:
                matched = list(self.state.rules_citing.get(ref, ()))
                if not matched:
                    self.state.error(f"no rule cites {ref}, so it can never be violated", arg.span,
                                     "write the rule that encodes it first")
                names.extend(matched)
            else:
                self.state.error(f"unknown rule, group or provision '{ref}'", arg.span,
                                 did_you_mean(ref, [*all_rules, *act.groups, *act.provisions]))
                raise Abort
        return c.TViolated(tuple(dict.fromkeys(names)), span=node.span)

    def infer_Unary(self, node: ast.Unary, env: Env, expected):
        if node.op == "not":
            return c.TNot(self.expect(node.operand, t.BOOL, env), span=node.span)
        operand = self.infer(node.operand, env, expected)
        if not isinstance(operand.type, t.Number):
            self.state.error(f"cannot negate {operand.type}", node.span)
            raise Abort
        return c.TNegate(operand, operand.type, span=node.span)

    def infer_Binary(self, node: ast.Binary, env: Env, expected):
        if node.op in ("and", "or", "implies"):
            facts = self.facts_when(node.left, node.op != "or", env)
            left, right = self._both(lambda: self.expect(node.left, t.BOOL, env),
                                     lambda: self.expect(node.right, t.BOOL, env.knowing(facts)))
            return c.TLogic(node.op, left, right, span=node.span)
        left, right = self._both(lambda: self.infer(node.left, env), lambda: self.infer(node.right, env))
        result = arithmetic_type(node.op, left.type, right.type)
        if result is None:
            verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[node.op]
            joiner = {"+": "and", "-": "from", "*": "by", "/": "by"}[node.op]
            a, b = (right, left) if node.op == "-" else (left, right)
            self.state.error(f"cannot {verb} {_a(b.type) if node.op == '-' else _a(a.type)} {joiner} "
                             f"{_a(a.type) if node.op == '-' else _a(b.type)}", node.span,
                             _arithmetic_hint(node.op, left.type, right.type))
            raise Abort
        return c.TArithmetic(node.op, left, right, result, span=node.span)

    def infer_Compare(self, node: ast.Compare, env: Env, expected):
        left, right = self._pair(node.left, node.right, env)
        lt, rt = left.type, right.type
        for side, ty in ((node.left, lt), (node.right, rt)):
            if isinstance(ty, t.OptionalType):
                self.state.error(f"'{_text(side)}' may be absent", side.span, f"test `{_text(side)} is given` first")
                raise Abort
        ordered = node.op in ("<", "<=", ">", ">=")
        if isinstance(lt, t.Number) and isinstance(rt, t.Number):
            if lt.unit != rt.unit:
                self.state.error(f"cannot compare {_a(lt)} with {_a(rt)}", node.span,
                                 "both sides of a comparison need the same unit")
                raise Abort
        elif lt != rt:
            self.state.error(f"cannot compare {_a(lt)} with {_a(rt)}", node.span,
                             "both sides of a comparison need the same type")
            raise Abort
        elif ordered and lt != t.DATE:
            self.state.error(f"{lt} values have no order; only numbers and dates can be compared with {node.op}",
                             node.span)
            raise Abort
        return c.TCompare(node.op, left, right, span=node.span)

    def _both(self, first, second):
        """Check two operands; an error in the first does not hide one in the second."""
        try:
            a = first()
        except Abort:
            second()
            raise
        return a, second()

    def _pair(self, a: ast.Expr, b: ast.Expr, env: Env):
        """Type two operands where one may be a bare enumeration value named by the other's type."""
        if isinstance(a, ast.Name) and self._bare_enum_value(a, env):
            right = self.infer(b, env)
            return self.infer(a, env, right.type), right
        try:
            left = self.infer(a, env)
        except Abort:
            # still report the other side's own mistakes, unless it needs this side's type
            if not (isinstance(b, ast.Name) and self._bare_enum_value(b, env)):
                try:
                    self.infer(b, env)
                except Abort:
                    pass
            raise
        return left, self.infer(b, env, left.type)

    def _bare_enum_value(self, node: ast.Name, env: Env) -> bool:
        """Whether a name can only be an enumeration value (it names nothing else)."""
        act = self.state.act
        return not (node.name in env.locals or node.name in act.inputs or node.name in self.state.definitions
                    or node.name in act.outputs) and any(node.name in e.members for e in act.enums.values())

    def infer_Member(self, node: ast.Member, env: Env, expected):
        element = self.infer(node.element, env)
        if isinstance(element.type, t.OptionalType):
            self.state.error(f"'{_text(node.element)}' may be absent", node.element.span,
                             f"test `{_text(node.element)} is given` first")
            raise Abort
        collection = self.infer(node.collection, env, t.SetType(element.type))
        ctype = collection.type
        if isinstance(ctype, t.SetType) and ctype.element == element.type:
            return c.TMember(element, collection, node.negated, span=node.span)
        self.state.error(f"cannot look for {_a(element.type)} in {ctype}", node.span)
        raise Abort

    def infer_IsGiven(self, node: ast.IsGiven, env: Env, expected):
        target = self.infer(node.target, env)
        if not isinstance(target.type, t.OptionalType):
            self.state.error(f"'{_text(node.target)}' is always given; only optional facts can be missing",
                             node.span)
            raise Abort
        return c.TIsGiven(target, node.negated, span=node.span)

    def infer_If(self, node: ast.If, env: Env, expected):
        condition = self.expect(node.condition, t.BOOL, env)
        then = self.infer(node.then, env.knowing(self.facts_when(node.condition, True, env)), expected)
        otherwise = self.infer(node.otherwise, env.knowing(self.facts_when(node.condition, False, env)),
                               then.type if expected is None else expected)
        result = t.join(then.type, otherwise.type)
        if result is None:
            self.state.error(f"the two branches give different types: {then.type} and {otherwise.type}", node.span)
            raise Abort
        return c.TIf(condition, then, otherwise, result, span=node.span)

    def infer_SetLiteral(self, node: ast.SetLiteral, env: Env, expected):
        element_type = expected.element if isinstance(expected, t.SetType) else None
        items = tuple(self.infer(i, env, element_type) for i in node.items)
        if not items:
            if element_type is None:
                self.state.error("the type of an empty set cannot be told here", node.span)
                raise Abort
            return c.TSet((), t.SetType(element_type), span=node.span)
        first = items[0].type
        for item in items:
            if item.type != first:
                self.state.error(f"a set holds one type of value; found {first} and {item.type}", item.span)
                raise Abort
            if not isinstance(item, c.TLiteral):
                self.state.error("a set written in braces lists fixed values", item.span)
                raise Abort
        if not isinstance(first, t.EnumType) and first != t.DATE:
            self.state.error("a set holds values of an enumeration, or dates", node.span)
            raise Abort
        return c.TSet(items, t.SetType(first), span=node.span)

    def _iterate(self, variable: str, source_node: ast.Expr, env: Env):
        source = self.infer(source_node, env)
        element = t.iterable_element(source.type)
        if element is None:
            self.state.error(f"expected a list, found {source.type}", source_node.span)
            raise Abort
        return source, env.bind(variable, c.TLocal(variable, element, span=source_node.span))

    def infer_Aggregate(self, node: ast.Aggregate, env: Env, expected):
        return self._aggregate(node.kind, node, node.body, node.fallback, env)

    def infer_Extremum(self, node: ast.Extremum, env: Env, expected):
        # `max(a, b)` is the function max, written with the aggregate's keyword
        call = ast.Call(node.kind, node.arguments, span=node.span)
        arguments, result = builtins.FUNCTIONS[node.kind].typing(_CallTyping(self, call, env))
        return c.TBuiltin(node.kind, arguments, result, span=node.span)

    def infer_Count(self, node: ast.Count, env: Env, expected):
        return self._aggregate("count", node, None, None, env)

    def _aggregate(self, kind: str, node, body: ast.Expr | None, fallback: ast.Expr | None, env: Env):
        source, inner = self._iterate(node.variable, node.source, env)
        where = None
        if node.where is not None:
            where = self.expect(node.where, t.BOOL, inner)
            if body is not None:
                inner = inner.knowing(self.facts_when(node.where, True, inner))
        typing = _AggregateTyping(self, kind, body, fallback, outer=env, inner=inner)
        typed_body, typed_fallback, result = builtins.AGGREGATES[kind].typing(typing)
        return c.TAggregate(kind, node.variable, source, typed_body, where, typed_fallback, result, span=node.span)

    def infer_GroupBy(self, node: ast.GroupBy, env: Env, expected):
        source = self.infer(node.source, env)
        if not isinstance(source.type, t.ListType):
            self.state.error(f"only a list can be grouped; this is {source.type}", node.source.span)
            raise Abort
        record = self.state.act.records.get(source.type.element.name)
        if record is None:
            raise Abort
        key = record.fields.get(node.key_field)
        if key is None or key.type != t.DATE:
            self.state.error(f"{record.name} has no date field '{node.key_field}' to group by", node.span,
                             did_you_mean(node.key_field, [f for f, i in record.fields.items() if i.type == t.DATE]))
            raise Abort
        window = node.window
        anchor = None
        size = window.size if window.size_name is None else self._window_size(window, env)
        if window.kind in ("rolling", "blocks") and (size is None or size < 1):
            self.state.error("a window is at least 1 day long", window.span)
            raise Abort
        if window.kind == "blocks":
            anchor = self.expect(window.anchor, t.DATE, env)
        return c.TGroup(source, window.kind, size, anchor, node.key_field,
                        t.ListType(t.WindowType(source.type.element)), window.size_name, span=node.span)

    def _window_size(self, window: ast.Window, env: Env) -> int:
        """The number of days a window's size names: a definition without parameters whose body
        is a whole number of days (or another such definition). The windows are laid out before
        any case is read, so the number must be written in the act."""
        name = window.size_name
        if name not in self.state.definitions:
            self.state.error(f"'{name}' is not a definition: a window is a number of days long, written in the "
                             "act or named by a definition", window.span, did_you_mean(name, self.state.definitions))
            raise Abort
        typed = self._definition_call(name, (), window.span, env)
        seen = set()
        while name in self.state.definitions and name not in seen:
            seen.add(name)
            body = self.state.definitions[name].body
            if isinstance(body, ast.Name):
                name = body.name
                continue
            if typed.type in (t.DAYS, t.INTEGER) and isinstance(body, ast.Literal) and isinstance(body.value, int) \
                    and not isinstance(body.value, bool):
                return body.value
            break
        self.state.error(f"'{window.size_name}' is not a number of days written in the act", window.span,
                         f"define it as one (define {window.size_name}: days = 7 days), or write the number")
        raise Abort

    # ------------------------------------------------------------------ narrowing

    def facts_when(self, node: ast.Expr, outcome: bool, env: Env | None = None) -> frozenset:
        """Optional expressions known to be given when `node` evaluates to `outcome`.

        A definition without parameters is looked into, so `when termination_given` tells as
        much as the `employment.termination is given` it stands for; what it tells is kept
        only where the names it mentions mean the same here."""
        if isinstance(node, ast.Name) and node.name in self.state.definitions \
                and not self.state.definitions[node.name].parameters:
            if node.name in self._expanding:
                return frozenset()
            facts = self._definition_facts.get((node.name, outcome))
            if facts is None:
                outermost = not self._expanding
                self._expanding.add(node.name)
                try:
                    facts = self.facts_when(self.state.definitions[node.name].body, outcome)
                finally:
                    self._expanding.discard(node.name)
                if outermost:  # what an inner look was cut short of, by a circle, is not kept
                    self._definition_facts[(node.name, outcome)] = facts
            shadowed = set(env.locals) if env is not None else set()
            return frozenset(f for f in facts if _root_name(f) not in shadowed)
        if isinstance(node, ast.IsGiven):
            return frozenset({_key(node.target)}) if outcome != node.negated else frozenset()
        if isinstance(node, ast.Unary) and node.op == "not":
            return self.facts_when(node.operand, not outcome, env)
        if isinstance(node, ast.Binary) and node.op == "implies" and not outcome:
            return self.facts_when(node.left, True, env) | self.facts_when(node.right, False, env)
        if isinstance(node, ast.Binary) and node.op == "and" and outcome:
            return self.facts_when(node.left, True, env) | self.facts_when(node.right, True, env)
        if isinstance(node, ast.Binary) and node.op == "or" and not outcome:
            return self.facts_when(node.left, False, env) | self.facts_when(node.right, False, env)
        return frozenset()


# ---------------------------------------------------------------------------- units and text


def arithmetic_type(op: str, a: t.Type, b: t.Type) -> t.Type | None:
    if a == t.DATE:
        if op in ("+", "-") and b in (t.DAYS, t.MONTHS):
            return t.DATE
        if op == "-" and b == t.DATE:
            return t.DAYS
        return None
    if not isinstance(a, t.Number) or not isinstance(b, t.Number):
        return None
    if t.MONTH_UNIT in (a.unit, b.unit):
        return None  # months only move dates
    if op in ("+", "-"):
        if a.unit != b.unit:
            return None
        return t.Number(a.integral and b.integral, a.unit)
    if op == "*":
        return t.Number(a.integral and b.integral, a.unit * b.unit)
    return t.Number(False, a.unit / b.unit)


def _arithmetic_hint(op: str, a: t.Type, b: t.Type) -> str | None:
    if isinstance(a, t.Number) and isinstance(b, t.Number) and op in ("+", "-"):
        return "both sides need the same unit; convert one with * or / first"
    if a == t.DATE or b == t.DATE:
        return "a date moves by days or months (d + 30 days); two dates give the days between them (b - a)"
    return None


def _a(type_: t.Type) -> str:
    text = str(type_)
    if text.startswith(("list", "set", "optional", "window")):
        return text
    return ("an " if text[0] in "aeiou" else "a ") + text + " value" if text not in ("money", "hours", "days", "months") else text


def _root_name(node) -> str | None:
    while isinstance(node, ast.FieldAccess):
        node = node.target
    return node.name if isinstance(node, ast.Name) else None


def _key(node):
    """The structural identity of an expression (spans excluded), for narrowing."""
    return node


def _text(node) -> str:
    return node.span.text if node is not None and node.span is not None else "this value"


class _CallTyping:
    """A call's arguments as a function's typing rule (`hsa_dsl.builtins`) reads them."""

    def __init__(self, typer: ExpressionTyper, node: ast.Call, env: Env):
        self.typer, self.node, self.env = typer, node, env
        self.name = node.function
        self.count = len(node.arguments)

    def infer(self, index: int):
        return self.typer.infer(self.node.arguments[index], self.env)

    def expect(self, index: int, type_: t.Type):
        return self.typer.expect(self.node.arguments[index], type_, self.env)

    def fail(self, message: str, index: int | None = None):
        span = self.node.span if index is None else self.node.arguments[index].span
        self.typer.state.error(message, span)
        raise Abort


class _AggregateTyping:
    """An aggregate's parts as its typing rule (`hsa_dsl.builtins`) reads them: the entry's
    value in the aggregate's scope, the `else` in the scope around it."""

    def __init__(self, typer: ExpressionTyper, name: str, body: ast.Expr | None, fallback: ast.Expr | None,
                 outer: Env, inner: Env):
        self.typer, self.name, self._body, self._fallback = typer, name, body, fallback
        self.outer, self.inner = outer, inner
        self.has_fallback = fallback is not None

    def body(self, expected: t.Type | None = None):
        if self._body is None:
            return None
        if expected is not None:
            return self.typer.expect(self._body, expected, self.inner)
        return self.typer.infer(self._body, self.inner)

    def fallback(self, type_: t.Type):
        return self.typer.expect(self._fallback, type_, self.outer)

    def refuse_fallback(self, message: str) -> None:
        self.typer.state.error(message, self._fallback.span)

    def fail(self, message: str):
        self.typer.state.error(message, self._body.span)
        raise Abort
