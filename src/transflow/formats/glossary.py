"""The glossary's files: ``glossary.yaml`` (written by people), TBX and CSV (exchanged
with CAT tools, terminology databases and Weblate).

``glossary.yaml``::

    terms:
      - source: minilateralism
        tr: minilateralizm            # one approved translation ...
        ru: [минилатерализм, минилатеральность]   # ... or several, preferred first
        note: security cooperation among a few states
      - source: Camp David
        translate: false              # names, brands: kept as written ...
      - source: ASEAN
        translate: false
        ru: АСЕАН                     # ... except in the languages given a form of their own
      - source: North Korea
        tr: Kuzey Kore
        forbidden: {tr: [K. Kore]}
      - source: US
        case: sensitive               # auto (default): case matters only for acronyms

transflow reads it and never rewrites it: ``glossary add`` and ``glossary import`` append
new entries at the end of the ``terms:`` list and leave every other byte (comments,
order, quoting) as it was. Every problem names the file, the line and the key.

TBX is written as TBX-Basic 2.0 (``<martif>``, what Weblate, memoQ and Trados
MultiTerm read): ``administrativeStatus`` ``forbidden`` / ``deprecatedTerm-admn-sts``
for forbidden translations, ``translationNote`` ``no`` for do-not-translate terms,
``descrip`` for the note (Weblate's reading of these). Read: TBX 2.0 and TBX v3
(ISO 30042:2019, ``<tbx>`` with ``conceptEntry``/``langSec``/``termSec``).

CSV: a header row, then one term per row. Columns: ``source``, one per language
(``tr``, ``pt_BR``; several approved translations separated by `` | ``), ``forbidden:tr``
..., ``translate`` (true/false), ``case``, ``note``. A bilingual ``source,target`` file
(Weblate's glossary CSV) is read for the language given on import. The delimiter is the
one that makes a ``source`` column of the header (comma, semicolon or tab, as
spreadsheets save them; Excel's ``sep=;`` first line is honoured), and the file is
read strictly: a stray quote, a row longer than the header or a control character is
an error naming the line.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from transflow.errors import ConfigError, ExchangeFileError
from transflow.formats.workflow import is_known_locale, load_yaml_file, locale_id
from transflow.formats.xmlfile import XML_LANG, bcp47, parse_exchange_file, project_language, same_language, xml_can_carry
from transflow.formats.yamlfile import BoundedSafeLoader
from transflow.model.glossary import CaseRule, Glossary, Term

GLOSSARY_FILE = "glossary.yaml"
_TERM_KEYS = {"source", "translate", "case", "note", "forbidden"}
_FORBIDDEN_STATUS = {"forbidden", "obsolete", "deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated",
                     "superseded"}
#: Between several approved translations in one CSV cell.
CSV_SEPARATOR = " | "


# --- glossary.yaml ----------------------------------------------------------------------------


def load_glossary(path: Path, display: str) -> Glossary:
    """The glossary in ``path``; an empty one when the file does not exist."""
    if not path.exists():
        return Glossary()
    data = load_yaml_file(path, display)
    return parse_glossary(data, display, _item_lines(path.read_text(encoding="utf-8-sig")))


def parse_glossary(data: Any, display: str, lines: Sequence[int] = ()) -> Glossary:
    """Validate a loaded ``glossary.yaml`` document; ``lines`` are the lines its terms start on."""
    if data is None:
        return Glossary()
    if not isinstance(data, dict) or set(data) - {"terms"}:
        extra = sorted(map(str, set(data) - {"terms"})) if isinstance(data, dict) else []
        what = f"unknown key '{extra[0]}'" if extra else "expected a mapping with the key 'terms'"
        raise ConfigError(f"{what}; a glossary is 'terms:' followed by a list of terms", display, 1)
    items = data.get("terms") or []
    if not isinstance(items, list):
        raise ConfigError("terms: expected a list of terms (each starting with '- source: ...')", display, 1)
    terms: list[Term] = []
    seen: dict[str, Term] = {}
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else None
        term = _parse_term(item, f"terms[{index}]", display, line)
        key = term.source.casefold()
        if key in seen:
            first = seen[key]
            where = f"line {first.line}" if first.line else "earlier"
            raise ConfigError(f"terms[{index}]: '{term.source}' is in the glossary already ({where}); "
                              "keep one entry and list every translation there", display, line)
        seen[key] = term
        terms.append(term)
    return Glossary(tuple(terms))


def _parse_term(item: Any, where: str, display: str | None, line: int | None) -> Term:
    def fail(message: str) -> ConfigError:
        return ConfigError(f"{where}: {message}", display, line)

    if not isinstance(item, dict):
        raise fail("expected a term such as '- source: minilateralism'")
    for key in item:
        if not isinstance(key, str):
            raise fail(f"key {key!r} must be a string")
        if key not in _TERM_KEYS and not is_known_locale(key):
            raise fail(f"unknown key '{key}' (a language code such as tr, or one of: {', '.join(sorted(_TERM_KEYS))})")
    source = item.get("source")
    if not isinstance(source, str) or not source.strip():
        raise fail("'source' is missing; give the term as the articles write it")
    translate = item.get("translate", True)
    if not isinstance(translate, bool):
        raise fail(f"translate: expected true or false, got {translate!r}")
    case = item.get("case", CaseRule.AUTO.value)
    if case not in {rule.value for rule in CaseRule}:
        raise fail(f"case: {case!r} is not one of: {', '.join(rule.value for rule in CaseRule)}")
    note = item.get("note", "")
    if not isinstance(note, str):
        raise fail(f"note: expected text, got {note!r}")
    # Language keys as Babel spells them: "TR" and "pt-BR" are tr and pt_BR.
    translations = {locale_id(key): _forms(value, f"{where}.{key}", display, line)
                    for key, value in item.items() if key not in _TERM_KEYS}
    # translate: false with translations: kept as written except in those languages.
    problem = _control_character(source) or next(
        filter(None, (_control_character(form) for forms in translations.values() for form in forms)), None)
    if problem:
        raise fail(f"{problem}; a term and its translations are one line of text each")
    problem = _control_character(note, allowed="\n\t\r")
    if problem:
        raise fail(f"note: {problem}; remove it")
    forbidden_data = item.get("forbidden") or {}
    if not isinstance(forbidden_data, dict):
        raise fail("forbidden: expected languages and their forbidden translations, e.g. {tr: [K. Kore]}")
    forbidden = {}
    for language, value in forbidden_data.items():
        if not isinstance(language, str) or not is_known_locale(language):
            raise fail(f"forbidden: '{language}' is not a language code Babel knows (examples: tr, pt_BR)")
        language = locale_id(language)
        forbidden[language] = _forms(value, f"{where}.forbidden.{language}", display, line)
        problem = next(filter(None, map(_control_character, forbidden[language])), None)
        if problem:
            raise fail(f"forbidden: {problem}; a forbidden form is one line of text")
        clash = set(forbidden[language]) & set(translations.get(language, ()))
        if clash:
            raise fail(f"'{sorted(clash)[0]}' is both approved and forbidden in {language}; keep one")
    return Term(source.strip(), translations, forbidden, translate, CaseRule(case), note.strip(), line)


def _control_character(text: str, allowed: str = "") -> str | None:
    """What is wrong with ``text`` if it holds a line break or another control character."""
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            shown = "".join("⏎" if c in "\n\r" else f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c
                            for c in text[:40])
            what = "a line break" if char in "\n\r" else f"a control character (U+{ord(char):04X})"
            return f"'{shown}' holds {what}"
    return None


def check_term(term: Term, display: str | None, line: int | None) -> Term:
    """``term`` (from the command line or an exchange file) as glossary.yaml will read it
    back, validated as glossary.yaml is. A problem is a :class:`ConfigError` naming the
    term and ``display``:``line``, where the user wrote it: never the glossary the term
    was going to be added to, which is not at fault."""
    [item] = yaml.safe_load(term_to_yaml(term, ""))
    return _parse_term(item, f"'{term.source}'", display, line)


def _forms(value: Any, where: str, display: str | None, line: int | None) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(f"{where}: expected a translation or a list of them, got {value!r}", display, line)
    return tuple(dict.fromkeys(v.strip() for v in values))


def _item_lines(text: str) -> list[int]:
    """The line each item of the ``terms`` list starts on (1-based), for located errors."""
    try:
        root = yaml.compose(text, Loader=BoundedSafeLoader)
    except yaml.YAMLError:
        return []  # load_yaml_file reported it already
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "terms" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def term_to_yaml(term: Term, indent: str = "  ") -> str:
    """One term as a ``glossary.yaml`` list item."""
    fields: dict[str, Any] = {"source": term.source}
    if not term.translate:
        fields["translate"] = False
    for language, forms in term.translations.items():
        fields[language] = forms[0] if len(forms) == 1 else list(forms)
    if term.forbidden:
        fields["forbidden"] = {language: list(forms) for language, forms in term.forbidden.items()}
    if term.case is not CaseRule.AUTO:
        fields["case"] = term.case.value
    if term.note:
        fields["note"] = term.note
    body = yaml.dump(fields, Dumper=_TermDumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=10_000)
    lines = body.rstrip("\n").split("\n")
    return "".join(f"{indent}{'- ' if i == 0 else '  '}{text}\n" for i, text in enumerate(lines))


class _TermDumper(yaml.SafeDumper):
    """Block mappings with lists on one line (``ru: [Северная Корея, КНДР]``), as people write them."""

    def represent_flow_list(self, data: list[Any]) -> yaml.SequenceNode:
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_TermDumper.add_representer(list, _TermDumper.represent_flow_list)


def append_terms(text: str, terms: Iterable[Term]) -> str:
    """``glossary.yaml``'s text with ``terms`` added at the end of its ``terms:`` list.

    Everything else stays byte for byte. The list is found by its top-level ``terms:``
    key; entries go after its last line (before the next top-level key, if any).
    """
    new = list(terms)
    if not new:
        return text
    if text.startswith("\ufeff"):
        return "\ufeff" + append_terms(text[1:], new)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    start = next((i for i, line in enumerate(lines) if re.match(r"terms\s*:", line)), None)
    if start is None:
        prefix = text if not text or text.endswith(("\n", "\r")) else text + newline
        return prefix + "terms:" + newline + "".join(term_to_yaml(t) for t in new).replace("\n", newline)
    if re.match(r"terms\s*:\s*(\[\s*\])?\s*(#.*)?$", lines[start]) and "[" in lines[start]:
        lines[start] = "terms:" + newline  # "terms: []" becomes a block list
    end = start + 1
    indent = "  "
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() and not line[0].isspace() and not line.startswith(("-", "#")):
            break  # the next top-level key
        if line.strip() and not line.lstrip().startswith("#"):
            end = i + 1
            if line.lstrip().startswith("- ") and i == next(
                    (k for k in range(start + 1, len(lines)) if lines[k].lstrip().startswith("- ")), -1):
                indent = line[: len(line) - len(line.lstrip())]
    if end and not lines[end - 1].endswith(("\n", "\r")):
        lines[end - 1] += newline
    added = "".join(term_to_yaml(t, indent) for t in new).replace("\n", newline)
    return "".join(lines[:end]) + added + "".join(lines[end:])


# --- TBX --------------------------------------------------------------------------------------


def glossary_to_tbx(glossary: Glossary, source_language: str, languages: Sequence[str] | None = None) -> str:
    """The TBX-Basic 2.0 text of the glossary (only ``languages``' translations, if given)."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: bcp47(source_language)})
    header = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "transflow glossary.yaml"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, 1):
        entry = ET.SubElement(body, "termEntry", {"id": f"t{number}"})
        if term.note:
            ET.SubElement(entry, "descrip", {"type": "definition"}).text = _xml_text(term.note)
        source_set = ET.SubElement(entry, "langSet", {XML_LANG: bcp47(source_language)})
        tig = ET.SubElement(source_set, "tig")
        ET.SubElement(tig, "term").text = _xml_text(term.source)
        if not term.translate:
            ET.SubElement(tig, "termNote", {"type": "translationNote"}).text = "no"
        if term.case is not CaseRule.AUTO:
            ET.SubElement(tig, "termNote", {"type": "x-transflow-case"}).text = term.case.value
        wanted = [lang for lang in (*term.translations, *term.forbidden) if languages is None or lang in languages]
        for language in dict.fromkeys(wanted):
            lang_set = ET.SubElement(entry, "langSet", {XML_LANG: bcp47(language)})
            for status, forms in (("preferredTerm-admn-sts", term.translations.get(language, ())),
                                  ("deprecatedTerm-admn-sts", term.forbidden.get(language, ()))):
                for i, form in enumerate(forms):
                    tig = ET.SubElement(lang_set, "tig")
                    ET.SubElement(tig, "term").text = _xml_text(form)
                    shown = "admittedTerm-admn-sts" if status.startswith("preferred") and i else status
                    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = shown
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def tbx_to_glossary(data: bytes, display: str, source_language: str, languages: Sequence[str],
                    placeholder_language: str | None = None,
                    left_out: dict[str, int] | None = None) -> Glossary:
    """The terms of a TBX file (2.0 or v3) whose source side is ``source_language``.

    Translations into languages other than ``languages`` (the project's) are dropped and
    counted in ``left_out``, by the file's code. A code that names no language (older
    translate-toolkit writes ``xx``) is read as ``placeholder_language`` when one is given.
    """
    root = parse_exchange_file(data, display, "export the glossary again")
    if _local(root.tag) not in ("martif", "tbx"):
        raise ExchangeFileError(f"is not a TBX file (its root is <{_local(root.tag)}>); export it as TBX", display)
    terms: dict[str, Term] = {}
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        note = " ".join(" ".join("".join(d.itertext()).split()) for d in entry.iter() if _local(d.tag) == "descrip")
        sources: list[tuple[str, bool, str]] = []
        approved: dict[str, list[str]] = {}
        forbidden: dict[str, list[str]] = {}
        for lang_set in (e for e in entry if _local(e.tag) in ("langSet", "langSec")):
            code = lang_set.get(XML_LANG) or lang_set.get("lang") or ""
            for group in (g for g in lang_set if _local(g.tag) in ("tig", "ntig", "termSec")):
                text = " ".join("".join(t.itertext()) for t in group.iter() if _local(t.tag) == "term").strip()
                if not text:
                    continue
                notes = {n.get("type", ""): "".join(n.itertext()).strip() for n in group.iter()
                         if _local(n.tag) in ("termNote", "termNoteGrp") and n.get("type")}
                if same_language(code, source_language):
                    keep = notes.get("translationNote", "").lower() not in ("no", "false")
                    sources.append((text, keep, notes.get("x-transflow-case", CaseRule.AUTO.value)))
                    continue
                language = project_language(code, languages)
                if language is None and placeholder_language and not is_known_locale(code.replace("-", "_")):
                    language = placeholder_language
                if language is None:
                    if left_out is not None:
                        left_out[code] = left_out.get(code, 0) + 1
                    continue
                status = notes.get("administrativeStatus", "").lower()
                (forbidden if status in _FORBIDDEN_STATUS else approved).setdefault(language, []).append(text)
        for source, keep, case in sources[:1]:
            if source.casefold() in terms:
                continue
            rule = CaseRule(case) if case in {r.value for r in CaseRule} else CaseRule.AUTO
            # A name kept as written (translationNote no) keeps the forms some languages give it.
            translations = {lang: tuple(dict.fromkeys(forms)) for lang, forms in approved.items()}
            terms[source.casefold()] = Term(source, translations,
                                            {lang: tuple(dict.fromkeys(f)) for lang, f in forbidden.items()},
                                            keep, rule, note)
    return Glossary(tuple(terms.values()))


