"""The pages of `hsa-dsl serve`: the interview, what it has found so far, and the reports.

One form holds the whole interview: every answer is sent back with each request, and the page is
drawn again from the answers, so nothing typed is lost, whatever the answers' mistakes. With
htmx (served by the application, see `static/`), a changed answer redraws the page in place; without
JavaScript the Update button does the same. Every page is drawn by Jinja2 with autoescaping on:
no text a user typed reaches the page unescaped.
"""

from __future__ import annotations

import functools
import re
import threading
from datetime import date
from pathlib import Path
import yaml

from hsa_dsl.errors import HsaError
from hsa_dsl.serve import interview as iv
from hsa_dsl.serve import timecard as tc

HERE = Path(__file__).parent
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\|[a-z_]+)?\}")
#: the largest form read (a time card of two years, with its periods, fits many times over)
MAX_FORM_BYTES = 4 * 1024 * 1024
_DOWNLOADS = {"yaml": ("case.yaml", "application/yaml"), "worker": ("report-worker.html", "text/html"),
              "advocate": ("report-advocate.html", "text/html"), "letter": ("letter.html", "text/html")}


@functools.lru_cache(maxsize=1)
def interface_words() -> dict:
    """The words of the pages themselves, by language (`words.yaml`)."""
    with open(HERE / "words.yaml", encoding="utf-8") as file:
        return yaml.safe_load(file)


class Words:
    """The pages' own words in one language, English where the language lacks one."""

    def __init__(self, language: str):
        everything = interface_words()
        self.language = language
        self._english = everything["en"]
        self._here = everything.get(language) or {}

    def __call__(self, key: str, **values) -> str:
        text = str(self._here.get(key, self._english[key]))
        return text.format(**values) if values else text

    def problem(self, diagnostic) -> str | None:
        """A mistake of the case in this language, where these words have its kind; None in
        English (the validator's own words are English) or for a kind they do not have."""
        key = f"problem_{diagnostic.code}"
        if self.language == "en" or not diagnostic.code or key not in self._here:
            return None
        return str(self._here[key]).format(**{name: str(value) for name, value in (diagnostic.values or {}).items()})

    def list(self, key: str) -> list[str]:
        return [str(word) for word in self._here.get(key, self._english[key])]


def jinja_environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


class Labels:
    """The act's words for the interview in one language: each question's label and help, each
    member's word and help; the act's identifiers, made readable, where the language files give
    none (a small act without labels still has its interview)."""

    def __init__(self, templates):
        self.t = templates

    def label(self, question) -> str:
        return self.t.field_label(question.key) or question.name.replace("_", " ")

    def help(self, question) -> str:
        return self.t.help_text(question.key) or ""

    def member(self, question, member: str) -> str:
        if member in self.t.values:
            return self.t.word(member)
        return member.replace("_", " ")

    def member_help(self, question, member: str) -> str:
        return self.t.help_text(f"{question.enum}.{member}") or ""

    def entry(self, question, entry: dict) -> str:
        """How one entry of a list is named, from its answers as typed (`wage for {month|month}`),
        with its periods where it has a list of them (a day of the time card: 6–20)."""
        pattern = self.t.field_label(question.record) or ""
        named = _PLACEHOLDER.sub(lambda m: str(entry.get(m.group(1), "")) or "…", pattern)
        for child in question.children:
            rows = entry.get(child.name)
            if child.kind == "list" and isinstance(rows, list) and rows and len(child.children) == 2:
                first, second = (c.name for c in child.children)
                named += " · " + ", ".join(f"{row.get(first, '')}–{row.get(second, '')}" for row in rows)
        return named.strip(" ·")

    def check(self, diagnostic) -> str | None:
        """A check of the act that refused the case, in this language; None in English (the act's
        own words) or where the language file does not give it."""
        if diagnostic.code != "check" or self.t.language == "en":
            return None
        text = self.t.checks.get(diagnostic.message)
        return str(text) if text else None

    def default(self, question, words: Words) -> str:
        if not question.has_default:
            return ""
        type_name = question.enum if question.kind == "enum" else question.unit
        return words("default_is", value=self.t.show(question.default, type_name))


