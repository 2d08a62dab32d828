"""Explanations: what a verdict means, article by article, in the worker's language.

An :class:`Explanation` is built from a verdict's traces (never written separately) and the
act's sentence templates for one language (``acts/<act>.<language>.yaml``, beside the act).
It is plain data; :mod:`hsa_dsl.explain.render` prints it as text, JSON, Markdown or HTML.

For each finding: one plain sentence first; the provision and the Act's own words; the facts it
rests on, with the field of the case each came from; each value computed and each condition with
its values; the exceptions considered; and what would have changed the outcome. A change is
offered only after re-evaluating the case with it: the explanation never claims a change that
would not change the outcome.
"""

from __future__ import annotations

import copy
import functools
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import yaml

from hsa_dsl.check.checked import constant_definitions
from hsa_dsl.errors import HsaError
from hsa_dsl.explain.numbers import RuleNumbers, rule_numbers, stated_numbers
from hsa_dsl.explain.values import WrittenForm, cents, field_type, form_problems, path_type, value_type
from hsa_dsl.explain.values import show as _show_english
from hsa_dsl.runtime.numbers import exact, format_decimal, in_exact_numbers, public, round_half_up
from hsa_dsl.runtime.values import Record
from hsa_dsl.runtime.verdict import Finding, Verdict

LANGUAGES = ("en", "zh", "id", "vi", "tl", "th")
_PATH_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")
#: `{name}`, `{day.date}`, and with a way of showing it after a bar: `{p.month|month}`
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?:\|([a-z_]+))?\}")
#: the ways a sentence may ask for a value to be shown, after a bar in its placeholder
SHOWN_AS = {"month": "the month and year of a date (March 2025)"}


def path_steps(path: str) -> list[tuple[str, str]]:
    """The steps of a case field path: `employment.wages[0].paid_on` gives (name, ""), (name, ""),
    ("", "0"), (name, "")."""
    return _PATH_STEP.findall(path)


# ---------------------------------------------------------------------------- templates


@attrs.frozen
class Templates:
    language: str
    name: str
    phrases: dict
    rules: dict
    path: str
    #: plain names of the act's outputs and definitions, for summaries and sentences
    names: dict = attrs.field(factory=dict)
    #: the words for the members of the act's enumerations (`pregnancy` → `kehamilan`)
    values: dict = attrs.field(factory=dict)
    #: the names of the act's enumerations: a value of one of these types is a member
    enum_types: frozenset = attrs.field(factory=frozenset)
    #: per rule, the sentence for its findings that repeat ({count}, {when}), beside `rules`
    repeats: dict = attrs.field(factory=dict)
    #: article titles in this language, by article number, where the act gives none in it
    articles: dict = attrs.field(factory=dict)
    #: the act's title in this language, where the act gives none in it ("" where not given)
    title: str = ""
    #: how this language writes numbers and dates
    form: WrittenForm = WrittenForm()
    #: the words of the complaint letter to the labour authority (see `hsa_dsl.explain.letter`)
    letter: dict = attrs.field(factory=dict)
    #: plain labels of what a case gives, for the advocate's report: an input by its name, a
    #: record's field as `Record.field`, and by a record's name alone how one entry of a list of
    #: them is named (`WageMonth: wage for {month|month}`)
    fields: dict = attrs.field(factory=dict)
    #: one sentence of help under each question of the interview, keyed as `fields` is (an input,
    #: `Record.field`) and by `Enum.member` for each member of an enumeration
    help: dict = attrs.field(factory=dict)
    #: the act's checks of a case (`check ... else "message"`) in this language, keyed by the
    #: message as the act writes it
    checks: dict = attrs.field(factory=dict)

    def name_of(self, name: str) -> str:
        return str(self.names.get(name, name))

    def plain_name(self, name: str) -> str | None:
        """The name this language gives a definition, output, parameter or table; None where it
        gives none."""
        return _given_text(self.names.get(name))

    def field_label(self, key: str) -> str | None:
        """The label this language gives a field of the case (`WageMonth.paid_on`), an input, or
        an entry of a list (`WageMonth`); None where it gives none."""
        return _given_text(self.fields.get(key))

    def help_text(self, key: str) -> str | None:
        """The help sentence this language gives a field (`WageMonth.paid_on`), an input, or an
        enumeration's member (`Terminator.employer`); None where it gives none."""
        return _given_text(self.help.get(key))

    def show(self, value, type_name: str = "") -> str:
        """A value in this language: yes and no, numbers of days and hours, and the act's
        enumeration members, in its words."""
        if isinstance(value, bool):
            return self.phrase("yes" if value else "no")
        if value is None:
            return self.phrase("not_given")
        base = type_name.removeprefix("optional ")
        if base == "days" and isinstance(value, int):
            return self.phrase("one_day" if value == 1 else "days", count=value)
        if base in self.enum_types and isinstance(value, str):
            return self.word(value)
        element = base.removeprefix("set of ")
        if element != base and element in self.enum_types and isinstance(value, (set, frozenset, list, tuple)):
            # "; " between: some words have commas of their own
            return "{" + "; ".join(self.word(v) for v in sorted(value)) + "}"
        if isinstance(value, date):
            return self.form.day(value)
        value = public(value)
        if base in ("money", "hours") and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            shown, about = cents(Decimal(value))
            number = self.form.number(format_decimal(shown))
            if base == "hours":
                return about + self.phrase("hours", count=number)
            sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
            return f"{about}{sign}NT${number}"
        if isinstance(value, Decimal):
            return self.form.number(format_decimal(value))
        return _show_english(value, type_name, hours=self.phrase("hours"))

    def show_as(self, value, shown_as: str, type_name: str = "") -> str:
        """A value shown the way a sentence asks for it (`{p.month|month}`): March 2025."""
        if shown_as == "month" and isinstance(value, date):
            return self.form.month_of(value)
        return self.show(value, type_name)

    def word(self, member: str) -> str:
        """An enumeration member in this language (as written in the act where no word is given)."""
        return str(self.values.get(member, member))

    def act_phrase(self, key: str) -> str | None:
        """A phrase only an act's language files give (none in English by default), such as
        `act_status`: None where this language's file does not give it."""
        text = self.phrases.get(key)
        return None if text is None else str(text).strip()

    def phrase(self, key: str, **values) -> str:
        text = self.phrases.get(key)
        if text is None:
            text = ENGLISH_PHRASES[key]
        return fill(str(text), values)


#: a phrase's placeholder: a plain name, nothing reached through it
_PHRASE_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(text: str, values: dict) -> str:
    """A translator's phrase with its placeholders filled. Not `str.format`: a placeholder can
    only name a value (`{count}`), never reach through it (`{count.__class__}`), and one that
    names nothing given is left as written (`hsa-dsl templates` reports it) rather than failing
    the whole report."""
    return _PHRASE_PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def template_path(act, language: str) -> Path:
    source = Path(act.source.name)
    return source.with_name(f"{source.stem}.{language}.yaml")


def load_templates(act, language: str) -> Templates:
    if not re.fullmatch(r"[A-Za-z][A-Za-z_-]{0,31}", language):  # a language's code, never a path
        raise HsaError.single(f"'{language}' is not the code of a language", file="--lang",
                              hint=f"the languages available are: {', '.join(available_languages(act))}")
    path = template_path(act, language)
    enum_types = frozenset(act.checked.enums)
    if not path.exists():
        if language == "en":
            return Templates("en", "English", {}, {}, "", enum_types=enum_types)
        raise HsaError.single(f"no explanations in '{language}' for this act: {path.name} is missing",
                              hint=f"the languages available are: {', '.join(available_languages(act))}")
    try:
        # a copy: a reader of the templates may change what it is given
        data = copy.deepcopy(_template_data(str(path), path.stat().st_mtime_ns))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise HsaError.single(f"{path.name}{where}: {getattr(error, 'problem', error)}",
                              hint="the template file is not valid YAML") from None
    if not isinstance(data.get("articles") or {}, dict):
        raise HsaError.single(f"{path.name}: 'articles' is not a map",
                              hint="give each article's title after its number: `5: its title`")
    return Templates(language, str(data.get("name", language)), dict(data.get("phrases") or {}),
                     dict(data.get("rules") or {}), str(path), dict(data.get("names") or {}),
                     dict(data.get("values") or {}), enum_types, dict(data.get("repeats") or {}),
                     _by_article_number(data.get("articles") or {}), str(data.get("title") or "").strip(),
                     WrittenForm.from_file(data.get("format", {})), dict(data.get("letter") or {}),
                     dict(data.get("fields") or {}), dict(data.get("help") or {}),
                     {str(k): v for k, v in (data.get("checks") or {}).items()})


