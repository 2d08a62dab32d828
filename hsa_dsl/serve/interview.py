"""The interview of `hsa-dsl serve`, generated from the act's declared inputs: its questions, the
answers a form gives, and the case they make.

Nothing here is written per field. The questions are the act's inputs and the fields of its
records, in the act's order, with each field's type as the compiled act declares it
(``INPUTS`` and ``RECORDS`` of the compiled module: see :mod:`hsa_dsl.runtime.validate`); their
labels and help sentences are those of the act's language files (`fields`, `values`, `help`).

When a question is asked (the reading of the act's structure the interview makes):

- a record the case must give is a section, always asked;
- an optional record (the end of the contract, where she lives) is asked behind a yes/no
  question, and its section appears only on yes;
- a list of records (the months of wages, the days of the time card) asks nothing until an entry
  is added, and each entry asks its record's questions: the pay-slip questions of a month exist
  only for a month of wages the case gives;
- inside a record, a yes/no field named ``<stem>_given`` guards the record's other fields named
  ``<stem>_...``: they are asked only once it is yes (``payslip_given`` guards
  ``payslip_language`` and ``payslip_signed_by_both``).

An answer left empty is left out of the case: an optional fact is then not known (the act warns
where it would decide a finding), and a field with a default takes the act's default. An answer
is put in the case as typed (numbers and dates as text), so that the act's validator judges it
and reports it exactly as it reports a case file.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal

import attrs
import yaml

from hsa_dsl.explain.explanation import path_steps

#: the answer to a yes/no question, as a form sends it
YES, NO = "yes", "no"
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_PLAIN_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_GUARD_SUFFIX = "_given"


@attrs.frozen
class Question:
    """One question of the interview: a field of a record (or an input of the act)."""

    #: the form's name for the answer, which is also the case's field path
    #: (``employment.wages[0].paid_on``); a list's entries are numbered when asked
    path: str
    #: the key of its label and help in the language files (``WageMonth.paid_on``, an input's name)
    key: str
    name: str
    #: bool, enum, set, date, number, text, record, list
    kind: str
    #: the case may leave it out (an optional fact, a field with a default, a list or a set)
    optional: bool = False
    #: the act's default, shown beside the question; None where there is none
    default: object = None
    has_default: bool = False
    #: the members of an enumeration (or of a set's enumeration)
    enum: str = ""
    members: tuple = ()
    #: numbers: what they count (money, hours, days, integer), and whether they are whole
    unit: str = ""
    whole: bool = False
    low: object = None
    high: object = None
    #: records and lists: the record's name and its questions (for a list, those of one entry,
    #: with the entry's path left as `{}`)
    record: str = ""
    children: tuple = ()
    #: a list: the field each entry has its own value of (a time card's date), if any
    unique_by: str = ""
    #: a list: the most entries the act allows it
    max_length: int = 0
    #: a question of a list's entry after the first: asked without its help sentence, which the
    #: first entry shows (a month of the time card would repeat it thirty times)
    quiet: bool = False
    #: the name of the yes/no question that guards this one in its record, if any
    guard: str = ""


def questions(act) -> tuple[Question, ...]:
    """The interview's questions: one per input of the act, each record's fields below it."""
    module = act.module
    return tuple(_question(module, name, name, name, type_, low, high, False, None)
                 for name, (type_, low, high) in module.INPUTS.items())


def _question(module, path: str, key: str, name: str, type_: tuple, low, high, has_default: bool,
              default) -> Question:
    optional = has_default
    if type_[0] == "optional":
        optional, type_ = True, type_[2]
    common = {"path": path, "key": key, "name": name, "optional": optional, "has_default": has_default,
              "default": default, "low": low, "high": high}
    kind = type_[0]
    if kind in ("bool", "text", "date"):
        return Question(kind=kind, **common)
    if kind == "number":
        return Question(kind="number", unit=type_[1], whole=type_[2], **common)
    if kind == "enum":
        return Question(kind="enum", enum=type_[1], members=tuple(type_[2]), **common)
    if kind == "set":
        element = type_[2]
        return Question(kind="set", enum=element[1], members=tuple(element[2]), **{**common, "optional": True})
    if kind == "record":
        return Question(kind="record", record=type_[1], children=_fields(module, path, type_[1]), **common)
    if kind == "list":
        element = type_[2]
        if element[0] != "record":  # no act declares a list of plain values; asked as text if one does
            return Question(kind="text", **common)
        return Question(kind="list", record=element[1], children=_fields(module, path + "[{}]", element[1]),
                        unique_by=type_[3] or "", max_length=type_[4] or 0, **{**common, "optional": True})
    raise AssertionError(type_)


def _fields(module, path: str, record: str) -> tuple[Question, ...]:
    fields = module.RECORDS[record]
    guards = {name[:-len(_GUARD_SUFFIX)] + "_": name for name, (type_, *_rest) in fields.items()
              if name.endswith(_GUARD_SUFFIX) and _is_yes_no(type_)}
    out = []
    for name, (type_, low, high, has_default, default) in fields.items():
        guard = next((g for stem, g in guards.items() if name.startswith(stem) and name != g), "")
        question = _question(module, f"{path}.{name}", f"{record}.{name}", name, type_, low, high,
                             has_default, default)
        out.append(attrs.evolve(question, guard=guard))
    return tuple(out)


def _is_yes_no(type_: tuple) -> bool:
    return type_[0] == "bool" or (type_[0] == "optional" and type_[2][0] == "bool")


def entry_questions(question: Question, index: int) -> tuple[Question, ...]:
    """The questions of one entry of a list, with the entry's number in their paths."""
    return tuple(_numbered(child, question.path + "[{}]", f"{question.path}[{index}]", index > 0 or question.quiet)
                 for child in question.children)


