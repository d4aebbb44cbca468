#!/usr/bin/env python3
"""Validate Tashih's actor and stance lexicons; with --seeds, show which actors each seed mentions.

    python3 scripts/lexicon_check.py                      # validate both files
    python3 scripts/lexicon_check.py --seeds ../shared/seeds
    python3 scripts/lexicon_check.py --write-canonical    # re-sort and re-serialise in place

Standard library only. Exit status 0 when clean, 1 when any error was found (or, with --seeds,
when an expected seed mention is not found), 2 on bad usage.

Matching follows ARABIC.md §1-2: alef variants → ا, ى → ي, ة → ه, harakat and tatweel and
bidi marks dropped, digits folded to ASCII; up to two proclitics (و/ف, then ب/ل/ك, with
لل → ال) are stripped from the first word of a mention; the longest name wins.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.join(HERE, "..", "datasets", "lexicons")

ACTOR_KEYS = {"id", "type", "names_ar", "names_en", "acled_inter", "parent"}
TYPES = ("STATE", "STATE_FORCE", "ARMED_GROUP", "COALITION", "PERSON", "MEDIA", "ORG")
ID_RE = re.compile(r"^[A-Z0-9_]+$")
STANCE_KEYS = {"cue", "forms", "polarity", "attach", "note"}
POLARITIES = ("HOSTILE", "SUPPORTIVE")
ATTACH = ("preceding_actor", "following_actor", "same_phrase", "event_agent", "ruler")

# The ACLED policy of README.md, per type: which acled_inter values a record may carry.
ACLED_BY_TYPE = {
    "STATE": {None},            # a state as such is not an ACLED actor; its forces are
    "PERSON": {None},           # persons are coded through their group
    "STATE_FORCE": {1, 8},      # 1 = Syria's and Iraq's own forces, 8 = every other state's
    "ARMED_GROUP": {2, 3, 4, 8},
    "COALITION": {2, 8},        # 2 = coalitions of rebel groups, 8 = of states
    "MEDIA": {8},
    "ORG": {None, 8},           # 8 = international bodies, NGOs, monitors; None = domestic
}                               #     political bodies, government organs, platforms

# A normalised Arabic name may belong to two ids only if listed here: {name: {ids}}.
# Empty on purpose: every collision met so far was resolved by keeping the name under one id
# (README.md, "Collisions resolved").
ALLOWED_COLLISIONS: dict[str, set[str]] = {}

# Official names that contain a word which is also a stance cue. The name is the group's own;
# a cue match inside an actor span is part of the name, not framing.
FRAMING_IN_NAME_OK = {
    "جيش الثوار",
    "لواء ثوار الرقة",
    "جبهة ثوار سوريا",
    "جبهة ثوار سورية",
    "هيئة تحرير الشام",
    "تحرير الشام",
    "جبهة تحرير سوريا",
    "جبهة تحرير سورية",
    "الجبهة الشعبية لتحرير فلسطين القيادة العامة",
    "حركة المقاومة الإسلامية",
    "المقاومة الإسلامية في لبنان",
    "جيش المجاهدين",
    "كتائب سيد الشهداء",
    "لواء شهداء اليرموك",
    "قوات الشهيد أحمد العبدو",
}

# Names whose first word only looks like clitic + word.
CLITIC_LIKE_OK: set[str] = set()
# Stance forms where the preposition is part of a fixed expression ('under the pretext of').
STANCE_CLITIC_OK = {"بزعم", "بذريعة", "بحجة", "بدعوى"}

# Bare generic words that are never names (anaphora are a guideline decision).
# The guidelines' short names (`التنظيم`, `النظام`, `الجيش`, `التحالف`, `المرصد`) are names.
GENERIC_NOT_NAMES = {
    "الدولة", "القوات", "الحكومة", "قوات", "الحشد", "المعارضة",
    "الفصائل", "المسلحين", "الجماعة", "الميليشيا", "الوحدات", "الحزب", "الحركة", "المجلس",
}

# Names the brief requires, with their id (ARABIC.md §6 and the lexicon brief).
REQUIRED_NAMES = {
    "ISIS": ["داعش", "تنظيم داعش", "تنظيم الدولة", "تنظيم الدولة الإسلامية", "الدولة الإسلامية"],
    "SDF": ["قوات سوريا الديمقراطية", "قوات سورية الديمقراطية", "القوات الديمقراطية السورية",
            "قسد"],
    # mt_names_ar: seed 001's machine-translation manglings, matched at a low score, never aliases.
    "SDF/mt": ["قوات الدفاع الذاتي", "قوات الدفاع الذاتى", "قوات الدفاع الشعبي", "قوات الدفاع الإسلامية"],
    "COALITION/mt": ["الائتلاف"],
    "YPG": ["وحدات حماية الشعب"],
    "YPJ": ["وحدات حماية المرأة"],
    "PKK": ["حزب العمال الكردستاني"],
    # Descriptions (`التحالف الذي تقوده الولايات المتحدة`, `… ضد داعش`) are not names: the
    # guidelines tag `التحالف` and the state or group separately.
    "COALITION": ["التحالف", "التحالف الدولي", "التحالف الأمريكي", "التحالف الأميركي"],
    "ISIS/short": ["التنظيم"], "SAA/short": ["الجيش"], "SYRIA_GOV/short": ["النظام"],
    "US": ["الولايات المتحدة", "الولايات المتحدة الأمريكية", "أمريكا", "أميركا", "واشنطن"],
    "US_MIL": ["القوات الأمريكية", "القوات الأميركية", "قوات امريكية"],
    "US_DOD": ["البنتاغون"],
    "WHITE_HOUSE": ["البيت الأبيض"],
    "US_STATE": ["الخارجية الأمريكية", "وزارة الخارجية الأمريكية"],
    "SAA": ["الجيش العربي السوري", "جيش النظام", "قوات النظام", "قوات الجيش"],
    "RUSSIA": ["روسيا"], "IRAN": ["إيران"], "IRAQ": ["العراق"], "SYRIA": ["سوريا", "سورية"],
    "UK": ["بريطانيا", "المملكة المتحدة"], "FRANCE": ["فرنسا"], "TURKEY": ["تركيا"],
    "SAUDI_ARABIA": ["المملكة العربية السعودية", "السعودية"],
    "UAE": ["الإمارات العربية المتحدة", "الإمارات"], "EGYPT": ["مصر", "جمهورية مصر العربية"],
    "GERMANY": ["ألمانيا"], "CHINA": ["الصين"], "NORTH_KOREA": ["كوريا الشمالية"],
    "PMF": ["الحشد الشعبي"],
    "IRAQ_AF": ["القوات الجوية العراقية", "الطيران المروحي العراقي"],
    "MAGHAWIR_THAWRA": ["جيش مغاوير الثورة", "مغاوير الثورة"],
    "DEZ_MC": ["مجلس دير الزور العسكري"], "MANBIJ_MC": ["مجلس منبج العسكري"],
    "JAISH_THUWAR": ["جيش الثوار"],
    "ASAYISH": ["الأسايش", "قوات الأسايش"], "AANES": ["الإدارة الذاتية"],
    "KURDISH_LEFT_SY": ["الحزب اليساري الكردستاني في سورية", "اليساري الكردستاني في سورية"],
    "KNC": ["المجلس الوطني الكردي"],
    "SOHR": ["المرصد السوري لحقوق الإنسان", "المرصد"],
    "SANA": ["سانا", "وكالة سانا", "الوكالة العربية السورية للأنباء"],
    "AMAQ": ["وكالة أعماق", "وكالة اعماق للأنباء", "أعماق"],
    "AP": ["وكالة أسوشيتد برس", "أسوشيتد برس"], "DAMAS_POST": ["داماس بوست"],
    "TWITTER": ["تويتر"], "UN": ["الأمم المتحدة"],
    "MCGURK": ["بريت ماكغورك", "ماكغورك", "ماغروك", "مكجورك", "ماكجورك"],
    "RYAN_SEAN": ["شون رايان", "رايان", "ريان"],
    "RAMI_ABDULRAHMAN": ["رامي عبد الرحمن"],
    "EGELAND": ["يان إيغلاند", "ايجلاند", "إيغلاند"],
    "MUSTAFA_BALI": ["مصطفى بالي"], "TRUMP": ["دونالد ترامب", "ترامب"],
    "ABU_KHAWLA": ["أحمد أبو خولة", "أبو خولة"], "ASSAD": ["بشار الأسد", "الأسد"],
    "SY_AF": ["سلاح الجو السوري"], "SY_RG": ["الحرس الجمهوري"], "SY_4DIV": ["الفرقة الرابعة"],
    "TIGER_FORCES": ["قوات النمر"], "NDF": ["قوات الدفاع الوطني"],
    "IRAQ_ARMY": ["الجيش العراقي"], "IRAQ_CTS": ["جهاز مكافحة الإرهاب"],
    "PESHMERGA": ["البيشمركة"], "TR_MIL": ["الجيش التركي"], "RU_MIL": ["القوات الروسية"],
    "IRGC": ["الحرس الثوري"], "QUDS_FORCE": ["فيلق القدس"], "FR_MIL": ["القوات الفرنسية"],
    "UK_MIL": ["القوات البريطانية"], "IDF": ["الجيش الإسرائيلي"], "JO_MIL": ["الجيش الأردني"],
    "LB_MIL": ["الجيش اللبناني"],
    "NUSRA": ["جبهة النصرة", "جبهة فتح الشام"], "HTS": ["هيئة تحرير الشام"],
    "AHRAR_SHAM": ["أحرار الشام"], "JAISH_ISLAM": ["جيش الإسلام"],
    "FAYLAQ_RAHMAN": ["فيلق الرحمن"], "FSA": ["الجيش السوري الحر"],
    "SNA": ["الجيش الوطني السوري"], "FAYLAQ_SHAM": ["فيلق الشام"], "JAISH_IZZA": ["جيش العزة"],
    "ZINKI": ["نور الدين الزنكي"], "NLF": ["الجبهة الوطنية للتحرير"],
    "HURRAS_DIN": ["حراس الدين"], "TIP": ["الحزب الإسلامي التركستاني"],
    "JUND_AQSA": ["جند الأقصى"], "LIWA_QUDS": ["لواء القدس"], "HEZBOLLAH": ["حزب الله"],
    "AAH": ["عصائب أهل الحق"], "KATAIB_HEZBOLLAH": ["كتائب حزب الله"],
    "NUJABA": ["حركة النجباء"], "BADR": ["منظمة بدر"], "FATEMIYOUN": ["لواء فاطميون"],
    "ZAINABIYOUN": ["لواء زينبيون"], "SARAYA_SALAM": ["سرايا السلام"],
    "MFS": ["المجلس العسكري السرياني"], "SANADID": ["قوات الصناديد"],
    "JAISH_KHALID": ["جيش خالد بن الوليد"], "AQ": ["تنظيم القاعدة"], "WAGNER": ["فاغنر"],
    "NATO": ["حلف شمال الأطلسي", "الناتو"], "UNSC": ["مجلس الأمن"], "EU": ["الاتحاد الأوروبي"],
    "ARAB_LEAGUE": ["جامعة الدول العربية"], "OPCW": ["منظمة حظر الأسلحة الكيميائية"],
    "ICRC": ["اللجنة الدولية للصليب الأحمر"], "SARC": ["الهلال الأحمر العربي السوري"],
    "WHITE_HELMETS": ["الخوذ البيضاء", "الدفاع المدني السوري"],
    "UNHCR": ["المفوضية السامية للأمم المتحدة لشؤون اللاجئين"],
    "SNHR": ["الشبكة السورية لحقوق الإنسان"], "HRW": ["هيومن رايتس ووتش"],
    "AMNESTY": ["منظمة العفو الدولية"],
    "AL_JAZEERA": ["قناة الجزيرة"], "AL_ARABIYA": ["قناة العربية"], "RT": ["روسيا اليوم"],
    "SKY_NEWS_ARABIA": ["سكاي نيوز عربية"], "BBC": ["بي بي سي"], "REUTERS": ["رويترز"],
    "AFP": ["فرانس برس", "أ ف ب"], "ANADOLU": ["الأناضول"], "AL_MAYADEEN": ["قناة الميادين"],
    "AL_MANAR": ["المنار"], "ENAB_BALADI": ["عنب بلدي"], "AL_WATAN_SY": ["الوطن السورية"],
    "SHAM_NETWORK": ["شبكة شام"], "SPUTNIK": ["سبوتنيك"], "DEZ24": ["دير الزور 24"],
    "FURAT_POST": ["فرات بوست"],
    "BAGHDADI": ["أبو بكر البغدادي"], "JOLANI": ["أبو محمد الجولاني"],
    "MAZLOUM_ABDI": ["مظلوم عبدي"], "NASRALLAH": ["حسن نصر الله"], "SOLEIMANI": ["قاسم سليماني"],
    "PUTIN": ["فلاديمير بوتين"], "ERDOGAN": ["رجب طيب أردوغان"], "OBAMA": ["باراك أوباما"],
    "DE_MISTURA": ["ستافان دي ميستورا"], "PEDERSEN": ["غير بيدرسون"], "JEFFREY": ["جيمس جيفري"],
}

# Stance forms ARABIC.md §7 and the brief list; each must be a form of some cue.
REQUIRED_STANCE = {
    "HOSTILE": ["الإرهابي", "الإرهابية", "إرهابية", "الاحتلال", "المحتل", "عدوان", "العدوان",
                "الاعتداء", "اعتداءاتها", "ميليشيا", "مليشيا", "ميليشيات", "المرتزقة",
                "التكفيريين", "التكفيرية", "عصابات", "المدعو", "غير الشرعية", "بزعم",
                "الإرهابيين", "التنظيمات الإرهابية", "المجرم", "الطغمة", "الخوارج", "شبيحة"],
    "SUPPORTIVE": ["استشهاد", "شهيد", "شهداء", "استشهد", "أبطال", "البواسل", "الثوار", "المقاومة"],
}

# Seed mentions that must be found, per seed file prefix: (name as written, without clitic; id).
SEED_EXPECT = {
    "000": [("التحالف الدولي ضد داعش", "COALITION"), ("شون رايان", "RYAN_SEAN"),
            ("التحالف", "COALITION"), ("قوات سورية الديمقراطية", "SDF"),
            ("وحدات حماية الشعب", "YPG"), ("حزب العمال الكردستاني", "PKK"),
            ("رايان", "RYAN_SEAN"), ("نظام الاسد", "SYRIA_GOV"),
            ("التحالف بقيادة الولايات المتحدة", "COALITION"), ("جيش النظام", "SAA"),
            ("سانا", "SANA"), ("التحالف الأمريكي", "COALITION"),
            ("الجيش العربي السوري", "SAA"), ("واشنطن", "US"), ("العراق", "IRAQ"),
            ("إيران", "IRAN"), ("تنظيم داعش", "ISIS"), ("سورية", "SYRIA"),
            ("روسيا", "RUSSIA"), ("قوات امريكية", "US_MIL"), ("التحالف الدولي", "COALITION"),
            ("القوات الأمريكية", "US_MIL")],
    "001": [("البنتاغون", "US_DOD"), ("داعش", "ISIS"), ("الولايات المتحدة", "US"),
            ("سوريا", "SYRIA"), ("القوات الديمقراطية السورية", "SDF"),
            ("التحالف الذي تقوده الولايات المتحدة", "COALITION"), ("تنظيم داعش", "ISIS"),
            ("قوات سوريا الديمقراطية", "SDF"), ("العراق", "IRAQ"), ("شون رايان", "RYAN_SEAN"),
            ("ريان", "RYAN_SEAN"), ("التحالف", "COALITION"),
            ("رامي عبد الرحمن", "RAMI_ABDULRAHMAN"),
            ("المرصد السوري لحقوق الإنسان", "SOHR"), ("بريطانيا", "UK"),
            ("قوات الدفاع الإسلامية", "SDF"), ("قوات الدفاع الذاتى", "SDF"),
            ("المرصد", "SOHR"), ("وكالة اعماق للأنباء", "AMAQ"),
            ("قوات الدفاع الشعبي", "SDF"), ("قوات الدفاع الذاتي", "SDF"),
            ("وكالة أسوشيتد برس", "AP"), ("بريت مكجورك", "MCGURK"),
            ("البيت الأبيض", "WHITE_HOUSE"), ("ماكجورك", "MCGURK"),
            ("الأمم المتحدة", "UN"), ("يان إيغلاند", "EGELAND"), ("ايجلاند", "EGELAND"),
            ("ماكغورك", "MCGURK"), ("الائتلاف", "COALITION")],
    "002": [("الجيش العربي السوري", "SAA"), ("تنظيم داعش", "ISIS"),
            ("التحالف الدولي", "COALITION"), ("أميركا", "US"), ("وكالة سانا", "SANA"),
            ("التحالف الأميركي", "COALITION"), ("داعش", "ISIS"),
            ("قوات الجيش", "SAA"), ("المرصد السوري لحقوق الإنسان", "SOHR"),
            ("العراق", "IRAQ"), ("قوات سورية الديمقراطية", "SDF"), ("قسد", "SDF"),
            ("المرصد", "SOHR"), ("إقليم كردستان العراق", "KRG"),
            ("دونالد ترامب", "TRUMP"), ("سورية", "SYRIA"), ("ترامب", "TRUMP"),
            ("التحالف", "COALITION"), ("القوات الخاصة الأميركية", "US_SOF"),
            ("قوات الأسايش", "ASAYISH"), ("الإدارة الذاتية", "AANES"),
            ("حزب اليساري الكردستاني في سورية", "KURDISH_LEFT_SY"),
            ("المجلس الوطني الكردي", "KNC")],
    "003": [("الولايات المتحدة الأمريكية", "US"), ("تنظيم الدولة الإسلامية", "ISIS"),
            ("الخارجية الأمريكية", "US_STATE"), ("تويتر", "TWITTER"), ("داعش", "ISIS"),
            ("التحالف الدولي", "COALITION"), ("بريت ماغروك", "MCGURK"), ("سوريا", "SYRIA"),
            ("قوات سوريا الديمقراطية", "SDF"), ("قسد", "SDF"), ("جيش الثوار", "JAISH_THUWAR"),
            ("مجلس منبج العسكري", "MANBIJ_MC"), ("تنظيم الدولة", "ISIS"),
            ("مصطفى بالي", "MUSTAFA_BALI")],
    "004": [("مغاوير الثورة", "MAGHAWIR_THAWRA"), ("داماس بوست", "DAMAS_POST"),
            ("قوات سورية الديمقراطية", "SDF"), ("تنظيم داعش", "ISIS"),
            ("المدفعية الفرنسية", "FR_MIL"), ("قسد", "SDF"), ("التحالف الأمريكي", "COALITION"),
            ("جيش مغاوير الثورة", "MAGHAWIR_THAWRA"), ("مجلس دير الزور العسكري", "DEZ_MC"),
            ("أحمد أبو خولة", "ABU_KHAWLA"), ("داعش", "ISIS"), ("الطيران الأمريكي", "US_MIL"),
            ("بريت ماكغورك", "MCGURK"), ("تويتر", "TWITTER"), ("تنظيم الدولة", "ISIS"),
            ("الطيران المروحي العراقي", "IRAQ_AF"), ("العراق", "IRAQ"),
            ("الحشد الشعبي", "PMF")],
}

# Actor mentions in the seeds that no lexicon name covers, on purpose.
SEED_KNOWN_GAPS = {
    "000": [("حلفاءه المحليين", "descriptive reference to the SDF, not a name"),
            ("التنظيم / للتنظيم", "anaphor for ISIS: a guideline decision, not a name"),
            ("وكالة أنباء النظام", "descriptor of SANA (named right after it)"),
            ("هذه القوات", "anaphor for US forces")],
    "001": [("الجماعة المتطرفة", "anaphor for ISIS with a descriptor"),
            ("الحدود العراقية", "nisba adjective, not a name")],
    "002": [("لقواتنا", "first-person self-reference of the SAA source (enclitic pronoun)"),
            ("وحدات الجيش / نقاط الجيش / عناصر الجيش / الجيش", "bare الجيش is generic: anaphor"),
            ("القوات الرديفة / القوى الرديفة", "generic term for pro-government auxiliaries"),
            ("التنظيم / للتنظيم / للأخير", "anaphors for ISIS"),
            ("داعشي", "member nisba of داعش, not the organisation's name")],
    "003": [("“القوات”", "anaphor in quotes for the SDF"),
            ("تحالفنا", "coalition with a first-person enclitic pronoun (State Dept. quote)"),
            ("تنظيم “الدولة”", "covered as تنظيم الدولة; bare الدولة alone is too generic"),
            ("التنظيم", "anaphor for ISIS")],
    "004": [("قوات الاحتلال الأمريكي والفرنسي", "the actor is carried by nisba adjectives "
             "after a framing word; framing never goes into names and bare الأمريكي/الفرنسي "
             "are not names — resolved by the stance cue الاحتلال (following_actor) and "
             "the guidelines"),
            ("القوات الأجنبية", "generic descriptor"),
            ("للطرفين / الميليشيا نفسها / التنظيم", "anaphors")],
}

# ---------------------------------------------------------------------------------------------
# Normalisation (ARABIC.md §1) with a map back to original code-point offsets.

_ALEFS = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627"}
_DROP = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640", "\u200f", "\u200e", "\u061c"}
_DIGITS = {chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)}
HARAKAT_OR_TATWEEL = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640"}


def normalize_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _ALEFS:
        return _ALEFS[ch]
    if ch == "\u0649":
        return "\u064a"
    if ch == "\u0629":
        return "\u0647"
    return _DIGITS.get(ch, ch)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the original code-point index."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        n = normalize_char(ch)
        if n:
            out.append(n)
            where.append(i)
    return "".join(out), where


def normalize(text: str) -> str:
    return normalize_with_map(text)[0]


TOKEN_RE = re.compile(r"[^\W_]+")
HARD_BREAK = set(".,،؛;:!?؟…\n\r")


def tokenize(norm: str) -> list[tuple[str, int, int, bool]]:
    """Tokens of normalised text: (token, start, end, hard break before it)."""
    tokens = []
    prev_end = 0
    for m in TOKEN_RE.finditer(norm):
        gap = norm[prev_end:m.start()]
        tokens.append((m.group(), m.start(), m.end(), any(c in HARD_BREAK for c in gap)))
        prev_end = m.end()
    return tokens


def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t, _, _, _ in tokenize(normalize(name)))


def clitic_variants(tok: str) -> list[tuple[str, int]]:
    """The token and its readings with up to two proclitics stripped: (form, chars stripped)."""
    out = [(tok, 0)]
    bases = [(tok, 0)]
    if len(tok) > 2 and tok[0] in "وف":
        bases.append((tok[1:], 1))
        out.append((tok[1:], 1))
    for base, n in bases:
        if len(base) > 3 and base.startswith("لل"):
            out.append(("ال" + base[2:], n + 1))
        if len(base) > 2 and base[0] in "بلك":
            out.append((base[1:], n + 1))
    seen, uniq = set(), []
    for form, n in out:
        if form not in seen:
            seen.add(form)
            uniq.append((form, n))
    return uniq


# ---------------------------------------------------------------------------------------------
# Loading

class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.notes: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: error: {msg}")

    def note(self, msg: str) -> None:
        self.notes.append(msg)


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load_jsonl(path: str, rep: Report) -> list[tuple[int, dict]]:
    records = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            where = f"{path}:{lineno}"
            if not line.endswith("\n"):
                rep.error(where, "last line has no newline")
            raw = line.rstrip("\n")
            if not raw.strip():
                rep.error(where, "empty line")
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as e:
                rep.error(where, f"not JSON: {e}")
                continue
            if not isinstance(obj, dict):
                rep.error(where, "not a JSON object")
                continue
            if raw != dumps(obj):
                rep.error(where, "not in canonical form (sort_keys, compact separators, "
                                 "ensure_ascii=False); run with --write-canonical")
            records.append((lineno, obj))
    return records


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3"


def check_arabic_text(s: str) -> str | None:
    """Why an Arabic name or form is malformed, or None."""
    if s != s.strip() or "  " in s:
        return "leading, trailing or double space"
    if any(c in HARAKAT_OR_TATWEEL for c in s):
        return "contains harakat or tatweel (store the bare spelling)"
    for c in s:
        if not (is_arabic_letter(c) or c == " " or c.isdigit()):
            return f"character {c!r} U+{ord(c):04X} is not an Arabic letter, digit or space"
    if not any(is_arabic_letter(c) for c in s):
        return "no Arabic letter"
    return None


# ---------------------------------------------------------------------------------------------
# Actor checks

def check_actors(path: str, rep: Report) -> list[dict]:
    rows = load_jsonl(path, rep)
    actors: list[dict] = []
    ids: dict[str, int] = {}
    for lineno, obj in rows:
        where = f"{path}:{lineno}"
        keys = set(obj) - {"mt_names_ar"}  # optional: machine-translation manglings (README)
        if "mt_names_ar" in obj and not (isinstance(obj["mt_names_ar"], list)
                                         and all(isinstance(n, str) and n for n in obj["mt_names_ar"])):
            rep.error(where, "mt_names_ar must be a list of non-empty strings")
        if keys != ACTOR_KEYS:
            missing, extra = ACTOR_KEYS - keys, keys - ACTOR_KEYS
            rep.error(where, f"keys must be exactly {sorted(ACTOR_KEYS)}"
                             f" (missing {sorted(missing)}, extra {sorted(extra)})")
            continue
        aid = obj["id"]
        if not isinstance(aid, str) or not ID_RE.match(aid):
            rep.error(where, f"id {aid!r} must match [A-Z0-9_]+")
            continue
        if aid in ids:
            rep.error(where, f"id {aid} already used on line {ids[aid]}")
        ids[aid] = lineno
        where = f"{path}:{lineno} ({aid})"
        if obj["type"] not in TYPES:
            rep.error(where, f"type {obj['type']!r} not one of {', '.join(TYPES)}")
        for key in ("names_ar", "names_en"):
            v = obj[key]
            if not isinstance(v, list) or not v or not all(isinstance(x, str) and x for x in v):
                rep.error(where, f"{key} must be a non-empty list of non-empty strings")
                obj[key] = [x for x in v if isinstance(x, str) and x] if isinstance(v, list) else []
            if len(set(obj[key])) != len(obj[key]):
                rep.error(where, f"{key} lists a name twice")
        for name in obj["names_ar"]:
            why = check_arabic_text(name)
            if why:
                rep.error(where, f"Arabic name {name!r}: {why}")
        for name in obj["names_en"]:
            if any(is_arabic_letter(c) for c in name) or name != name.strip():
                rep.error(where, f"English name {name!r} has Arabic letters or outer spaces")
        ai = obj["acled_inter"]
        if ai is not None and (isinstance(ai, bool) or not isinstance(ai, int) or not 1 <= ai <= 8):
            rep.error(where, f"acled_inter {ai!r} must be null or an integer 1-8")
        elif obj["type"] in ACLED_BY_TYPE and ai not in ACLED_BY_TYPE[obj["type"]]:
            allowed = ", ".join("null" if a is None else str(a)
                                for a in sorted(ACLED_BY_TYPE[obj["type"]], key=lambda a: a or 0))
            rep.error(where, f"acled_inter {ai!r} breaks the README policy for {obj['type']}"
                             f" (allowed: {allowed})")
        p = obj["parent"]
        if p is not None and not isinstance(p, str):
            rep.error(where, "parent must be null or an id")
        actors.append(obj)

    order = [a["id"] for a in actors]
    if order != sorted(order):
        rep.error(path, "records are not sorted by id; run with --write-canonical")

    by_id = {a["id"]: a for a in actors}
    for a in actors:
        p = a["parent"]
        if isinstance(p, str):
            if p not in by_id:
                rep.error(f"{path} ({a['id']})", f"parent {p} is not an id")
            elif p == a["id"]:
                rep.error(f"{path} ({a['id']})", "is its own parent")
    for a in actors:  # cycles
        seen, cur = set(), a["id"]
        while isinstance(cur, str) and cur in by_id:
            if cur in seen:
                rep.error(f"{path} ({a['id']})", "parent chain has a cycle")
                break
            seen.add(cur)
            cur = by_id[cur]["parent"]

    # names: duplicates within a record, collisions across ids, generic words
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for a in actors:
        seen_in_record: dict[tuple[str, ...], str] = {}
        for name in a["names_ar"]:
            key = name_tokens(name)
            if not key:
                continue
            if key in seen_in_record:
                rep.error(f"{path} ({a['id']})", f"{name!r} and {seen_in_record[key]!r} are the "
                          "same after normalisation (list only spellings that differ)")
            seen_in_record[key] = name
            owners[key].add(a["id"])
            if normalize(name) in {normalize(g) for g in GENERIC_NOT_NAMES}:
                rep.error(f"{path} ({a['id']})", f"{name!r} is a generic word, not a name")
    for key, ids_ in sorted(owners.items()):
        if len(ids_) > 1:
            name = " ".join(key)
            allowed = ALLOWED_COLLISIONS.get(name)
            if allowed and ids_ <= allowed:
                rep.note(f"allowed collision: {name} → {', '.join(sorted(ids_))}")
            else:
                rep.error(path, f"name {name!r} (normalised) is listed under "
                                f"{', '.join(sorted(ids_))}")
    en_owners: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        for name in a["names_en"]:
            en_owners[name.casefold()].add(a["id"])
    for name, ids_ in sorted(en_owners.items()):
        if len(ids_) > 1:
            rep.error(path, f"English name {name!r} is listed under {', '.join(sorted(ids_))}")

    # attached clitics: the first word, stripped of a proclitic, is a known word of the lexicon
    vocab = {t for key in owners for t in key}
    for a in actors:
        for name in a["names_ar"]:
            key = name_tokens(name)
            if not key or name in CLITIC_LIKE_OK:
                continue
            for form, _ in clitic_variants(key[0])[1:]:
                is_word_with_article = form.startswith("ال") and len(form) > 3 and form in vocab
                if (form,) + key[1:] in owners or is_word_with_article:
                    rep.error(f"{path} ({a['id']})", f"{name!r} looks like it carries a proclitic "
                              f"({key[0]} → {form}); list the clitic-free name")
                    break

    # required names
    for key, names in REQUIRED_NAMES.items():
        aid, _, kind = key.partition("/")
        if aid not in by_id:
            rep.error(path, f"required id {aid} missing")
            continue
        field = "mt_names_ar" if kind == "mt" else "names_ar"
        have = {name_tokens(n) for n in by_id[aid].get(field, [])}
        for n in names:
            if name_tokens(n) not in have:
                rep.error(path, f"required name {n!r} missing from {aid}")
    return actors


# ---------------------------------------------------------------------------------------------
# Stance checks

def check_stance(path: str, rep: Report, actors: list[dict], actors_path: str) -> list[dict]:
    rows = load_jsonl(path, rep)
    cues: list[dict] = []
    seen_cue: dict[str, int] = {}
    form_owner: dict[tuple[str, ...], str] = {}
    for lineno, obj in rows:
        where = f"{path}:{lineno}"
        keys = set(obj)
        if keys != STANCE_KEYS:
            rep.error(where, f"keys must be exactly {sorted(STANCE_KEYS)}")
            continue
        cue = obj["cue"]
        if not isinstance(cue, str) or not cue:
            rep.error(where, "cue must be a non-empty string")
            continue
        where = f"{path}:{lineno} ({cue})"
        if cue in seen_cue:
            rep.error(where, f"cue already on line {seen_cue[cue]}")
        seen_cue[cue] = lineno
        if obj["polarity"] not in POLARITIES:
            rep.error(where, f"polarity {obj['polarity']!r} not one of {', '.join(POLARITIES)}")
        if obj["attach"] not in ATTACH:
            rep.error(where, f"attach {obj['attach']!r} not one of {', '.join(ATTACH)}")
        if not isinstance(obj["note"], str) or not obj["note"].strip():
            rep.error(where, "note must be a non-empty string")
        forms = obj["forms"]
        if not isinstance(forms, list) or not forms \
                or not all(isinstance(f, str) and f for f in forms):
            rep.error(where, "forms must be a non-empty list of non-empty strings")
            continue
        if cue not in forms:
            rep.error(where, "the cue itself must be one of its forms")
        for form in forms:
            why = check_arabic_text(form)
            if why:
                rep.error(where, f"form {form!r}: {why}")
            key = name_tokens(form)
            if key in form_owner:
                rep.error(where, f"form {form!r} is the same (normalised) as a form of "
                                 f"{form_owner[key]!r}")
            else:
                form_owner[key] = cue
        cues.append(obj)
    order = [c["cue"] for c in cues]
    if order != sorted(order):
        rep.error(path, "records are not sorted by cue; run with --write-canonical")

    # clitics on forms: stripping gives another form, or a word of the actor lexicon with ال
    names = {name_tokens(n): a["id"] for a in actors for n in a["names_ar"]}
    name_vocab = {t for key in names for t in key}
    for c in cues:
        for form in c["forms"]:
            key = name_tokens(form)
            if not key or form in STANCE_CLITIC_OK:
                continue
            for v, _ in clitic_variants(key[0])[1:]:
                if (v,) + key[1:] in form_owner or (v.startswith("ال") and v in name_vocab):
                    rep.error(f"{path} ({c['cue']})", f"form {form!r} looks like it carries a "
                              f"proclitic ({key[0]} → {v})")
                    break

    # a form must not be an actor name, and no actor name may contain a form
    for c in cues:
        for form in c["forms"]:
            fk = name_tokens(form)
            if fk in names:
                rep.error(f"{path} ({c['cue']})", f"form {form!r} is also a name of {names[fk]}")
    form_keys = [(name_tokens(f), c["cue"]) for c in cues for f in c["forms"]]
    for a in actors:
        for name in a["names_ar"]:
            nk = name_tokens(name)
            variants = [{v for v, _ in clitic_variants(t)} for t in nk]
            for fk, cue in form_keys:
                k = len(fk)
                hit = any(all(fk[j] in variants[i + j] for j in range(k))
                          for i in range(len(nk) - k + 1))
                if not hit:
                    continue
                if name in FRAMING_IN_NAME_OK:
                    rep.note(f"official name with a cue word (allowed): {name} [{cue}] → {a['id']}")
                else:
                    rep.error(f"{actors_path} ({a['id']})",
                              f"name {name!r} contains the framing cue {' '.join(fk)!r} ({cue});"
                              " framing never goes into names")

    have = {name_tokens(f): c["polarity"] for c in cues for f in c["forms"]}
    for pol, forms in REQUIRED_STANCE.items():
        for f in forms:
            k = name_tokens(f)
            if k not in have:
                rep.error(path, f"required {pol} form {f!r} is missing")
            elif have[k] != pol:
                rep.error(path, f"required form {f!r} should be {pol}, is {have[k]}")
    return cues


# ---------------------------------------------------------------------------------------------
# Seed scan

class Matcher:
    """Longest-match lookup of names (or cue forms) in running text, with proclitic stripping."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        """`entries` are (name as written, label) pairs; the label is reported with a match."""
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for name, label in entries:
            key = name_tokens(name)
            if key:
                self.by_first[key[0]].append((key, label))
        for lst in self.by_first.values():
            lst.sort(key=lambda e: -len(e[0]))

    @classmethod
    def for_actors(cls, actors: list[dict]) -> "Matcher":
        return cls([(n, a["id"]) for a in actors for n in a["names_ar"]])

    @classmethod
    def for_stance(cls, cues: list[dict]) -> "Matcher":
        return cls([(f, c["cue"]) for c in cues for f in c["forms"]])

    def find(self, text: str) -> list[dict]:
        """Matches, longest first: of overlapping candidates the longest wins (ties: leftmost),
        so 'قوات الجيش السوري الحر' yields the FSA name, not SAA's 'قوات الجيش'."""
        norm, where = normalize_with_map(text)
        toks = tokenize(norm)
        cands = []  # (length, -stripped, -position, key, label)
        for i in range(len(toks)):
            best = None
            for form, stripped in clitic_variants(toks[i][0]):
                for key, label in self.by_first.get(form, ()):
                    k = len(key)
                    if i + k > len(toks) or any(toks[i + j][3] for j in range(1, k)):
                        continue
                    if all(toks[i + j][0] == key[j] for j in range(1, k)):
                        cand = (k, -stripped, -i, key, label)
                        if best is None or cand[:2] > best[:2]:
                            best = cand
                        break
            if best is not None:
                cands.append(best)
        cands.sort(key=lambda c: c[:3], reverse=True)
        taken = [False] * len(toks)
        out = []
        for k, _, neg_i, key, label in cands:
            i = -neg_i
            if any(taken[i:i + k]):
                continue
            for j in range(i, i + k):
                taken[j] = True
            start = where[toks[i][1]]
            end = where[toks[i + k - 1][2] - 1] + 1
            out.append({"start": start, "end": end, "id": label, "name": " ".join(key),
                        "surface": text[start:end]})
        out.sort(key=lambda m: m["start"])
        return out


