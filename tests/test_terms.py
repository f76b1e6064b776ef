"""Glossary terms found in real sentences, inflected as each language inflects them, and
the three glossary checks (approved translation, forbidden translation, do-not-translate)."""

from __future__ import annotations

import pytest

from transflow.model.glossary import CaseRule, Glossary, Term
from transflow.qa.checks import check_translation
from transflow.qa.registry import Severity
from transflow.qa.terms import TermIndex, find_phrase, term_hint

NORTH_KOREA = Term("North Korea", {"tr": ("Kuzey Kore",), "ru": ("Северная Корея", "КНДР"), "id": ("Korea Utara",),
                                   "ar": ("كوريا الشمالية",), "zh_Hant": ("北韓",), "zh_Hans": ("朝鲜",),
                                   "he": ("צפון קוריאה",)},
                   forbidden={"tr": ("K. Kore",)})
MINILATERALISM = Term("minilateralism", {"tr": ("minilateralizm",), "ru": ("минилатерализм",),
                                         "id": ("minilateralisme",)}, note="cooperation among a few states")
CAMP_DAVID = Term("Camp David", translate=False)
US = Term("US")


@pytest.mark.parametrize(("text", "phrase", "language"), [
    # Turkish: a proper noun's suffixes after an apostrophe, a common noun's directly.
    ("Kuzey Kore'nin füze denemeleri bölgeyi tedirgin ediyor.", "Kuzey Kore", "tr"),
    ("Washington, Kuzey Kore'ye yeni yaptırımlar uygulamaya hazırlanıyor.", "Kuzey Kore", "tr"),
    ("Kuzey Kore’den gelen tehditler masadaydı.", "Kuzey Kore", "tr"),
    ("Uzmanlar minilateralizmin ittifakların yerini almadığını söylüyor.", "minilateralizm", "tr"),
    ("Kitabı okudum.", "kitap", "tr"),  # consonant softening: kitap -> kitabı
    ("İSTANBUL'da toplanan liderler", "İstanbul", "tr"),  # dotted capital I
    # Russian: case endings change the end of every word of the term.
    ("Вашингтон усилил давление на Северную Корею.", "Северная Корея", "ru"),
    ("Санкции против Северной Кореи расширены.", "Северная Корея", "ru"),
    ("Эксперты говорят о минилатерализме как о новой норме.", "минилатерализм", "ru"),
    ("с минилатерализмом", "минилатерализм", "ru"),
    ("Лидеры встретились в Кэмп-Дэвиде в августе.", "Кэмп-Дэвид", "ru"),
    # Indonesian: -nya and hyphenated prefixes.
    ("Ancaman dari Korea Utara semakin nyata.", "Korea Utara", "id"),
    ("Program nuklir Korea Utaranya dikecam.", "Korea Utara", "id"),
    ("Kunjungan ke-Korea Utara dibatalkan.", "Korea Utara", "id"),
    ("Para ahli menyebut minilateralisme sebagai tren baru.", "minilateralisme", "id"),
    # Arabic and Hebrew: attached prefixes (و "and", ב "in").
    ("فرضت الولايات المتحدة عقوبات جديدة على كوريا الشمالية.", "كوريا الشمالية", "ar"),
    ("اجتمع قادة اليابان وكوريا الشمالية", "كوريا الشمالية", "ar"),
    ("הממשל הטיל סנקציות חדשות בצפון קוריאה.", "צפון קוריאה", "he"),
    # Chinese and Japanese: no spaces, matched as written.
    ("美國加強對北韓的制裁。", "北韓", "zh"),
    ("日米韓首脳はキャンプ・デービッドで会談した。", "キャンプ・デービッド", "ja"),
])
def test_a_term_is_found_in_its_inflected_forms(text: str, phrase: str, language: str) -> None:
    assert find_phrase(text, phrase, language) is not None


@pytest.mark.parametrize(("text", "phrase", "language"), [
    ("Güney Kore ile Japonya arasında görüşmeler sürüyor.", "Kuzey Kore", "tr"),
    ("Kore Kuzey sınırında", "Kuzey Kore", "tr"),  # the words, but not in order
    ("Южная Корея и Япония провели учения.", "Северная Корея", "ru"),
    ("Korea Selatan dan Jepang menggelar latihan.", "Korea Utara", "id"),
    ("韓國與日本舉行會談。", "北韓", "zh"),
    ("Kuzey Afrika'da", "Kuzey Kore", "tr"),
    ("Abdullah bin", "AB", "tr"),  # a two-letter term is matched only whole
])
def test_a_term_is_not_found_where_it_is_not(text: str, phrase: str, language: str) -> None:
    assert find_phrase(text, phrase, language) is None