def _given_text(text) -> str | None:
    """A label as a language file gives it; None for one left empty (a key with no words yet)."""
    if text is None or isinstance(text, (dict, list)):
        return None
    return str(text).strip() or None


def _by_article_number(articles: dict) -> dict:
    """A language file's article titles keyed by article number: YAML reads `5:` as the number
    5 and `"5":` as text, and both are article 5. A key that is no number is kept as text, for
    `check_templates` to report."""
    keyed = {}
    for key, title in articles.items():
        number = _article_number(key)
        keyed[str(key) if number is None else number] = "" if title is None else str(title).strip()
    return keyed


def _article_number(key) -> int | None:
    # YAML reads `yes:` as True, which Python takes for the number 1: it is no article number
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    if isinstance(key, str) and key.strip().isdigit():
        return int(key)
    return None


@functools.lru_cache(maxsize=32)
def _template_data(path: str, modified: int) -> dict:
    """A language file's contents, read once while it is unchanged (a report reads it more than
    once). With libyaml's parser where PyYAML has it: the same safe loading, many times faster."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as file:
        return yaml.load(file.read(), Loader=loader) or {}


def available_languages(act) -> list[str]:
    return ["en"] + [lang for lang in LANGUAGES[1:] if template_path(act, lang).exists()]


def check_templates(act) -> list[str]:
    """Every problem with the act's templates: a rule without a sentence in a language, a
    sentence naming a value the rule cannot give, a number a sentence writes that its rule does
    not produce, a phrase missing, the act's or an article's title missing in a language."""
    from hsa_dsl.explain.help import help_path, help_problems, load_help

    problems = []
    rules = act.checked.rules
    languages = {language: load_templates(act, language) for language in available_languages(act)}
    try:
        help_file = load_help(act)
    except HsaError as error:
        help_file = None
        problems.append(f"{help_path(act).name}: {error.diagnostics[0].message}")
    # Labels (`fields`, and a name for every definition) are what the advocate's report shows in
    # place of the act's and the case's identifiers. An act may do without them (its advocate's
    # report then shows the identifiers, as a small act's first draft or a test's act does); once
    # one language gives them, every language must give all of them, or its reader would read
    # the identifiers where another reads words.
    labelling = [language for language, templates in languages.items() if templates.fields]
    # Help under the interview's questions: as for labels, an act may do without it, but once one
    # language gives it, every language gives it for every field and every enumeration's member
    # (and a word for each member, English included), or the interview would ask in one language
    # what it cannot explain in another.
    helping = [language for language, templates in languages.items() if templates.help]
    # the act's checks are written in English; once one other language gives them, every one does
    checking = [language for language, templates in languages.items() if templates.checks]
    for key in ACT_PHRASES:  # optional, but a reader in one language is told what another is
        giving = [language for language, templates in languages.items() if templates.act_phrase(key)]
        if giving:
            problems += [f"{language}: the phrase '{key}' is missing ({', '.join(giving)} gives it)"
                         for language in languages if language not in giving]
    for language, templates in languages.items():
        for name in rules:
            if name not in templates.rules:
                problems.append(f"{language}: rule {name} has no sentence")
        form = _format_section(templates)
        if form is None and language != "en":
            problems.append(f"{language}: the format section is missing: numbers and dates would be written "
                            "the English way (20,000; 1 March 2025)")
        problems += [f"{language}: {problem}" for problem in form_problems({} if form is None else form)]
        for name, text in templates.repeats.items():
            if name not in rules:
                problems.append(f"{language}: repeats: '{name}' is not a rule of the act")
                continue
            for placeholder, shown_as in _PLACEHOLDER.findall(str(text)):
                if not _knows_for_repeats(act, placeholder):
                    problems.append(f"{language}: repeats: rule {name}: {{{placeholder}}} names nothing a sentence "
                                    f"for repeated findings can show (it may name {', '.join(REPEATS_SHOW)}, and "
                                    "the act's definitions without parameters and outputs)")
                problems += _way_of_showing(language, f"repeats: rule {name}", placeholder, shown_as)
        for name, text in templates.rules.items():
            if name not in rules:
                problems.append(f"{language}: '{name}' is not a rule of the act")
                continue
            for placeholder, shown_as in _PLACEHOLDER.findall(str(text)):
                if not _knows(act, rules[name], placeholder):
                    problems.append(f"{language}: rule {name}: {{{placeholder}}} names nothing the rule can show")
                problems += _way_of_showing(language, f"rule {name}", placeholder, shown_as)
        problems += _unproduced_numbers(act, language, templates)
        if language != "en":
            for key in ENGLISH_PHRASES:
                if key not in templates.phrases:
                    problems.append(f"{language}: the phrase '{key}' is missing")
        problems += _phrase_problems(language, templates.phrases)
        problems += help_problems(help_file, [language])
        if language != "en":
            problems += _letter_problems(language, templates.letter, languages["en"].letter)
        for name in act.checked.outputs:
            if name not in templates.names:
                problems.append(f"{language}: the output {name} has no name")
        problems += _label_problems(act, templates, required=bool(labelling))
        problems += _help_problems(act, templates, required=bool(helping))
        problems += _check_problems(act, templates, required=bool(checking) and language != "en")
        members = {m for enum in act.checked.enums.values() for m in enum.members}
        if language != "en" or helping:  # English may show a member as the act writes it, but for help
            for member in sorted(members - set(templates.values)):
                problems.append(f"{language}: the value {member} has no word")
        for member in sorted(set(templates.values) - members):
            problems.append(f"{language}: '{member}' is not a value of any enumeration of the act")
        problems += _title_problems(act, templates)
    return problems


def _label_problems(act, templates: Templates, required: bool) -> list[str]:
    """The plain names and labels of a language file that name nothing of the act; and, where
    labels are `required`, a definition, parameter or table without a name, an input or field of
    the case without a label, and a record a case gives lists of without a pattern that names
    one entry."""
    language, checked = templates.language, act.checked
    problems = []
    named = {**{name: "output" for name in checked.outputs}, **_named_things(checked)}
    for key in templates.names:
        if str(key) not in named:
            problems.append(f"{language}: names: '{key}' is not an output, definition, parameter or table of the act")
    labelled = case_labels(checked)
    listed = listed_records(checked)
    for key, pattern in templates.fields.items():
        key = str(key)
        if isinstance(pattern, (dict, list)):  # YAML reads `{date}` unquoted as a map
            problems.append(f"{language}: fields: {key}: not text; write it in quotes (\"{{date}}\")")
        elif key in listed:
            fields = checked.records[key].fields
            for placeholder, shown_as in _PLACEHOLDER.findall(str(pattern)):
                if placeholder not in fields:
                    problems.append(f"{language}: fields: {key}: {{{placeholder}}} is not a field of {key}")
                problems += _way_of_showing(language, f"fields: {key}", placeholder, shown_as)
        elif key not in labelled:
            problems.append(f"{language}: fields: '{key}' is no input, field or listed record of the act "
                            "(write an input as its name, a field as Record.field)")
    if not required:
        return problems
    for name, kind in _named_things(checked).items():
        if templates.plain_name(name) is None:
            problems.append(f"{language}: the {kind} {name} has no name")
    for key, kind in labelled.items():
        if _left_out(templates.fields, key):
            problems.append(f"{language}: the {kind} {key} has no label")
    for record in listed:
        if _left_out(templates.fields, record):
            problems.append(f"{language}: an entry of {record} has no name: give how one is named, "
                            f"from its fields ({record}: ...)")
    return problems


def help_keys(checked) -> dict[str, str]:
    """The keys of the interview's help sentences, each with what it helps with: the keys of
    :func:`case_labels`, and `Enum.member` for each member of each enumeration."""
    keys = case_labels(checked)
    for enum in checked.enums.values():
        keys.update({f"{enum.name}.{member}": "value" for member in enum.members})
    return keys


def _help_problems(act, templates: Templates, required: bool) -> list[str]:
    """The help sentences of a language file that name nothing of the act, or are not text; and,
    where help is `required`, each input, field and enumeration member without one."""
    language, problems = templates.language, []
    keys = help_keys(act.checked)
    for key, text in templates.help.items():
        if str(key) not in keys:
            problems.append(f"{language}: help: '{key}' is no input, field or enumeration member of the act "
                            "(write a field as Record.field, a member as Enum.member)")
        elif isinstance(text, (dict, list)):
            problems.append(f"{language}: help: {key}: not text; write it in quotes")
    if required:
        problems += [f"{language}: the {kind} {key} has no help" for key, kind in keys.items()
                     if _left_out(templates.help, key)]
    return problems


def check_messages(checked) -> list[str]:
    """The messages of the act's checks of a case, each once, in the act's order."""
    return list(dict.fromkeys(check.message for record in checked.records.values() for check in record.checks))


def _check_problems(act, templates: Templates, required: bool) -> list[str]:
    """The checks a language file gives that are no check of the act; and, where `required`, each
    check of the act it does not give."""
    language, messages = templates.language, check_messages(act.checked)
    problems = [f"{language}: checks: '{key}' is not the message of any check of the act"
                for key in templates.checks if key not in messages]
    if required:
        problems += [f"{language}: the check \"{message}\" has no words" for message in messages
                     if _left_out(templates.checks, message)]
    return problems


def _left_out(labels: dict, key: str) -> bool:
    """Whether a language file gives no words for `key`, or leaves them empty (words that are
    not text are reported as such, not as missing)."""
    text = labels.get(key)
    return not isinstance(text, (dict, list)) and _given_text(text) is None


def _named_things(checked) -> dict[str, str]:
    """What a computed line of the advocate's report may name, besides an output: the act's
    definitions (but its constants, which the rules read as the numbers themselves), parameters
    and tables; each with what it is."""
    constants = constant_definitions(checked)
    named = {name: "definition" for name in checked.definitions if name not in constants}
    named.update({name: "parameter" for name in checked.parameters})
    named.update({name: "table" for name in checked.tables})
    return named


def case_labels(checked) -> dict[str, str]:
    """The keys of the labels of what a case gives, each with what it labels: an input by its
    name (`employment`), a record's field as `Record.field` (`WageMonth.paid_on`)."""
    keys = {name: "input" for name in checked.inputs}
    for record in checked.records.values():
        keys.update({f"{record.name}.{field}": "field" for field in record.fields})
    return keys


