"""A lean driver for Lark's LALR tables: the lexer and the parser in one loop.

Lark's own loop is general: every reduction goes through a chain of wrappers (child filter,
single-child expansion, position propagation) and looks its rule up by a hash written in Python,
every inlined rule (`_item`, the helpers of `x*`) builds a tree for its parent to take apart,
and every token goes through a generator. On a large act that loop is most of the parse. This
driver runs the same tables, with the same lexing rules as :class:`hsa_dsl.syntax.lexer.FastLexer`, and
calls the same transformer methods with the same children, but it works out for each rule in
advance what its reduction does: hand its one child on (``?expr: implication``: a change of
the state on top and nothing else, most reductions of an expression grammar, and a run of them
from `atom` up to `expr` is looked up once it has been followed), collect children for the
parent to splice in (a plain list, grown in place along a left-recursive `x*`), or call the
method.

It only parses text the grammar accepts. At the first lexeme or token the tables do not accept,
it gives up and returns :data:`REJECTED`, and the caller parses the text again with Lark's own
parser, which raises the error with the parser state ``match_examples`` needs: errors are
Lark's, exactly, and the common path pays nothing to keep them so.
"""

from __future__ import annotations

from lark import Lark, Token, Tree
from lark.parsers.lalr_analysis import Shift

#: what :meth:`LalrDriver.parse` returns for a text the grammar does not accept
REJECTED = object()


def _is_inlined(symbol) -> bool:
    """A nonterminal Lark splices into its parent (`_item`, the helpers of `x*`)."""
    return not symbol.is_term and symbol.name.startswith("_")


class _Spliced(list):
    """The children an inlined rule collected, for its parent to take in their place."""

    __slots__ = ()


def _reduction(rule, transformer):
    """What reducing by `rule` makes of the values it pops, as Lark's tree builder would with
    ``keep_all_tokens`` and no placeholders; None when that is the one value itself."""
    inlined = tuple(i for i, symbol in enumerate(rule.expansion) if _is_inlined(symbol))
    name = rule.alias or rule.options.template_source or rule.origin.name
    method = getattr(transformer, name, None)
    expands_single = rule.options.expand1 and not rule.alias
    if _is_inlined(rule.origin):
        if expands_single:
            raise ValueError(f"the driver cannot inline the single-child rule {name}")
        method = _Spliced
    elif method is None:
        def method(children, name=name):
            return Tree(name, children)
    if expands_single and len(rule.expansion) == 1 and not inlined:
        return None

    build = method
    if expands_single:
        def build(children, method=method):
            return children[0] if len(children) == 1 else method(children)

    if not inlined:
        return build

    def splice_then_build(children, build=build, inlined=frozenset(inlined)):
        taken = None
        for index, child in enumerate(children):
            if index in inlined:
                if taken is None:
                    taken = child  # its own list, free to grow: along `x*`, no copy per entry
                else:
                    taken.extend(child)
            elif taken is None:
                taken = [child]
            else:
                taken.append(child)
        if taken is None:
            taken = []
        if build is _Spliced:
            return taken if type(taken) is _Spliced else _Spliced(taken)
        return build(list(taken) if type(taken) is _Spliced else taken)
    return splice_then_build


def _first_child(children):
    return children[0]


