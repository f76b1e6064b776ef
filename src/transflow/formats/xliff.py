"""XLIFF 1.2 and 2.1, the files agencies' CAT tools (Trados, memoQ, Phrase, OmegaT) import.

XLIFF 2.1 is written by :func:`catalog_to_xliff2` (see there); what follows is 1.2.

A pulled XLIFF file holds what a pulled PO file holds, in XLIFF's own places:

- the catalog's headers as ``<tf:header name="...">`` elements in the file's
  ``<header>`` (transflow's namespace: other tools keep or drop them; the article and
  the language are also in ``original`` and ``target-language``, which every tool keeps);
- per unit: ``<source>`` (the unit's text), ``<target>`` with ``state`` and ``approved``
  (stale is ``needs-review-translation`` and not approved; translated is ``translated``;
  reviewed is ``final``), the translator's and transflow's comments as ``<note>``
  elements (the base fingerprint among them), where the unit stands as a developer's
  note, the previous source of a stale unit as an ``alt-trans`` of type
  ``previous-version``, and the references as a location ``context-group``.

Reading accepts what CAT tools write back: extra namespaces and elements, inline
``<mrk>``/``<g>`` inside targets (their text is the translation), ``seg-source``,
added ``alt-trans`` proposals, CRLF and a BOM. A DOCTYPE is refused (no entity tricks).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from transflow import __version__
from transflow.errors import ExchangeFileError, POFileError
from transflow.formats.po import ORIGIN_TAG, Header, catalog_from_bytes, origin_text, parse_origin
from transflow.formats.xmlfile import parse_xml, xml_can_carry
from transflow.model.catalog import Catalog, Entry, Origin
from transflow.util.fs import read_input

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
#: XLIFF 1.1 is read too: translate-toolkit (po2xliff, Weblate, Pootle) still writes it.
_READ_NAMESPACES = (XLIFF_NS, "urn:oasis:names:tc:xliff:document:1.1")
TRANSFLOW_NS = "urn:transflow:xliff:1"
SUFFIXES = (".xlf", ".xliff")
_X = f"{{{XLIFF_NS}}}"
_TF = f"{{{TRANSFLOW_NS}}}"
#: Target states of a text that is not a translation yet (memoQ and Trados prefill the source).
_NOT_TRANSLATED = {"new", "needs-translation"}
#: Target states that mean the translation still needs work (fuzzy in PO terms).
_NEEDS_WORK = {"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
               "needs-review-adaptation", "needs-review-l10n"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_UNIT_TAG = re.compile(r"<(?:[\w.-]+:)?trans-unit[\s>/]")
_UNIT2_TAG = re.compile(r"<(?:[\w.-]+:)?unit[\s>/]")
_DEVELOPER = "developer"
_GETTEXT_HEADER = "x-gettext-domain-header"
_TRANSFLOW = "transflow"

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.0 and 2.1 share it
_METADATA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
_MATCHES_NS = "urn:oasis:names:tc:xliff:matches:2.0"
_X2 = f"{{{XLIFF2_NS}}}"
_MDA = f"{{{_METADATA_NS}}}"
_MTC = f"{{{_MATCHES_NS}}}"
#: XLIFF 2 segment states, and the subState transflow gives a stale unit.
_STALE_SUBSTATE = "transflow:stale"
_PREVIOUS_SUBTYPE = "transflow:previous-version"

# The prefixes of the modules' and transflow's own elements (each format's own namespace
# is the default one: see ``_xml_text``).
ET.register_namespace("tf", TRANSFLOW_NS)
ET.register_namespace("mda", _METADATA_NS)
ET.register_namespace("mtc", _MATCHES_NS)


def catalog_to_xliff(catalog: Catalog, source_language: str, original: str) -> str:
    """The XLIFF 1.2 text of a catalog's live units."""
    _refuse_control_characters(catalog, original)
    root = ET.Element(f"{_X}xliff", {"version": "1.2"})
    attributes = {"original": original, "source-language": source_language.replace("_", "-"),
                  "datatype": "x-markdown", "tool-id": "transflow"}
    if catalog.language:
        attributes["target-language"] = catalog.language.replace("_", "-")
    file = ET.SubElement(root, f"{_X}file", attributes)
    header = ET.SubElement(file, f"{_X}header")
    ET.SubElement(header, f"{_X}tool", {"tool-id": "transflow", "tool-name": "transflow", "tool-version": __version__})
    for key, value in catalog.headers.items():
        ET.SubElement(header, f"{_TF}header", {"name": key}).text = value
    body = ET.SubElement(file, f"{_X}body")
    for number, entry in enumerate(catalog.entries, start=1):
        unit = ET.SubElement(body, f"{_X}trans-unit", {"id": str(number), _XML_SPACE: "preserve"})
        ET.SubElement(unit, f"{_X}source").text = entry.msgid
        if entry.msgstr:
            state = ("needs-review-translation" if entry.fuzzy else "final" if entry.reviewed else "translated")
            unit.set("approved", "no" if entry.fuzzy else "yes")
            ET.SubElement(unit, f"{_X}target", {"state": state}).text = entry.msgstr
        if entry.fuzzy and entry.previous:
            alt = ET.SubElement(unit, f"{_X}alt-trans", {"alttranstype": "previous-version"})
            ET.SubElement(alt, f"{_X}source").text = entry.previous
            ET.SubElement(alt, f"{_X}target").text = entry.msgstr
        for note in entry.notes:
            ET.SubElement(unit, f"{_X}note", {"from": _TRANSFLOW}).text = note
        if entry.origin:
            ET.SubElement(unit, f"{_X}note", {"from": _TRANSFLOW, "annotates": "general"}).text = \
                f"{ORIGIN_TAG} {origin_text(entry.origin)}"
        if entry.comment:
            ET.SubElement(unit, f"{_X}note", {"from": _DEVELOPER}).text = entry.comment
        if entry.references:
            group = ET.SubElement(unit, f"{_X}context-group", {"purpose": "location"})
            for reference in entry.references:
                path, _, line = reference.rpartition(":") if reference.rpartition(":")[2].isdigit() else (
                    reference, "", "")
                ET.SubElement(group, f"{_X}context", {"context-type": "sourcefile"}).text = path
                if line:
                    ET.SubElement(group, f"{_X}context", {"context-type": "linenumber"}).text = line
    return _xml_text(root, XLIFF_NS)


