"""transflow.qa.numbers: numbers written the way each language writes them, on real sentences.

Every passing case must pass the numbers check; every failing case must be reported
by the numbers check naming the source's number. The rules are in the module
docstring of transflow.qa.numbers.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from transflow.qa.checks import check_translation
from transflow.qa.numbers import _SCALE_WORDS, _readings, _source_writing, _translation_writing

# --------------------------------------------------------------------------- #
# Translations whose numbers are right
# --------------------------------------------------------------------------- #

JOBS = "The U.S. economy added about 150,000 jobs a month last year."
FLED = "About 1.5 million people have fled the fighting since April."
JULY = "The ministers met in Seoul on July 13, 2025."

GOOD: list[tuple[str, str, str]] = [
    # ---- CJK scale characters: 万/萬 10^4, 億/亿 10^8, 兆 10^12, 千 10^3, 百 10^2
    # the user's report: 15萬 is 150,000
    ("zh_Hant", JOBS, "去年美國經濟每月新增約15萬個工作機會。"),
    ("zh_Hans", JOBS, "去年美国经济每月新增约15万个就业岗位。"),
    ("ja", JOBS, "昨年、米国経済は月平均約15万人の雇用を生み出した。"),
    ("ja", "About 15,000 troops took part in the exercise.", "演習には約1万5000人の部隊が参加した。"),
    ("ja", "About 15,000 troops took part in the exercise.", "演習には約１万５０００人の部隊が参加した。"),
    ("ja", "About 15,000 troops took part in the exercise.", "演習には約１５，０００人の部隊が参加した。"),
    ("ja", "About 15,000 troops took part in the exercise.", "演習には約1.5万人の部隊が参加した。"),
    ("zh_Hans", FLED, "自4月以来，约150万人逃离了战火。"),
    ("zh_Hant", FLED, "自4月以來，約150萬人逃離戰火。"),
    ("ja", "The government set aside 200 million yen for the program.", "政府はこの事業に2億円を計上した。"),
    ("ja", "The project will cost 350 million yen.", "事業費は3億5000万円になる見通しだ。"),
    ("ja", "The project will cost 350 million yen.", "事業費は3億5千万円になる見通しだ。"),
    ("zh_Hans", "The city has 21.9 million residents.", "该市有2190万居民。"),
    ("zh_Hans", "China's defense budget will reach 1.78 trillion yuan.", "中国国防预算将达到1.78万亿元。"),
    ("zh_Hans", "The company lost 2.3 billion yuan last year.", "该公司去年亏损23亿元。"),
    ("zh_Hant", "Taiwan approved a special defense budget of NT$1.25 trillion.", "台灣通過新台幣1.25兆元的特別國防預算。"),
    ("ja", "The fund manages 250 trillion yen in assets.", "同基金は250兆円の資産を運用している。"),
    ("ja", "Tickets cost 5,000 yen.", "チケットは5千円だ。"),
    ("ja", "Tickets cost 5,000 yen.", "チケットは５０００円だ。"),
    # 千瓦 (kW), 兆瓦 (MW), 千米 (km): 千 and 兆 are part of the unit there
    ("zh_Hans", "The village installed a 500-kilowatt solar plant.", "该村安装了一座500千瓦的太阳能电站。"),
    ("zh_Hans", "The 100-megawatt wind farm opened in May.", "这座100兆瓦的风电场于5月投入运营。"),
    ("zh_Hans", "The border fence runs for 30 kilometers.", "边境围栏长达30千米。"),
    # Korean 만 10^4, 억 10^8, 조 10^12, 천 10^3; parts written apart or together
    ("ko", "About 150,000 people joined the rally in Seoul.", "서울 집회에 약 15만 명이 참가했다."),
    ("ko", "The contract is worth 150 million won.", "계약 규모는 1억 5000만 원이다."),
    ("ko", "The contract is worth 150 million won.", "계약 규모는 1억5천만 원이다."),
    ("ko", "The defense budget rose to 61.2 trillion won.", "국방 예산은 61조 2000억 원으로 늘었다."),
    ("ko", FLED, "4월 이후 약 150만 명이 전투를 피해 떠났다."),
    # 제1조 is "Article 1", not a trillion
    ("ko", "Article 1 of the Constitution was cited.", "헌법 제1조가 인용됐다."),
    # ---- scale words in the translation
    ("tr", JOBS, "ABD ekonomisi geçen yıl ayda ortalama 150 bin kişiye iş sağladı."),
    ("ru", JOBS, "В прошлом году экономика США ежемесячно создавала около 150 тыс. рабочих мест."),
    ("ru", JOBS, "В прошлом году экономика США ежемесячно создавала около 150 тысяч рабочих мест."),
    ("id", JOBS, "Tahun lalu perekonomian AS menambah sekitar 150 ribu lapangan kerja setiap bulan."),
    ("tr", JOBS, "ABD ekonomisi geçen yıl ayda ortalama 150.000 kişiye iş sağladı."),
    ("tr", FLED, "Nisan'dan bu yana yaklaşık 1,5 milyon kişi çatışmalardan kaçtı."),
    ("ru", FLED, "С апреля от боёв бежали около 1,5 млн человек."),
    ("ru", FLED, "С апреля от боёв бежали около 1,5 миллиона человек."),
    ("id", FLED, "Sekitar 1,5 juta orang telah mengungsi sejak April."),
    ("de", FLED, "Seit April sind rund 1,5 Millionen Menschen vor den Kämpfen geflohen."),
    ("de", FLED, "Seit April sind rund 1.500.000 Menschen vor den Kämpfen geflohen."),
    ("tr", FLED, "Nisan'dan bu yana yaklaşık 1 milyon 500 bin kişi çatışmalardan kaçtı."),
    ("tr", "Istanbul's 16 million residents felt the quake.", "Depremi İstanbul'un 16 milyonluk nüfusu hissetti."),
    ("tr", "About 2,500 people were evacuated.", "Yaklaşık 2 bin 500 kişi tahliye edildi."),
    ("tr", "The two sides signed a $2 billion deal.", "İki taraf 2 milyar dolarlık bir anlaşma imzaladı."),
    ("ru", "The two sides signed a $2 billion deal.", "Стороны подписали сделку на 2 млрд долларов."),
    ("ru", "Russia spent more than 3 billion dollars.", "Россия потратила более 3 миллиардов долларов."),
    ("id", "The two sides signed a $2 billion deal.", "Kedua pihak menandatangani kesepakatan senilai 2 miliar dolar AS."),
    ("id", "The two sides signed a $2 billion deal.", "Kedua pihak menandatangani kesepakatan senilai 2 milyar dolar AS."),
    ("id", "The budget deficit reached 3 trillion rupiah.", "Defisit anggaran mencapai Rp3 triliun."),
    ("de", "The two sides signed a $2 billion deal.", "Beide Seiten unterzeichneten ein Abkommen über 2 Mrd. Dollar."),
    ("es", "The plan will cost 3 billion euros.", "El plan costará 3.000 millones de euros."),
    ("es", "The plan will cost 3 billion euros.", "El plan costará 3 mil millones de euros."),
    ("pt", "The plan will cost 3 billion reais.", "O plano vai custar 3 bilhões de reais."),
    ("fr", "The plan will cost 3 billion euros.", "Le plan coûtera 3 milliards d'euros."),
    ("ar", "The two sides signed a $2.5 billion deal.", "وقّع الطرفان صفقة بقيمة ٢٫٥ مليار دولار."),
    ("ar", JOBS, "أضاف الاقتصاد الأمريكي العام الماضي نحو 150 ألف وظيفة شهريًا."),
    ("fa", "The two sides signed a $2.5 billion deal.", "دو طرف قراردادی به ارزش ۲٫۵ میلیارد دلار امضا کردند."),
    ("fa", JOBS, "اقتصاد آمریکا سال گذشته ماهانه حدود ۱۵۰ هزار شغل ایجاد کرد."),
    ("hi", FLED, "अप्रैल से अब तक लगभग 15 लाख लोग लड़ाई से भाग चुके हैं।"),
    ("hi", "The state approved a 2 billion rupee package.", "राज्य ने 200 करोड़ रुपये के पैकेज को मंज़ूरी दी।"),
    ("hi", JOBS, "पिछले साल अमेरिकी अर्थव्यवस्था में हर महीने लगभग १.५ लाख नौकरियाँ जुड़ीं।"),
    ("bn", FLED, "এপ্রিল থেকে প্রায় ১৫ লাখ মানুষ লড়াই থেকে পালিয়েছে।"),
    # ---- scale words in the source
    ("tr", "The drought affected 150 thousand farmers.", "Kuraklık 150.000 çiftçiyi etkiledi."),
    ("ja", "The drought affected 150 thousand farmers.", "干ばつは15万人の農家に影響を与えた。"),
    ("tr", "Britain pledged £5m in aid.", "İngiltere 5 milyon sterlin yardım sözü verdi."),
    ("ru", "The firm raised $2bn from investors.", "Компания привлекла у инвесторов 2 млрд долларов."),
    ("tr", "A 1.5-million-strong army was mobilized.", "1,5 milyonluk bir ordu seferber edildi."),
    ("tr", "About 2.5m people have fled.", "Yaklaşık 2,5 milyon kişi kaçtı."),
    ("tr", "He won the 100m sprint.", "100 metre koşusunu kazandı."),
    ("ru", "Engineers there earn $50k a year.", "Инженеры там зарабатывают 50 тыс. долларов в год."),
    # a range: the first number takes the scale of the second
    ("tr", "Between 10 and 15 million people live there.", "Orada 10 ile 15 milyon arasında insan yaşıyor."),
    ("ru", "Between 10 and 15 million people live there.", "Там живут от 10 до 15 млн человек."),
    ("id", "Between 10 and 15 million people live there.", "Sekitar 10-15 juta orang tinggal di sana."),
    ("ja", "Between 10 and 15 million people live there.", "そこには1000万～1500万人が暮らしている。"),
    # a scale word the check does not know (Dutch): the digits are enough
    ("nl", FLED, "Sinds april zijn ongeveer 1,5 miljoen mensen voor de gevechten gevlucht."),
    # ---- the ambiguous separator: before exactly three digits, both readings
    ("tr", "About 1,500 people attended the funeral.", "Cenazeye yaklaşık 1.500 kişi katıldı."),
    ("tr", "Mortgage rates rose to 3.125%.", "Konut kredisi faizleri %3,125'e yükseldi."),
    ("de", "Mortgage rates rose to 3.125%.", "Die Hypothekenzinsen stiegen auf 3,125 %."),
    ("tr", "The ministry's budget is 1.5 billion lira.", "Bakanlığın bütçesi 1.500 milyon lira."),
    ("tr", "The ministry's budget is 1.5 billion lira.", "Bakanlığın bütçesi 1,5 milyar lira."),
    ("ja", "Mortgage rates rose to 3.125%.", "住宅ローン金利は3.125%に上昇した。"),
    # ---- separators: decimal comma, space, no-break and narrow no-break space, apostrophe
    ("tr", "Inflation slowed to 38.1 percent in June.", "Enflasyon haziranda yüzde 38,1'e geriledi."),
    ("tr", "Prices rose 50% in 2024.", "Fiyatlar 2024'te %50 arttı."),
    ("ru", "The budget grew to 1,250,000 dollars.", "Бюджет вырос до 1 250 000 долларов."),
    ("fr", "The budget grew to 1,250,000 euros.", "Le budget est passé à 1\u202f250\u202f000 euros."),
    ("ru", "Inflation slowed to 8.5 percent.", "Инфляция замедлилась до 8,5\u00a0%."),
    ("de", "The canton spent 1,250,000 francs.", "Der Kanton gab 1'250'000 Franken aus."),
    ("de", "The canton spent 1,250,000 francs.", "Der Kanton gab 1’250’000 Franken aus."),
    ("de", "The canton spent 1,250,000.50 francs.", "Der Kanton gab 1.250.000,50 Franken aus."),
    ("hi", "About 150,000 people attended.", "लगभग 1,50,000 लोग शामिल हुए।"),
    # ---- Indic, Arabic-Indic and Eastern Arabic-Indic digits
    ("hi", "Prices rose 50% in 2024.", "2024 में कीमतें 50% बढ़ीं।"),
    ("hi", "Prices rose 50% in 2024.", "२०२४ में कीमतें ५०% बढ़ीं।"),
    ("hi", "Inflation slowed to 3.5 percent.", "मुद्रास्फीति घटकर ३.५ प्रतिशत रह गई।"),
    ("bn", "Prices rose 50% in 2024.", "২০২৪ সালে দাম ৫০% বেড়েছে।"),
    ("bn", "Inflation slowed to 3.5 percent.", "মূল্যস্ফীতি কমে ৩.৫ শতাংশে নেমেছে।"),
    ("ar", "Inflation slowed to 3.5 percent.", "تباطأ التضخم إلى ٣٫٥ في المئة."),
    ("ar", JOBS, "أضاف الاقتصاد الأمريكي العام الماضي نحو ١٥٠٬٠٠٠ وظيفة شهريًا."),
    ("ar", JOBS, "أضاف الاقتصاد الأمريكي العام الماضي نحو 150,000 وظيفة شهريًا."),
    ("fa", "Inflation slowed to 3.5 percent.", "تورم به ۳٫۵ درصد کاهش یافت."),
    ("fa", "Inflation slowed to 3.5 percent.", "تورم به ۳/۵ درصد کاهش یافت."),
    ("fa", JOBS, "اقتصاد آمریکا سال گذشته ماهانه حدود ۱۵۰٬۰۰۰ شغل ایجاد کرد."),
    ("fa", "Prices rose 50% in 2024.", "قیمت‌ها در سال ۲۰۲۴ میلادی ۵۰ درصد افزایش یافت."),
    # ---- ordinals
    ("tr", "It was the 11th round of talks.", "Bu, müzakerelerin 11. turuydu."),
    ("ru", "It was the 11th round of talks.", "Это был 11-й раунд переговоров."),
    ("ru", "The talks resumed on the 11th of July.", "Переговоры возобновились 11-го июля."),
    ("id", "It was the 11th round of talks.", "Itu adalah putaran perundingan ke-11."),
    ("zh_Hans", "It was the 11th round of talks.", "这是第11轮会谈。"),
    ("ja", "It was the 11th round of talks.", "今回は第11回目の協議だった。"),
    # ---- dates
    ("tr", JULY, "Bakanlar 13 Temmuz 2025'te Seul'de bir araya geldi."),
    ("ru", JULY, "Министры встретились в Сеуле 13 июля 2025 г."),
    ("ja", JULY, "閣僚らは2025年7月13日にソウルで会談した。"),
    ("zh_Hans", JULY, "部长们于2025年7月13日在首尔会面。"),
    ("id", JULY, "Para menteri bertemu di Seoul pada 13/07/2025."),
    ("ar", JULY, "التقى الوزراء في سيول في ١٣ يوليو ٢٠٢٥."),
    ("de", "Accessed: 13.07.2025", "Abgerufen am: 2025-07-13"),
]


@pytest.mark.parametrize(("language", "source", "translation"), GOOD)
def test_number_written_the_language_s_way_passes(language: str, source: str, translation: str) -> None:
    assert check_translation(source, translation, language) == []


# --------------------------------------------------------------------------- #
# Translations with a number missing or changed
# --------------------------------------------------------------------------- #

BAD: list[tuple[str, str, str, str]] = [
    # a scale that makes it another figure
    ("zh_Hans", JOBS, "去年美国经济每月新增约1.5万个就业岗位。", "150,000"),
    ("zh_Hant", JOBS, "去年美國經濟每月新增約1.5萬個工作機會。", "150,000"),
    ("ja", "About 15,000 troops took part in the exercise.", "演習には約1万500人の部隊が参加した。", "15,000"),
    ("ja", "About 15,000 troops took part in the exercise.", "演習には約15万人の部隊が参加した。", "15,000"),
    ("ja", "The government set aside 200 million yen for the program.", "政府はこの事業に20億円を計上した。", "200 million"),
    ("zh_Hans", "The company lost 2.3 billion yuan last year.", "该公司去年亏损2.3亿元。", "2.3 billion"),
    ("ko", "About 150,000 people joined the rally in Seoul.", "서울 집회에 약 1만 5천 명이 참가했다.", "150,000"),
    ("tr", FLED, "Nisan'dan bu yana yaklaşık 1,5 milyar kişi çatışmalardan kaçtı.", "1.5 million"),
    ("tr", "About 2.5m people have fled.", "Yaklaşık 2,5 milyar kişi kaçtı.", "2.5m"),
    ("ru", JOBS, "В прошлом году экономика США ежемесячно создавала около 15 тыс. рабочих мест.", "150,000"),
    ("id", FLED, "Sekitar 1,5 ribu orang telah mengungsi sejak April.", "1.5 million"),
    ("hi", FLED, "अप्रैल से अब तक लगभग 15 करोड़ लोग लड़ाई से भाग चुके हैं।", "1.5 million"),
    ("de", "The two sides signed a $2 billion deal.", "Beide Seiten unterzeichneten ein Abkommen über 2 Billionen Dollar.", "2 billion"),
    ("fa", "The two sides signed a $2.5 billion deal.", "دو طرف قراردادی به ارزش ۲٫۵ میلیون دلار امضا کردند.", "2.5 billion"),
    ("ar", "The two sides signed a $2.5 billion deal.", "وقّع الطرفان صفقة بقيمة ٢٫٥ مليون دولار.", "2.5 billion"),
    # what was reported before and still is
    ("id", "Inflation reached 3.5 percent.", "Inflasi mencapai 5,3 persen.", "3.5"),
    ("ru", "It cost 1,000,000 dollars.", "Это стоило 1.000 долларов.", "1,000,000"),
    ("tr", "At least 12 people died in the attack.", "Saldırıda en az 14 kişi öldü.", "12"),
    ("de", "The budget grew to 1,250,000 dollars.", "Der Haushalt stieg auf 1.520.000 Dollar.", "1,250,000"),
    ("tr", "Talks resumed after 3 years.", "Görüşmeler üç yıl sonra yeniden başladı.", "3"),
    # separators that do not make the source's number
    ("ja", "Mortgage rates rose to 3.125%.", "住宅ローン金利は3,125%に上昇した。", "3.125"),
    ("tr", "Inflation slowed to 38.1 percent in June.", "Enflasyon haziranda yüzde 381'e geriledi.", "38.1"),
    ("fa", "Inflation slowed to 3.5 percent.", "تورم به ۵٫۳ درصد کاهش یافت.", "3.5"),
    ("bn", "Prices rose 50% in 2024.", "২০২৩ সালে দাম ৫০% বেড়েছে।", "2024"),
    ("hi", "Prices rose 50% in 2024.", "२०२४ में कीमतें ४०% बढ़ीं।", "50"),
    # dates
    ("tr", JULY, "Bakanlar 13 Temmuz 2024'te Seul'de bir araya geldi.", "2025"),
    ("ja", JULY, "閣僚らは2025年7月12日にソウルで会談した。", "13"),
]


@pytest.mark.parametrize(("language", "source", "translation", "number"), BAD)
def test_missing_or_changed_number_is_reported(language: str, source: str, translation: str, number: str) -> None:
    issues = check_translation(source, translation, language)
    assert [issue.check for issue in issues] == ["numbers"], issues
    assert issues[0].message.startswith(f"number {number} is missing;"), issues[0].message


def test_message_names_the_number_with_its_scale_word_and_the_fix() -> None:
    [issue] = check_translation(FLED + " Another 20 remain.", "Nisan'dan bu yana yaklaşık 1,5 milyar kişi kaçtı. 2 kişi kaldı.", "tr")
    assert issue.message == (
        "numbers 1.5 million, 20 are missing; keep every number of the source in digits "
        "(your language's separators, as in 1.000 or 3,5, are fine)"
    )


# --------------------------------------------------------------------------- #
# The reading rule, number by number
# --------------------------------------------------------------------------- #


def _d(*values: str) -> frozenset[Decimal]:
    return frozenset(Decimal(value) for value in values)


@pytest.mark.parametrize(
    ("number", "language", "readings"),
    [
        # a single separator before exactly three digits: both, where the language allows
        ("1.500", "tr", _d("1500", "1.5")),
        ("1,500", "tr", _d("1500", "1.5")),
        ("1,500", "ja", _d("1500")),  # Japanese writes decimals with "."
        ("1.500", "ja", _d("1500", "1.5")),
        ("1,500", "xx", _d("1500", "1.5")),  # a language Babel does not know
        # otherwise one reading
        ("1,5", "ja", _d("1.5")),
        ("3.25", "tr", _d("3.25")),
        ("1.500.000", "tr", _d("1500000")),
        ("1.250,5", "de", _d("1250.5")),
        ("1,250.5", "de", _d("1250.5")),
        ("1 250 000", "ru", _d("1250000")),
        ("1'250'000", "de", _d("1250000")),
        ("1,50,000", "hi", _d("150000")),
        ("3\u066b5", "ar", _d("3.5")),
        ("150\u066c000", "fa", _d("150000")),
        # not one number: a date, a version
        ("13.07.2025", "tr", _d()),
        ("3.12.1", "en", _d()),
    ],
)
def test_how_a_translation_s_number_is_read(number: str, language: str, readings: frozenset[Decimal]) -> None:
    assert _readings(number, _translation_writing(language)) == readings


@pytest.mark.parametrize(
    ("number", "readings"),
    [("1,500", _d("1500")), ("1.500", _d("1.5")), ("3.125", _d("3.125")), ("1,000,000.5", _d("1000000.5")), ("1.000.000", _d())],
)
def test_the_english_source_reads_comma_as_grouping_and_point_as_decimal(number: str, readings: frozenset[Decimal]) -> None:
    assert _readings(number, _source_writing()) == readings


# --------------------------------------------------------------------------- #
# Properties
# --------------------------------------------------------------------------- #

SCALED = [
    "About 1.5 million people have fled.",
    "The firm raised $2bn and then £5m more.",
    "It will cost 3 billion dollars over 10 years, or 300 million a year.",
    "Between 10 and 15 million people, 150 thousand of them children.",
    "A 1.5-million-strong army and 2 trillion dollars.",
]


@pytest.mark.parametrize("language", sorted({*_SCALE_WORDS, "ja", "zh", "ko", "nl"}))
@pytest.mark.parametrize("source", SCALED)
def test_a_source_left_as_it_is_passes_in_every_language(language: str, source: str) -> None:
    # An English quotation kept in a translation: its scale words must not be read
    # as the target language's (French and German "billion" are 10^12).
    assert _number_issues(source, source, language) == []


NATIVE_DIGITS = {"ar": "٠١٢٣٤٥٦٧٨٩", "fa": "۰۱۲۳۴۵۶۷۸۹", "hi": "०१२३४५६७८९", "bn": "০১২৩৪৫৬৭৮৯"}
LOCALES = ["tr", "ru", "id", "de", "fr", "es", "pt", "ar", "fa", "hi", "bn", "ja", "zh_Hant", "ko"]
AMOUNTS = st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False, allow_infinity=False)


def _in_locale(value: Decimal, locale: str) -> str:
    written = format_decimal(value, locale=locale, numbering_system="arab" if locale == "ar" else "default")
    digits = NATIVE_DIGITS.get(locale)
    return written.translate(str.maketrans("0123456789", digits)) if digits else written


def _number_issues(source: str, translation: str, language: str) -> list[str]:
    return [issue.message for issue in check_translation(source, translation, language) if issue.check == "numbers"]


@settings(max_examples=examples(300), deadline=None)
@given(AMOUNTS, st.sampled_from(LOCALES))
def test_any_amount_in_any_locale_s_formatting_passes(value: Decimal, locale: str) -> None:
    source = f"The fund reported {format_decimal(value, locale='en')} dollars."
    translation = f"— {_in_locale(value, locale)} —"
    assert _number_issues(source, translation, locale) == [], (source, translation)


@settings(max_examples=examples(300), deadline=None)
@given(AMOUNTS, AMOUNTS, st.sampled_from(LOCALES))
def test_another_amount_in_any_locale_s_formatting_is_reported(value: Decimal, other: Decimal, locale: str) -> None:
    # A separator before three digits reads both ways, so a figure a thousand
    # times larger or smaller may pass; any other figure is reported.
    if other in (value, value * 1000, value / 1000):
        return
    source = f"The fund reported {format_decimal(value, locale='en')} dollars."
    translation = f"— {_in_locale(other, locale)} —"
    assert len(_number_issues(source, translation, locale)) == 1, (source, translation)
