// The word lists of the numbers extractor (ARABIC.md §4, §5), folded to packed keys once.
//
// Every list is written in ordinary spelling; `NumFold.key` folds it (alef variants, ta
// marbuta, alef maqsura, harakat) exactly as the text is folded, so `ثلاثة`, `ثلاثه` and
// `ثَلاثَةُ` are one key.

/// A category a counted noun or a context word points to (the COUNT `category` values).
enum NumCategory: UInt8, Sendable {
    case killed, wounded, captured, missing, fighters, civilians, displaced, surrendered, equipment, other
    /// A generic noun (`شخص`, `أحياء`): the context decides, else `other` — a count of "persons"
    /// may be fighters and families together (guidelines/numbers.md, category).
    case generic

    var name: String {
        switch self {
        case .killed: return "killed"
        case .wounded: return "wounded"
        case .captured: return "captured"
        case .missing: return "missing"
        case .fighters: return "fighters"
        case .civilians: return "civilians"
        case .displaced: return "displaced"
        case .surrendered: return "surrendered"
        case .equipment: return "equipment"
        case .other, .generic: return "other"
        }
    }
}

/// A counted noun: its lemma as written and the category it gives when no context word does.
struct NounEntry: Sendable {
    var lemma: String
    var category: NumCategory
}

/// A unit of measure following a number.
struct UnitEntry: Sendable {
    var lemma: String
    /// The unit takes `مربع` after it (`كم مربع`), or `متر` after it (`كيلو متر`).
    var takesSquare: Bool
    var isKilo: Bool
}

/// A word that starts (or continues) a number expression.
struct Trigger: Sendable {
    enum Kind: UInt8, Sendable {
        /// 1–10; `عشر`/`عشرة` is also the teen suffix.
        case unit
        /// أحد/إحدى/اثنا/اثني/اثنتا/اثنتي: a number only before عشر/عشرة.
        case teenHead
        case ten
        case hundred
        /// ألف (1000), ألفان/ألفين/ألفا/ألفي (2000).
        case thousand
        /// آلاف/الاف: ×1000 after 3–10, else a vague "thousands".
        case thousandsPlural
        /// مليون, مليار and their duals.
        case million
        /// ملايين, مليارات: ×10⁶/×10⁹ after a number, else vague.
        case millionsPlural
        /// بضعة, عدة, عشرات, مئات: approximate quantities with ACLED's values.
        case vague
        /// نصف, ثلث, ربع: only before a multiplier or a unit.
        case fraction
        /// A dual that is itself the count (جنديين).
        case dualNoun
        /// A dual of a time unit (ساعتين): a MEASURE of 2.
        case dualUnit
    }

    var kind: Kind
    var value: Double
    /// The factor when the word follows a number (`20 ألف`, `3 ملايين`); 0 if it is not a multiplier.
    var multiplier: Double = 0
    /// Letters of proclitics in front of the word (و ف, ب ل ك, ال).
    var prefixLen: UInt8 = 0
    var conj = false
    var prep = false
    var article = false
    /// `واحد/واحدة`: a lone "one" is "one of", not a count.
    var isOne = false
    /// `عدة` must be written with ة, so that `بعده`/`وعده` (after it, his promise) never match.
    var requiresTaMarbuta = false
    /// Index into `NumLexicon.dualNouns` or `NumLexicon.dualUnits`.
    var entry: Int = -1
}

enum NumLexicon {
    // MARK: Helpers

    static func k(_ s: String) -> UInt64 {
        guard let key = NumFold.key(s) else { fatalError("numbers lexicon: cannot fold \(s)") }
        return key
    }

    /// A set of word keys, as a ``KeyTable`` (no SipHash per lookup).
    static func keys(_ words: [String]) -> KeyTable<Bool> { KeyTable(Set(words.map(k))) }

    /// Proclitic combinations in front of a number word: (letters, conj, prep, article).
    static let prefixes: [(String, Bool, Bool, Bool)] = [
        ("و", true, false, false), ("ف", true, false, false),
        ("ب", false, true, false), ("ل", false, true, false), ("ك", false, true, false),
        ("وب", true, true, false), ("ول", true, true, false), ("وك", true, true, false),
        ("فب", true, true, false), ("فل", true, true, false), ("فك", true, true, false),
        ("ال", false, false, true), ("وال", true, false, true), ("فال", true, false, true),
        ("بال", false, true, true), ("كال", false, true, true), ("لل", false, true, true),
        ("وبال", true, true, true), ("ولل", true, true, true), ("فبال", true, true, true), ("فلل", true, true, true),
    ]