def listed_records(checked) -> list[str]:
    """The records a case gives lists of (the months of wages, the days of the time card), in
    the act's order: a fact or a value about one entry names the entry."""
    from hsa_dsl.check import types as t

    listed = set()
    for type_ in [i.type for i in checked.inputs.values()] + [
            f.type for r in checked.records.values() for f in r.fields.values()]:
        while isinstance(type_, t.OptionalType):
            type_ = type_.inner
        if isinstance(type_, t.ListType) and isinstance(type_.element, t.RecordType):
            listed.add(type_.element.name)
    return [name for name in checked.records if name in listed]


def _title_problems(act, templates: Templates) -> list[str]:
    """The act's and its articles' titles a reader of this language would see in another
    language, and titles given for articles the act does not have."""
    language, checked, problems = templates.language, act.checked, []
    # English is what a title missing in another language falls back to: it is never asked for
    if language != "en":
        if checked.titles and not checked.titles.get(language) and not templates.title:
            problems.append(f"{language}: the act's title is missing")
        for number, article in checked.articles.items():
            if article.titles and not article.titles.get(language) and not templates.articles.get(number):
                english = article.titles.get("en") or next(iter(article.titles.values()))
                problems.append(f"{language}: article {number} ({english}) has no title")
    for number in templates.articles:
        if number not in checked.articles:
            problems.append(f"{language}: articles: '{number}' is not an article of the act")
    return problems


def _way_of_showing(language: str, where: str, placeholder: str, shown_as: str) -> list[str]:
    if not shown_as or shown_as in SHOWN_AS:
        return []
    return [f"{language}: {where}: {{{placeholder}|{shown_as}}}: '{shown_as}' is not "
            f"a way of showing a value (there is: {', '.join(SHOWN_AS)})"]


def _unproduced_numbers(act, language: str, templates: Templates) -> list[str]:
    """Every number a rule's sentences (`rules`, `repeats`) write in digits that the rule does
    not produce (see :mod:`hsa_dsl.explain.numbers`): a number the act changes would stay as
    written."""
    rules = act.checked.rules
    problems = []
    produced = {}
    for section, sentences in (("", templates.rules), ("repeats: ", templates.repeats)):
        for name, text in sentences.items():
            if name not in rules:
                continue
            if name not in produced:
                produced[name] = rule_numbers(act.checked, rules[name])
            numbers = produced[name]
            for written, readings in stated_numbers(str(text), templates.form):
                if not numbers.produces(readings):
                    problems.append(f"{language}: {section}rule {name} states {written}, which the rule does not "
                                    f"produce; {_placeholder_hint(numbers)}")
    return problems


def _placeholder_hint(numbers: RuleNumbers) -> str:
    """The placeholders that could state the number: the act's named constants the rule reads,
    its own first; or how to name one."""
    named = ["{" + name + "}" for name in numbers.constants[:3]]
    if named:
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
        return f"write it as a placeholder such as {listed}"
    return ("write it as a placeholder: name the number in the act with a definition the rule uses "
            "(define daily_limit: hours = 8 h) and write {daily_limit}")


def _phrase_problems(language: str, phrases: dict) -> list[str]:
    """A phrase must name the values English's names, and nothing else: a placeholder it adds is
    printed as written, one it drops loses a figure."""
    problems = []
    for key, text in phrases.items():
        english = ENGLISH_PHRASES.get(key)
        wanted = None if english is None else _placeholders_unlike(str(text), english)
        if wanted is not None:
            problems.append(f"{language}: the phrase '{key}' must name {wanted}, as English does")
    return problems


def _placeholders_unlike(text: str, english: str) -> str | None:
    """English's placeholders, as a translator reads them, where `text` names others (anything
    between braces counts, a stray or misspelt one too); None where they are the same."""
    written, wanted = set(_BRACED.findall(text)), set(_BRACED.findall(english))
    if written == wanted:
        return None
    return ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "no placeholder"


_BRACED = re.compile(r"\{([^{}]*)\}")


def _format_section(templates: Templates):
    """The language file's `format` section as written; None where it has none."""
    if not templates.path:
        return None
    return _template_data(templates.path, Path(templates.path).stat().st_mtime_ns).get("format")


def _letter_problems(language: str, letter: dict, english: dict) -> list[str]:
    """The complaint letter is written from English's keys: a key another language lacks would
    leave a hole in a letter sent in her name, and a placeholder it does not share with English
    would fail or lose a figure when the letter is written."""
    problems = [f"{language}: the letter's '{key}' is missing" for key in english if key not in letter]
    for key, text in letter.items():
        if key not in english:
            problems.append(f"{language}: the letter's '{key}' is not in English's letter")
            continue
        wanted = _placeholders_unlike(str(text), str(english[key]))
        if wanted is not None:
            problems.append(f"{language}: the letter's '{key}' must name {wanted}, as English does")
    return problems


#: what a sentence for a rule's repeated findings may name besides the act's definitions
#: without parameters and its outputs
REPEATS_SHOW = ("count", "when", "article", "title")


def _knows_for_repeats(act, placeholder: str) -> bool:
    head, *rest = placeholder.split(".")
    if rest:
        return False
    if head in REPEATS_SHOW or head in act.checked.outputs:
        return True
    definition = act.checked.definitions.get(head)
    return definition is not None and not definition.parameters


def _knows(act, rule, placeholder: str) -> bool:
    """Whether a sentence's placeholder names a value the rule can show: each step after the
    first must be a field the act declares (or a window's start or end), so that a sentence can
    reach nothing but the case's facts."""
    head, *rest = placeholder.split(".")
    if head in ("value", "article", "provision", "party", "owed_to"):
        return not rest
    scope = next((s for s in rule.scopes if s.variable == head), None)
    if scope is not None:
        return _field_path_exists(act.checked, scope.element_type, rest)
    if head in act.checked.inputs:
        return _field_path_exists(act.checked, act.checked.inputs[head].type, rest)
    return (head in act.checked.definitions or head in act.checked.outputs) and not rest


def _field_path_exists(checked, current, steps: list[str]) -> bool:
    from hsa_dsl.check import types as t

    for step in steps:
        while isinstance(current, t.OptionalType):
            current = current.inner
        if isinstance(current, t.WindowType):
            current = t.DATE if step in ("start", "end") else None
        else:
            current = field_type(checked, current, step)
        if current is None:
            return False
    return True


