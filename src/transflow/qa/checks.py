"""Quality checks run on every submitted translation.

:func:`check_translation` compares one translation with its source unit and returns
the problems found, each a :class:`QAIssue` naming its check. The checks follow
Translate Toolkit's ``pofilter`` and Weblate's quality checks, tuned for news
articles in Markdown. Every comparison is *relative to the source*: markup that is
already odd in the source is not held against the translation.

========================  ========  ==========================================================
check                     severity  what it wants
========================  ========  ==========================================================
``whitespace``            error     leading and trailing whitespace exactly as in the source;
                                    a translation that is only whitespace is refused
``footnotes``             error     the same footnote markers, ``[^1]`` and ``[1]``, as often
``urls``                  error     the same URLs (http, https, ftp, www.) and e-mail addresses,
                                    character for character, as often; this covers link
                                    targets, autolinks and ``href`` values too
``links``                 error     the same number of Markdown links and images; no
                                    ``[text] (url)`` (the space breaks the link, the most
                                    common translator error: WeblateOrg/weblate#3649), no
                                    full-width ``［text］（url）`` and no unclosed
                                    ``[text](url``; relative targets (``/page``,
                                    ``#part``) and reference labels ``[text][label]`` kept
``emphasis``              error     as many ``*emphasis*`` and ``**strong**`` spans as the
                                    source, and no unpaired ``*`` or ``_`` beyond the source's
``code``                  error     code spans with exactly the source's content (code is not
                                    translated)
``html``                  error     the same inline HTML tags; ``alt``, ``title`` and
                                    ``aria-label`` values may be translated (as pofilter)
``numbers``               error     every number of the source somewhere in the translation
``end-punctuation``       warning   a final mark of the same kind as the source's, written the
                                    target language's way
``identical``             warning   a translation that is just the source again
``glossary``              warning   each glossary term of the source with an approved
                                    translation (an error with ``glossary: strict``)
``glossary-forbidden``    error     no translation the glossary forbids for a term of the source
``do-not-translate``      error     a ``translate: false`` term kept as written
========================  ========  ==========================================================

Errors keep an entry from being applied; warnings are reported and the entry is
applied. End punctuation and identical text are warnings because word order and
house style legitimately change them (pofilter classes ``endpunc`` as cosmetic). A
check may be switched off for one unit (``#, ignore-numbers``; see
:mod:`transflow.ops.dismiss`).

Judgement calls:

- Numbers are compared by value, each text read its own way (the rules are in
  :mod:`transflow.qa.numbers`). The English source groups with ``,`` and has the
  decimal point ``.``; a translation may use its language's separators or keep the
  source's: ``1,000`` = ``1.000`` = ``1 000`` (also with a no-break, narrow no-break
  or thin space) = ``1'000``, ``3.5`` = ``3,5`` = ``٣٫٥``, ``50%`` = ``%50``,
  ``2025'te``, ``11th`` = ``11.`` = ``11-й`` = ``ke-11`` = ``第11``, Indic,
  Arabic-Indic and full-width digits. A single ``.`` or ``,`` before exactly three
  digits counts both ways (``1.500`` is 1500 in Turkish and 1.5 in English; ``,`` is
  a decimal only in languages that write decimals with it). Scale words and
  characters multiply: ``150,000`` = ``15萬`` = ``15만`` = ``150 bin`` = ``150 тыс.``
  = ``150 ribu``; ``1.5 million`` = ``1,5 milyon`` = ``1,5 млн`` = ``150万`` =
  ``15 लाख`` = ``1.500.000``; CJK parts add up (``1万5000`` = 15,000, ``3億5千万``). A source
  number with a scale word also passes with its bare digits when the translation's
  scale word is not known. A date's day, month and year may appear separately, in
  any order and without leading zeros (``13.07.2025`` -> ``2025年7月13日``), and Roman
  numerals in the translation count (``21st century`` -> ``XXI век``). Only a number
  missing in every one of these forms is an error; ``3.5`` -> ``5,3``, ``1,000,000``
  -> ``1.000``, ``150,000`` -> ``1.5万`` and ``1.5 million`` -> ``1,5 milyar`` are.
  Numbers written out as words ("three", 三) and years of another calendar (令和7年) are
  reported too: the false alarm is cheap (write the digits, or dismiss the check for
  that unit) next to a wrong figure published. Numbers the translation adds (``7月``
  for "July") are fine. Letters around a number are not compared (``B-52H`` ->
  ``B-52`` passes). Numbers inside URLs, link targets, code, HTML and footnote
  markers are left to those checks.
- Link text may be translated; targets may not. Weblate skips absolute link targets
  because some sites have localized pages; a newsroom cites its sources, so here
  every URL must stay as it is.
- End punctuation: closing quotes and brackets, emphasis markers and footnote
  markers after the final mark are skipped, so ``countries.”[^2]`` ends in a full
  stop, as does Russian ``стран».``. ``...`` and ``…`` are the same. Each language
  has its marks (Arabic ``؟``, Greek ``;``, Chinese and Japanese full-width ``。！？``,
  Devanagari ``।``, Armenian ``։`` ...); Thai and Lao have no full stop, so a missing
  one is not reported. A final ``.`` that belongs to an abbreviation the language
  commonly ends on (Russian ``2025 г.``) is allowed where the source has none.
  Sources of four characters or fewer are not checked (Weblate's rule).
- Identical to the source is not reported when the source has no letters left
  once URLs, e-mail addresses, numbers and markers are removed, is a single word
  ("ASEAN"), is all acronyms ("NATO AUKUS"), or is a short name of at most three
  capitalised words ("Marco Rubio"): such units are often rightly the same.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from transflow.model.glossary import Term

# The families register their checks on import, in the order issues are reported.
from transflow.qa import markup, numbers, style  # noqa: F401
from transflow.qa import terms as _terms  # noqa: F401
from transflow.qa.inline import _Pair, _parse_inline
from transflow.qa.registry import REGISTRY, QAIssue, Severity
from transflow.util.languages import primary_language

__all__ = ["CHECKS", "SAFETY_CHECKS", "SEVERITIES", "QAIssue", "Severity", "check_translation"]

#: Each check with its severity, in the order issues are reported.
SEVERITIES: dict[str, Severity] = {name: entry.severity for name, entry in REGISTRY.items()}

#: The names of all checks, for documentation and ``--skip-check``.
CHECKS: tuple[str, ...] = tuple(REGISTRY)

#: The checks that keep a translation's URLs, links, code spans and HTML as the source
#: has them; skipping one needs an editor's ``--force``.
SAFETY_CHECKS: tuple[str, ...] = tuple(name for name, entry in REGISTRY.items() if entry.safety)



def check_translation(
    source: str,
    translation: str,
    target_language: str,
    skip: Collection[str] = (),
    terms: Sequence[Term] = (),
    strict_terms: bool = False,
) -> list[QAIssue]:
    """Check one translation against its source unit, except the checks named in ``skip``.

    ``terms`` are the glossary terms found in the source (:meth:`TermIndex.terms_in
    <transflow.qa.terms.TermIndex.terms_in>`); with ``strict_terms`` a missing approved
    translation is an error. An empty translation is untranslated, not wrong: no
    issues. Issues come in the order of :data:`CHECKS`.
    """
    if not translation:
        return []
    if not translation.strip() and source.strip():
        return [
            QAIssue(
                "whitespace",
                SEVERITIES["whitespace"],
                "the translation is only whitespace; translate the text, or leave the entry empty",
            )
        ]
    pair = _Pair(
        source,
        translation,
        primary_language(target_language),
        _parse_inline(source),
        _parse_inline(translation),
        tuple(term.in_language(target_language) for term in terms),
        strict_terms,
    )
    return [
        QAIssue(name, entry.severity_for(strict_terms), message)
        for name, entry in REGISTRY.items()
        if name not in skip
        for message in entry.run(pair)
    ]