    // MARK: Number words

    static let dualNouns: [(forms: [String], noun: NounEntry)] = [
        (["جنديين", "جنديان"], NounEntry(lemma: "جندي", category: .fighters)),
        (["عنصرين", "عنصران"], NounEntry(lemma: "عنصر", category: .fighters)),
        (["ضابطين", "ضابطان"], NounEntry(lemma: "ضابط", category: .fighters)),
        (["قائدين", "قائدان"], NounEntry(lemma: "قائد", category: .fighters)),
        (["شخصين", "شخصان"], NounEntry(lemma: "شخص", category: .generic)),
        (["طفلين", "طفلان"], NounEntry(lemma: "طفل", category: .civilians)),
        (["رجلين", "رجلان"], NounEntry(lemma: "رجل", category: .civilians)),
        (["امرأتين", "امرأتان"], NounEntry(lemma: "امرأة", category: .civilians)),
        (["عائلتين", "عائلتان"], NounEntry(lemma: "عائلة", category: .civilians)),
        (["أسرتين", "أسرتان"], NounEntry(lemma: "أسرة", category: .civilians)),
        (["قتيلين", "قتيلان"], NounEntry(lemma: "قتيل", category: .killed)),
        (["جريحين", "جريحان"], NounEntry(lemma: "جريح", category: .wounded)),
        (["أسيرين", "أسيران"], NounEntry(lemma: "أسير", category: .captured)),
        (["شاحنتين", "شاحنتان"], NounEntry(lemma: "شاحنة", category: .equipment)),
        (["سيارتين", "سيارتان"], NounEntry(lemma: "سيارة", category: .equipment)),
        (["دبابتين", "دبابتان"], NounEntry(lemma: "دبابة", category: .equipment)),
        (["مدرعتين", "مدرعتان"], NounEntry(lemma: "مدرعة", category: .equipment)),
        (["آليتين", "آليتان"], NounEntry(lemma: "آلية", category: .equipment)),
        (["عربتين", "عربتان"], NounEntry(lemma: "عربة", category: .equipment)),
        (["طائرتين", "طائرتان"], NounEntry(lemma: "طائرة", category: .equipment)),
        (["مروحيتين", "مروحيتان"], NounEntry(lemma: "مروحية", category: .equipment)),
        (["مدفعين", "مدفعان"], NounEntry(lemma: "مدفع", category: .equipment)),
        (["صاروخين", "صاروخان"], NounEntry(lemma: "صاروخ", category: .equipment)),
        (["قريتين", "قريتان"], NounEntry(lemma: "قرية", category: .other)),
        (["هجومين", "هجومان"], NounEntry(lemma: "هجوم", category: .other)),
        (["بلدتين", "بلدتان"], NounEntry(lemma: "بلدة", category: .other)),
        (["مدينتين", "مدينتان"], NounEntry(lemma: "مدينة", category: .other)),
    ]

    static let dualUnits: [(forms: [String], unit: String)] = [
        (["ساعتين", "ساعتان"], "ساعة"), (["دقيقتين", "دقيقتان"], "دقيقة"), (["يومين", "يومان"], "يوم"),
        (["أسبوعين", "أسبوعان"], "أسبوع"), (["شهرين", "شهران"], "شهر"), (["عامين", "عامان"], "عام"),
        (["سنتين", "سنتان"], "سنة"), (["ليلتين", "ليلتان"], "ليلة"),
    ]

    static let triggers = KeyTable(triggerDictionary)