# ---------------------------------------------------------------------------- the explanation


@attrs.define
class Line:
    """One step of reasoning as shown: what, its value, and (for a condition) whether it held."""

    text: str
    value: str
    holds: bool | None = None
    detail: str = ""
    path: str | None = None
    #: the line in the reader's words, for the advocate: a value worked out by its name and the
    #: entry it was worked out for, a fact by its field's label and the entry it belongs to
    #: ("" where the language file gives no name; `text` keeps the act's own)
    label: str = ""
    #: an aggregate that is a step inside a value worked out rather than a part of it (a count
    #: a condition of it tests, or its whole value, which the next line gives again): the
    #: advocate reads the value's own line alone
    inner: bool = attrs.field(default=False, metadata={"json": False})


@attrs.define
class Change:
    """What would have changed the outcome."""

    sentence: str
    #: the field of the case to change, and the value that changes the outcome (None when the
    #: threshold is on a computed value, so no single fact is named)
    path: str | None = None
    value: Any = None
    checked: bool = False
    #: the same in plain words, naming the fact or the value by its label in the reader's
    #: language (for the advocate); "" where the language file gives no label for it
    plain: str = ""


@attrs.define
class ExplainedFinding:
    kind: str
    article: int
    provision: str
    rule: str
    sentence: str
    binding: dict
    quotes: list
    conditions: list
    computed: list
    facts: list
    exceptions: list
    changes: list
    references: list = attrs.field(factory=list)


@attrs.define
class ArticleSection:
    number: int
    title: str
    findings: list


@attrs.define
class Explanation:
    #: what the act is (the `act_status` phrase of the reader's language), shown first; None
    #: where the language's file does not say
    notice: str | None
    act_title: str
    case: str
    language: str
    summary: dict
    articles: list
    values: list
    why_not: list = attrs.field(factory=list)
    #: the findings again, each rule's repeats as one finding with its occasions (see `group`)
    groups: list = attrs.field(factory=list)
    #: where to get help, in the reader's language: each contact's name, about, and the ways to
    #: reach it (phone, web, email); see :mod:`hsa_dsl.explain.help`
    help: list = attrs.field(factory=list)


@in_exact_numbers
def explain(act, verdict: Verdict, case, case_name: str, language: str = "en",
            only: str | None = None, why_not: str | None = None, contacts=None) -> Explanation:
    """The verdict explained to a reader of `language`. `contacts` is a file of contacts (where
    to get help); by default, the one beside the act, if it has one."""
    from hsa_dsl.explain.help import load_help

    templates = load_templates(act, language)
    help_file = load_help(act, contacts)
    inputs = act.validate(case)
    raw_case = case if isinstance(case, dict) else _load_raw(case)
    checked = act.checked
    title = act_title(act, templates)
    shown_values: set[str] = set()
    sections: dict[int, ArticleSection] = {}
    for finding in verdict.findings:
        if only is not None and not _selected(finding, only):
            continue
        item = _explain_finding(act, templates, finding, inputs, raw_case, shown_values, verdict.values)
        section = sections.get(finding.article)
        if section is None:
            section = sections[finding.article] = ArticleSection(
                finding.article, article_title(act, templates, finding.article), [])
        section.findings.append(item)
    summary = _summary(act, verdict, templates, sections, inputs, help_file.ask if help_file else ())
    values = [Line(name, templates.show(value, value_type(checked, name)),
                   detail=templates.names.get(name, "") if name in checked.outputs else "",
                   label=_capitalised(templates.plain_name(name) or ""))
              for name, value in verdict.values.items()]
    unfired = []
    if why_not is not None:
        unfired = _why_not(act, templates, why_not, case)
    selected = [f for f in verdict.findings if only is None or _selected(f, only)]
    groups = group(act, templates, selected, inputs, verdict.values)
    explained = {(item.kind, item.rule, tuple(item.binding.items())): item
                 for section in sections.values() for item in section.findings}
    for grouped in groups:
        grouped.explained = [explained[(grouped.kind, grouped.rule, tuple(o.binding.items()))]
                             for o in grouped.occasions]
    return Explanation(templates.act_phrase("act_status"), title, case_name, language, summary,
                       [sections[k] for k in sorted(sections)], values, unfired, groups,
                       [c.in_language(language) for c in help_file.contacts] if help_file else [])


def _load_raw(path):
    from hsa_dsl.cases import load_case_file

    return load_case_file(path)


def _selected(finding: Finding, only: str) -> bool:
    if only == finding.rule:
        return True
    if only.isdigit():
        return finding.article == int(only)
    return finding.provision == only or finding.provision.startswith(only + "__") or only in finding.provisions


def _summary(act, verdict: Verdict, templates: Templates, sections: dict, inputs: dict, ask=()) -> dict:
    # a finding mentioned in the summary is told with its own sentence, in the reader's language
    sentences = {(item.rule, tuple(item.binding.items())): item.sentence
                 for section in sections.values() for item in section.findings}

    def sentence(f: Finding) -> str:
        found = sentences.get((f.rule, tuple(f.binding.items())))
        return found if found is not None else _sentence(act, templates, f, inputs, verdict.values)

    def mention(f: Finding) -> dict:
        return {"rule": f.rule, "article": f.article, "text": sentence(f)}

    # the reader is the party the act's entitlements are owed to (the worker, in the Household
    # Service Act); their rights are the permissions given to that party
    readers = {o.owed_to for o in act.checked.outputs.values() if o.owed_to}
    owed, totals = [], {}
    for f in verdict.of_kind("entitlement"):
        item = _owed_item(templates, f, sentence(f), readers)
        if item is None:
            continue
        if item["in_total"]:
            unit = item["unit"]
            totals[unit] = totals.get(unit, Decimal(0)) + item["value"]
        owed.append(item)
    return {
        "violations": len(verdict.violations),
        "entitlements": owed,
        "totals": [{"unit": unit, "value": total, "amount": templates.show(total, unit)}
                   for unit, total in totals.items()],
        "rights": [mention(f) for f in verdict.of_kind("permission")
                   if not readers or f.conclusion.get("party") in readers],
        # what the parties she can turn to must or may do in her case: hers to ask for
        "ask": [mention(f) for f in verdict.findings
                if f.kind in ("obligation", "permission") and f.conclusion.get("party") in ask],
        "obligations": [mention(f) for f in verdict.of_kind("obligation")],
        "penalties": [mention(f) for f in verdict.of_kind("penalty")],
        "warnings": [mention(f) for f in verdict.warnings],
        "conflicts": len(verdict.conflicts),
    }


#: the types whose amounts are money, added up in the summary's total
MONEY_UNITS = ("money",)


def exact_amount(finding: Finding):
    """The exact value an entitlement or value finding concluded: a rational where its decimal
    form does not end."""
    conclusion = finding.conclusion
    return conclusion.get("exact", conclusion.get("value"))


def reported_amount(finding: Finding):
    """An entitlement's value as reported: money rounded half up to a whole unit (NT$), the
    rest as it is. Amounts stay exact until they are reported."""
    value = exact_amount(finding)
    if _unit(finding) in MONEY_UNITS and value is not None and not isinstance(value, bool):
        return Decimal(round_half_up(exact(value)))
    return value


def money_owed(verdict) -> list[Finding]:
    """The entitlements of a verdict whose amounts are money: what a total owed adds up."""
    return [f for f in verdict.of_kind("entitlement") if _unit(f) in MONEY_UNITS]


def _unit(finding: Finding) -> str:
    return str(finding.conclusion.get("unit", "")).removeprefix("optional ")


def _owed_item(templates: Templates, finding: Finding, sentence: str, readers: set) -> dict | None:
    """One item of "What you are owed": its sentence, article and amount; None for an amount of
    nothing (zero, no, not given), which is not listed. Money owed to the reader counts in the
    total of its unit."""
    value = reported_amount(finding)
    if value is None or value is False or (not isinstance(value, bool) and value == 0):
        return None
    unit = _unit(finding)
    money = unit in MONEY_UNITS
    return {
        "what": templates.name_of(finding.conclusion.get("output")),
        "output": finding.conclusion.get("output"),
        "rule": finding.rule,
        "article": finding.article,
        "binding": dict(finding.binding),
        "text": sentence,
        "unit": unit,
        # a yes is owed as such (an allowance): its sentence says what, it has no amount to show
        "amount": "" if isinstance(value, bool) else templates.show(value, unit),
        "value": value,
        "exact": exact_amount(finding),
        "owed_to": finding.conclusion.get("owed_to"),
        "in_total": money and finding.conclusion.get("owed_to") in readers,
    }