def test_the_source_side_finds_english_inflections_and_respects_case_for_acronyms() -> None:
    index = TermIndex(Glossary((NORTH_KOREA, MINILATERALISM, CAMP_DAVID, US)))
    found = index.terms_in("The US and Japan discussed North Korea's missiles at Camp David, and minilateralism.")
    assert [t.source for t in found] == ["US", "North Korea", "Camp David", "minilateralism"]
    assert index.terms_in("Let us see what thus happens.") == ()  # "us" is not "US"
    assert [t.source for t in index.terms_in("North Korean threats")] == ["North Korea"]
    insensitive = TermIndex(Glossary((Term("us", case=CaseRule.INSENSITIVE),)))
    assert len(insensitive.terms_in("The US said")) == 1
    assert US.case_sensitive and not NORTH_KOREA.case_sensitive


def _issues(source: str, translation: str, language: str, *terms: Term, strict: bool = False):
    found = TermIndex(Glossary(terms)).terms_in(source)
    return [(i.check, i.severity) for i in check_translation(source, translation, language, (), found, strict)
            if i.check.startswith(("glossary", "do-not"))]


SOURCE = "Analysts say North Korea's tests are a test of minilateralism."


@pytest.mark.parametrize(("language", "translation"), [
    ("tr", "Analistler, Kuzey Kore'nin denemelerinin minilateralizmin bir sınavı olduğunu söylüyor."),
    ("ru", "Аналитики говорят, что испытания КНДР — проверка минилатерализма."),
    ("ru", "Аналитики считают испытания Северной Кореи проверкой для минилатерализма."),
    ("id", "Analis mengatakan uji coba Korea Utara adalah ujian bagi minilateralisme."),
])
def test_approved_translations_pass_in_any_inflection(language: str, translation: str) -> None:
    assert _issues(SOURCE, translation, language, NORTH_KOREA, MINILATERALISM) == []


def test_a_missing_approved_translation_warns_and_is_an_error_when_strict() -> None:
    translation = "Analistler, Kuzey Kore'nin denemelerinin az taraflı işbirliğinin bir sınavı olduğunu söylüyor."
    assert _issues(SOURCE, translation, "tr", NORTH_KOREA, MINILATERALISM) == [("glossary", Severity.WARNING)]
    assert _issues(SOURCE, translation, "tr", NORTH_KOREA, MINILATERALISM, strict=True) == [
        ("glossary", Severity.ERROR)]
    [issue] = check_translation(SOURCE, translation, "tr", (), (MINILATERALISM,))
    assert "“minilateralism” as “minilateralizm” (cooperation among a few states)" in issue.message


def test_a_forbidden_translation_is_an_error_that_names_the_approved_one() -> None:
    translation = "Analistler, K. Kore'nin denemelerinin minilateralizmin bir sınavı olduğunu söylüyor."
    [issue] = [i for i in check_translation(SOURCE, translation, "tr", (), (NORTH_KOREA, MINILATERALISM))
               if i.check.startswith("glossary")]
    assert (issue.check, issue.severity) == ("glossary-forbidden", Severity.ERROR)
    assert issue.message == "the glossary forbids “K. Kore” for “North Korea”; write “Kuzey Kore”"


@pytest.mark.parametrize(("language", "translation", "altered"), [
    ("tr", "Liderler ağustosta Camp David'de bir araya geldi.", False),
    ("id", "Para pemimpin bertemu di Camp David pada bulan Agustus.", False),
    ("ru", "Лидеры встретились в Кэмп-Дэвиде в августе.", True),
    ("tr", "Liderler ağustosta Kamp David'de bir araya geldi.", True),
    ("tr", "Liderler ağustosta camp david'de bir araya geldi.", True),  # kept as written means its case too
    ("ar", "التقى القادة في كامب ديفيد في أغسطس.", True),
])
def test_a_do_not_translate_term_stays_as_written(language: str, translation: str, altered: bool) -> None:
    source = "The leaders met at Camp David in August."
    expected = [("do-not-translate", Severity.ERROR)] if altered else []
    assert _issues(source, translation, language, CAMP_DAVID) == expected


def test_a_regional_language_falls_back_to_its_language_and_scripts_are_told_apart() -> None:
    source = "Sanctions on North Korea were tightened."
    assert _issues(source, "對北韓的制裁已收緊。", "zh_Hant", NORTH_KOREA) == []
    assert _issues(source, "对朝鲜的制裁已收紧。", "zh_Hans", NORTH_KOREA) == []
    assert _issues(source, "對朝鮮的制裁已收緊。", "zh_Hant", NORTH_KOREA) == [("glossary", Severity.WARNING)]
    brazil = Term("North Korea", {"pt": ("Coreia do Norte",)})
    assert _issues(source, "As sanções à Coreia do Norte foram reforçadas.", "pt_BR", brazil) == []