# --- CSV --------------------------------------------------------------------------------------


def glossary_to_csv(glossary: Glossary, languages: Sequence[str]) -> str:
    """The glossary as CSV, one row per term (see the module docstring for the columns)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["source", *languages, *(f"forbidden:{lang}" for lang in languages), "translate", "case", "note"])
    for term in glossary.terms:
        writer.writerow([
            term.source,
            *(CSV_SEPARATOR.join(term.translations.get(lang, ())) for lang in languages),
            *(CSV_SEPARATOR.join(term.forbidden.get(lang, ())) for lang in languages),
            "true" if term.translate else "false", term.case.value, term.note,
        ])
    return out.getvalue()


def csv_to_glossary(text: str, display: str, languages: Sequence[str], language: str | None = None) -> Glossary:
    """The terms of a CSV file; ``language`` names the language of a bilingual file's
    ``target`` column. Columns for languages outside ``languages`` are refused. Each
    term keeps the line its row starts on (:attr:`Term.line`), for located errors."""
    rows = _csv_rows(text.lstrip("\ufeff"), display)
    if not rows:
        raise ExchangeFileError("is empty; the first row names the columns (source, tr, note ...)", display)
    header_line, first = rows[0]
    header = [cell.strip() for cell in first]
    lowered = [cell.lower() for cell in header]
    if "source" not in lowered:
        raise ExchangeFileError("has no 'source' column in its first row; name the columns (source, tr, note ...)",
                                display, header_line)
    columns: dict[int, tuple[str, str]] = {}  # column -> (kind, language)
    for i, name in enumerate(lowered):
        if name in ("source", "translate", "case", "note", "explanation", "description"):
            columns[i] = ("note" if name in ("explanation", "description") else name, "")
        elif name == "target":
            if language is None:
                raise ExchangeFileError("has a 'target' column; say its language with --lang", display, header_line)
            columns[i] = ("approved", language)
        elif name.startswith("forbidden:"):
            columns[i] = ("forbidden", _csv_language(header[i].split(":", 1)[1], languages, display, header_line))
        elif name:
            columns[i] = ("approved", _csv_language(header[i], languages, display, header_line))
    terms: dict[str, Term] = {}
    for number, row in rows[1:]:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            raise ExchangeFileError(f"the row has {len(row)} cells but the first row names {len(header)} columns; "
                                    "quote a cell that holds the delimiter, or name the column", display, number)
        values: dict[str, str] = {}
        approved: dict[str, tuple[str, ...]] = {}
        forbidden: dict[str, tuple[str, ...]] = {}
        for i, cell in enumerate(row):
            kind, lang = columns.get(i, ("", ""))
            problem = _control_character(cell, allowed="\t\n\r" if kind == "note" else "\t")
            if problem:
                column = header[i] if i < len(header) and header[i] else f"column {i + 1}"
                raise ExchangeFileError(f"{column}: {problem}; remove it (a term and its translations are one line "
                                        "each)", display, number)
            cell = " ".join(cell.split()) if kind == "note" else cell.strip()
            if kind in ("approved", "forbidden") and cell:
                forms = tuple(dict.fromkeys(f.strip() for f in cell.split(CSV_SEPARATOR.strip()) if f.strip()))
                (approved if kind == "approved" else forbidden)[lang] = forms
            elif kind:
                values[kind] = cell
        source = values.get("source", "")
        if not source:
            if any(cell.strip() for cell in row):
                raise ExchangeFileError("the row has no source term; fill in the 'source' column", display, number)
            continue
        translate = values.get("translate", "true").lower()
        if translate not in ("true", "false", "yes", "no", "1", "0", ""):
            raise ExchangeFileError(f"translate is '{values['translate']}'; write true or false", display, number)
        case = values.get("case", "").lower() or CaseRule.AUTO.value
        if case not in {r.value for r in CaseRule}:
            raise ExchangeFileError(f"case is '{values['case']}'; write auto, sensitive or insensitive", display,
                                    number)
        keep = translate not in ("false", "no", "0")
        # A name kept as written (translate false) keeps the forms given for some languages.
        terms.setdefault(source.casefold(), Term(source, approved, forbidden, keep, CaseRule(case),
                                                 values.get("note", ""), number))
    return Glossary(tuple(terms.values()))


#: The delimiters spreadsheets save CSV with (a semicolon where the decimal mark is a comma).
_CSV_DELIMITERS = ",;\t"


def _csv_rows(text: str, display: str) -> list[tuple[int, list[str]]]:
    """The rows of a CSV text, each with the line it starts on; a malformed row is an
    :class:`ExchangeFileError` naming its line."""
    delimiter, skipped = _csv_delimiter(text)
    body = text.split("\n", skipped)[-1] if skipped else text
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1 + skipped
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise ExchangeFileError(f"malformed CSV row ({exc}); quote a cell that holds the delimiter, a quote "
                                    "or a line break, and double the quotes inside it", display, start) from None
        rows.append((start, row))


def _csv_delimiter(text: str) -> tuple[str, int]:
    """The delimiter of a CSV text and how many lines come before its header (Excel's ``sep=;``)."""
    first = text.split("\n", 1)[0].rstrip("\r")
    hint = re.fullmatch(r"sep=(.)", first)
    if hint:
        return hint.group(1), 1
    # The header names the columns: the delimiter that makes a 'source' column of it.
    best = None
    for delimiter in _CSV_DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        if any(cell.strip().lower() == "source" for cell in cells) and (best is None or len(cells) > best[1]):
            best = (delimiter, len(cells))
    if best is not None:
        return best[0], 0
    try:
        return csv.Sniffer().sniff(text[:64 * 1024], delimiters=_CSV_DELIMITERS).delimiter, 0
    except csv.Error:
        return ",", 0


def _csv_language(code: str, languages: Sequence[str], display: str, line: int) -> str:
    language = project_language(code.strip(), languages)
    if language is None:
        raise ExchangeFileError(f"the column '{code}' is not a language of this project ({', '.join(languages)}); "
                                "rename or remove it", display, line)
    return language


# --- shared -----------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]




def _xml_text(text: str) -> str:
    if not xml_can_carry(text):
        raise ConfigError(f"'{text[:40]}' holds a control character, which TBX cannot carry; remove it",
                          GLOSSARY_FILE)
    return text






def split_known(glossary: Glossary, incoming: Glossary) -> tuple[list[Term], list[Term]]:
    """Which incoming terms are new to ``glossary`` and which it has already (by source)."""
    known: Mapping[str, Term] = {t.source.casefold(): t for t in glossary.terms}
    new = [t for t in incoming.terms if t.source.casefold() not in known]
    return new, [t for t in incoming.terms if t.source.casefold() in known]