    static let triggerDictionary: [UInt64: Trigger] = {
        var base: [(String, Trigger)] = []
        func add(_ words: [String], _ kind: Trigger.Kind, _ value: Double, mult: Double = 0, one: Bool = false) {
            for w in words { base.append((w, Trigger(kind: kind, value: value, multiplier: mult, isOne: one))) }
        }
        add(["واحد", "واحدة"], .unit, 1, one: true)
        add(["اثنان", "اثنين", "اثنتان", "اثنتين", "ثنتان", "ثنتين"], .unit, 2)
        add(["ثلاث", "ثلاثة"], .unit, 3)
        add(["أربع", "أربعة"], .unit, 4)
        add(["خمس", "خمسة"], .unit, 5)
        add(["ست", "ستة"], .unit, 6)
        add(["سبع", "سبعة"], .unit, 7)
        add(["ثماني", "ثمان", "ثمانية"], .unit, 8)
        add(["تسع", "تسعة"], .unit, 9)
        add(["عشر", "عشرة"], .unit, 10)
        add(["أحد", "إحدى"], .teenHead, 1)
        add(["اثنا", "اثني", "اثنتا", "اثنتي"], .teenHead, 2)
        let tens = [
            (20, "عشر"), (30, "ثلاث"), (40, "أربع"), (50, "خمس"), (60, "ست"), (70, "سبع"), (80, "ثمان"), (90, "تسع"),
        ]
        for (v, stem) in tens { add([stem + "ون", stem + "ين"], .ten, Double(v)) }
        add(["مائة", "مئة"], .hundred, 100)
        add(["مائتان", "مائتين", "مئتان", "مئتين", "مائتا", "مائتي", "مئتا", "مئتي"], .hundred, 200)
        let hundreds = [
            (3, ["ثلاث", "ثلث"]), (4, ["أربع"]), (5, ["خمس"]), (6, ["ست"]), (7, ["سبع"]), (8, ["ثمان", "ثماني"]), (9, ["تسع"]),
        ]
        for (v, stems) in hundreds {
            for s in stems { add([s + "مائة", s + "مئة"], .hundred, Double(v * 100)) }
        }
        // `ألفا` is the construct dual (ألفا مقاتل = 2000) on its own and the accusative
        // singular after a number (عشرين ألفاً = 20000): value 2000, multiplier 1000.
        add(["ألف"], .thousand, 1000, mult: 1000)
        add(["ألفا"], .thousand, 2000, mult: 1000)
        add(["ألفان", "ألفين", "ألفي"], .thousand, 2000)
        add(["آلاف", "ألوف"], .thousandsPlural, 1000, mult: 1000)
        add(["مليون"], .million, 1e6, mult: 1e6)
        add(["مليونا"], .million, 2e6, mult: 1e6)
        add(["مليونان", "مليونين", "مليوني"], .million, 2e6)
        add(["مليار", "بليون"], .million, 1e9, mult: 1e9)
        add(["مليارا"], .million, 2e9, mult: 1e9)
        add(["ملياران", "مليارين", "ملياري"], .million, 2e9)
        add(["ملايين"], .millionsPlural, 1e6, mult: 1e6)
        add(["مليارات"], .millionsPlural, 1e9, mult: 1e9)
        add(["بضع", "بضعة"], .vague, 3)
        add(["عشرات"], .vague, 10)
        add(["مئات"], .vague, 100, mult: 100)
        add(["دزينات"], .vague, 12)
        add(["نصف"], .fraction, 0.5)
        add(["ثلث"], .fraction, 1.0 / 3)
        add(["ربع"], .fraction, 0.25)
        var t = Trigger(kind: .vague, value: 3)
        t.requiresTaMarbuta = true
        base.append(("عدة", t))
        for (i, d) in dualNouns.enumerated() {
            for w in d.forms {
                var t = Trigger(kind: .dualNoun, value: 2)
                t.entry = i
                base.append((w, t))
            }
        }
        for (i, d) in dualUnits.enumerated() {
            for w in d.forms {
                var t = Trigger(kind: .dualUnit, value: 2)
                t.entry = i
                base.append((w, t))
            }
        }

        var out: [UInt64: Trigger] = [:]
        for (w, t) in base { out[k(w)] = t }
        // Words a proclitic variant must never shadow or create: لست (I am not), بعده/وعده.
        let forbidden = keys(["لست", "ولست", "فلست"])
        for (w, t) in base {
            let wk = k(w)
            let wl = NumFold.length(wk)
            for (p, conj, prep, article) in prefixes {
                let pk = k(p)
                let pl = NumFold.length(pk)
                guard pl + wl <= NumFold.maxLetters else { continue }
                if t.requiresTaMarbuta && article { continue }
                let key = pk | (wk << UInt64(6 * pl))
                if out[key] != nil || forbidden.contains(key) { continue }
                var v = t
                v.prefixLen = UInt8(pl)
                v.conj = conj
                v.prep = prep
                v.article = article
                out[key] = v
            }
        }
        return out
    }()

