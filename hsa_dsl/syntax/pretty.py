"""Printing a surface AST back as .hsa text.

``parse(pretty(tree))`` gives back an equal tree (spans aside): the round trip the property
tests check. Expressions are parenthesised only where the grammar needs it.
"""

from __future__ import annotations

from decimal import Decimal

from hsa_dsl.syntax import ast

# binding strength, loosest first; see the `expr` rules of grammar/hsa.lark
_IMPLIES, _IF, _OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY, _POSTFIX = range(10)

_UNIT_WORDS = {"hours": "h", "days": "days", "months": "months"}


def quote(text: str) -> str:
    # a carriage return is escaped too: one written as it is would end a line when the file is read
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    whole, _, fraction = format(abs(value), "f").partition(".")
    return f"{sign}NT${int(whole):,}" + (f".{fraction}" if fraction else "")


def expr(node: ast.Expr, context: int = _IMPLIES) -> str:
    text, strength = _expr(node)
    if strength < context:
        return f"({text})"
    return text


def _expr(node) -> tuple[str, int]:
    if isinstance(node, ast.Literal):
        return _literal(node)
    if isinstance(node, ast.Name):
        return node.name, _POSTFIX
    if isinstance(node, ast.FieldAccess):
        return f"{expr(node.target, _POSTFIX)}.{node.field}", _POSTFIX
    if isinstance(node, ast.Call):
        return f"{node.function}({', '.join(expr(a) for a in node.arguments)})", _POSTFIX
    if isinstance(node, ast.Unary):
        if node.op == "not":
            return f"not {expr(node.operand, _NOT)}", _NOT
        return f"-{expr(node.operand, _UNARY)}", _UNARY
    if isinstance(node, ast.Binary):
        if node.op == "implies":
            return f"{expr(node.left, _IF)} implies {expr(node.right, _IMPLIES)}", _IMPLIES
        if node.op in ("and", "or"):
            level = _AND if node.op == "and" else _OR
            return f"{expr(node.left, level)} {node.op} {expr(node.right, level + 1)}", level
        level = _SUM if node.op in ("+", "-") else _PRODUCT
        return f"{expr(node.left, level)} {node.op} {expr(node.right, level + 1)}", level
    if isinstance(node, ast.Compare):
        return f"{expr(node.left, _SUM)} {node.op} {expr(node.right, _SUM)}", _COMPARE
    if isinstance(node, ast.Member):
        word = "not in" if node.negated else "in"
        return f"{expr(node.element, _SUM)} {word} {expr(node.collection, _SUM)}", _COMPARE
    if isinstance(node, ast.IsGiven):
        word = "is not given" if node.negated else "is given"
        return f"{expr(node.target, _SUM)} {word}", _COMPARE
    if isinstance(node, ast.If):
        return (f"if {expr(node.condition)} then {expr(node.then)} else {expr(node.otherwise, _IF)}", _IF)
    if isinstance(node, ast.SetLiteral):
        return "{" + ", ".join(expr(i) for i in node.items) + "}", _POSTFIX
    if isinstance(node, ast.Aggregate):
        text = f"{node.kind}({expr(node.body)} for {node.variable} in {expr(node.source)}"
        if node.where is not None:
            text += f" where {expr(node.where)}"
        if node.fallback is not None:
            text += f" else {expr(node.fallback)}"
        return text + ")", _POSTFIX
    if isinstance(node, ast.Extremum):
        return f"{node.kind}({', '.join(expr(a) for a in node.arguments)})", _POSTFIX
    if isinstance(node, ast.Count):
        text = f"count({node.variable} in {expr(node.source)}"
        if node.where is not None:
            text += f" where {expr(node.where)}"
        return text + ")", _POSTFIX
    if isinstance(node, ast.GroupBy):
        return f"group {expr(node.source)} by {window(node.window)} using {node.key_field}", _POSTFIX
    raise TypeError(node)


def window(node: ast.Window) -> str:
    if node.kind == "day":
        return "day"
    if node.kind == "calendar_week":
        return "calendar week"
    if node.kind == "calendar_month":
        return "calendar month"
    size = node.size if node.size_name is None else node.size_name
    if node.kind == "rolling":
        return f"{size} consecutive days"
    return f"blocks of {size} days from {expr(node.anchor)}"