def scan_seeds(seed_dir: str, actors: list[dict], cues: list[dict]) -> int:
    matcher = Matcher.for_actors(actors)
    cue_matcher = Matcher.for_stance(cues)
    by_id = {a["id"]: a for a in actors}
    by_cue = {c["cue"]: c for c in cues}
    files = sorted(f for f in os.listdir(seed_dir) if f.endswith(".txt"))
    missing_total = 0
    for fname in files:
        with open(os.path.join(seed_dir, fname), encoding="utf-8") as f:
            text = f.read()
        found = matcher.find(text)
        per_id: dict[str, list[str]] = defaultdict(list)
        for m in found:
            per_id[m["id"]].append(m["surface"])
        print(f"== {fname}: {len(found)} actor mentions, {len(per_id)} actors")
        for aid in sorted(per_id, key=lambda a: (-len(per_id[a]), a)):
            surfaces = Counter(s.replace("\n", " ") for s in per_id[aid])
            shown = " | ".join(f"{s}×{n}" if n > 1 else s for s, n in surfaces.most_common())
            print(f"  {aid:<18} {by_id[aid]['type']:<11} {len(per_id[aid]):>3}  {shown}")
        inside = [(m["start"], m["end"]) for m in found]
        cue_hits, in_names = [], []
        for m in cue_matcher.find(text):
            overlap = any(s < m["end"] and m["start"] < e for s, e in inside)
            (in_names if overlap else cue_hits).append(m)
        if cue_hits:
            print("  stance cues: " + " | ".join(
                f"{m['surface']} ({by_cue[m['id']]['polarity'][0]}, {by_cue[m['id']]['attach']})"
                for m in cue_hits))
        for m in in_names:
            print(f"  cue word inside an actor name, not a cue: {m['surface']}")
        prefix = fname[:3]
        if prefix in SEED_EXPECT:
            got = {(name_tokens(m["name"]), m["id"]) for m in found}
            miss = [(n, aid) for n, aid in SEED_EXPECT[prefix] if (name_tokens(n), aid) not in got]
            total = len(SEED_EXPECT[prefix])
            print(f"  expected mentions found: {total - len(miss)}/{total}")
            for n, aid in miss:
                print(f"  MISSING: {n} → {aid}")
            missing_total += len(miss)
            for surface, why in SEED_KNOWN_GAPS.get(prefix, []):
                print(f"  not a lexicon name (by design): {surface} — {why}")
        print()
    return missing_total


