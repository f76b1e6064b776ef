"""TMX 1.4b, the translation-memory exchange format of CAT tools and translate-toolkit.

Written: one ``<tu>`` per source and translation, with the translator as ``creationid``
and ``changeid``, the dates of the translation as ``creationdate`` and ``changedate``,
and the article as a ``x-transflow-article`` property. Read: what Trados, memoQ,
OmegaT, po2tmx and translate-toolkit write (TMX 1.1 to 1.4, ``xml:lang`` or ``lang``,
inline ``<bpt>``/``<ept>``/``<ph>``/``<it>`` codes, whose text is the original markup,
CRLF, a BOM, UTF-16 or Latin-1 as declared). A DOCTYPE naming a DTD is read (nothing is
fetched); entity declarations are refused (no expansion tricks).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from transflow import __version__
from transflow.errors import ExchangeFileError
from transflow.formats.xmlfile import XML_LANG, bcp47, parse_exchange_file, same_language, xml_can_carry

ARTICLE_PROPERTY = "x-transflow-article"


@dataclass(frozen=True)
class TranslationPair:
    """One translation unit of a memory: a source, its translation, who made it and when."""

    source: str
    target: str
    language: str  # the target language, as the file names it (tr, pt-BR)
    person: str | None = None
    created: str | None = None  # ISO 8601 UTC, e.g. 2026-11-20T10:15:00Z
    changed: str | None = None
    article: str | None = None


@dataclass(frozen=True)
class MemoryFile:
    """What a TMX file holds."""

    source_language: str
    pairs: tuple[TranslationPair, ...]
    languages: tuple[str, ...]  # the target languages, as the file names them


def pairs_to_tmx(pairs: Sequence[TranslationPair], source_language: str,
                 properties: Mapping[str, str] | None = None) -> str:
    """The TMX 1.4b text of translation pairs; ``properties`` go into the header."""
    root = ET.Element("tmx", {"version": "1.4"})
    header = ET.SubElement(root, "header", {
        "creationtool": "transflow", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": bcp47(source_language), "o-tmf": "transflow",
    })
    for name, value in (properties or {}).items():
        ET.SubElement(header, "prop", {"type": name}).text = value
    body = ET.SubElement(root, "body")
    for pair in pairs:
        if not xml_can_carry(pair.source + pair.target):
            continue  # such a unit stays in the PO files only
        attributes = {}
        if pair.created:
            attributes["creationdate"] = _tmx_date(pair.created)
        if pair.person:
            attributes["creationid"] = pair.person
        if pair.changed:
            attributes["changedate"] = _tmx_date(pair.changed)
        if pair.person:
            attributes["changeid"] = pair.person
        unit = ET.SubElement(body, "tu", {k: v for k, v in attributes.items() if v})
        if pair.article:
            ET.SubElement(unit, "prop", {"type": ARTICLE_PROPERTY}).text = pair.article
        for language, text in ((source_language, pair.source), (pair.language, pair.target)):
            variant = ET.SubElement(unit, "tuv", {XML_LANG: bcp47(language)})
            ET.SubElement(variant, "seg").text = text
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def tmx_to_pairs(data: bytes, display: str) -> MemoryFile:
    """The translation pairs of a TMX file's bytes: one per target variant of each ``<tu>``."""
    # The parser reads the encoding from the BOM and the XML declaration (UTF-8, UTF-16,
    # Latin-1 ...); the entity check reads the text whatever its encoding.
    root = parse_exchange_file(data, display, "export the memory again")
    if root.tag != "tmx":
        raise ExchangeFileError(f"is not a TMX file (its root is <{root.tag.rpartition('}')[2]}>); export it as TMX",
                          display)
    header = root.find("header")
    source = (header.get("srclang") if header is not None else None) or ""
    pairs: list[TranslationPair] = []
    languages: set[str] = set()
    for unit in root.iter("tu"):
        variants = [(_lang(tuv), _segment(tuv)) for tuv in unit.findall("tuv")]
        declared = unit.get("srclang") or source
        unit_source = declared if declared and declared != "*all*" else (variants[0][0] if variants else "")
        originals = [text for language, text in variants if same_language(language, unit_source)]
        if not originals or not originals[0]:
            continue
        props = {prop.get("type"): prop.text or "" for prop in unit.findall("prop")}
        person = unit.get("changeid") or unit.get("creationid")
        created, changed = _iso(unit.get("creationdate")), _iso(unit.get("changedate"))
        for language, target in variants:
            if same_language(language, unit_source) or not target:
                continue
            languages.add(language)
            pairs.append(TranslationPair(originals[0], target, language, person, created, changed or created,
                                         props.get(ARTICLE_PROPERTY) or None))
    return MemoryFile(unit_source if pairs else source, tuple(pairs), tuple(sorted(languages)))




def _lang(tuv: Any) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _segment(tuv: Any) -> str:
    seg = tuv.find("seg")
    return "".join(seg.itertext()) if seg is not None else ""






def _tmx_date(when: str) -> str:
    """``2026-11-20T10:15:00Z`` as TMX writes it: ``20261120T101500Z``."""
    return when.replace("-", "").replace(":", "")


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = dt.datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
