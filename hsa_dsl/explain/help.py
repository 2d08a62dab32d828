"""Where a reader can turn for help, shown at the end of the worker's and the advocate's report.

The contacts are not the act's: an organisation that runs hsa-dsl gives its own, in a file beside
the act (``acts/<act>.help.yaml``) or in a file of its own (``hsa-dsl explain --contacts FILE``).
Each contact has a name and a few words about it in each language the act has sentences in, and
the ways to reach it (a phone number, a web address, an e-mail address). The file may also name
the act's parties she can ask to act for her (`ask`): what the act has them do in her case is
listed with what she may do now.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from hsa_dsl.errors import HsaError

#: how a contact can be reached, in the order a report shows them
WAYS_TO_REACH = ("phone", "web", "email")
_TEXTS = ("name", "about")


@attrs.frozen
class Contact:
    #: language code → the contact's name, and a few words about it (when, in which languages)
    name: dict
    about: dict = attrs.field(factory=dict)
    phone: str = ""
    web: str = ""
    email: str = ""

    def in_language(self, language: str) -> dict:
        """The contact as a reader of `language` reads it: English where it has no words in hers
        (`hsa-dsl templates` reports the gap)."""
        return {"name": _words(self.name, language), "about": _words(self.about, language),
                **{way: getattr(self, way) for way in WAYS_TO_REACH if getattr(self, way)}}


@attrs.frozen
class HelpFile:
    contacts: tuple
    path: str
    #: the act's parties she can turn to: what the act has them do or allows them to do in her
    #: case (a place in a shelter, an order that her wages be paid) is something she can ask for
    ask: tuple = ()


def _words(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("en", "")


def help_path(act) -> Path:
    source = Path(act.source.name)
    return source.with_name(f"{source.stem}.help.yaml")


def load_help(act, path: str | Path | None = None) -> HelpFile | None:
    """The contacts of `path`, or of the file beside the act; None where the act has none beside
    it and no file is given. A file that is given must exist and be well formed."""
    from hsa_dsl.cases import load_case_file

    chosen = Path(path) if path is not None else help_path(act)
    if path is None and not chosen.exists():
        return None
    if not chosen.is_file():
        raise HsaError.single(f"{chosen}: no such file of contacts", file="--contacts",
                              hint="give the path of a YAML file with a `contacts` list")
    data = load_case_file(chosen)  # strict: a key given twice, a broken line, are errors with a place
    name = str(chosen)
    if not isinstance(data, dict) or not isinstance(data.get("contacts"), list):
        raise HsaError.single("the file must have a `contacts` list", file=name,
                              hint="each contact: name (in each language), about, phone, web, email")
    unknown = sorted(set(data) - {"contacts", "ask"}, key=str)
    if unknown:
        raise HsaError.single(f"'{unknown[0]}' is not a part of a file of contacts", file=name,
                              hint="the file has `contacts` and, if wanted, `ask`")
    ask = data.get("ask", [])
    parties = act.checked.parties
    if not isinstance(ask, list) or not all(isinstance(p, str) for p in ask):
        raise HsaError.single("ask: give a list of the act's parties, as `ask: [authority]`", file=name)
    for party in ask:
        if party not in parties:
            raise HsaError.single(f"ask: '{party}' is not a party of the act", file=name,
                                  hint=f"the act's parties are: {', '.join(parties)}")
    return HelpFile(tuple(_contact(entry, f"contacts[{i}]", name) for i, entry in enumerate(data["contacts"])),
                    name, tuple(ask))


def _contact(entry, where: str, file: str) -> Contact:
    if not isinstance(entry, dict):
        raise HsaError.single(f"{where}: a contact is a map of name, about, phone, web and email", file=file)
    unknown = sorted(set(entry) - set(_TEXTS) - set(WAYS_TO_REACH), key=str)
    if unknown:
        raise HsaError.single(f"{where}: '{unknown[0]}' is not a part of a contact", file=file,
                              hint="a contact has name, about, phone, web and email")
    texts = {}
    for key in _TEXTS:
        value = entry.get(key, {})
        if isinstance(value, str):  # one name for every language (a name that is not translated)
            value = {"en": value}
        if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip() for v in value.values()):
            raise HsaError.single(f"{where}.{key}: give the words in each language, as `en: …`", file=file)
        texts[key] = {str(language): text.strip() for language, text in value.items()}
    if not texts["name"].get("en"):
        raise HsaError.single(f"{where}.name: the contact has no name in English, which is shown where "
                              "a language has none", file=file)
    ways = {}
    for way in WAYS_TO_REACH:
        value = entry.get(way)
        if value is None:
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
            raise HsaError.single(f"{where}.{way}: write it as text in quotes", file=file)
        ways[way] = str(value).strip()
    if not ways:
        raise HsaError.single(f"{where}: the contact has no phone, web or email", file=file,
                              hint="give at least one way to reach it")
    return Contact(texts["name"], texts["about"], **ways)


def help_problems(help_file: HelpFile | None, languages) -> list[str]:
    """Each language a contact's name or words are missing in, for `hsa-dsl templates`."""
    if help_file is None:
        return []
    problems = []
    for i, contact in enumerate(help_file.contacts):
        for key in _TEXTS:
            texts = getattr(contact, key)
            if not texts:
                continue
            problems += [f"{language}: contact {i + 1} ({contact.name['en']}) has no {key} in this language"
                         for language in languages if language not in texts]
    return problems
