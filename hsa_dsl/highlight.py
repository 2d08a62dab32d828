"""A Pygments lexer for the .hsa rules language.

Registered through the ``pygments.lexers`` entry point, so that ``pygmentize``, Sphinx and
MkDocs find it for ``*.hsa`` files and under the names ``hsa-dsl`` and ``hsa`` once hsa-dsl is
installed with Pygments (the ``docs`` extra). The keyword lists follow the quoted words of
``grammar/hsa.lark``; a test compares the two, so a keyword added to the grammar is coloured here
too.

The lexer colours by the look of the text, as an editor does: the grammar's contextual lexer
lets a keyword be a name where no keyword can stand (a field named ``month``), and the lexer
follows it where it can tell from the line (after a dot, before a field's colon).
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (Comment, Keyword, Name, Number, Operator, Punctuation, String,
                            Whitespace, Literal)

__all__ = ["HsaLexer", "DECLARATION_KEYWORDS", "KEYWORDS", "WORD_OPERATORS", "CONSTANTS",
           "TYPE_NAMES", "BUILTIN_FUNCTIONS"]

#: keywords that open a declaration or a block; the name after one is the thing declared
DECLARATION_KEYWORDS = ("act", "chapter", "article", "paragraph", "point", "rule", "define", "record",
                        "enum", "input", "output", "entitlement", "parameter", "table", "party", "action",
                        "property")

#: every other keyword of the grammar that is a word
KEYWORDS = ("end", "title", "languages", "informative", "cites", "quote", "group", "exception", "to",
            "for", "each", "all", "when", "then", "else", "otherwise", "violated", "must", "may",
            "penalty", "on", "fine", "from", "up", "of", "measure", "warning", "check", "at", "least",
            "most", "below", "list", "set", "optional", "unique", "by", "owed", "required", "holds",
            "if", "where", "using", "count", "sum", "max", "min", "any", "average", "day",
            "calendar", "week", "month", "consecutive", "blocks", "given")

#: keywords that combine values, coloured as operators
WORD_OPERATORS = ("and", "or", "not", "implies", "in", "is")

CONSTANTS = ("true", "false")

#: the types every act has (hsa_dsl.check.types.BUILTIN_TYPES)
TYPE_NAMES = ("bool", "date", "text", "integer", "decimal", "money", "hours", "days", "months")

#: the functions every act may call (hsa_dsl.builtins.FUNCTIONS, and the questions about rules)
BUILTIN_FUNCTIONS = ("years_between", "months_between", "days_between", "start_of_month", "end_of_month",
                     "round", "floor", "ceil", "abs", "violated", "violated_on")

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
#: a language's code before a text: `en "..."`, `title zh "..."`
_LANGUAGE = r"[a-z]{2,3}(?=[ \t]+\")"


class HsaLexer(RegexLexer):
    """The .hsa rules language of hsa-dsl: acts, their articles' text and the rules beside it."""

    name = "HSA"
    # Pygments' own HSAIL lexer also answers to `hsa`, and get_lexer_by_name asks Pygments'
    # lexers before those of plug-ins: `hsa-dsl` names this one for certain (a `*.hsa` file
    # name finds it, as HSAIL's files are `*.hsail`)
    aliases = ["hsa", "hsa-dsl"]
    filenames = ["*.hsa"]
    mimetypes = ["text/x-hsa"]

    tokens = {
        "root": [
            # a field declared at the start of a line is a name even where it spells a keyword
            # (`month: date`); the line's start is seen only before its indent is taken
            (r"^([ \t]*)(?!otherwise\b)(" + _NAME + r")([ \t]*)(:)(?!=)",
             bygroups(Whitespace, Name.Variable, Whitespace, Punctuation)),
            (r"\n", Whitespace),
            (r"[ \t\r]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            # a quoted text as the grammar reads one: triple-quoted across lines, or on one line
            (r'"""[\s\S]*?"""', String.Doc),
            (r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"', String.Double),
            # the literals, in the grammar's order of priority: a date before a number, money and
            # a quantity (one token: a number and its unit, on one line) before a plain number
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", Literal.Date),
            (r"NT\$[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?", Number),
            (r"([0-9]+(?:\.[0-9]+)?)([ \t]*)(hours|hour|h|days|day|months|month)(?![A-Za-z0-9_])",
             bygroups(Number, Whitespace, Keyword.Type)),
            (r"[0-9]+\.[0-9]+", Number.Float),
            (r"[0-9]+", Number.Integer),
            # a provision: art_9, art_9__para_1, art_9__para_1__point_3
            (r"art_[0-9]+(?:__para_[0-9]+)?(?:__point_[0-9]+)?(?![A-Za-z0-9_])", Name.Label),
            # so is a field after a dot (`m.month`)
            (r"(\.)(" + _NAME + ")", bygroups(Punctuation, Name.Attribute)),
            (r"(rule|property)([ \t]+)(" + _NAME + ")", bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (r"(define|input|output|entitlement|parameter|table)([ \t]+)(" + _NAME + ")",
             bygroups(Keyword.Declaration, Whitespace, Name.Variable)),
            (r"(enum|record)([ \t]+)(" + _NAME + ")", bygroups(Keyword.Declaration, Whitespace, Name.Class)),
            (r"(party|action|act)([ \t]+)(" + _NAME + ")", bygroups(Keyword.Declaration, Whitespace, Name.Constant)),
            (words(DECLARATION_KEYWORDS, suffix=r"(?![A-Za-z0-9_])"), Keyword.Declaration),
            (words(CONSTANTS, suffix=r"(?![A-Za-z0-9_])"), Keyword.Constant),
            (words(WORD_OPERATORS, suffix=r"(?![A-Za-z0-9_])"), Operator.Word),
            (words(TYPE_NAMES, suffix=r"(?![A-Za-z0-9_])"), Keyword.Type),
            (words(KEYWORDS, suffix=r"(?![A-Za-z0-9_])"), Keyword),
            (words(BUILTIN_FUNCTIONS, suffix=r"(?=[ \t]*\()"), Name.Builtin),
            (_LANGUAGE, Name.Tag),
            (_NAME, Name),
            (r"\.\.|<=|>=|!=|[=<>+\-*/]", Operator),
            (r"[(){}:,.]", Punctuation),
        ],
    }