# ---------------------------------------------------------------------------- one finding


def _explain_finding(act, templates: Templates, finding: Finding, inputs: dict, raw_case, shown: set,
                     values: dict):
    checked = act.checked
    rule = checked.rules[finding.rule]
    trace = finding.trace or {"steps": [], "facts": [], "uses": [], "exceptions": []}
    sentence = _sentence(act, templates, finding, inputs, values)
    quotes = [(q.language, q.text) for q in rule.quotes]
    conditions, computed = [], []
    worked_out = []
    seen = set()
    for step in trace["steps"]:
        key = (step["text"], repr(step["value"]), repr(step["operands"]))
        if key in seen:
            continue
        seen.add(key)
        if step["kind"] in ("compare", "member", "given", "violated"):
            conditions.append(_condition(templates, step))
        else:
            line = _computed(templates, step)
            line.label = _step_label(act, templates, step)
            computed.append(line)
            worked_out.append(step)
    _mark_inner(act, templates, worked_out, computed)
    for use in trace["uses"]:
        name = use["name"]
        label = _capitalised(templates.plain_name(name) or "")
        if name in shown:
            computed.append(Line(name, templates.show(use["value"], value_type(checked, name)),
                                 detail=templates.phrase("shown_above"), label=label))
        else:
            shown.add(name)
            computed.append(Line(name, templates.show(use["value"], value_type(checked, name)),
                                 detail=templates.phrase("computed_value"), label=label))
    facts = [Line(f["path"], templates.show(f["value"], path_type(checked, f["path"])), path=f["path"],
                  detail=_origin(templates, raw_case, f), label=fact_label(act, templates, inputs, f["path"]))
             for f in trace["facts"]]
    exceptions = [Line(e["rule"], templates.phrase("applied") if e["applied"] else templates.phrase("not_applied"),
                       holds=e["applied"], detail=_exception_reason(templates, e)) for e in trace["exceptions"]]
    changes = _changes(act, templates, finding, trace, inputs)
    return ExplainedFinding(finding.kind, finding.article, finding.provision, finding.rule, sentence,
                            dict(finding.binding), quotes, conditions, computed, facts, exceptions, changes,
                            [p for p in finding.provisions if p != finding.provision])


# ---------------------------------------------------------------------------- plain labels


def _capitalised(text: str) -> str:
    """A label as the start of a line (a script without capitals is left as it is)."""
    return text[:1].upper() + text[1:]


def _about_entries(templates: Templates, label: str, entries: list[str]) -> str:
    if not entries:
        return label
    return templates.phrase("about_entry", label=label, entry=templates.phrase("list_separator").join(entries))


def entry_name(act, templates: Templates, record: str, entry) -> str | None:
    """One entry of a list of `record`s as the reader reads it ("wage for November 2025", a day
    of the time card by its date), from the language file's pattern for the record, its
    placeholders filled with the entry's fields; None where the file gives no pattern."""
    pattern = templates.field_label(record)
    fields = act.checked.records[record].fields if record in act.checked.records else {}
    if pattern is None or entry is None:
        return None

    def resolve(match) -> str:
        name, shown_as = match.group(1), match.group(2) or ""
        if name not in fields:  # `hsa-dsl templates` reports it; shown as written meanwhile
            return match.group(0)
        value = entry[name] if hasattr(entry, "keys") else getattr(entry, name, None)
        return templates.show_as(public(value), shown_as, str(fields[name].type))

    return _PLACEHOLDER.sub(resolve, pattern)


def fact_label(act, templates: Templates, inputs: dict, path: str) -> str:
    """A fact of the case in the reader's words: its field's label, with the entries of lists it
    belongs to ("Date the wage was paid (wage for November 2025)"); "" where the language file
    gives no label for the field or no name for an entry."""
    from hsa_dsl.check import types as t

    checked = act.checked
    steps = path_steps(path)
    if not steps or steps[0][0] not in checked.inputs:
        return ""
    key, type_ = steps[0][0], checked.inputs[steps[0][0]].type
    value = inputs.get(key)
    entries = []
    for name, index in steps[1:]:
        while isinstance(type_, t.OptionalType):
            type_ = type_.inner
        try:
            if index:
                if not isinstance(type_, t.ListType) or not isinstance(type_.element, t.RecordType):
                    return ""
                type_, value = type_.element, value[int(index)]
                entry = entry_name(act, templates, type_.name, value)
                if entry is None:
                    return ""
                entries.append(entry)
                continue
            field = field_type(checked, type_, name)
            if field is None:
                return ""
            key, type_ = f"{type_.name}.{name}", field
            value = None if value is None else (value[name] if hasattr(value, "keys") else getattr(value, name))
            if _record_of(type_) in _shared_records(checked):
                # a record two fields hold (an order to pay, an order to correct): its fields'
                # labels alone would not say which
                entries.append(templates.field_label(key) or "")
        except (KeyError, IndexError, TypeError, AttributeError):
            return ""
    label = templates.field_label(key)
    if label is None or "" in entries:
        return ""
    return _about_entries(templates, _capitalised(label), entries)


def _record_of(type_) -> str | None:
    """The record a field holds (through `optional`), if it holds one; not a list's entries."""
    from hsa_dsl.check import types as t

    while isinstance(type_, t.OptionalType):
        type_ = type_.inner
    return type_.name if isinstance(type_, t.RecordType) else None


def _shared_records(checked) -> set[str]:
    """The records more than one input or field of the act holds."""
    held = Counter(_record_of(f.type) for r in checked.records.values() for f in r.fields.values())
    held.update(_record_of(i.type) for i in checked.inputs.values())
    return {name for name, count in held.items() if name is not None and count > 1}


def _step_label(act, templates: Templates, step: dict) -> str:
    """A value worked out, in the reader's words: a definition, parameter or table by its name,
    with what it was worked out for ("Shortfall of the basic wage (wage for November 2025)"); an
    aggregate by the definition it is part of (or the output of the rule it is in) and how many
    entries it went over (in a rule that has no output, only how many entries: the figure the
    rule compares). "" where the language file gives no name."""
    if step["kind"] == "aggregate":
        over = templates.phrase("over_entries", count=len(step.get("items") or ()))
        _, part_of = _aggregate_owner(act, step)
        if part_of is None:  # a figure a rule compares: how many entries made it
            return _capitalised(over)
        name = templates.plain_name(part_of)
        return "" if name is None else _capitalised(_about_entries(templates, name, [over]))
    name = step.get("name")
    plain = templates.plain_name(name) if name else None
    if plain is None:
        return ""
    return _about_entries(templates, _capitalised(plain), _worked_out_for(act, templates, step))


def _worked_out_for(act, templates: Templates, step: dict) -> list[str]:
    """What a definition was worked out for, as the reader reads it: the entries among its
    arguments (a wage month, a day of the time card, a week of it), else its dates and the act's
    words (an enumeration's members). An amount or a number of hours is left out: beside the
    line's own value it would read as another value of the same thing."""
    entries, others = [], []
    for value, type_name in zip(step.get("operands") or (), step.get("operand_types") or ()):
        base = type_name.removeprefix("optional ")
        start, end = getattr(value, "start", None), getattr(value, "end", None)
        if base in act.checked.records:
            named = entry_name(act, templates, base, value)
            if named is not None:
                entries.append(named)
        elif isinstance(start, date) and isinstance(end, date):  # a window of a list: a week, a month
            entries.append(_show_run(templates, (start, end)))
        elif isinstance(value, date) or (base in templates.enum_types and isinstance(value, str)):
            others.append(templates.show(value, type_name))
    return entries or others


def _mark_inner(act, templates: Templates, steps: list[dict], lines: list[Line]) -> None:
    """Marks the aggregates the advocate need not read: one whose value the next line gives
    again as the value of the definition it is worked out in (`wage_for(month)` is its one
    sum), and one that is not a part of the value it is worked out in but a condition of it (a
    count of periods of work inside a number of hours, a yes or no inside a rule). Where the
    language names nothing, nothing is marked: the line then shows the act's own text."""
    for index, (step, line) in enumerate(zip(steps, lines)):
        if step["kind"] != "aggregate":
            continue
        owner, part_of = _aggregate_owner(act, step)
        if part_of is None:
            # in a rule's condition: a yes or no is a step of it; a figure (the overtime of a
            # month) is what the rule compared with its limit, and is read
            line.inner = _base_type(step.get("type", "")) == "bool"
            continue
        if templates.plain_name(part_of) is None:
            continue
        following = steps[index + 1] if index + 1 < len(steps) else None
        restated = (following is not None and following["kind"] == "definition"
                    and following.get("name") == owner and repr(following["value"]) == repr(step["value"]))
        line.inner = restated or _base_type(step.get("type", "")) != _base_type(value_type(act.checked, part_of))