# ---------------------------------------------------------------------------------------------

def write_canonical(path: str, key: str) -> None:
    with open(path, encoding="utf-8") as f:
        objs = [json.loads(line) for line in f if line.strip()]
    objs.sort(key=lambda o: o[key])
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for o in objs:
            f.write(dumps(o) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=DEFAULT_DIR,
                    help="folder holding actors.jsonl and stance.jsonl")
    ap.add_argument("--seeds", metavar="DIR", help="also list the actors found in DIR/*.txt")
    ap.add_argument("--write-canonical", action="store_true",
                    help="rewrite both files sorted and canonically serialised, then check")
    ap.add_argument("-v", "--verbose", action="store_true", help="print notes too")
    args = ap.parse_args(argv)

    actors_path = os.path.normpath(os.path.join(args.dir, "actors.jsonl"))
    stance_path = os.path.normpath(os.path.join(args.dir, "stance.jsonl"))
    for p in (actors_path, stance_path):
        if not os.path.isfile(p):
            print(f"{p}: error: file not found", file=sys.stderr)
            return 2
    if args.write_canonical:
        write_canonical(actors_path, "id")
        write_canonical(stance_path, "cue")

    rep = Report()
    actors = check_actors(actors_path, rep)
    cues = check_stance(stance_path, rep, actors, actors_path)

    types = Counter(a["type"] for a in actors)
    acled = Counter("null" if a["acled_inter"] is None else str(a["acled_inter"]) for a in actors)
    n_ar = sum(len(a["names_ar"]) for a in actors)
    print(f"actors.jsonl  {len(actors)} records, {n_ar} Arabic names, "
          f"sha256 {sha256_file(actors_path)}")
    for t in TYPES:
        print(f"  {t:<12} {types.get(t, 0)}")
    print("  acled_inter  " + ", ".join(f"{k}: {v}" for k, v in sorted(acled.items())))
    pol = Counter(c["polarity"] for c in cues)
    att = Counter(c["attach"] for c in cues)
    n_forms = sum(len(c["forms"]) for c in cues)
    print(f"stance.jsonl  {len(cues)} cues, {n_forms} forms, sha256 {sha256_file(stance_path)}")
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(pol.items())))
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(att.items())))
    if args.verbose:
        for n in rep.notes:
            print(f"note: {n}")
    for e in rep.errors:
        print(e, file=sys.stderr)
    status = 1 if rep.errors else 0
    if rep.errors:
        print(f"{len(rep.errors)} error(s)", file=sys.stderr)

    if args.seeds:
        print()
        missing = scan_seeds(args.seeds, actors, cues)
        if missing:
            print(f"{missing} expected seed mention(s) not found", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
