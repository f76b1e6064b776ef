"""transflow.qa.checks: every check on real sentences, passing and failing, in tr, ru, id, ar, ja, de.

Each failing case has exactly one defect, so the test also proves that no other
check reports it (no double reporting, no false alarm on the rest of the sentence).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from transflow.qa.checks import CHECKS, SEVERITIES, QAIssue, Severity, check_translation
from transflow.segment.article import segment_article

REPO_ROOT = Path(__file__).resolve().parents[1]

# Source units as the segmenter cuts them from articles/trilateral-security-summit-asia-pacific.md.
FIRST = "This marked the first deployment of the strategic bomber near the Korean Peninsula this year.[^1]"
CAINE = (
    "U.S. Chairman of the Joint Chiefs of Staff General Dan Caine stated, “Our focus in the United States is "
    "to reestablish deterrence, and in order to do that, we need cooperation among the three countries.”[^2]"
)
JULY = (
    "On July 11, 2025, South Korea, the United States (U.S.), and Japan conducted a joint air exercise as part "
    "of their efforts to strengthen their joint responses against North Korea’s nuclear and missile threats."
)
JETS = (
    "The exercise took place in international waters off the coast of Jeju Island, located in southern South "
    "Korea, and involved at least one U.S. B-52H bomber, as well as South Korea’s KF-16 and Japan’s F-2 fighter jets."
)
YONHAP = (
    "“S. Korea, U.S., Japan stage joint air drills involving B-52 bomber” Yonhap News Agency, "
    "https://en.yna.co.kr/view/AEN20250711004451315?section=national/defense, (Date Accessed: 13.07.2025)."
)
SINCE = (
    "The exercise at South Korea’s National Defense Ministry was the first conducted outside the U.S. "
    "since the series began in 2014."
)
URL = "https://en.yna.co.kr/view/AEN20250711004451315?section=national/defense"

# Good translations: no check may report anything.
GOOD: list[tuple[str, str, str]] = [
    # footnote markers kept, with the language's own full stop
    ("tr", FIRST, "Bu, stratejik bombardıman uçağının bu yıl Kore Yarımadası yakınlarındaki ilk konuşlandırılmasıydı.[^1]"),
    ("ru", FIRST, "Это стало первым в этом году развёртыванием стратегического бомбардировщика вблизи Корейского полуострова.[^1]"),
    ("id", FIRST, "Ini menandai pengerahan pertama pesawat pengebom strategis di dekat Semenanjung Korea tahun ini.[^1]"),
    ("ar", FIRST, "وشكّل ذلك أول نشر للقاذفة الاستراتيجية قرب شبه الجزيرة الكورية هذا العام.[^1]"),
    ("ja", FIRST, "これは今年、戦略爆撃機が朝鮮半島付近に初めて展開されたことを示した。[^1]"),
    ("de", FIRST, "Damit wurde der strategische Bomber in diesem Jahr erstmals in der Nähe der Koreanischen Halbinsel eingesetzt.[^1]"),
    # the quotation: Russian puts the full stop after the closing guillemet
    (
        "ru",
        CAINE,
        "Председатель Объединённого комитета начальников штабов США генерал Дэн Кейн заявил: «Наша задача в "
        "Соединённых Штатах — восстановить сдерживание, а для этого нам нужно сотрудничество трёх стран».[^2]",
    ),
    (
        "tr",
        CAINE,
        "ABD Genelkurmay Başkanı Orgeneral Dan Caine, “Amerika Birleşik Devletleri’ndeki odak noktamız caydırıcılığı "
        "yeniden tesis etmek ve bunu yapabilmek için üç ülke arasında iş birliğine ihtiyacımız var” dedi.[^2]",
    ),
    # dates: a Turkish suffix on the year, Japanese year-month-day, Arabic-Indic digits
    (
        "tr",
        JULY,
        "11 Temmuz 2025’te Güney Kore, Amerika Birleşik Devletleri (ABD) ve Japonya, Kuzey Kore’nin nükleer ve füze "
        "tehditlerine karşı ortak tepkilerini güçlendirme çabalarının bir parçası olarak ortak bir hava tatbikatı düzenledi.",
    ),
    (
        "tr",
        JULY,
        "11 Temmuz 2025'te Güney Kore, ABD ve Japonya, Kuzey Kore'nin nükleer ve füze tehditlerine karşı ortak bir "
        "hava tatbikatı düzenledi.",
    ),
    (
        "ru",
        JULY,
        "11 июля 2025 года Южная Корея, США и Япония провели совместные воздушные учения в рамках усилий по укреплению "
        "совместного ответа на ядерные и ракетные угрозы Северной Кореи.",
    ),
    (
        "ja",
        JULY,
        "2025年7月11日、韓国、米国、日本は、北朝鮮の核・ミサイルの脅威への共同対応を強化する取り組みの一環として、合同航空演習を実施した。",
    ),
    (
        "ar",
        JULY,
        "في ١١ يوليو ٢٠٢٥، أجرت كوريا الجنوبية والولايات المتحدة واليابان تمريناً جوياً مشتركاً في إطار جهودها "
        "لتعزيز استجاباتها المشتركة للتهديدات النووية والصاروخية لكوريا الشمالية.",
    ),
    (
        "id",
        JULY,
        "Pada 11 Juli 2025, Korea Selatan, Amerika Serikat (AS), dan Jepang menggelar latihan udara bersama sebagai "
        "bagian dari upaya memperkuat respons bersama terhadap ancaman nuklir dan rudal Korea Utara.",
    ),
    (
        "de",
        JULY,
        "Am 11. Juli 2025 führten Südkorea, die Vereinigten Staaten (USA) und Japan eine gemeinsame Luftübung durch, "
        "um ihre gemeinsame Antwort auf die nuklearen und Raketenbedrohungen Nordkoreas zu stärken.",
    ),
    # aircraft designations
    (
        "tr",
        JETS,
        "Tatbikat, Güney Kore’nin güneyindeki Jeju Adası açıklarında uluslararası sularda gerçekleşti ve en az bir "
        "ABD B-52H bombardıman uçağının yanı sıra Güney Kore’nin KF-16 ve Japonya’nın F-2 savaş uçaklarını içerdi.",
    ),
    (
        "ru",
        JETS,
        "Учения прошли в международных водах у побережья острова Чеджу на юге Южной Кореи; в них участвовали как "
        "минимум один американский бомбардировщик B-52H, а также южнокорейские KF-16 и японские истребители F-2.",
    ),
    ("tr", SINCE, "Güney Kore Milli Savunma Bakanlığı’ndaki tatbikat, seri 2014’te başladığından bu yana ABD dışında yapılan ilk tatbikattı."),
    # the reference: a URL before a full-width parenthesis, an Arabic comma, a Russian date
    (
        "tr",
        YONHAP,
        f"“S. Korea, U.S., Japan stage joint air drills involving B-52 bomber” Yonhap News Agency, {URL}, "
        "(Erişim Tarihi: 13.07.2025).",
    ),
    (
        "ru",
        YONHAP,
        f"«S. Korea, U.S., Japan stage joint air drills involving B-52 bomber», Yonhap News Agency, {URL} "
        "(дата обращения: 13.07.2025).",
    ),
    ("ja", YONHAP, f"「S. Korea, U.S., Japan stage joint air drills involving B-52 bomber」聯合ニュース、{URL}（アクセス日：2025年7月13日）。"),
    (
        "ar",
        YONHAP,
        f"“S. Korea, U.S., Japan stage joint air drills involving B-52 bomber” وكالة يونهاب للأنباء، {URL}، "
        "(تاريخ الوصول: 13.07.2025).",
    ),
    ("id", YONHAP, f"“S. Korea, U.S., Japan stage joint air drills involving B-52 bomber” Kantor Berita Yonhap, {URL}, (Diakses: 13/07/2025)."),
    # numbers in local formats
    ("tr", "Prices rose 50% in 2024.", "Fiyatlar 2024'te %50 arttı."),
    ("ar", "Prices rose 50% in 2024.", "ارتفعت الأسعار بنسبة ٥٠٪ في عام ٢٠٢٤."),
    ("de", "The budget grew to 1,250,000 dollars.", "Der Haushalt stieg auf 1.250.000 Dollar."),
    ("ru", "The budget grew to 1,250,000 dollars.", "Бюджет вырос до 1\u202f250\u202f000 долларов."),
    ("ru", "The budget grew to 1,250,000 dollars.", "Бюджет вырос до 1\u00a0250\u00a0000 долларов."),
    ("id", "Inflation reached 3.5 percent.", "Inflasi mencapai 3,5 persen."),
    ("ja", "About 1,500 troops took part.", "約1500人の部隊が参加した。"),
    ("ja", "About 1,500 troops took part.", "約１５００人の部隊が参加した。"),
    ("tr", "It was the 11th meeting of the group.", "Bu, grubun 11. toplantısıydı."),
    ("ru", "In the 21st century, alliances changed.", "В XXI веке союзы изменились."),
    ("de", "Talks resumed in 2023 after 5 years.", "Die Gespräche wurden 2023 nach 5 Jahren wieder aufgenommen."),
    # links: the text is translated, the target kept
    ("tr", "See [the full report](https://example.org/report) for details.", "Ayrıntılar için [raporun tamamına](https://example.org/report) bakın."),
    ("ja", "See [the full report](https://example.org/report) for details.", "詳細は[報告書全文](https://example.org/report)を参照。"),
    ("ar", "See [the full report](https://example.org/report) for details.", "انظر [التقرير الكامل](https://example.org/report) للاطلاع على التفاصيل."),
    ("de", "Read [our analysis](/analysis/asean-2025 \"Analysis\") first.", "Lesen Sie zuerst [unsere Analyse](/analysis/asean-2025 \"Analyse\")."),
    ("id", "Read the [statement][dod] from Monday.", "Baca [pernyataan][dod] hari Senin."),
    ("ru", "Contact <press@example.org> or visit <https://example.org>.", "Пишите на <press@example.org> или заходите на <https://example.org>."),
    ("tr", "The source [1] (see below) is disputed.", "Kaynak [1] (aşağıya bakın) tartışmalıdır."),
    # emphasis: another delimiter is the same span
    ("tr", "This is *important* news.", "Bu _önemli_ bir haber."),
    ("de", "This is **very important** news.", "Das ist eine __sehr wichtige__ Nachricht."),
    ("tr", "Prices rose **50%** in 2024.", "Fiyatlar 2024'te **%50** arttı."),
    ("id", "Set the value of max_items first.", "Atur dulu nilai max_items."),
    # code and HTML
    ("ru", "Run `transflow update` after editing.", "После правки запустите `transflow update`."),
    (
        "tr",
        'It joined <abbr title="North Atlantic Treaty Organization">NATO</abbr> in 1952.',
        '1952’de <abbr title="Kuzey Atlantik Antlaşması Örgütü">NATO</abbr>’ya katıldı.',
    ),
    # end punctuation of other scripts and conventions
    ("ar", "Why did the talks fail?", "لماذا فشلت المحادثات؟"),
    ("el", "Why did the talks fail?", "Γιατί απέτυχαν οι συνομιλίες;"),
    ("ja", "Why did the talks fail?", "なぜ協議は失敗したのか？"),
    ("ja", "The ministers agreed on three points:", "閣僚らは次の3点で合意した。"),
    ("hi", "The talks failed.", "वार्ता विफल रही।"),
    ("hy", "The talks failed.", "Բանակցությունները ձախողվեցին։"),
    ("th", "The talks failed.", "การเจรจาล้มเหลว"),
    ("fr", "Why did the talks fail?", "Pourquoi les discussions ont-elles échoué\u202f?"),
    ("tr", "And then...", "Ve sonra…"),
    ("ru", "Trilateral summit in 2025", "Трёхсторонний саммит 2025 г."),
    ("de", "Northeast Asia", "Nordostasien"),
    # identical, but rightly so
    ("id", "ASEAN", "ASEAN"),
    ("tr", "Marco Rubio", "Marco Rubio"),
    ("ru", "AUKUS NATO", "AUKUS NATO"),
    ("de", URL, URL),
    ("tr", "13.07.2025", "13.07.2025"),
    # whitespace as in the source
    ("de", "Continued: ", "Fortsetzung: "),
]


@pytest.mark.parametrize(("language", "source", "translation"), GOOD)
def test_good_translation_has_no_issues(language: str, source: str, translation: str) -> None:
    assert check_translation(source, translation, language) == []


# (check, language, source, translation, words the message must contain). Each
# translation has exactly one defect.
BAD: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    # footnotes
    ("footnotes", "tr", FIRST, "Bu, stratejik bombardıman uçağının bu yıl Kore Yarımadası yakınlarındaki ilk konuşlandırılmasıydı.", ("[^1]", "missing")),
    (
        "footnotes",
        "ru",
        CAINE,
        "Председатель Объединённого комитета начальников штабов США генерал Дэн Кейн заявил: «Наша задача в "
        "Соединённых Штатах — восстановить сдерживание, а для этого нам нужно сотрудничество трёх стран».[^3]",
        ("[^2]", "[^3]", "not in the source"),
    ),
    ("footnotes", "ja", FIRST, "これは今年、戦略爆撃機が朝鮮半島付近に初めて展開されたことを示した。［^1］", ("[^1]",)),
    ("footnotes", "id", FIRST, "Ini menandai pengerahan pertama pesawat pengebom strategis di dekat Semenanjung Korea tahun ini.[^ 1]", ("[^1]",)),
    ("footnotes", "ar", FIRST, "وشكّل ذلك أول نشر للقاذفة الاستراتيجية قرب شبه الجزيرة الكورية هذا العام.[^١]", ("[^1]", "[^١]")),
    ("footnotes", "de", "The talks ended without agreement [1].", "Die Gespräche endeten ohne Einigung.", ("[1]",)),
    ("footnotes", "tr", "The talks ended without agreement.", "Görüşmeler anlaşma olmadan sona erdi.[^1]", ("[^1]", "not in the source")),
    # URLs and e-mail addresses
    (
        "urls",
        "tr",
        YONHAP,
        f"“S. Korea, U.S., Japan stage joint air drills involving B-52 bomber” Yonhap News Agency, "
        f"{URL.replace('https', 'http')}, (Erişim Tarihi: 13.07.2025).",
        (URL, "missing or changed"),
    ),
    (
        "urls",
        "ru",
        YONHAP,
        f"«S. Korea, U.S., Japan stage joint air drills involving B-52 bomber», Yonhap News Agency, "
        f"{URL.replace('view/', 'view/ ')} (дата обращения: 13.07.2025).",
        (URL,),
    ),
    ("urls", "ja", YONHAP, "「S. Korea, U.S., Japan stage joint air drills involving B-52 bomber」聯合ニュース（アクセス日：2025年7月13日）。", (URL,)),
    ("urls", "id", "Contact press@example.org for details.", "Hubungi pers@example.org untuk detail.", ("press@example.org", "pers@example.org")),
    ("urls", "de", "Details are at www.defense.gov today.", "Details stehen heute unter www.verteidigung.gov.", ("www.defense.gov",)),
    (
        "urls",
        "tr",
        "See [the full report](https://example.org/report) for details.",
        "Ayrıntılar için [raporun tamamına](https://example.org/rapor) bakın.",
        ("https://example.org/report", "https://example.org/rapor"),
    ),
    # links (Weblate#3649: the space between ] and ()
    (
        "links",
        "tr",
        "See [the full report](https://example.org/report) for details.",
        "Ayrıntılar için [raporun tamamına] (https://example.org/report) bakın.",
        ("[raporun tamamına] (https://example.org/report)", "remove the space"),
    ),
    (
        "links",
        "ru",
        "See [the full report](https://example.org/report) for details.",
        "Подробности — в [полном докладе](https://example.org/report .",
        ("[полном докладе](https://example.org/report", "not closed"),
    ),
    (
        "links",
        "ja",
        "See [the full report](https://example.org/report) for details.",
        "詳細は[報告書全文]（https://example.org/report）を参照。",
        ("ASCII",),
    ),
    (
        "links",
        "ja",
        "See [the full report](https://example.org/report) for details.",
        "詳細は［報告書全文］(https://example.org/report)を参照。",
        ("ASCII",),
    ),
    (
        "links",
        "id",
        "See [the full report](https://example.org/report) for details.",
        "Baca laporan lengkapnya di https://example.org/report untuk detail.",
        ("1 link", "the translation 0"),
    ),
    (
        "links",
        "de",
        "Read [our analysis](/analysis/asean-2025) first.",
        "Lesen Sie zuerst [unsere Analyse](/de/analyse/asean-2025).",
        ("/analysis/asean-2025", "/de/analyse/asean-2025"),
    ),
    (
        "links",
        "ja",
        "![Map of the Korean Peninsula](/img/korea-map.png) The peninsula is divided.",
        "朝鮮半島は分断されている。",
        ("1 image",),
    ),
    ("links", "id", "Read the [statement][dod] from Monday.", "Baca [pernyataan][dod-id] hari Senin.", ("[dod]", "[dod-id]")),
    # emphasis
    ("emphasis", "tr", "Prices rose **50%** in 2024.", "Fiyatlar 2024'te ** %50** arttı.", ("strong emphasis", "**text**")),
    ("emphasis", "ru", "The talks ended *quietly* on Friday.", "Переговоры тихо завершились в пятницу.", ("1 emphasis span",)),
    # CommonMark's flanking rules: "**" after "」" and before a letter does not close
    ("emphasis", "ja", "This is **“important”** news.", "これは**「重要な」**ニュースだ。", ("strong emphasis",)),
    ("emphasis", "id", "Prices rose again.", "Harga *naik lagi.", ("unpaired",)),
    ("emphasis", "de", "This is *important* news.", "Das ist eine **wichtige** Nachricht.", ("emphasis span",)),
    # code
    ("code", "ru", "Run `transflow update` after editing.", "После правки запустите `transflow обновить`.", ("`transflow update`",)),
    ("code", "tr", "Run `transflow update` after editing.", "Düzenledikten sonra transflow update komutunu çalıştırın.", ("`transflow update`",)),
    # HTML
    (
        "html",
        "de",
        'Read the <a href="/statement">statement</a> now.',
        'Lesen Sie jetzt die <a href="/erklaerung">Erklärung</a>.',
        ('<a href="/statement">',),
    ),
    ("html", "ar", "First line<br>second line.", "السطر الأول السطر الثاني.", ("<br>",)),
    # numbers
    (
        "numbers",
        "tr",
        JULY,
        "11 Temmuz 2024'te Güney Kore, ABD ve Japonya, Kuzey Kore'nin nükleer ve füze tehditlerine karşı ortak bir "
        "hava tatbikatı düzenledi.",
        ("2025",),
    ),
    (
        "numbers",
        "ru",
        JETS,
        "Учения прошли в международных водах у побережья острова Чеджу на юге Южной Кореи; в них участвовали как "
        "минимум один американский бомбардировщик B-52H, а также южнокорейские KF-15 и японские истребители F-2.",
        ("16",),
    ),
    ("numbers", "de", "The budget grew to 1,250,000 dollars.", "Der Haushalt stieg auf 1.520.000 Dollar.", ("1,250,000",)),
    ("numbers", "id", "Inflation reached 3.5 percent.", "Inflasi mencapai 5,3 persen.", ("3.5",)),
    ("numbers", "ru", "It cost 1,000,000 dollars.", "Это стоило 1.000 долларов.", ("1,000,000",)),
    ("numbers", "ar", "Prices rose 50% in 2024.", "ارتفعت الأسعار بنسبة ٥٠٪ في عام ٢٠٢٣.", ("2024",)),
    ("numbers", "ja", "About 15,000 troops took part.", "約1万500人の部隊が参加した。", ("15,000",)),  # 10,500
    ("numbers", "tr", "Talks resumed after 3 years.", "Görüşmeler üç yıl sonra yeniden başladı.", ("3",)),
    (
        "numbers",
        "tr",
        YONHAP,
        f"“S. Korea, U.S., Japan stage joint air drills involving B-52 bomber” Yonhap News Agency, {URL}, "
        "(Erişim Tarihi: 13.07.2024).",
        ("13.07.2025",),
    ),
    # whitespace
    ("whitespace", "de", "The talks failed.", "Die Gespräche scheiterten. ", ("ends with a space",)),
    ("whitespace", "ru", "The talks failed.", "\nПереговоры провалились.", ("starts with a line break",)),
    ("whitespace", "tr", "Continued: ", "Devamı:", ("the source with a space",)),
    ("whitespace", "id", "The talks failed.", "   ", ("only whitespace",)),
    # end punctuation
    ("end-punctuation", "ar", "Why did the talks fail?", "لماذا فشلت المحادثات?", ("؟",)),
    ("end-punctuation", "ja", "The talks failed.", "協議は失敗した.", ("。",)),
    ("end-punctuation", "tr", "The talks failed.", "Görüşmeler başarısız oldu", ("full stop",)),
    ("end-punctuation", "ru", "Trilateral summit in Seoul", "Трёхсторонний саммит в Сеуле.", ("no final punctuation",)),
    ("end-punctuation", "de", "Why did the talks fail?", "Warum die Gespräche scheiterten.", ("question mark",)),
    ("end-punctuation", "id", "The ministers agreed on three points:", "Para menteri menyepakati tiga hal.", ("colon",)),
    ("end-punctuation", "el", "Why did the talks fail?", "Γιατί απέτυχαν οι συνομιλίες?", (";",)),
    # identical
    ("identical", "id", SINCE, SINCE, ("identical",)),
    ("identical", "tr", YONHAP, YONHAP, ("identical",)),
    ("identical", "ru", "Northeast Asia security outlook", "Northeast Asia security outlook", ("identical",)),
]


@pytest.mark.parametrize(("check", "language", "source", "translation", "words"), BAD)
def test_defect_is_reported_by_its_check_alone(
    check: str, language: str, source: str, translation: str, words: tuple[str, ...]
) -> None:
    issues = check_translation(source, translation, language)
    assert {issue.check for issue in issues} == {check}, issues
    assert all(issue.severity is SEVERITIES[check] for issue in issues)
    message = " ".join(issue.message for issue in issues)
    for word in words:
        assert word in message, (word, message)


@pytest.mark.parametrize(
    ("check", "severity"),
    [(check, Severity.ERROR) for check in ("whitespace", "footnotes", "urls", "links", "emphasis", "code", "html", "numbers")]
    + [("end-punctuation", Severity.WARNING), ("identical", Severity.WARNING)],
)
def test_severity_of_each_check(check: str, severity: Severity) -> None:
    assert SEVERITIES[check] is severity


def test_checks_lists_every_check_once_and_each_is_exercised() -> None:
    assert len(set(CHECKS)) == len(CHECKS) == len(SEVERITIES)
    # The glossary's checks need a glossary: tests/test_terms.py exercises them.
    glossary_checks = {"glossary", "glossary-forbidden", "do-not-translate"}
    assert set(CHECKS) - glossary_checks == {case[0] for case in BAD}


def test_empty_translation_is_untranslated_not_wrong() -> None:
    assert check_translation(FIRST, "", "tr") == []


def test_messages_name_the_problem_and_the_fix() -> None:
    [issue] = check_translation("Hello [^1] and [^2].", "Merhaba [^1].", "tr")
    assert issue == QAIssue(
        "footnotes",
        Severity.ERROR,
        "footnote marker [^2] is missing; keep every [^n] and [n] of the source, unchanged",
    )
    assert str(issue.severity) == "error"


def test_several_defects_are_all_reported_in_check_order() -> None:
    issues = check_translation(
        FIRST + " See [the report](https://example.org/r).",
        "Bu yılki ilk konuşlandırmaydı. Bkz. [rapor] (https://example.org/r) ",
        "tr",
    )
    assert [issue.check for issue in issues] == ["whitespace", "footnotes", "links", "end-punctuation"]


def test_source_oddities_are_not_held_against_the_translation() -> None:
    # The source itself has an unpaired "**" (a sentence cut from a bold paragraph)
    # and a "[text] (url)": the translation keeping them is fine.
    source = "**He said it was over. See [this] (https://example.org)."
    translation = "**Bittiğini söyledi. Bkz. [bu] (https://example.org)."
    assert check_translation(source, translation, "tr") == []


def _article_units() -> list[str]:
    units = []
    for path in sorted((REPO_ROOT / "articles").glob("*.md")):
        units += [unit.text for unit in segment_article(path.read_text(encoding="utf-8")).units]
    return units


@pytest.mark.parametrize("language", ["tr", "ru", "id", "ar", "ja", "de"])
def test_every_real_unit_left_unchanged_passes_all_but_identical(language: str) -> None:
    units = _article_units()
    assert len(units) > 50
    for text in units:
        issues = check_translation(text, text, language)
        assert {issue.check for issue in issues} <= {"identical"}, (text, issues)


MARKUP_ALPHABET = st.sampled_from(
    list("ab çşğ ЖЯ 日本 ١٢ 0123456789 .,;:!?…«»“”()[]^*_`<>/#%'\"\u00a0\u202f\n\t-")
    + ["[^1]", "[1]", "](", "] (", "https://x.org/a", "a@b.co", "**", "`c`", "<b>", "</b>", "![i](p.png)", "[t](u)"]
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(MARKUP_ALPHABET, max_size=30).map("".join), st.lists(MARKUP_ALPHABET, max_size=30).map("".join))
def test_any_text_is_checked_without_crashing_and_itself_is_never_an_error(source: str, translation: str) -> None:
    for issue in check_translation(source, translation, "tr"):
        assert issue.check in CHECKS and issue.message
    assert all(issue.severity is Severity.WARNING for issue in check_translation(source, source, "ja"))


@pytest.mark.parametrize(
    "source, translation, language",
    [
        ("Is this the 1st time since the 1990s?", "1990'lardan bu yana ilk kez mi oluyor?", "tr"),
        ("Is this the 1st time since the 1990s?", "Впервые ли это с 1990-х годов?", "ru"),
        ("It was the 21st summit.", "Itu adalah KTT ke-21.", "id"),
    ],
)
def test_ordinals_may_be_written_as_words(source, translation, language):
    assert [i.check for i in check_translation(source, translation, language)] == []


def test_named_checks_can_be_skipped():
    issues = check_translation("Turn to page 55.", "Sayfaya dönün.", "tr")
    assert [i.check for i in issues] == ["numbers"]
    assert check_translation("Turn to page 55.", "Sayfaya dönün.", "tr", skip={"numbers"}) == []


def test_each_check_is_declared_once_with_its_severity():
    from transflow.qa.checks import SAFETY_CHECKS
    from transflow.qa.registry import REGISTRY, check

    assert CHECKS == ("whitespace", "footnotes", "urls", "links", "emphasis", "code", "html", "numbers",
                      "end-punctuation", "identical", "glossary", "glossary-forbidden", "do-not-translate")
    assert SAFETY_CHECKS == ("urls", "links", "code", "html")
    assert {name for name, severity in SEVERITIES.items() if severity is Severity.WARNING} == {
        "end-punctuation", "identical", "glossary"}
    with pytest.raises(ValueError, match="'urls' is defined twice"):
        check("urls", Severity.ERROR, protects="links", example="a → b")(lambda pair: [])
    assert REGISTRY["urls"].safety