def _aggregate_owner(act, step: dict) -> tuple[str, str | None]:
    """The definition or rule an aggregate is written in, and the value it may be a part of: the
    definition's, or the output the rule decides (None for a rule that decides none)."""
    owner = act.module.SITES[step["site"]]["owner"]
    rule = act.checked.rules.get(owner)
    return owner, (owner if rule is None else rule.conclusion.output)


def _base_type(type_name: str) -> str:
    return type_name.removeprefix("optional ")


def _exception_reason(templates: Templates, exception: dict) -> str:
    """Why an exception did or did not apply: its conditions that decided it."""
    deciding = [c for c in exception.get("conditions", []) if bool(c["value"]) == exception["applied"]]
    if not deciding:
        return ""
    word = templates.phrase("holds") if exception["applied"] else templates.phrase("fails")
    return "; ".join(f"{c['text']}: {word}" for c in deciding)


def _condition(templates: Templates, step: dict) -> Line:
    detail = ""
    if step["kind"] in ("compare", "member"):
        (left, right), (left_type, right_type) = step["operands"], step["operand_types"]
        if step["kind"] == "compare":
            relation = step["operator"]
        else:
            relation = "∉" if step["negated"] else "∈"
        detail = f"{templates.show(left, left_type)} {relation} {templates.show(right, right_type)}"
    return Line(step["text"], templates.phrase("holds") if step["value"] else templates.phrase("fails"),
                holds=bool(step["value"]), detail=detail)


def _computed(templates: Templates, step: dict) -> Line:
    detail = ""
    if step["kind"] == "parameter":
        detail = templates.phrase("in_force_from", date=templates.show(step.get("effective")))
    elif step["kind"] == "aggregate":
        items = step.get("items") or []
        shown = ", ".join(f"{i['entry']}: {templates.show(i['value'], step['item_type'])}" for i in items[:12])
        more = f" … (+{len(items) - 12})" if len(items) > 12 else ""
        detail = templates.phrase("over_entries", count=len(items)) + (f": {shown}{more}" if items else "")
    return Line(step["text"], templates.show(step["value"], step.get("type", "")), detail=detail)


def _origin(templates: Templates, raw_case, fact: dict) -> str:
    if _given(raw_case, fact["path"]):
        return templates.phrase("given")
    return templates.phrase("not_given") if fact["value"] is None else templates.phrase("defaulted")


def _given(raw_case, path: str) -> bool:
    value = raw_case
    for name, index in path_steps(path):
        try:
            value = value[int(index)] if index else value[name]
        except (KeyError, IndexError, TypeError):
            return False
    return value is not None


def _sentence(act, templates: Templates, finding: Finding, inputs: dict, outputs: dict | None = None) -> str:
    outputs = outputs or {}
    template = templates.rules.get(finding.rule)
    if template is None:
        template = _default_sentence(templates, finding)
    values = {"article": finding.article, "provision": finding.provision}

    def resolve(match) -> str:
        name, shown_as = match.group(1), match.group(2) or ""
        head, *rest = name.split(".")
        if head in values and not rest:
            return str(values[head])
        if head == "value":
            if finding.kind == "entitlement":  # money owed is reported to the whole unit
                return templates.show_as(reported_amount(finding), shown_as, finding.conclusion.get("unit", ""))
            return templates.show_as(finding.conclusion.get("value"), shown_as, finding.conclusion.get("unit", ""))
        if head in ("party", "owed_to"):
            return str(finding.conclusion.get(head, ""))
        if head in finding.binding or (head in inputs and head not in act.checked.definitions):
            path = finding.binding.get(head, head)
            target = _at_path(inputs, path) if head in finding.binding else inputs[head]
            for part in rest:
                # only a field of the case's own data, never an attribute of a Python value
                if target is None:
                    break
                if not hasattr(target, "keys") or part not in target:
                    return match.group(0)
                target = target[part]
                path += "." + part
            return templates.show_as(public(target), shown_as, path_type(act.checked, path))
        if head in act.checked.definitions or head in act.checked.outputs:
            return templates.show_as(public(_named_value(act, finding, head, outputs)), shown_as,
                                     value_type(act.checked, head))
        return match.group(0)

    return _PLACEHOLDER.sub(resolve, str(template))


def _named_value(act, finding, name: str, values: dict):
    """A definition's or output's value for a sentence: as the finding's trace recorded it;
    else as the evaluation of the case worked it out (an output, a definition without
    parameters); else, for a constant of the act (`daily_hours_limit`), which a rule reads
    as the number itself and no trace records, the constant."""
    value = _lookup_value(act, finding, name)
    if value is None:
        value = values.get(name)
    if value is None:
        constant = constant_definitions(act.checked).get(name)
        if constant is not None:
            value = constant.value
    return value


def _lookup_value(act, finding, name):
    """A definition's value as the finding's trace recorded it (for one with parameters, the
    first call of it the rule made)."""
    trace = finding.trace or {}
    for use in trace.get("uses", []):
        if use["name"] == name:
            return use["value"]
    for step in trace.get("steps", []):
        if step["kind"] == "definition" and step["name"] == name:
            return step["value"]
    return None


def _at_path(inputs: dict, path: str):
    value: Any = inputs
    base, _, window = path.partition(" ")
    for name, index in path_steps(base):
        value = value[int(index)] if index else value[name]
    if window:
        start, _, end = window.partition("..")
        return {"start": _day(start), "end": _day(end or start)}
    return value