    /// عشر/عشرة after a unit: the teen suffix.
    static let teenSuffix = keys(["عشر", "عشرة"])
    /// مائة/مئة after a unit: split hundreds (`ثلاث مائة`).
    static let hundredWord = keys(["مائة", "مئة"])
    /// ونصف after a multiplier: and a half.
    static let andHalf = keys(["ونصف"])

    // MARK: Units, percent, dates

    static let units = KeyTable<UnitEntry>(
        {
            var out: [UInt64: UnitEntry] = [:]
            func add(_ forms: [String], _ lemma: String, square: Bool = false, kilo: Bool = false) {
                for f in forms { out[k(f)] = UnitEntry(lemma: lemma, takesSquare: square, isKilo: kilo) }
            }
            add(["ساعة", "ساعات"], "ساعة")
            add(["دقيقة", "دقائق"], "دقيقة")
            add(["ثانية", "ثوان", "ثواني"], "ثانية")
            add(["يوم", "أيام", "يوما"], "يوم")
            add(["ليلة", "ليال", "ليالي"], "ليلة")
            add(["أسبوع", "أسابيع", "أسبوعا"], "أسبوع")
            add(["شهر", "أشهر", "شهور", "شهرا"], "شهر")
            add(["سنة", "سنوات", "سنين"], "سنة")
            add(["عام", "أعوام", "عاما"], "عام")
            add(["كم", "كلم", "كيلومتر", "كيلومترات", "كيلومترا"], "كم", square: true)
            add(["كيلو"], "كم", square: true, kilo: true)
            add(["متر", "أمتار", "مترا", "مترات"], "متر", square: true)
            add(["ميل", "أميال"], "ميل")
            add(["هكتار", "هكتارات"], "هكتار")
            add(["دونم", "دونمات", "دونما"], "دونم")
            add(["طن", "أطنان", "طنا"], "طن")
            add(["كغ", "كغم", "كلغ", "كيلوغرام", "كيلوغرامات"], "كغ")
            add(["لتر", "لترات", "لترا"], "لتر")
            add(["دولار", "دولارات", "دولارا"], "دولار")
            add(["ليرة", "ليرات"], "ليرة")
            add(["يورو"], "يورو")
            add(["برميل", "براميل"], "برميل")
            return out
        }())

    static let squareWords = keys(["مربع", "مربعا", "مربعة"])
    static let meterWords = keys(["متر", "مترا", "مترات", "أمتار"])

    /// في + المئة: the percent words.
    static let percentAfterFi = keys(["المئة", "المائة", "المية"])
    static let percentSingle = keys(["بالمئة", "بالمائة", "بالمية"])
    static let fi = k("في")

    static let arabicMonths = keys([
        "يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه", "أغسطس", "سبتمبر", "أكتوبر",
        "نوفمبر", "ديسمبر", "جانفي", "فيفري", "أفريل", "ماي", "جوان", "جويلية", "أوت",
        "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين",
        "محرم", "رجب", "شعبان", "رمضان", "شوال",
    ])