def test_a_term_without_a_translation_in_the_language_is_not_checked() -> None:
    assert _issues(SOURCE, "Аналитики говорят о чём-то другом.", "ru", Term("minilateralism", {"tr": ("x",)})) == []


def test_the_hint_a_translator_reads() -> None:
    assert term_hint(NORTH_KOREA.in_language("tr")) == "North Korea → Kuzey Kore; not K. Kore"
    assert term_hint(NORTH_KOREA.in_language("ru")) == "North Korea → Северная Корея | КНДР"
    assert term_hint(MINILATERALISM.in_language("tr")) == "minilateralism → minilateralizm (cooperation among a few states)"
    assert term_hint(CAMP_DAVID.in_language("ru")) == "Camp David: keep as written"
    assert term_hint(Term("minilateralism").in_language("de")) == "minilateralism: no approved translation yet"


@pytest.mark.parametrize(("language", "source", "translation", "term"), [
    ("ru", "Belarus opposition in Belarus.", "Белорусская оппозиция в Беларуси.",
     Term("Belarus", {"ru": ("Беларусь",)}, {"ru": ("Белоруссия",)})),
    ("ru", "Officials in Ukraine spoke Ukrainian.", "Чиновники в Украине говорили на украинском языке.",
     Term("in Ukraine", {"ru": ("в Украине",)}, {"ru": ("на Украине",)})),
])
def test_a_forbidden_form_does_not_catch_words_built_on_its_stem(language, source, translation, term) -> None:
    assert "glossary-forbidden" not in [i.check for i in check_translation(source, translation, language, (), (term,))]


def test_review_findings_case_of_names_short_words_and_scripts() -> None:
    signal = Term("Signal", translate=False)
    assert TermIndex(Glossary((signal,))).terms_in("He sent a signal to Moscow.") == ()
    assert len(TermIndex(Glossary((signal,))).terms_in("They used Signal.")) == 1
    war = Term("war", {"tr": ("savaş",)})
    assert TermIndex(Glossary((war,))).terms_in("The wars ended.") == (war,)
    simplified = Term("North Korea", {"zh": ("朝鲜",)})
    assert simplified.in_language("zh_Hant").approved == ()
    assert simplified.in_language("zh").approved == ("朝鲜",)


# --- Review of issue 14: overlapping terms, derivations, punctuation, the strict severity ---


FOREIGN_MINISTER = Term("foreign minister", {"tr": ("dışişleri bakanı",), "ru": ("министр иностранных дел",)})
MINISTER = Term("minister", {"tr": ("bakan",), "ru": ("министр",)})


def test_the_longest_matching_term_wins_over_a_term_it_contains() -> None:
    index = TermIndex(Glossary((MINISTER, FOREIGN_MINISTER)))
    assert index.terms_in("The foreign minister arrived in Seoul.") == (FOREIGN_MINISTER,)
    assert index.terms_in("Foreign ministers met on Tuesday.") == (FOREIGN_MINISTER,)
    # The shorter term still counts where it stands on its own.
    assert index.terms_in("The foreign minister met the prime minister.") == (FOREIGN_MINISTER, MINISTER)
    korea = Term("Korea", {"tr": ("Kore",)})
    assert TermIndex(Glossary((korea, NORTH_KOREA))).terms_in("North Korea tested a missile.") == (NORTH_KOREA,)
    # ... so the translation is checked against the longest term only.
    source = "The foreign minister arrived in Seoul."
    assert _issues(source, "Dışişleri bakanı Seul'e geldi.", "tr", MINISTER, FOREIGN_MINISTER) == []
    assert _issues(source, "Министр иностранных дел прибыл в Сеул.", "ru", MINISTER, FOREIGN_MINISTER) == []


@pytest.mark.parametrize(("text", "phrase", "language", "found"), [
    ("Minilateralism is here to stay.", "minilateral", "en", False),
    ("a “minilateral” security network", "minilateralism", "en", False),
    ("Minilateral frameworks play a role.", "minilateralism", "en", False),
    ("The ministers met.", "minister", "en", True),
    ("The minister's aide spoke.", "minister", "en", True),
    ("The ministry said.", "minister", "en", False),
    ("a ministerial meeting", "minister", "en", False),
    ("Allies and allied forces", "ally", "en", True),
    ("The nation's capital", "nation", "en", True),
    ("national security", "nation", "en", False),
    ("She was securing the deal.", "secure", "en", True),
    ("The security of the region", "secure", "en", False),
    ("Talks were banned.", "ban", "en", True),
    ("The crises deepened.", "crisis", "en", True),
    ("North Korean threats", "North Korea", "en", True),  # a name's adjective counts (as before)
    # The translation side: a derivation is another word, an inflection is the word.
    ("Uzmanlar minilateralizmin yükseldiğini söylüyor.", "minilateral", "tr", False),
    ("Uzmanlar minilateralizme dikkat çekti.", "minilateralizm", "tr", True),
    ("Bakanlığı açıklama yaptı.", "bakan", "tr", False),
    ("Para ahli menyebut minilateralisme sebagai tren.", "minilateral", "id", False),
    ("minilateralismenya", "minilateralisme", "id", True),
    ("Эксперты говорят о минилатерализме.", "минилатеральный", "ru", False),
    ("Эксперты говорят о минилатерализме.", "минилатерализм", "ru", True),
])
def test_a_term_matches_its_inflections_not_the_words_derived_from_it(text, phrase, language, found) -> None:
    assert (find_phrase(text, phrase, language) is not None) is found