def _day(text: str):
    """A window's first or last day, as a date where it is one (to be shown in the reader's form)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _default_sentence(templates: Templates, finding: Finding) -> str:
    key = {"violation": "default_violation", "obligation": "default_obligation", "permission": "default_permission",
           "entitlement": "default_entitlement", "value": "default_value", "penalty": "default_penalty",
           "warning": "default_warning", "conflict": "default_conflict"}[finding.kind]
    return templates.phrase(key, article=finding.article, conclusion=finding.conclusion_text)


# ---------------------------------------------------------------------------- grouped findings


@attrs.define
class Occasion:
    """One finding of a grouped rule: the entries it was for, the days they cover, its own
    sentence, and the value its limit was compared with (None where no figure decided it)."""

    binding: dict
    start: date | None
    end: date | None
    sentence: str
    measure: Any = None
    #: its days as the reader reads them (a day, a range, or a month: "November 2025"); "" if none
    when: str = ""


@attrs.define
class GroupedFinding:
    """The findings of one rule and kind, which repeat over days, weeks, months or entries, as
    one finding: a sentence for all of them, how often, when (the days as runs), the extreme
    figure where one decided each, and every occasion."""

    kind: str
    article: int
    article_title: str
    provision: str
    rule: str
    sentence: str
    count: int
    #: the days the occasions cover, merged into runs of consecutive days: [{start, end}]
    runs: list
    #: the runs as the reader reads them ("1 to 15 March 2025" in the reader's form; months
    #: where the rule's sentence names its entries by month: "December 2024 to January 2025")
    when: str
    #: the highest (or lowest, for a lower limit) figure over the occasions, as shown; "" if none
    extreme: str
    occasions: list
    #: the explained findings (traces, facts, how amounts were worked out), one per occasion,
    #: for the readers who want the reasons; not in the JSON, which has them under `articles`
    explained: list = attrs.field(factory=list, eq=False, metadata={"json": False})


def group(act, templates: Templates, findings, inputs: dict, outputs: dict) -> list[GroupedFinding]:
    """The findings grouped by rule and kind, in the order each rule first appears: every
    finding is one occasion of exactly one group."""
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault((finding.kind, finding.rule), []).append(finding)
    groups = []
    for (kind, rule), members in by_rule.items():
        occasions = []
        by_month = names_months(templates, rule)
        for finding in members:
            start, end = _period(inputs, finding.binding)
            if by_month and start is not None:
                start, end = _whole_months(start, end)
            occasions.append(Occasion(dict(finding.binding), start, end,
                                      _sentence(act, templates, finding, inputs, outputs), _measure(finding),
                                      "" if start is None else _show_run(templates, (start, end), by_month)))
        runs = date_runs([(o.start, o.end) for o in occasions if o.start is not None])
        when = show_runs(templates, runs, by_month)
        extreme = extreme_figure(templates, occasions)
        first = members[0]
        groups.append(GroupedFinding(kind, first.article, article_title(act, templates, first.article),
                                     first.provision, rule, "", len(members),
                                     [{"start": a, "end": b} for a, b in runs], when, extreme, occasions))
        groups[-1].sentence = _group_sentence(act, templates, groups[-1], first, outputs)
    return groups


def act_title(act, templates: Templates) -> str:
    """The act's title in the reader's language: the act's own title in that language, else the
    language file's `title`, else the act's English title (or its name, where it has none)."""
    titles = act.checked.titles
    return titles.get(templates.language) or templates.title or titles.get("en") or act.checked.name


def article_title(act, templates: Templates, number: int) -> str:
    """An article's title in the reader's language: the act's own title in that language, else
    the language file's `articles`, else the act's English title."""
    titles = act.checked.articles[number].titles
    return titles.get(templates.language) or templates.articles.get(number) or titles.get("en", "")


def _period(inputs: dict, binding: dict) -> tuple[date | None, date | None]:
    """The days an occasion covers: a window's first and last day, or the first date of the
    entry it was for (a day's date, a wage's month, an objection's date)."""
    starts, ends = [], []
    for path in binding.values():
        base, _, window = path.partition(" ")
        if window:
            first, _, last = window.partition("..")
            starts.append(date.fromisoformat(first))
            ends.append(date.fromisoformat(last or first))
            continue
        try:
            entry = _at_path(inputs, base)
        except (KeyError, IndexError, TypeError, ValueError):
            continue
        if hasattr(entry, "values"):
            day = next((v for v in entry.values() if isinstance(v, date)), None)
            if day is not None:
                starts.append(day)
                ends.append(day)
    if not starts:
        return None, None
    return min(starts), max(ends)


def date_runs(periods) -> list[tuple[date, date]]:
    """Periods merged where they overlap or follow each other without a day between."""
    runs: list[list[date]] = []
    for start, end in sorted(periods):
        if runs and start <= runs[-1][1] + timedelta(days=1):
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    return [(a, b) for a, b in runs]


def show_runs(templates: Templates, runs, by_month: bool = False) -> str:
    """Runs of days as the reader reads them ("1 March 2025 to 15 March 2025, 17 March 2025"),
    or of months ("December 2024 to January 2025")."""
    return templates.phrase("list_separator").join(_show_run(templates, run, by_month) for run in runs)


def _show_run(templates: Templates, run: tuple[date, date], by_month: bool = False) -> str:
    start, end = run
    if by_month:
        first, last = templates.form.month_of(start), templates.form.month_of(end)
        return first if first == last else templates.phrase("date_range", start=first, end=last)
    if start == end:
        return templates.show(start)
    return templates.phrase("date_range", start=templates.show(start), end=templates.show(end))


def names_months(templates: Templates, rule: str) -> bool:
    """Whether the rule's sentence names its entries by month (`{p.month|month}`): its
    occasions are then whole months (a wage month), and are told as months."""
    return any(shown_as == "month" for _, shown_as in _PLACEHOLDER.findall(str(templates.rules.get(rule, ""))))


def _whole_months(start: date, end: date) -> tuple[date, date]:
    following = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    return start.replace(day=1), following - timedelta(days=1)


_MEASURED_TYPES = ("hours", "money", "days", "int", "integer", "number", "decimal")


def _measure(finding: Finding):
    """The figure the deciding comparison held of (10 h in `worked_hours(day) > 8 h`), with its
    type and whether the limit is an upper one; None where no figure decided the finding."""
    role = "violated" if finding.kind == "violation" else "when"
    for step in (finding.trace or {}).get("steps", []):
        if (step.get("role") == role and step["kind"] == "compare" and step["value"]
                and step["operator"] in (">", ">=", "<", "<=")):
            value, type_name = step["operands"][0], step["operand_types"][0]
            if type_name.removeprefix("optional ") in _MEASURED_TYPES and value is not None \
                    and not isinstance(value, bool):
                return {"value": value, "type": type_name, "upper": step["operator"] in (">", ">=")}
    return None


def extreme_figure(templates: Templates, occasions) -> str:
    """The highest figure over a limit (the longest day), or the lowest under one (the shortest
    rest), where every occasion of a repeated finding has one of the same kind."""
    measures = [o.measure for o in occasions]
    if len(occasions) < 2 or any(m is None for m in measures):
        return ""
    if len({(m["type"], m["upper"]) for m in measures}) != 1:
        return ""
    upper = measures[0]["upper"]
    value = (max if upper else min)(exact(m["value"]) for m in measures)
    shown = templates.show(value, measures[0]["type"])
    return templates.phrase("highest" if upper else "lowest", value=shown)


def _group_sentence(act, templates: Templates, grouped: GroupedFinding, first: Finding, outputs: dict) -> str:
    """One occasion is told in its own sentence; repeats in the language file's sentence for the
    rule's repeats (`repeats`), or else in the first occasion's own sentence followed by how
    often and when: two rules of one article that repeat must still read as two things."""
    if grouped.count == 1:
        return grouped.occasions[0].sentence
    values = {"count": grouped.count, "when": grouped.when or templates.phrase("dates_not_given"),
              "article": grouped.article, "title": grouped.article_title}
    template = templates.repeats.get(grouped.rule)
    if template is None:
        text = grouped.occasions[0].sentence + templates.phrase("sentence_gap") + templates.phrase("repeated", **values)
    else:
        # the act's constants and the case's values (its outputs, its definitions without
        # parameters) are the same for every occasion: the first occasion's finding gives them
        def resolve(match) -> str:
            name, shown_as = match.group(1), match.group(2) or ""
            if name in values:
                return str(values[name])
            if name in act.checked.definitions or name in act.checked.outputs:
                return templates.show_as(public(_named_value(act, first, name, outputs)), shown_as,
                                         value_type(act.checked, name))
            return match.group(0)

        text = _PLACEHOLDER.sub(resolve, str(template))
    return text + templates.phrase("sentence_gap") + grouped.extreme if grouped.extreme else text


# ---------------------------------------------------------------------------- what would change


_FLIP = {">": ("at_most", lambda r: r), ">=": ("below", None), "<": ("at_least", lambda r: r),
         "<=": ("above", None), "!=": ("equal_to", lambda r: r), "=": ("other_than", None)}


def _changes(act, templates: Templates, finding: Finding, trace: dict, inputs: dict) -> list[Change]:
    """For the comparison that decided the finding: the threshold, and where the compared value
    is a fact of the case, the change of that fact, checked by deciding the finding's rule again
    on the changed case."""
    role = "violated" if finding.kind == "violation" else "when"
    decisive = [s for s in trace["steps"] if s.get("role") == role and s["kind"] == "compare" and s["value"]]
    out: list[Change] = []
    for step in decisive:
        relation, target = _FLIP[step["operator"]]
        what = step["operand_texts"][0]
        right = step["operands"][1]
        threshold = templates.show(right, step["operand_types"][1])
        key = "would_change" if role == "violated" else "would_not_apply"
        change = Change(templates.phrase(key, what=what, relation=templates.phrase(relation), threshold=threshold))
        path = _fact_path(finding, step["operand_paths"][0])
        plain = _operand_words(act, templates, inputs, path, (step.get("operand_names") or (None,))[0])
        if plain:
            change.plain = templates.phrase(key, what=plain, relation=templates.phrase(relation), threshold=threshold)
        if path is not None and target is not None:
            change.path = path
            change.value = target(right)
            change.checked = _outcome_changes(act, finding, inputs, path, change.value)
            if not change.checked:
                continue
        elif not step["whole_clause"]:
            # a threshold on a computed value is offered only when the comparison is the whole
            # clause: inside `not`, `or` or `and` it may not decide the outcome alone
            continue
        out.append(change)
    missing = [s for s in trace["steps"]
               if s["kind"] == "given" and s.get("role") == "when" and not s["negated"] and not s["value"]]
    for step in missing:
        out.append(Change(templates.phrase("missing_fact", what=step["operand_texts"][0])))
    return out


def _operand_words(act, templates: Templates, inputs: dict, path: str | None, name: str | None) -> str:
    """What a comparison compares, in the reader's words: the fact's label (with its entry), or
    the plain name of the definition, parameter, table or output; "" where there is none."""
    words = fact_label(act, templates, inputs, path) if path is not None else \
        (templates.plain_name(name) or "") if name is not None else ""
    # inside a sentence: "if the regular hours (1 November 2025) were at most 8 h"
    return words[:1].lower() + words[1:] if words[1:2].islower() else words


def _fact_path(finding: Finding, read: dict | None) -> str | None:
    """The field of the case an operand reads (see `compiler.ir.FieldPath`), as a path of this
    finding's case: `employment.timecard[3].regular_hours` for `day.regular_hours`."""
    if read is None:
        return None
    fields = "".join("." + name for name in read["fields"])
    if read["start"] == "variable":
        entry = finding.binding.get(read["root"])
        return None if entry is None else entry + fields
    path = read["root"] + fields
    # a field the evaluation read is a fact the case can change
    facts = (finding.trace or {}).get("facts", [])
    return path if any(fact["path"] == path for fact in facts) else None


def _outcome_changes(act, finding: Finding, inputs: dict, path: str, value) -> bool:
    """Whether the finding is gone once the fact at `path` has `value`. Only the finding's rule
    is decided again, with the rules whose results it reads, on the validated case with that one
    fact replaced: a change costs what its rule costs, not what the whole case does (an
    explanation of a year of time cards offers hundreds of changes)."""
    try:
        changed = _replaced(inputs, path_steps(path), value)
        if not _passes_checks(act.compiled.module, changed):
            return False  # a change that breaks a record's check makes no case the act decides
        verdict = act.compiled.evaluate_inputs(changed, False, rules=(finding.rule,))
    except (HsaError, KeyError, IndexError, TypeError):
        return False
    return not any(f.rule == finding.rule and f.kind == finding.kind and f.binding == finding.binding
                   for f in verdict.findings)


def _passes_checks(module, inputs: dict) -> bool:
    """Whether every record of validated inputs passes its checks, as the validator asks."""
    from hsa_dsl.runtime.engine import Context

    ctx = Context(module, inputs, False)
    passes = getattr(module, "RECORD_CHECKS", None)
    checks = module.CHECKS
    stack = list(inputs.values())
    while stack:
        value = stack.pop()
        if isinstance(value, Record):
            if passes is not None:
                test = passes.get(value.type)
                if test is not None and not test(ctx, value):
                    return False
            elif not all(check(ctx, value) for check, _ in checks.get(value.type, ())):
                return False
            stack.extend(value.values())
        elif isinstance(value, tuple):
            stack.extend(value)
    return True


def _as_runtime(new, old):
    """A value as shown (a trace's Decimal) in the form the rules compute with, which the fact
    it replaces has: an exact rational, or a whole number."""
    if isinstance(new, Decimal):
        if isinstance(old, int) and not isinstance(old, bool) and new == new.to_integral_value():
            return int(new)
        return exact(new)
    return new


def _replaced(value, steps: list, new):
    """`value` with the field at `steps` replaced, copying only the records and lists on the
    way: the case the explanation was made for is not touched."""
    if not steps:
        return _as_runtime(new, value)
    (name, index), rest = steps[0], steps[1:]
    if index:
        position = int(index)
        return value[:position] + (_replaced(value[position], rest, new),) + value[position + 1:]
    copied = Record(value.path, value, value.type) if isinstance(value, Record) else dict(value)
    copied[name] = _replaced(value[name], rest, new)
    return copied


# ---------------------------------------------------------------------------- why not


def _why_not(act, templates: Templates, name: str, case) -> list:
    """The rules named (a rule, or an article's rules) that gave no finding, and why."""
    rules = [r for r in act.checked.rules.values()
             if r.name == name or (name.isdigit() and r.article == int(name))]
    if not rules:
        from hsa_dsl.errors import did_you_mean

        raise HsaError.single(f"no rule or article '{name}'", hint=did_you_mean(name, act.checked.rules))
    inputs = act.validate(case)
    ctx, firings, _ = act.compiled.run(inputs, True)
    out = []
    for rule in rules:
        meta = act.module.RULES[rule.name]
        for firing in firings.get(rule.name, ()):
            reason = None
            if not firing.applicable:
                reason = templates.phrase("reason_not_applicable")
            elif firing.overridden_by:
                reason = templates.phrase("reason_overridden", rules=", ".join(firing.overridden_by))
            elif meta["kind"] in ("obligation", "prohibition") and firing.violated is False:
                reason = templates.phrase("reason_complied")
            if reason is None:
                continue
            trace = act.compiled.trace_data(firing.trace)
            lines = [_condition(templates, s) for s in trace["steps"]
                     if s["kind"] in ("compare", "member", "given")]
            out.append({"rule": rule.name, "article": rule.article, "binding": firing.binding(meta["scopes"]),
                        "reason": reason, "conditions": lines})
    return out


# ---------------------------------------------------------------------------- English

#: phrases an act's language files may give, with no English default: `act_status` says what
#: the act is (a draft bill, a law in force), at the top of every explanation
ACT_PHRASES = ("act_status",)


ENGLISH_PHRASES = {
    "summary": "Summary",
    "violations": "Violations of your rights",
    "entitlements": "What you are owed",
    "rights": "What you may do now",
    "obligations": "What your employer must do",
    "penalties": "Penalties your employer faces",
    "warnings": "What your case does not say (this could change the answer)",
    "conflicts": "Rules that contradict each other",
    "total": "Total",
    "none": "none",
    "article": "Article {number}",
    "the_act_says": "The Act says",
    "conditions": "Why",
    "computed": "How it was worked out",
    "facts": "Facts from your case",
    "exceptions": "Exceptions considered",
    "changes": "What would change this",
    "values": "Values worked out",
    "yes": "yes",
    "no": "no",
    "one_day": "{count} day",
    "days": "{count} days",
    "hours": "{count} h",
    "given": "given in the case",
    "not_given": "not given in the case",
    "defaulted": "not given; the Act's default",
    "holds": "yes",
    "fails": "no",
    "applied": "applied",
    "not_applied": "did not apply",
    "computed_value": "worked out once for your case",
    "shown_above": "shown above",
    "in_force_from": "in force from {date}",
    "over_entries": "over {count} entries",
    "would_change": "This would comply if {what} were {relation} {threshold}.",
    "would_not_apply": "This would not apply if {what} were {relation} {threshold}.",
    "missing_fact": "The case does not say {what}; with it, more could be decided.",
    "at_most": "at most",
    "at_least": "at least",
    "below": "below",
    "above": "above",
    "equal_to": "equal to",
    "other_than": "other than",
    "kind_violation": "Violation",
    "kind_obligation": "Obligation",
    "kind_permission": "Right",
    "kind_entitlement": "Entitlement",
    "kind_value": "Determination",
    "kind_penalty": "Penalty",
    "kind_warning": "Warning",
    "kind_conflict": "Conflict",
    "default_violation": "Article {article} was breached: {conclusion}.",
    "default_obligation": "Under Article {article}: {conclusion}.",
    "default_permission": "Under Article {article}: {conclusion}.",
    "default_entitlement": "Under Article {article}: {conclusion}.",
    "default_value": "Under Article {article}: {conclusion}.",
    "default_penalty": "Under Article {article}: {conclusion}.",
    "default_warning": "Under Article {article}: {conclusion}.",
    "default_conflict": "Two rules contradict each other here: {conclusion}.",
    "why_not": "Why not",
    "reason_not_applicable": "its conditions did not hold",
    "reason_overridden": "an exception applied instead ({rules})",
    "reason_complied": "the duty was met",
    "for_entry": "for",
    "case": "Case",
    "help": "Where to get help",
    "owed_over_occasions": "{what} ({article}): {items}.",
    "owed_item": "{amount} for {when}",
    "list_separator": ", ",
    # between two sentences: a space, and nothing in Chinese
    "sentence_gap": " ",
    "contact": "{name}: {ways}. {about}",
    "contact_reached": "{name}: {ways}",
    "date_range": "{start} to {end}",
    "dates_not_given": "the case gives no dates",
    "highest": "The highest was {value}.",
    "lowest": "The lowest was {value}.",
    "repeated": "This happened {count} times: {when}.",
    "breached": "What your employer did wrong",
    "nothing_breached": "Your case shows no breach of the Act.",
    "when": "When",
    "facts_for": "Facts from your case ({when})",
    "computed_for": "How it was worked out ({when})",
    "about_entry": "{label} ({entry})",
}