class Interview:
    """The interview of one act: its questions, and how a form's answers become a page."""

    def __init__(self, act, notice: str | None, languages: list[str], lock: threading.Lock | None = None):
        self.act = act
        self.notice = notice
        self.languages = languages
        self.asked = iv.questions(act)
        self.env = jinja_environment()
        # the act's compiled code and its templates are shared (with the API's requests too): one
        # evaluation at a time
        self.lock = lock or threading.Lock()

    def notice_in(self, language: str) -> str | None:
        """The act's notice (a draft, not law in force) in this language, English where it has none."""
        from hsa_dsl.explain.explanation import load_templates

        return load_templates(self.act, language).act_phrase("act_status") or self.notice

    def language_names(self) -> dict:
        from hsa_dsl.explain.explanation import load_templates

        return {language: load_templates(self.act, language).name for language in self.languages}

    def read_items(self, items: list[tuple[str, str]]) -> tuple[dict, dict]:
        """The answers and the settings (languages, the action asked for, the case's name and
        number in the case list) of a posted form's fields."""
        settings = {name: value for name, value in items
                    if name in ("lang", "report_lang", "action", "name", "case_id")}
        # the time card's pattern and pasted table: kept as typed, and sent back with the page
        settings["extras"] = {name: value for name, value in items if "~" in name}
        return iv.answers_from_form(items, self.asked), settings

    def apply(self, answers: dict, action: str, extras: dict) -> list[str]:
        """An entry added to a list, or one removed; a time card's days filled from its pattern
        or its pasted table. The lines of a pattern or a table that could not be read."""
        verb, _, path = action.partition(":")
        if verb in ("pattern", "paste"):
            return self.fill_timecard(answers, verb, path, extras)
        if verb == "add":
            found = iv.list_at(answers, self.asked, path)
            if found is not None:
                entries, question = found
                entries.append(iv.blank_entry(question))
        elif verb == "remove" and path.endswith("]") and "[" in path:
            list_path, _, number = path[:-1].rpartition("[")
            found = iv.list_at(answers, self.asked, list_path)
            if found is not None and number.isdigit() and int(number) < len(found[0]):
                del found[0][int(number)]
        return []

    def fill_timecard(self, answers: dict, verb: str, path: str, extras: dict) -> list[str]:
        found = iv.list_at(answers, self.asked, path)
        shape = tc.shape_of(found[1]) if found is not None else None
        if shape is None:
            return []
        entries, question = found

        def value(name: str) -> str:
            return extras.get(f"{path}~{name}", "").strip()

        if verb == "paste":
            days, unread = tc.pasted_table(extras.get(f"{path}~table", ""))
        else:
            try:
                first, last = date.fromisoformat(value("from")), date.fromisoformat(value("to"))
            except ValueError:
                return [f"{value('from')} – {value('to')}"]
            exceptions, unread = tc.exceptions_text(extras.get(f"{path}~exceptions", ""))
            weekday = value("day_off")
            try:
                days = tc.weekly_pattern(first, last, value("start"), value("end"), value("night_start"),
                                         value("night_end"), int(weekday) if weekday.isdigit() else None,
                                         exceptions)
            except ValueError as refused:
                return [str(refused)]
        entries[:] = tc.merge(entries, days, shape, question)
        return unread

    def language(self, wanted: str | None) -> str:
        return wanted if wanted in self.languages else "en"

    def judge(self, answers: dict, language: str, report_language: str, with_reports: bool) -> dict:
        """What the page shows besides the questions: the problems by field path, and, for a case
        the act accepts, what has been found so far (and the reports, where asked for)."""
        from hsa_dsl.explain import letter, render
        from hsa_dsl.explain.explanation import explain, load_templates

        case = iv.case_from_answers(answers, self.asked)
        out = {"case": case, "problems": {}, "found": None, "reports": None, "left_out": 0}
        with self.lock:
            try:
                self.act.validate(case, file="case")
            except HsaError as refused:
                out["problems"] = iv.problems_by_path(refused.diagnostics)
                # what can be judged meanwhile: the case without the entries still being answered
                judged, out["left_out"] = iv.without_entries(case, out["problems"])
                if not out["left_out"] or not self._accepts(judged):
                    return out
                out["found"] = self._found(judged, language)
                return out
            verdict = self.act.evaluate(case, trace=True, file="case")
            templates = load_templates(self.act, language)
            explanation = explain(self.act, verdict, case, "case", language)
            out["found"] = render.report_sections(explanation, templates, "worker")
            if not with_reports:
                return out
            worker_templates = load_templates(self.act, report_language)
            worker_explanation = explain(self.act, verdict, case, "case", report_language)
            letters = (letter.build_letters(self.act, worker_explanation)
                       if letter.has_breach(worker_explanation) else [])
            out["reports"] = {
                "title": worker_explanation.act_title,
                "worker": render.report_sections(worker_explanation, worker_templates, "worker"),
                "advocate": render.report_sections(explanation, templates, "advocate"),
                "letter": letter.letters_text(letters) if letters else "",
                "files": {
                    "worker": render.report_html(worker_explanation, worker_templates, "worker"),
                    "advocate": render.report_html(explanation, templates, "advocate"),
                    "letter": letter.letters_html(letters) if letters else "",
                },
            }
        return out

    def answers_of_yaml(self, text: str) -> dict:
        """The answers of a case stored as YAML (an :class:`HsaError` for one that is not)."""
        from hsa_dsl.cases import parse_case_text

        return iv.answers_from_case(parse_case_text(text, "case", json_format=False), self.asked)

    def save(self, store, answers: dict, settings: dict) -> int:
        """The case saved in the case list, as its YAML; its number there."""
        case = iv.case_from_answers(answers, self.asked)
        number = settings.get("case_id", "")
        language = self.language(settings.get("lang"))
        return store.save(int(number) if number.isdigit() and len(number) < 12 else None,
                          settings.get("name") or Words(language)("unnamed"), iv.case_yaml(case, self.asked),
                          language, self.language(settings.get("report_lang") or language))

    def _accepts(self, case: dict) -> bool:
        try:
            self.act.validate(case, file="case")
        except HsaError:
            return False
        return True

    def _found(self, case: dict, language: str) -> list:
        from hsa_dsl.explain import render
        from hsa_dsl.explain.explanation import explain, load_templates

        verdict = self.act.evaluate(case, trace=True, file="case")
        return render.report_sections(explain(self.act, verdict, case, "case", language),
                                      load_templates(self.act, language), "worker")

    def page(self, answers: dict, settings: dict, fragment: bool = False, shared: dict | None = None) -> str:
        from hsa_dsl.explain.explanation import act_title, load_templates

        language = self.language(settings.get("lang"))
        report_language = self.language(settings.get("report_lang") or language)
        action = settings.get("action", "")
        extras = settings.get("extras", {})
        unread = self.apply(answers, action, extras)
        judged = self.judge(answers, language, report_language, with_reports=action == "report")
        shown = {path: diagnostics for path, diagnostics in judged["problems"].items()
                 if path and iv.is_asked(path, self.asked, answers)}
        elsewhere = [d for path, diagnostics in judged["problems"].items() if path not in shown for d in diagnostics]
        words = Words(language)
        templates = load_templates(self.act, language)
        template = self.env.get_template("interview.html")
        return template.render(
            fragment=fragment, words=words, labels=Labels(templates), iv=iv,
            asked=self.asked, answers=answers, problems=shown, elsewhere=elsewhere,
            found=judged["found"], reports=judged["reports"], left_out=judged["left_out"],
            act_name=act_title(self.act, templates),
            notice=self.notice_in(language),
            language=language, report_language=report_language, languages=self.language_names(),
            case_name=settings.get("name", ""), case_id=settings.get("case_id", ""),
            saved=settings.get("saved") == "1", **(shared or {"csrf": "", "logged_in": False}), extras=extras,
            problems_under=lambda prefix: any(path == prefix or path.startswith((prefix + ".", prefix + "["))
                                              for path in shown), unread=unread, timecard_shape=tc.shape_of,
            html_language={"zh": "zh-Hant-TW"}.get(language, language))

    def download(self, answers: dict, settings: dict, what: str) -> tuple[bytes, str, str] | None:
        """A file of the case: its YAML, a report or the letter; None where there is none (a case
        the act refuses has no report)."""
        if what not in _DOWNLOADS:
            return None
        name, media_type = _DOWNLOADS[what]
        if what == "yaml":
            case = iv.case_from_answers(answers, self.asked)
            return iv.case_yaml(case, self.asked, self.notice).encode("utf-8"), name, media_type
        language = self.language(settings.get("lang"))
        report_language = self.language(settings.get("report_lang") or language)
        judged = self.judge(answers, language, report_language, with_reports=True)
        if judged["reports"] is None or not judged["reports"]["files"][what]:
            return None
        return judged["reports"]["files"][what].encode("utf-8"), name, media_type