def _refuse_control_characters(catalog: Catalog, original: str) -> None:
    for number, entry in enumerate(catalog.entries, start=1):
        for text in (entry.msgid, entry.msgstr, entry.previous or ""):
            if not xml_can_carry(text):
                raise ExchangeFileError(f"unit {number} holds a control character that XML cannot carry; "
                                        "pull this article as PO (--format po)", original)


def _xml_text(root: Any, namespace: str) -> str:
    ET.indent(root, space="  ")
    # The format's own namespace is the default one. ElementTree keeps one prefix per
    # namespace for the whole process, so it is set here, for the file being written.
    ET.register_namespace("", namespace)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def catalog_to_xliff2(catalog: Catalog, source_language: str, original: str) -> str:
    """The XLIFF 2.1 text of a catalog's live units.

    Headers go into the Metadata module of the ``<file>``; per unit, notes carry
    transflow's comments (category ``transflow``), the unit's place (``developer``) and
    its references (``location``); a stale unit's previous source is a Translation
    Candidates match of subtype ``transflow:previous-version``. States: stale is
    ``initial`` with subState ``transflow:stale``, translated ``translated``, reviewed ``final``.
    """
    _refuse_control_characters(catalog, original)
    attributes = {"version": "2.1", "srcLang": source_language.replace("_", "-")}
    if catalog.language:
        attributes["trgLang"] = catalog.language.replace("_", "-")
    root = ET.Element(f"{_X2}xliff", attributes)
    file = ET.SubElement(root, f"{_X2}file", {"id": "f1", "original": original})
    metadata = ET.SubElement(file, f"{_MDA}metadata")
    group = ET.SubElement(metadata, f"{_MDA}metaGroup", {"category": "po-headers"})
    for key, value in catalog.headers.items():
        ET.SubElement(group, f"{_MDA}meta", {"type": key}).text = value
    for number, entry in enumerate(catalog.entries, start=1):
        unit = ET.SubElement(file, f"{_X2}unit", {"id": f"u{number}"})
        if entry.fuzzy and entry.previous:
            matches = ET.SubElement(unit, f"{_MTC}matches")
            match = ET.SubElement(matches, f"{_MTC}match", {"ref": f"#s{number}", "type": "other",
                                                             "subType": _PREVIOUS_SUBTYPE})
            ET.SubElement(match, f"{_X2}source").text = entry.previous
            ET.SubElement(match, f"{_X2}target").text = entry.msgstr
        notes = [(_TRANSFLOW, note) for note in entry.notes]
        if entry.origin:
            notes.append((_TRANSFLOW, f"{ORIGIN_TAG} {origin_text(entry.origin)}"))
        if entry.comment:
            notes.append((_DEVELOPER, entry.comment))
        notes += [("location", reference) for reference in entry.references]
        if notes:
            holder = ET.SubElement(unit, f"{_X2}notes")
            for category, text in notes:
                ET.SubElement(holder, f"{_X2}note", {"category": category}).text = text
        segment = ET.SubElement(unit, f"{_X2}segment", {"id": f"s{number}"})
        if entry.msgstr:
            segment.set("state", "initial" if entry.fuzzy else "final" if entry.reviewed else "translated")
            if entry.fuzzy:
                segment.set("subState", _STALE_SUBSTATE)
        ET.SubElement(segment, f"{_X2}source", {_XML_SPACE: "preserve"}).text = entry.msgid
        if entry.msgstr:
            ET.SubElement(segment, f"{_X2}target", {_XML_SPACE: "preserve"}).text = entry.msgstr
    return _xml_text(root, XLIFF2_NS)