class LalrDriver:
    """Parses with the tables, lexer and transformer of a Lark LALR parser built with
    :class:`~hsa_dsl.syntax.lexer.FastLexer`."""

    def __init__(self, lark: Lark):
        frontend = lark.parser
        lexer = frontend.lexer
        table = frontend.parser.parser.parse_table
        options = lark.options
        if options.parser != "lalr" or options.maybe_placeholders or not options.keep_all_tokens \
                or len(options.start) != 1:
            raise ValueError("the driver needs an LALR parser with one start symbol that keeps all "
                             "tokens, without placeholders")
        start = options.start[0]

        #: per rule: (how many values it pops, the nonterminal it makes, what the reduction
        #: makes of them, or None when it hands its single child on)
        reductions = {}
        for rule in lark.rules:
            build = _reduction(rule, options.transformer)
            if build is None and rule.origin.name == start:
                # the last reduction of a parse hands its value out: not a mere change of state
                build = _first_child
            reductions[rule] = (len(rule.expansion), rule.origin.name, build)
        #: per state: terminal → the state to shift to, or the reduction to make; nonterminal →
        #: the state to go to
        size = max(table.states) + 1
        self.actions: list[dict[str, int | tuple]] = [{} for _ in range(size)]
        for state, entries in table.states.items():
            row = self.actions[state]
            for symbol, (action, argument) in entries.items():
                row[symbol] = argument if action is Shift else reductions[argument]
        #: (state below, nonterminal, terminal) → where a run of single-child reductions ends:
        #: the state on top, and the action there; filled in as the runs are met
        self.runs: dict[tuple, tuple] = {}
        self.start_state = table.start_states[start]
        self.end_state = table.end_states[start]
        self.lexer = lexer

    def _single_child_run(self, below: int, origin: str, terminal: str) -> tuple:
        """Where single-child reductions lead, from a state `below` the child, before `terminal`."""
        actions = self.actions
        while True:
            goto = actions[below][origin]
            action = actions[goto][terminal]  # a KeyError is the syntax error it is
            if type(action) is not tuple or action[2] is not None:
                return goto, action
            origin = action[1]

    def parse(self, text: str):
        """The value the transformer builds for `text`, or :data:`REJECTED`."""
        try:
            return self._parse(text)
        except KeyError:  # a token or goto the tables do not have: a syntax error
            return REJECTED

    def _parse(self, text: str):
        lexer = self.lexer
        next_token = lexer.skip_then_token.match
        keywords = lexer.keywords
        contextual = lexer._contextual
        actions, runs, end_state = self.actions, self.runs, self.end_state
        new_string = str.__new__

        states = [self.start_state]
        values: list = []
        push_state, push_value = states.append, values.append
        row = actions[self.start_state]
        count, rindex = text.count, text.rindex
        pos, line, line_start, end = 0, 1, 0, len(text)
        token = None
        while True:
            found = next_token(text, pos)
            type_ = found.lastgroup
            if type_ is None:
                start = stop = found.end()
            else:
                start, stop = found.span(type_)
            if start != pos:  # white space or comments before the token, or before the end
                newlines = count("\n", pos, start)
                if newlines:
                    line += newlines
                    line_start = rindex("\n", pos, start) + 1
                pos = start
            if type_ is not None:
                value = text[start:stop]
                if type_ in keywords and value in keywords[type_] and keywords[type_][value] in row:
                    type_ = keywords[type_][value]
                elif type_ not in row:
                    found = contextual(text, pos, row)
                    if found is None:
                        return REJECTED
                    type_, value = found
                    stop = pos + len(value)
                # what Token() makes, without two calls (a token is made per lexeme)
                token = new_string(Token, value)
                token.type, token.value, token.start_pos, token.end_pos = type_, value, pos, stop
                token.line, token.column = line, pos - line_start + 1
                if "\n" in value:
                    line += count("\n", pos, stop)
                    line_start = rindex("\n", pos, stop) + 1
                token.end_line, token.end_column = line, stop - line_start + 1
                pos = stop
            elif pos < end:
                return REJECTED  # a character no terminal takes
            else:
                if token is None:
                    token = Token("$END", "", 0, 1, 1)
                else:
                    token = Token.new_borrow_pos("$END", "", token)
                type_ = "$END"

            action = row[type_]
            while type(action) is tuple:
                size, origin, build = action
                if build is None:
                    # the one child is the value: only the state on top changes, as often as
                    # single-child reductions follow one another
                    key = (states[-2], origin, type_)
                    run = runs.get(key)
                    if run is None:
                        run = runs[key] = self._single_child_run(*key)
                    goto, action = run
                    states[-1] = goto
                    row = actions[goto]
                    continue
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                push_value(build(children))
                goto = actions[states[-1]][origin]
                if goto == end_state:
                    return values[-1]
                push_state(goto)
                row = actions[goto]
                action = row[type_]
            if type_ == "$END":
                return REJECTED  # Lark's tables never shift the end of the text
            push_state(action)
            push_value(token)
            row = actions[action]
