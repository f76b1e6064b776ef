"""What the XML exchange formats (XLIFF, TMX) share: parsing with a located error, and
the characters XML 1.0 cannot carry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
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