def catalog_from_xliff(text: str, display: str) -> Catalog:
    """The units of an XLIFF 1.2 file (the first ``<file>``) as a catalog."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "<!DOCTYPE" in text[:4096] or "<!ENTITY" in text:
        raise ExchangeFileError("holds a DOCTYPE or entity declarations, which transflow does not read; "
                          "export the file again without them", display)
    root = parse_xml(text, display, "export it again from the CAT tool")
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace == XLIFF2_NS and root.tag == f"{_X2}xliff":
        return _catalog_from_xliff2(root, text, display)
    if namespace not in _READ_NAMESPACES or root.tag.rpartition("}")[2] != "xliff":
        found = root.tag.rpartition("}")[2]
        raise ExchangeFileError(f"is not an XLIFF 1.2 or 2.x file (its root is <{found} "
                                f"version={root.get('version')!r}>); export it as XLIFF 1.2 or 2.1", display)
    x = f"{{{namespace}}}"
    _one_file(root, f"{x}file", display)
    file = root.find(f"{x}file")
    if file is None:
        raise ExchangeFileError("holds no <file> element; export it again from the CAT tool", display)
    headers: dict[str, str] = {}
    header = file.find(f"{x}header")
    for element in header.iter(f"{_TF}header") if header is not None else ():
        name = element.get("name")
        if name:
            headers[name] = element.text or ""
    _default_headers(headers, file.get("target-language"), file.get("original"))
    units = []
    for unit in file.iter(f"{x}trans-unit"):
        if unit.get("restype") == _GETTEXT_HEADER:  # po2xliff's copy of the PO header
            for part in (unit.find(f"{x}source"), unit.find(f"{x}target")):
                headers.update(_header_lines(_text(part)))
        else:
            units.append(unit)
    lines = _unit_lines(text, len(units), headers_unit=len(units) < sum(1 for _ in file.iter(f"{x}trans-unit")))
    entries = _with_sources([replace(_entry(unit, x), line=line) for unit, line in zip(units, lines, strict=True)],
                            display)
    return Catalog(headers.get(Header.ARTICLE, ""), headers.get(Header.LANGUAGE) or None, entries, [], headers)


def _with_sources(entries: list[Entry], display: str) -> list[Entry]:
    for number, entry in enumerate(entries, start=1):
        if not entry.msgid.strip():
            raise ExchangeFileError(f"unit {number} has no source text; export the file again from the CAT tool "
                                    "(its sources must stay as pulled)", display, entry.line)
    return entries


def _one_file(root: Any, tag: str, display: str) -> None:
    count = len(root.findall(tag))
    if count > 1:  # a merged file: each article must be submitted as its own file
        raise ExchangeFileError(f"holds {count} <file> elements (several articles in one file); "
                                "export one XLIFF file per article and submit each", display)


def _default_headers(headers: dict[str, str], target_language: str | None, original: str | None) -> None:
    """The language and article a CAT tool keeps (the target language, the original file's
    name) where transflow's own headers did not survive."""
    if target_language and not headers.get(Header.LANGUAGE):
        headers[Header.LANGUAGE] = target_language.replace("-", "_")
    name = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    if not headers.get(Header.ARTICLE) and "." in name:
        headers[Header.ARTICLE] = name.rsplit(".", 1)[0]