def _numbered(question: Question, pattern: str, path: str, quiet: bool) -> Question:
    # every question below the entry, a list's entries' questions too, starts with the entry's path
    return attrs.evolve(question, path=path + question.path[len(pattern):], quiet=quiet,
                        children=tuple(_numbered(c, pattern, path, quiet) for c in question.children))


# ---------------------------------------------------------------------------- answers


def answers_from_form(items: list[tuple[str, str]], asked: tuple[Question, ...]) -> dict:
    """The answers a form gives, as a nested mapping shaped like the case: text as typed for
    dates, numbers, texts and enumerations, "yes"/"no"/"" for yes/no questions, a list of members
    for a set, ``{"present": ..., "fields": {...}}`` for an optional record, a list of mappings for
    a list. What the form does not send for a question is an empty answer."""
    form: dict[str, list[str]] = {}
    for name, value in items:
        form.setdefault(name, []).append(value)
    return {q.name: _answer_from_form(form, q) for q in asked}


def _answer_from_form(form: dict, question: Question):
    if question.kind == "set":
        return [m for m in question.members if m in form.get(question.path, ())]
    if question.kind == "record":
        fields = {c.name: _answer_from_form(form, c) for c in question.children}
        if question.optional:
            return {"present": _last(form, question.path + "?"), "fields": fields}
        return fields
    if question.kind == "list":
        count = _last(form, question.path + "#")
        count = int(count) if count.isdigit() else 0
        return [{c.name: _answer_from_form(form, c) for c in entry_questions(question, i)}
                for i in range(min(count, question.max_length or _FORM_ENTRIES))]
    return _last(form, question.path)


#: the most entries of a list the act does not bound that a form is read for (the form's size
#: bounds the work first: see `hsa_dsl.serve.pages.MAX_FORM_BYTES`)
_FORM_ENTRIES = 100_000


def _last(form: dict, name: str) -> str:
    values = form.get(name)
    return values[-1].strip() if values else ""


def case_from_answers(answers: dict, asked: tuple[Question, ...]) -> dict:
    """The case the answers give: empty answers left out, an optional record only when it is
    said to be there, a guarded field only when its guard is yes."""
    case = {}
    for q in asked:
        value = _case_value(answers.get(q.name), q)
        if value is not _LEFT_OUT:
            case[q.name] = value
    return case


_LEFT_OUT = object()