def _literal(node: ast.Literal) -> tuple[str, int]:
    if node.kind == "bool":
        return ("true" if node.value else "false"), _POSTFIX
    if node.kind == "money":
        return money(node.value), _POSTFIX
    if node.kind == "date":
        return node.value.isoformat(), _POSTFIX
    if node.kind == "string":
        return quote(node.value), _POSTFIX
    if node.kind == "quantity":
        number = format(node.value, "f") if isinstance(node.value, Decimal) else str(node.value)
        return f"{number} {_UNIT_WORDS[node.unit]}", _POSTFIX
    if node.kind == "decimal":
        return format(node.value, "f"), _POSTFIX
    return str(node.value), _POSTFIX


# ---------------------------------------------------------------------------- declarations


def type_expr(node: ast.TypeExpr) -> str:
    if isinstance(node, ast.NamedType):
        return node.name
    if isinstance(node, ast.ListType):
        text = f"list of {node.element}"
        if node.unique_by:
            text += f" unique by {node.unique_by}"
        if node.max_length is not None:
            text += f" up to {node.max_length}"
        return text
    if isinstance(node, ast.SetType):
        return f"set of {node.element}"
    return f"optional {type_expr(node.inner)}"


def _sum(node) -> str:
    return expr(node, _SUM)


def _domain(domain) -> str:
    if domain is None:
        return ""
    if domain.low is not None and domain.high is not None:
        return f" in {_sum(domain.low)} .. {_sum(domain.high)}"
    if domain.low is not None:
        return f" at least {_sum(domain.low)}"
    return f" at most {_sum(domain.high)}"


def declaration(node, indent: str = "") -> list[str]:
    i = indent
    if isinstance(node, ast.PartyDecl):
        return [f"{i}party {node.name} {quote(node.description)}"]
    if isinstance(node, ast.ActionDecl):
        return [f"{i}action {node.name} {quote(node.description)}"]
    if isinstance(node, ast.EnumDecl):
        return [f"{i}enum {node.name}: {', '.join(node.members)}"]
    if isinstance(node, ast.RecordDecl):
        lines = [f"{i}record {node.name}"]
        for f in node.fields:
            text = f"{i}  {f.name}: {type_expr(f.type)}{_domain(f.domain)}"
            if f.default is not None:
                text += f" = {expr(f.default)}"
            lines.append(text)
        for chk in node.checks:
            lines.append(f"{i}  check {expr(chk.condition)} else {quote(chk.message)}")
        return lines + [f"{i}end"]
    if isinstance(node, ast.InputDecl):
        return [f"{i}input {node.name}: {type_expr(node.type)}{_domain(node.domain)}"]
    if isinstance(node, ast.ParameterDecl):
        lines = [f"{i}parameter {node.name}: {type_expr(node.type)}"]
        lines += [f"{i}  {expr(v.value)} from {v.effective.isoformat()}" for v in node.values]
        return lines + [f"{i}end"]
    if isinstance(node, ast.TableDecl):
        lines = [f"{i}table {node.name}({node.key}: {type_expr(node.key_type)}): {type_expr(node.value_type)}"]
        for row in node.rows:
            if row.at_least is not None and row.below is not None:
                bound = f"at least {_sum(row.at_least)} and below {_sum(row.below)}"
            elif row.at_least is not None:
                bound = f"at least {_sum(row.at_least)}"
            else:
                bound = f"below {_sum(row.below)}"
            lines.append(f"{i}  when {bound}: {expr(row.value)}")
        if node.otherwise is not None:
            lines.append(f"{i}  otherwise: {expr(node.otherwise)}")
        return lines + [f"{i}end"]
    if isinstance(node, ast.Definition):
        params = ""
        if node.parameters:
            params = "(" + ", ".join(f"{p.name}: {type_expr(p.type)}" for p in node.parameters) + ")"
        return [f"{i}define {node.name}{params}: {type_expr(node.type)} = {expr(node.body)}"]
    if isinstance(node, ast.OutputDecl):
        required = ""
        if node.required is not None:
            required = " required" + (f" when {expr(node.required.condition)}" if node.required.condition else "")
        if node.owed_to is not None:
            return [f"{i}entitlement {node.name}: {type_expr(node.type)} owed to {node.owed_to}{required}"]
        return [f"{i}output {node.name}: {type_expr(node.type)}{required}"]
    if isinstance(node, ast.PropertyDecl):
        lines = [f"{i}property {node.name}"]
        for b in node.bindings:
            if b.kind == "all":
                lines.append(f"{i}  for all {b.variable}: {type_expr(b.type)}")
            else:
                lines.append(f"{i}  for each {b.variable} in {expr(b.source)}")
        return lines + [f"{i}  holds {expr(node.condition)}", f"{i}end"]
    raise TypeError(node)