def _catalog_from_xliff2(root: Any, text: str, display: str) -> Catalog:
    """The units of an XLIFF 2.x file (the first ``<file>``): segments of a unit are joined,
    with what stands between them (``<ignorable>``), as a CAT tool that split a unit leaves it."""
    _one_file(root, f"{_X2}file", display)
    file = root.find(f"{_X2}file")
    if file is None:
        raise ExchangeFileError("holds no <file> element; export it again from the CAT tool", display)
    headers = {meta.get("type"): meta.text or "" for meta in file.iter(f"{_MDA}meta")
               if meta.get("type") and _is_header_group(file, meta)}
    _default_headers(headers, root.get("trgLang"), file.get("original"))
    units = list(file.iter(f"{_X2}unit"))
    lines = _unit_lines(text, len(units), tag="unit")
    entries = _with_sources([replace(_entry2(unit), line=line) for unit, line in zip(units, lines, strict=True)],
                            display)
    return Catalog(headers.get(Header.ARTICLE, ""), headers.get(Header.LANGUAGE) or None, entries, [], headers)


def _is_header_group(file: Any, meta: Any) -> bool:
    for group in file.iter(f"{_MDA}metaGroup"):
        if meta in list(group):
            return group.get("category") == "po-headers"
    return False


def _entry2(unit: Any) -> Entry:
    sources, targets, states = [], [], []
    for part in unit:
        if part.tag not in (f"{_X2}segment", f"{_X2}ignorable"):
            continue
        part_source = _text(part.find(f"{_X2}source"))
        target = part.find(f"{_X2}target")
        sources.append(part_source)
        if part.tag == f"{_X2}ignorable":
            # The space between segments: its target may be left out when it is the same.
            targets.append(_text(target) if target is not None else part_source)
            continue
        state = part.get("state", "initial")
        text = _text(target) if target is not None else ""
        if state == "initial" and part.get("subState") != _STALE_SUBSTATE and text == part_source:
            text = ""  # a CAT tool's copy of the source, not a translation
        targets.append(text)
        states.append(state)
    source = "".join(sources)
    target = "".join(targets) if any(text.strip() for text in targets) else ""
    # A translation counts as done only when every segment of it is: one initial
    # (new or stale) segment leaves the unit to be checked.
    fuzzy = any(state == "initial" for state in states)
    notes, origin, comment, references = _sorted_notes(
        (note.get("category"), note.text or "") for note in unit.iter(f"{_X2}note"))
    previous = None
    for match in unit.iter(f"{_MTC}match"):
        if match.get("subType") == _PREVIOUS_SUBTYPE:
            previous = _text(match.find(f"{_X2}source")) or None
    return Entry(msgid=source, msgstr=target, fuzzy=bool(target) and fuzzy, previous=previous, comment=comment,
                 notes=tuple(notes), origin=origin, references=tuple(references))