def _case_value(answer, question: Question):
    kind = question.kind
    if kind == "record":
        if question.optional:
            if not isinstance(answer, dict) or answer.get("present") != YES:
                return _LEFT_OUT
            answer = answer.get("fields")
        answer = answer if isinstance(answer, dict) else {}
        out = {}
        for child in question.children:
            if child.guard and answer.get(child.guard) != YES:
                continue
            value = _case_value(answer.get(child.name), child)
            if value is not _LEFT_OUT:
                out[child.name] = value
        return out
    if kind == "list":
        entries = answer if isinstance(answer, list) else []
        if not entries:
            return _LEFT_OUT
        record = attrs.evolve(question, kind="record", optional=False)
        return [_case_value(entry, record) for entry in entries]
    if kind == "set":
        return list(answer) if answer else _LEFT_OUT
    if not isinstance(answer, str) or answer == "":
        return _LEFT_OUT
    if kind == "bool":
        # anything but yes or no is put as typed, for the validator to refuse as a case file's
        return {YES: True, NO: False}.get(answer, answer)
    return answer


def answers_from_case(case: dict, asked: tuple[Question, ...]) -> dict:
    """The answers that give `case` (a case read from a file, or saved): the inverse of
    :func:`case_from_answers`, for a case opened to be worked on."""
    case = case if isinstance(case, dict) else {}
    return {q.name: _answer_from_case(case.get(q.name), q, q.name in case) for q in asked}


def _answer_from_case(value, question: Question, given: bool):
    kind = question.kind
    if kind == "record":
        fields_given = value if isinstance(value, dict) else {}
        fields = {c.name: _answer_from_case(fields_given.get(c.name), c, c.name in fields_given)
                  for c in question.children}
        if question.optional:
            return {"present": YES if given and value is not None else "", "fields": fields}
        return fields
    if kind == "list":
        record = attrs.evolve(question, kind="record", optional=False)
        return [_answer_from_case(entry, record, True) for entry in (value if isinstance(value, list) else [])]
    if kind == "set":
        return [str(v) for v in value] if isinstance(value, (list, tuple, set, frozenset)) else []
    if not given or value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def blank_entry(question: Question) -> dict:
    """The answers of a new, empty entry of a list."""
    record = attrs.evolve(question, kind="record", optional=False)
    return _answer_from_case({}, record, True)


# ---------------------------------------------------------------------------- the case as YAML


class _Plain(str):
    """A number or a date as typed, written without quotes: read back, it is the number or the
    date it says."""


class _CaseDumper(yaml.SafeDumper):
    pass


def _represent_plain(dumper, text):
    # tagged as the reader takes the bare text (an integer, a number with a point, a date), so that
    # the writer leaves it bare
    tag = dumper.resolve(yaml.ScalarNode, str(text), (True, False))
    return dumper.represent_scalar(tag, str(text))


_CaseDumper.add_representer(_Plain, _represent_plain)


def case_yaml(case: dict, asked: tuple[Question, ...], notice: str | None = None) -> str:
    """The case as a YAML file `hsa-dsl explain` reads as it is: numbers and dates written as
    typed, without quotes where they are plainly a number or a date (anything else quoted, so
    that it is read back as the same text and refused as the interview refused it)."""
    marked = {q.name: _marked(case[q.name], q) for q in asked if q.name in case}
    header = "".join(f"# {line}\n" for line in (notice or "").splitlines() if line.strip())
    return header + yaml.dump(marked, Dumper=_CaseDumper, allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=100)


def _marked(value, question: Question):
    if question.kind in ("record", "list") and isinstance(value, (dict, list)):
        if isinstance(value, list):
            record = attrs.evolve(question, kind="record", optional=False)
            return [_marked(entry, record) for entry in value]
        children = {c.name: c for c in question.children}
        return {name: _marked(v, children[name]) if name in children else v for name, v in value.items()}
    if isinstance(value, str):
        if question.kind == "number" and _PLAIN_NUMBER.match(value):
            return _Plain(value)
        if question.kind == "date" and _PLAIN_DATE.match(value):
            return _Plain(value)
    return value


# ---------------------------------------------------------------------------- diagnostics


def problems_by_path(diagnostics) -> dict[str, list]:
    """The validator's diagnostics by the field path each names ("" for the case as a whole)."""
    out: dict[str, list] = {}
    for diagnostic in diagnostics:
        out.setdefault(diagnostic.path or "", []).append(diagnostic)
    return out