    static let latinMonths = KeyTable<Bool>(
        Set(
            [
                "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
                "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            ].map(NumFold.latinKey)))

    /// Words after which a number is a year: عام 2017, سنة 2018.
    static let yearWords = keys([
        "عام", "العام", "لعام", "للعام", "بعام", "وعام", "والعام", "سنة", "السنة", "لسنة", "وسنة", "عامي",
    ])
    /// Words after which a year-shaped number (1900–2099) is a year unless a noun or unit follows.
    static let weakYearWords = keys([
        "منذ", "في", "خلال", "حتى", "بعد", "قبل", "مطلع", "أواخر", "أوائل", "منتصف", "نهاية", "بداية", "ربيع", "صيف", "خريف",
        "شتاء", "وفي", "ومنذ",
    ])
    /// Era markers after a year: 2018م, 1440هـ.
    static let eraWords = keys(["م", "ه", "ميلادي", "ميلادية", "للميلاد", "هجري", "هجرية", "للهجرة"])
    /// Words before a clock time: الساعة 11.30.
    static let clockBefore = keys(["الساعة", "ساعة", "بالساعة", "للساعة", "والساعة"])
    static let clockAfter = keys(["صباحا", "صباح", "مساء", "مساءا", "ظهرا", "فجرا", "ليلا", "عصرا", "ص"])
    /// Words after which a number names rather than counts: رقم 2254.
    /// Names of numbered things (military units, resolutions, roads): `الفرقة 17`, `القرار 2254`.
    /// Matched also after one proclitic (واللواء 93).
    static let idWords = keys([
        "رقم", "برقم", "الرقم", "رقمه", "رقمها", "القرار", "قرار", "الفرقة", "فرقة", "اللواء", "لواء", "الفوج", "فوج",
        "الكتيبة", "كتيبة", "المادة", "مادة", "البند", "بند", "الفقرة", "فقرة", "الطريق", "طريق", "الدورة", "النسخة",
        "الفيلق", "فيلق", "السرية", "المجموعة", "المحور", "الجولة", "الإصدار", "الطراز", "الصفحة", "صفحة",
    ])
    /// `من الشهر` after a day: 27 من الشهر الجاري.
    static let monthWord = keys(["الشهر", "شهر"])
    static let min = k("من")
    static let wa = k("و")
    static let to = keys(["إلى", "حتى"])
    static let or = k("أو")
    static let day = k("يوم")
    /// The definite article written apart from digits: الـ23, والـ 24.
    static let definiteMarkers = keys(["ال", "وال", "بال", "فال", "لل", "كال", "ولل"])
    /// Adjectives that let a definite time dual be a duration: الشهرين الماضيين.
    static let durationAdjectives = keys([
        "الماضيين", "الماضيتين", "الأخيرين", "الأخيرتين", "المقبلين", "المقبلتين", "القادمين", "القادمتين", "الفائتين",
        "المنصرمين", "السابقين",
    ])

    // MARK: Qualifiers

    struct Pattern: Sendable {
        /// Keys of the words in text order; the first word may carry a proclitic.
        var words: [UInt64]
        var firstVariants: Set<UInt64>
        /// `firstVariants` as a table, for the hot path (no SipHash).
        var firstVariantTable: KeyTable<Bool>
        var qualifier: NumberQualifier
        /// A range opener (بين, ما بين, يتراوح بين, من): a range if a second number follows.
        var rangeOpener: Bool
    }

    static func pattern(_ text: String, _ q: NumberQualifier, opener: Bool = false) -> Pattern {
        let ws = text.split(separator: " ").map { k(String($0)) }
        var variants: Set<UInt64> = [ws[0]]
        let l = NumFold.length(ws[0])
        for p in ["و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"] {
            let pk = k(p)
            let pl = NumFold.length(pk)
            if pl + l <= NumFold.maxLetters { variants.insert(pk | (ws[0] << UInt64(6 * pl))) }
        }
        if text.hasPrefix("ما ") {
            for alt in ["مما", "فيما", "لما", "بما", "وما", "وبما", "ولما", "فما"] { variants.insert(k(alt)) }
        }
        return Pattern(
            words: ws, firstVariants: variants, firstVariantTable: KeyTable(variants), qualifier: q, rangeOpener: opener)
    }

    /// Before the number, longest first.
    static let before: [Pattern] = [
        pattern("ما لا يقل عن", .atLeast), pattern("ما لا يقل على", .atLeast),
        pattern("ما لا يزيد عن", .atMost), pattern("ما لا يزيد على", .atMost),
        pattern("ما يقارب من", .approx), pattern("ما يقرب من", .approx),
        pattern("ما يزيد عن", .moreThan), pattern("ما يزيد على", .moreThan), pattern("ما يربو على", .moreThan),
        pattern("لا يقل عن", .atLeast), pattern("لا يزيد عن", .atMost), pattern("لا يزيد على", .atMost),
        pattern("ما يصل إلى", .atMost), pattern("ما يقل عن", .lessThan),
        pattern("على أقل تقدير", .atLeast),
        pattern("ما يقارب", .approx), pattern("ما يقرب", .approx), pattern("ما يناهز", .approx),
        pattern("يقارب من", .approx), pattern("يقرب من", .approx),
        pattern("في حدود", .approx),
        pattern("ما يفوق", .moreThan),
        pattern("يتراوح بين", .range, opener: true), pattern("تتراوح بين", .range, opener: true),
        pattern("ما بين", .range, opener: true),
        pattern("أكثر من", .moreThan), pattern("أزيد من", .moreThan), pattern("يزيد عن", .moreThan),
        pattern("يزيد على", .moreThan), pattern("يربو على", .moreThan), pattern("يفوق", .moreThan),
        pattern("أقل من", .lessThan), pattern("ما دون", .lessThan),
        pattern("يصل إلى", .atMost), pattern("على الأكثر", .atMost),
        pattern("على الأقل", .atLeast),
        pattern("نحو", .approx), pattern("حوالي", .approx), pattern("حوالى", .approx), pattern("قرابة", .approx),
        pattern("زهاء", .approx), pattern("يقارب", .approx), pattern("يناهز", .approx), pattern("تقريبا", .approx),
        pattern("حدود", .approx),
        pattern("بين", .range, opener: true), pattern("من", .exact, opener: true),
    ]

    /// The last word of every `before` pattern: a number whose previous word is not one of these
    /// has no qualifier before it (one table probe instead of a scan of the patterns).
    static let beforeLastWords = KeyTable(
        Dictionary(
            before.flatMap { p in p.words.count == 1 ? p.firstVariants.map { ($0, true) } : [(p.words.last!, true)] },
            uniquingKeysWith: { a, _ in a }))
    /// The first word (with its proclitic variants) of every `after` pattern.
    static let afterFirstWords = KeyTable(
        Dictionary(after.flatMap { p in p.firstVariants.map { ($0, true) } }, uniquingKeysWith: { a, _ in a }))

    /// After the number (or after its counted noun).
    static let after: [Pattern] = [
        pattern("على أقل تقدير", .atLeast),
        pattern("على الأقل", .atLeast), pattern("أو أكثر", .atLeast),
        pattern("فأكثر", .atLeast), pattern("كحد أدنى", .atLeast),
        pattern("على الأكثر", .atMost), pattern("أو أقل", .atMost), pattern("فأقل", .atMost), pattern("كحد أقصى", .atMost),
        pattern("تقريبا", .approx), pattern("ونيف", .moreThan), pattern("ونيفا", .moreThan),
    ]

    // MARK: Counted nouns

    static let nouns = KeyTable<NounEntry>(
        {
            var out: [UInt64: NounEntry] = [:]
            func put(_ form: String, _ e: NounEntry) {
                guard let key = NumFold.key(form) else { return }
                if out[key] == nil { out[key] = e }
            }
            // Sound masculine: the singular, its accusative, its plurals and their construct forms.
            func m(_ lemma: String, _ c: NumCategory, _ broken: [String] = []) {
                let e = NounEntry(lemma: lemma, category: c)
                for f in [lemma, lemma + "ا", lemma + "ون", lemma + "ين", lemma + "ي", lemma + "و"] + broken { put(f, e) }
            }
            // Feminine in ة with the plural in ات.
            func f(_ lemma: String, _ c: NumCategory, _ broken: [String] = []) {
                let e = NounEntry(lemma: lemma, category: c)
                let stem = String(lemma.dropLast())
                for x in [lemma, stem + "ات"] + broken { put(x, e) }
            }
            // Singular (and its accusative) with listed plurals.
            func s(_ lemma: String, _ c: NumCategory, _ broken: [String]) {
                let e = NounEntry(lemma: lemma, category: c)
                for x in [lemma, lemma + "ا"] + broken { put(x, e) }
            }
            m("مقاتل", .fighters)
            m("مسلح", .fighters)
            m("مجند", .fighters)
            m("متشدد", .fighters)
            m("مرتزق", .fighters, ["مرتزقة"])
            s("عنصر", .fighters, ["عناصر"])
            s("جندي", .fighters, ["جنود"])
            s("عسكري", .fighters, ["عسكريين", "عسكريون", "عسكريي"])
            s("انتحاري", .fighters, ["انتحاريين", "انتحاريون"])
            s("إرهابي", .fighters, ["إرهابيين", "إرهابيون"])
            s("جهادي", .fighters, ["جهاديين", "جهاديون"])
            s("داعشي", .fighters, ["دواعش", "داعشيين"])
            s("ضابط", .fighters, ["ضباط"])
            s("قائد", .fighters, ["قادة"])
            s("قيادي", .fighters, ["قياديين", "قياديون", "قياديي"])
            s("شرطي", .fighters, ["شرطيين"])
            s("مدني", .civilians, ["مدنيين", "مدنيون", "مدنيي"])
            s("شخص", .generic, ["أشخاص"])
            s("حي", .generic, ["أحياء"])
            f("عائلة", .civilians, ["عوائل"])
            f("أسرة", .civilians, ["أسر"])
            s("طفل", .civilians, ["أطفال"])
            s("امرأة", .civilians, ["نساء", "نسوة"])
            s("رجل", .civilians, ["رجال"])
            m("مواطن", .civilians)
            s("ساكن", .civilians, ["سكان"])
            s("قتيل", .killed, ["قتلى"])
            s("شهيد", .killed, ["شهداء"])
            s("ضحية", .killed, ["ضحايا"])
            s("جريح", .wounded, ["جرحى"])
            m("مصاب", .wounded)
            s("أسير", .captured, ["أسرى"])
            m("معتقل", .captured)
            m("محتجز", .captured)
            m("مخطوف", .captured)
            s("رهينة", .captured, ["رهائن"])
            m("مفقود", .missing)
            m("نازح", .displaced)
            m("لاجئ", .displaced)
            m("مهجر", .displaced)
            m("مستسلم", .surrendered)
            f("شاحنة", .equipment)
            f("سيارة", .equipment)
            f("دبابة", .equipment)
            f("آلية", .equipment)
            f("مدرعة", .equipment)
            f("عربة", .equipment)
            f("طائرة", .equipment)
            f("مروحية", .equipment)
            f("عبوة", .equipment)
            f("مسيرة", .equipment)
            f("رشاش", .equipment, ["رشاشات"])
            s("مدفع", .equipment, ["مدافع"])
            s("صاروخ", .equipment, ["صواريخ"])
            s("قذيفة", .equipment, ["قذائف"])
            s("بندقية", .equipment, ["بنادق"])
            s("زورق", .equipment, ["زوارق"])
            s("قرية", .other, ["قرى"])
            f("بلدة", .other)
            s("مدينة", .other, ["مدن"])
            s("هجوم", .other, ["هجمات"])
            f("غارة", .other)
            f("ضربة", .other)
            f("عملية", .other)
            s("منزل", .other, ["منازل"])
            s("موقع", .other, ["مواقع"])
            s("نقطة", .other, ["نقاط"])
            s("مقر", .other, ["مقرات"])
            s("حاجز", .other, ["حواجز"])
            s("معسكر", .other, ["معسكرات"])
            return out
        }())

    /// Words after a number that are not its counted noun.
    static let stopwords = keys(
        [
            "في", "من", "إلى", "على", "عن", "مع", "منذ", "حتى", "عند", "ضد", "بين", "خلال", "بعد", "قبل", "حول", "أمام", "وراء",
            "دون", "لدى", "أو", "أم", "ثم", "لكن", "بل", "قد", "لا", "لم", "لن", "ما", "أن", "إن", "كان", "كانت", "تم", "هو",
            "هي",
            "هم", "هذا", "هذه", "ذلك", "تلك", "الذي", "التي", "الذين", "كل", "بعض", "عدد", "نحو", "حوالي", "أكثر", "أقل", "آخر",
            "أخرى", "آخرين", "آخرون", "أخريات", "فقط", "أيضا", "حيث", "إذ", "إذا", "لو", "كما", "و", "ف", "ب", "ل", "يوم", "أمس",
            "اليوم", "منهم",
            "بينهم", "ضمنهم", "منها", "فيها", "فيه", "عليه", "عليها", "له", "لها", "لهم", "وفي", "ومن", "وعلى", "وقد", "وقال",
            "قال", "قالت", "تقريبا", "ونيف", "ال", "وال", "بال", "لل", "ليل", "صباح", "مساء", "شخصيا", "جميع", "نفس", "ذاته",
            "أي", "غير", "سوى", "إلا", "بسبب", "بحسب", "وفق", "وفقا", "حسب", "جراء", "إثر", "عبر", "لدي",
        ])

    // MARK: Context cues

    /// Context words (folded, without proclitics) and the category they give.
    static let cues = KeyTable<NumCategory>(
        {
            var out: [UInt64: NumCategory] = [:]
            func add(_ c: NumCategory, _ words: [String]) { for w in words { out[k(w)] = c } }
            add(
                .killed,
                [
                    "قتل", "قتلت", "قتلى", "قتيل", "قتيلا", "مقتل", "مصرع", "حتف", "استشهاد", "استشهد", "استشهدوا", "شهيد",
                    "شهداء",
                    "إعدام", "أعدم", "فجروا", "فجرت", "وفاة", "توفي", "ماتوا", "مات", "اغتيال", "اغتيل", "تصفية", "ذبح",
                    "أودى", "موت",
                    // "Lost" fighters: Arabic war reporting uses خسر for deaths (guidelines/numbers.md).
                    "خسر", "خسرت", "خسروا", "يخسر",
                ])
            add(
                .wounded,
                [
                    "جرح", "جرحى", "جريح", "جرحت", "إصابة", "إصابات", "أصيب", "أصاب", "أصابت", "مصاب", "إصابتهم", "جروح",
                ])
            add(
                .captured,
                [
                    "اعتقل", "اعتقلت", "اعتقال", "معتقل", "أسرت", "أسروا", "أسرى", "أسير", "قبض", "القبض", "احتجاز", "احتجز",
                    "اختطاف",
                    "اختطف", "خطف", "رهائن", "رهينة", "توقيف",
                ])
            add(.missing, ["مفقود", "مفقودين", "مفقودون", "عداد"])
            add(
                .displaced,
                [
                    "فروا", "فرت", "فرار", "هرب", "هربوا", "نزوح", "نزح", "نزحوا", "نازح", "نازحين", "تهجير", "خروج", "خرج",
                    "خرجوا",
                    "لجوء", "لاجئ", "لاجئين", "إجلاء", "غادر", "مغادرة", "هروب",
                ])
            add(.surrendered, ["استسلام", "استسلم", "استسلموا", "استسلمت"])
            return out
        }())

    /// Cues matched only as written (a proclitic strip would turn وفر, "provided", into فر, "fled").
    /// أسر (captured) likewise: stripped, وأسرهم is "and their families".
    static let exactCues = KeyTable<NumCategory>([k("فر"): .displaced, k("هرب"): .displaced, k("أسر"): .captured])

    /// Verbs that mean surrender only before أنفسهم/نفسه: سلموا أنفسهم, تسليم أنفسهم.
    static let handOver = keys(["سلم", "سلموا", "سلمت", "تسليم", "يسلمون", "يسلم", "بتسليم"])
    static let selfStem = k("نفس")
    static let pronounSuffixKeys: [(UInt64, Int)] = ["ها", "هم", "هما", "هن", "ه"].map { (k($0), NumFold.length(k($0))) }
    /// Ordinals before عشر: `التاسع عشر` is nineteenth, not ten.
    static let ordinals = keys([
        "الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "حادي", "ثاني", "ثالث",
        "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "الحادية", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة",
        "السابعة", "الثامنة", "التاسعة",
    ])
    static let selvesStem = k("أنفس")
    static let cueSuffixes: [String] = ["وا", "ت", "ه", "هم", "ها", "ا", "ين", "ون", "هما"]
    static let cueSuffixKeys: [(UInt64, Int)] = cueSuffixes.map { (k($0), NumFold.length(k($0))) }
    static let cuePrefixKeys: [(UInt64, Int)] = ["و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "فال", "وب", "ول", "فب", "فل"].map
    {
        (k($0), NumFold.length(k($0)))
    }
    /// Bit c set when a cue prefix starts with the letter of 6-bit code c.
    static let cuePrefixFirstLetters: UInt64 = cuePrefixKeys.reduce(0) { $0 | (1 &<< ($1.0 & 63)) }
    static let articleKeys: [(UInt64, Int)] = ["ال", "وال", "بال", "لل", "فال", "كال", "و", "ب", "ل", "ف"].map {
        (k($0), NumFold.length(k($0)))
    }
}