def _sorted_notes(notes: Iterable[tuple[str | None, str]]) -> tuple[list[str], Origin | None, str, list[str]]:
    """A unit's notes by kind (XLIFF 1.2's ``from``, 2.x's ``category``): translator's and
    transflow's notes, the origin transflow wrote, the developer's comment, locations."""
    kept: list[str] = []
    origin = None
    comment = ""
    locations: list[str] = []
    for kind, content in notes:
        if kind == _DEVELOPER:
            comment = content
        elif kind == "location":
            locations.append(content)
        elif content.startswith(ORIGIN_TAG) and (parsed := parse_origin(content[len(ORIGIN_TAG):].strip())):
            origin = parsed
        else:
            kept.append(content)
    return kept, origin, comment, locations


def _header_lines(text: str) -> dict[str, str]:
    pairs = (line.partition(":") for line in text.splitlines())
    return {key.strip(): value.strip() for key, colon, value in pairs if colon and key.strip()}


def _unit_lines(text: str, count: int, headers_unit: bool = False, tag: str = "trans-unit") -> list[int | None]:
    """The line of each ``<trans-unit>`` start tag, for messages that point into the file.

    ElementTree keeps no line numbers; the tags are found in document order in the text,
    and only trusted when there are exactly as many as the parser saw (a tag inside a
    comment or CDATA would shift them).
    """
    pattern = _UNIT_TAG if tag == "trans-unit" else _UNIT2_TAG
    starts = [match.start() for match in pattern.finditer(text)][1 if headers_unit else 0:]
    if len(starts) != count:
        return [None] * count
    lines: list[int | None] = []
    line, position = 1, 0
    for start in starts:
        line += text.count("\n", position, start)
        position = start
        lines.append(line)
    return lines


def _text(element: Any) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _entry(unit: Any, x: str) -> Entry:
    source = _text(unit.find(f"{x}source"))
    target_element = unit.find(f"{x}target")
    target = _text(target_element)
    state = target_element.get("state") if target_element is not None else None
    if state is not None:
        fuzzy = state in _NEEDS_WORK or state.startswith("x-")  # a tool's own state: a person checks it
        if state in _NOT_TRANSLATED and target == source:
            target = ""  # a CAT tool's copy of the source, not a translation
    else:
        fuzzy = unit.get("approved") != "yes"
    notes, origin, comment, _ = _sorted_notes((note.get("from"), note.text or "") for note in unit.findall(f"{x}note"))
    previous = None
    for alt in unit.findall(f"{x}alt-trans"):
        if alt.get("alttranstype") == "previous-version":
            previous = _text(alt.find(f"{x}source")) or None
    return Entry(msgid=source, msgstr=target, fuzzy=bool(target) and fuzzy, previous=previous,
                 comment=comment, notes=tuple(notes), origin=origin, references=_references(unit, x))


def _references(unit: Any, x: str) -> tuple[str, ...]:
    references = []
    for group in unit.findall(f"{x}context-group"):
        if group.get("purpose") != "location":
            continue
        path = line = ""
        for context in group.findall(f"{x}context"):
            if context.get("context-type") == "sourcefile":
                path = context.text or ""
            elif context.get("context-type") == "linenumber":
                line = context.text or ""
        if path:
            references.append(f"{path}:{line}" if line else path)
    return tuple(references)


def read_translation_file(path: Path, display: str) -> Catalog:
    """A translator's file, PO or XLIFF by its suffix."""
    return decode_translation_file(read_input(path, display, POFileError), path, display)


def _decoded_xml(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise POFileError(f"not valid UTF-8 (byte offset {exc.start}); save the file as UTF-8", display) from None


def decode_translation_file(data: bytes, path: Path, display: str) -> Catalog:
    """The catalog of a translator's file's bytes, PO or XLIFF by its suffix."""
    if path.suffix.lower() in SUFFIXES:
        return catalog_from_xliff(_decoded_xml(data, display), display)
    return catalog_from_bytes(data, display)