def test_minilateral_and_minilateralism_are_two_terms() -> None:
    minilateral = Term("minilateral", {"tr": ("minilateral",)})
    index = TermIndex(Glossary((MINILATERALISM, minilateral)))
    assert index.terms_in("Minilateral frameworks play a role.") == (minilateral,)
    assert index.terms_in("In this context, minilateralism has manifested itself.") == (MINILATERALISM,)
    assert TermIndex(Glossary((MINILATERALISM,))).terms_in("Minilateral frameworks play a role.") == ()


@pytest.mark.parametrize(("text", "phrase", "language", "found"), [
    ("Plug in the USB cable.", "U.S.", "en", False),
    ("Talks between the U S and Japan", "U.S.", "en", False),
    ("the U-S border", "U.S.", "en", False),
    ("the US and Japan", "U.S.", "en", False),
    ("the U.S.A. and Japan", "U.S.", "en", False),
    ("the first conducted outside the U.S.", "U.S.", "en", True),
    ("the U.S.-Japan alliance", "U.S.", "en", True),
    ("allies of the U.S., Japan", "U.S.", "en", True),
    ("the South Korea–U.S.–Japan trilateral", "U.S.", "en", True),
    ("C is an old language.", "C++", "en", False),
    ("C# and Go", "C++", "en", False),
    ("Written in C++ and Go.", "C++", "en", True),
    ("Kod C++'ta yazıldı.", "C++", "tr", True),
    ("Kod C'de yazıldı.", "C++", "tr", False),
    ("K. Kore'nin denemeleri", "K. Kore", "tr", True),
    ("Kore'nin denemeleri", "K. Kore", "tr", False),
    ("AT&T and Verizon", "AT&T", "en", True),
    ("AT and T", "AT&T", "en", False),
])
def test_a_term_with_punctuation_matches_exactly_at_its_punctuation(text, phrase, language, found) -> None:
    assert (find_phrase(text, phrase, language, case_sensitive=True) is not None) is found


def test_a_do_not_translate_term_with_punctuation_is_kept_with_it() -> None:
    cpp = Term("C++", translate=False)
    source = "The tool is written in C++."
    assert TermIndex(Glossary((cpp,))).terms_in("The tool is written in C.") == ()
    assert _issues(source, "Araç C++ ile yazıldı.", "tr", cpp) == []
    assert _issues(source, "Araç C ile yazıldı.", "tr", cpp) == [("do-not-translate", Severity.ERROR)]


def test_the_strict_severity_is_the_registry_entrys() -> None:
    from transflow.qa.registry import REGISTRY

    assert REGISTRY["glossary"].severity_for(strict=False) is Severity.WARNING
    assert REGISTRY["glossary"].severity_for(strict=True) is Severity.ERROR
    assert REGISTRY["glossary"].strict_severity is Severity.ERROR
    # Under "glossary: strict" only the checks that say so change; the others keep theirs.
    assert all(entry.severity_for(strict=True) is entry.severity for name, entry in REGISTRY.items()
               if name != "glossary")
    assert REGISTRY["end-punctuation"].strict_severity is None


def test_a_kept_name_may_have_its_own_form_in_one_language() -> None:
    asean = Term("ASEAN", {"ru": ("АСЕАН",)}, translate=False)
    source = "Some ASEAN countries are enhancing their defense capacities."
    assert _issues(source, "Некоторые страны АСЕАН укрепляют свой оборонный потенциал.", "ru", asean) == []
    assert _issues(source, "Некоторые страны ASEAN укрепляют свой оборонный потенциал.", "ru", asean) == [
        ("glossary", Severity.WARNING)]
    assert _issues(source, "Beberapa negara ASEAN meningkatkan kapasitas pertahanan.", "id", asean) == []
    assert _issues(source, "Bazı Asean ülkeleri savunma kapasitelerini artırıyor.", "tr", asean) == [
        ("do-not-translate", Severity.ERROR)]
    assert term_hint(asean.in_language("ru")) == "ASEAN → АСЕАН"
    assert term_hint(asean.in_language("tr")) == "ASEAN: keep as written"
    assert asean.case_sensitive  # a name, on the source side, in every language
