"""The audit records of a batch's cases, kept as columns until they are written.

A record (:func:`hsa_dsl.audit.record_of`) is, for each case, how many findings each rule made,
the amounts owed item by item, and the warnings by rule. Here they are a matrix of counts (a
row per case, a column per rule that makes findings or warnings) and the items as arrays, so
that the summary is a few sums over the whole batch and a record is written without building
it as a dict first: the cases whose counts are nonzero in the same columns share the shape of
their JSON line (which articles, kinds and rules, in which order), made once as a template,
and each case only fills in its numbers. `record(i)` builds the dict, for callers that want
one; the lines written are byte for byte `json_line(record)`.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from operator import itemgetter
from typing import Callable

import numpy as np

#: templates kept per layout, at most: a new batch of a known population finds its shapes here
TEMPLATES = 16_384


def _json(value) -> str:
    return encode_basestring(value) if isinstance(value, str) else str(value)


def _literal(text: str) -> str:
    """Text put into a %-template as it is."""
    return text.replace("%", "%%")


class RecordLayout:
    """Which findings a record counts, in the order it lists them, made once per act: `slots`
    are the rules whose findings are counted, each with its article and the kind of its
    findings, in the act's order of rules; `warnings` the rules that warn, by name; `money`
    the rules whose findings are amounts owed."""

    def __init__(self, slots: list[tuple[str, int, str]], warnings: list[str], money: list[tuple[str, int]]):
        self.slots = slots
        self.warnings = sorted(warnings)
        self.money = money
        self.slot_of = {rule: i for i, (rule, _, _) in enumerate(slots)}
        self.warning_of = {rule: i for i, rule in enumerate(self.warnings)}
        self.money_of = {rule: i for i, (rule, _) in enumerate(money)}
        self.articles = sorted({article for _, article, _ in slots}, key=int)
        #: which slots are violations, and of which article (a column per article)
        self.violation = np.array([kind == "violation" for _, _, kind in slots], bool)
        by_article = np.zeros((len(slots), len(self.articles)), np.int64)
        position = {article: j for j, article in enumerate(self.articles)}
        for i, (_, article, kind) in enumerate(slots):
            if kind == "violation":
                by_article[i, position[article]] = 1
        self.violations_by_article = by_article
        self.item_prefix = [_literal('{"rule":' + _json(rule) + ',"article":' + _json(article) + ',"amount":"')
                            for rule, article in money]
        self._templates: dict[bytes, tuple] = {}

    def __reduce__(self):
        # a worker process's records reach the parent with the parent's own layout, whose
        # templates are already made, not a copy of the worker's
        return layout_of, (self.slots, self.warnings, self.money)

    def template(self, shape: bytes) -> tuple[str, Callable, str, Callable, str]:
        """The template of the records of a shape (the bits, packed, of which counts are
        nonzero: see :meth:`RecordColumns.shapes`): the line's %-template before the items
        owed and what fills it from a row of numbers, the template after them and what fills
        it, and the articles breached (for CSV)."""
        found = self._templates.get(shape)
        if found is not None:
            return found
        width = len(self.slots) + len(self.warnings)
        present = np.unpackbits(np.frombuffer(shape, np.uint8), count=width).astype(bool) if width else \
            np.zeros(0, bool)
        slots = np.flatnonzero(present[:len(self.slots)]).tolist()
        warned = np.flatnonzero(present[len(self.slots):]).tolist()
        articles: dict[int, dict[str, list[int]]] = {}
        for i in slots:
            rule, article, kind = self.slots[i]
            articles.setdefault(article, {}).setdefault(kind, []).append(i)
        order = sorted(articles, key=int)
        findings = ",".join(
            _literal(_json(str(article))) + ":{" + ",".join(
                _literal(_json(kind)) + ":{" + ",".join(_literal(_json(self.slots[i][0])) + ":%d" for i in rules) + "}"
                for kind, rules in articles[article].items()) + "}"
            for article in order)
        head = ',"status":"judged","findings":{' + findings + '},"violations":%d,"owed":{"items":['
        tail = ",".join('{"rule":' + _literal(_json(self.warnings[w])) + ',"count":%d}' for w in warned) + "]}\n"
        breached = ";".join(str(article) for article in order if "violation" in articles[article])
        columns = [articles[article][kind] for article in order for kind in articles[article]]
        # the numbers of a row of counts, then violations, then warnings, that the templates read
        head_numbers = _picker([i for group in columns for i in group] + [len(self.slots)])
        tail_numbers = _picker([len(self.slots) + 1 + w for w in warned])
        found = (head, head_numbers, tail, tail_numbers, breached)
        if len(self._templates) >= TEMPLATES:
            self._templates.clear()
        self._templates[shape] = found
        return found


def _picker(places: list[int]) -> Callable[[list], tuple]:
    """The values at `places` of a list, as a tuple to fill a %-template with."""
    if not places:
        return lambda row: ()
    if len(places) == 1:
        (place,) = places
        return lambda row: (row[place],)
    return itemgetter(*places)


_LAYOUTS: dict[tuple, RecordLayout] = {}


def layout_of(slots, warnings, money) -> RecordLayout:
    """The layout of these slots, warnings and money rules: one per act in a process."""
    key = (tuple(slots), tuple(sorted(warnings)), tuple(money))
    layout = _LAYOUTS.get(key)
    if layout is None:
        layout = _LAYOUTS[key] = RecordLayout(list(slots), list(warnings), list(money))
    return layout


class RecordColumns:
    """The records of a batch of cases: `counts[c, s]` findings of slot `s` in case `c`,
    `warned[c, w]` warnings of rule `w`, and the items owed (`item_case`, `item_rule`,
    `item_amount`, in each case's order). `kept[c]` says whether the batch decided case `c`;
    the others have no record here (the scalar path decides them)."""

    def __init__(self, layout: RecordLayout, counts: np.ndarray, warned: np.ndarray, item_case: np.ndarray,
                 item_rule: np.ndarray, item_amount: np.ndarray, kept: np.ndarray):
        self.layout = layout
        self.counts = counts
        self.warned = warned
        order = np.argsort(item_case, kind="stable")
        self.item_case = item_case[order]
        self.item_rule = item_rule[order]
        self.item_amount = item_amount[order]
        self.kept = kept
        self.violations = counts[:, layout.violation].sum(axis=1) if len(layout.slots) else np.zeros(len(kept), np.int64)
        self.totals = _sums_by_case(self.item_case, self.item_amount, len(kept))
        self._first_item = np.searchsorted(self.item_case, np.arange(len(kept) + 1))

    @classmethod
    def none_kept(cls, layout: RecordLayout, cases: int) -> "RecordColumns":
        empty = np.zeros(0, np.int64)
        return cls(layout, np.zeros((cases, len(layout.slots)), np.int64),
                   np.zeros((cases, len(layout.warnings)), np.int64), empty, empty, empty, np.zeros(cases, bool))

    def __len__(self) -> int:
        return len(self.kept)

    def leave_out(self, cases: np.ndarray) -> None:
        """Leave these cases to the scalar path."""
        self.kept = self.kept & ~cases

    # ------------------------------------------------------------------ one record

    def record(self, c: int) -> dict | None:
        """Case `c`'s record as :func:`hsa_dsl.audit.record_of` makes it (without its id), or
        None where the batch left it to the scalar path."""
        if not self.kept[c]:
            return None
        layout = self.layout
        findings: dict[str, dict] = {}
        for i in np.flatnonzero(self.counts[c]).tolist():
            rule, article, kind = layout.slots[i]
            findings.setdefault(str(article), {}).setdefault(kind, {})[rule] = int(self.counts[c, i])
        findings = {article: findings[article] for article in sorted(findings, key=int)}
        lo, hi = self._first_item[c], self._first_item[c + 1]
        items = [{"rule": layout.money[r][0], "article": layout.money[r][1], "amount": str(a)}
                 for r, a in zip(self.item_rule[lo:hi].tolist(), self.item_amount[lo:hi].tolist())]
        return {"status": "judged", "findings": findings, "violations": int(self.violations[c]),
                "owed": {"items": items, "total": str(self.totals[c])},
                "warnings": [{"rule": layout.warnings[w], "count": int(self.warned[c, w])}
                             for w in np.flatnonzero(self.warned[c]).tolist()]}

    # ------------------------------------------------------------------ many records

    def shapes(self) -> list[bytes]:
        """The shape of each case's record: which of its counts are nonzero (those of the
        slots, then of the warnings), as packed bits. Cases of one shape share a template."""
        present = np.concatenate([self.counts != 0, self.warned != 0], axis=1)
        packed = np.packbits(present, axis=1)
        return [row.tobytes() for row in packed] if packed.shape[1] else [b""] * len(self.kept)

    def json_lines(self, keys: list[str], out: list) -> None:
        """Into `out[c]`, the JSON line of each kept case `c`, named `keys[c]`: the text of
        `hsa_dsl.audit.json_line` of its record."""
        items = self._items_text()
        totals = self.totals.tolist()
        numbers = np.concatenate([self.counts, self.violations[:, None], self.warned], axis=1).tolist()
        template = self.layout.template
        shapes = self.shapes()
        for c in np.flatnonzero(self.kept).tolist():
            head, head_numbers, tail, tail_numbers, _ = template(shapes[c])
            row = numbers[c]
            out[c] = ('{"case":' + encode_basestring(keys[c]) + head % head_numbers(row) + items[c]
                      + '],"total":"' + str(totals[c]) + '"},"warnings":[' + tail % tail_numbers(row))

    def _items_text(self) -> list[str]:
        text = [""] * len(self.kept)
        if len(self.item_case) == 0:
            return text
        prefix = self.layout.item_prefix
        pieces = [prefix[r] + str(a) + '"}' for r, a in zip(self.item_rule.tolist(), self.item_amount.tolist())]
        bounds = self._first_item.tolist()
        for c in np.unique(self.item_case).tolist():
            text[c] = ",".join(pieces[bounds[c]:bounds[c + 1]])
        return text

    def csv_rows(self, keys: list[str], out: list) -> None:
        """Into `out[c]`, the CSV row of each kept case (:func:`hsa_dsl.audit.csv_row`)."""
        totals = self.totals.tolist()
        violations = self.violations.tolist()
        warnings = self.warned.sum(axis=1).tolist()
        template = self.layout.template
        shapes = self.shapes()
        for c in np.flatnonzero(self.kept).tolist():
            breached = template(shapes[c])[4]
            out[c] = [keys[c], "judged", str(violations[c]), breached, str(totals[c]), str(warnings[c]), ""]

    def add_to(self, summary) -> None:
        """The kept cases counted into an audit summary (:class:`hsa_dsl.audit.Summary`)."""
        from decimal import Decimal

        kept = self.kept
        summary.judged += int(kept.sum())
        summary.with_violations += int((self.violations[kept] > 0).sum())
        layout = self.layout
        if len(layout.articles):
            by_article = self.counts[kept] @ layout.violations_by_article
            workers = (by_article > 0).sum(axis=0).tolist()
            found = by_article.sum(axis=0).tolist()
            for article, w, n in zip(layout.articles, workers, found):
                if w:
                    summary.workers_by_article[int(article)] += w
                    summary.violations_by_article[int(article)] += n
        totals = self.totals[kept]
        summary.workers_owed += int((totals != 0).sum())
        summary.owed_total += Decimal(int(totals.sum(dtype=object)))
        if len(self.item_case):
            of_kept = kept[self.item_case]
            for r, (rule, article) in enumerate(layout.money):
                mine = (self.item_rule == r) & of_kept
                if mine.any():
                    key = (article, rule)
                    amount = Decimal(int(self.item_amount[mine].sum(dtype=object)))
                    summary.owed_by_rule[key] = summary.owed_by_rule.get(key, Decimal(0)) + amount


def _sums_by_case(case: np.ndarray, amount: np.ndarray, cases: int) -> np.ndarray:
    """Each case's amounts added up, exactly: in int64 where no sum can pass it, as Python
    integers otherwise."""
    if len(amount) and int(np.abs(amount).max()) >= (1 << 62) // len(amount):
        sums = np.zeros(cases, object)
        for c, a in zip(case.tolist(), amount.tolist()):
            sums[c] += a
        return sums
    sums = np.zeros(cases, np.int64)
    np.add.at(sums, case, amount)
    return sums


__all__ = ["RecordColumns", "RecordLayout", "layout_of"]