def is_asked(path: str, asked: tuple[Question, ...], answers: dict) -> bool:
    """Whether a field path names a question the form shows with these answers (a diagnostic of
    any other path is shown at the top of the form, not lost)."""
    return _locate(path, asked, answers) is not None


def _locate(path: str, asked: tuple[Question, ...], answers: dict) -> tuple[Question, object] | None:
    """The question a field path names and its answer, where the form shows it with these
    answers (a list's entry: the list's question and the entry's answers)."""
    steps = path_steps(path)
    questions_here, answer, found = asked, answers, None
    index = 0
    while index < len(steps):
        name, _ = steps[index]
        question = next((q for q in questions_here if q.name == name), None)
        if question is None or not isinstance(answer, dict):
            return None
        answer = answer.get(name)
        found = (question, answer)
        index += 1
        if question.kind == "list":
            if index == len(steps):
                return found
            number = steps[index][1]
            if not number or not isinstance(answer, list) or int(number) >= len(answer):
                return None
            answer = answer[int(number)]
            found = (question, answer)
            index += 1
            questions_here = question.children
        elif question.kind == "record":
            if question.optional:
                if not isinstance(answer, dict) or answer.get("present") != YES:
                    return None
                answer = answer.get("fields")
            questions_here = question.children
        else:
            return found if index == len(steps) or question.kind == "set" else None
    return found


def list_at(answers: dict, asked: tuple[Question, ...], path: str) -> tuple[list, Question] | None:
    """The entries of the list a field path names in the answers, with its question; None where
    the path names no list the form shows."""
    found = None if path.endswith("]") else _locate(path, asked, answers)
    if found is None or found[0].kind != "list" or not isinstance(found[1], list):
        return None
    return found[1], found[0]


def form_items(answers: dict, asked: tuple[Question, ...]) -> list[tuple[str, str]]:
    """The form fields that give these answers (what a browser sends back): the inverse of
    :func:`answers_from_form`."""
    items: list[tuple[str, str]] = []
    for question in asked:
        _items(answers.get(question.name), question, items)
    return items


def _items(answer, question: Question, items: list) -> None:
    if question.kind == "set":
        items += [(question.path, member) for member in (answer or ())]
    elif question.kind == "record":
        if question.optional:
            answer = answer if isinstance(answer, dict) else {}
            items.append((question.path + "?", answer.get("present", "")))
            answer = answer.get("fields")
        answer = answer if isinstance(answer, dict) else {}
        for child in question.children:
            _items(answer.get(child.name), child, items)
    elif question.kind == "list":
        entries = answer if isinstance(answer, list) else []
        items.append((question.path + "#", str(len(entries))))
        for index, entry in enumerate(entries):
            for child in entry_questions(question, index):
                _items(entry.get(child.name), child, items)
    else:
        items.append((question.path, answer or ""))


_ENTRY = re.compile(r"^(.*)\[([0-9]+)\]")


def without_entries(case: dict, paths) -> tuple[dict, int]:
    """The case without the list entries the field paths fall in (the innermost entry of each:
    a month of wages whose date is still missing), and how many were left out: what can be judged
    of a case while some of its entries are still being answered."""
    targets: dict[str, set[int]] = {}
    for path in paths:
        match = _ENTRY.match(path or "")
        if match:
            targets.setdefault(match.group(1), set()).add(int(match.group(2)))
    if not targets:
        return case, 0
    pruned = copy.deepcopy(case)
    # the deepest lists first, and in each the last entries first, so that every path still holds
    for list_path in sorted(targets, key=lambda p: (-len(path_steps(p)), p)):
        entries = _at(pruned, list_path)
        if isinstance(entries, list):
            for index in sorted(targets[list_path], reverse=True):
                if index < len(entries):
                    del entries[index]
    return pruned, sum(len(indices) for indices in targets.values())


def _at(case, path: str):
    here = case
    for name, number in path_steps(path):
        if name:
            here = here.get(name) if isinstance(here, dict) else None
        elif isinstance(here, list) and int(number) < len(here):
            here = here[int(number)]
        else:
            return None
    return here
