"""What the XML exchange formats (XLIFF, TMX, TBX) share: parsing with a located error,
the characters XML 1.0 cannot carry, and language codes as these files write them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from transflow.errors import ExchangeFileError

#: What XML 1.0 cannot hold at all, escaped or not.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_can_carry(text: str) -> bool:
    """False for text with a control character, which XML 1.0 cannot hold even escaped."""
    return _XML_FORBIDDEN.search(text) is None


def parse_xml(source: str | bytes, display: str, advice: str) -> Any:
    """The root element of an XML document; a broken one is one line with its line number."""
    try:
        return ET.fromstring(source)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        problem = str(exc).split(":")[0]
        raise ExchangeFileError(f"not well-formed XML ({problem}); {advice}", display, line) from None


#: The attribute every exchange format names a language with.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_exchange_file(data: bytes, display: str, advice: str) -> Any:
    """The root of an exchange file's bytes, in whatever encoding it declares; entity
    declarations are refused (no expansion tricks), a DTD is never fetched."""
    if any("<!ENTITY" in data.decode(codec, "ignore") for codec in ("utf-8", "utf-16")):
        raise ExchangeFileError(f"holds entity declarations, which transflow does not read; {advice}", display)
    return parse_xml(data, display, advice)


def bcp47(code: str) -> str:
    """A project locale as exchange files write it: ``pt_BR`` -> ``pt-BR``."""
    return code.replace("_", "-")


def same_language(a: str, b: str) -> bool:
    """Whether two codes name one language: equal, or one is the other without its region."""
    a, b = a.replace("_", "-").lower(), b.replace("_", "-").lower()
    return a == b or a.split("-")[0] == b and "-" not in b or b.split("-")[0] == a and "-" not in a


def project_language(language: str, languages: Iterable[str]) -> str | None:
    """The project language a file's language code stands for: exact, then by its first
    part (``tr-TR`` is ``tr``) when only one project language has it."""
    wanted = language.replace("-", "_").lower()
    known = list(languages)
    for code in known:
        if code.lower() == wanted:
            return code
    primary = [code for code in known if code.lower().split("_")[0] == wanted.split("_")[0]]
    return primary[0] if len(primary) == 1 else None