def _conclusion(node) -> str:
    if isinstance(node, ast.Obligation):
        return f"{node.party} must {node.action}"
    if isinstance(node, ast.Prohibition):
        return f"{node.party} must not {node.action}"
    if isinstance(node, ast.Permission):
        return f"{node.party} may {node.action}"
    if isinstance(node, ast.Assignment):
        return f"{node.output} = {expr(node.value)}"
    if isinstance(node, ast.Warning):
        return "warning"
    parts = []
    for s in node.sanctions:
        if s.kind == "fine_range":
            parts.append(f"fine from {expr(s.low)} to {expr(s.high)}")
        elif s.kind == "fine_up_to":
            parts.append(f"fine up to {expr(s.high)}")
        elif s.kind == "fine_at_least":
            parts.append(f"fine at least {expr(s.low)}")
        elif s.kind == "fine_of":
            parts.append(f"fine of {expr(s.low)}")
        else:
            parts.append(f"measure {quote(s.text)}")
    return f"penalty on {node.party} " + ", ".join(parts)


def rule(node: ast.Rule, indent: str) -> list[str]:
    i = indent + "  "
    lines = [f"{indent}rule {node.name}"]
    if node.cites:
        lines.append(f"{i}cites {', '.join(c.name for c in node.cites)}")
    lines += [f"{i}quote {q.language} {quote(q.text)}" for q in node.quotes]
    lines += [f"{i}group {g.name}" for g in node.groups]
    if node.exceptions:
        lines.append(f"{i}exception to {', '.join(e.name for e in node.exceptions)}")
    lines += [f"{i}for each {s.variable} in {expr(s.source)}" for s in node.scopes]
    if node.condition is not None:
        lines.append(f"{i}when {expr(node.condition)}")
    lines.append(f"{i}then {_conclusion(node.conclusion)}")
    if node.violation is not None:
        lines.append(f"{i}violated when {expr(node.violation)}")
    return lines + [f"{indent}end"]


def _texts(texts, indent: str, keyword: str = "") -> list[str]:
    return [f"{indent}{keyword}{t.language} {quote(t.text)}" for t in texts]


def article(node: ast.Article, indent: str) -> list[str]:
    i = indent + "  "
    lines = [f"{indent}article {node.number}"]
    lines += _texts(node.titles, i, "title ")
    if node.informative is not None:
        lines.append(f"{i}informative {quote(node.informative)}")
    lines += _texts(node.texts, i)
    for p in node.paragraphs:
        lines.append(f"{i}paragraph {p.number}")
        lines += _texts(p.texts, i + "  ")
        for q in p.points:
            lines.append(f"{i}  point {q.number}")
            lines += _texts(q.texts, i + "    ")
            lines.append(f"{i}  end")
        lines.append(f"{i}end")
    for d in node.declarations:
        lines += declaration(d, i)
    for r in node.rules:
        lines += rule(r, i)
    return lines + [f"{indent}end"]


def act_file(node: ast.ActFile) -> str:
    """The whole file. Declarations outside articles come first, then chapters and articles;
    within an article, declarations come before rules."""
    lines: list[str] = []
    if node.header is not None:
        lines.append(f"act {node.header.name}")
        lines += _texts(node.header.titles, "  ", "title ")
        if node.header.languages:
            lines.append("  languages " + ", ".join(r.name for r in node.header.languages))
        lines.append("end")
    for d in node.declarations:
        lines += declaration(d)
    for a in node.articles:
        if a.chapter is None:
            lines += article(a, "")
    for ch in node.chapters:
        lines.append(f"chapter {ch.number}")
        lines += _texts(ch.titles, "  ", "title ")
        for a in node.articles:
            if a.chapter == ch.number:
                lines += article(a, "  ")
        lines.append("end")
    return "\n".join(lines) + "\n"
