import TashihExtractors
import Testing

/// Digits, separators and number words (ARABIC.md §3, §4).
@Suite("Numbers: forms")
struct NumbersFormsTests {
    static let digits: [NumRow] = [
        numCount("قُتِلَ ⟦٤٠⟧ مُقاتِلاً", 40, counted: "مقاتل", .killed),
        numCount("🔥 قتل ⟦40⟧ مقاتلاً في الهجوم", 40, counted: "مقاتل", .killed),
        numCount("👨‍👩‍👧 نزوح ⟦١٢٠⟧ عائلة من المدينة", 120, counted: "عائلة", .displaced),
        numCount("قتل 🇸🇾 ⟦۱۵⟧ مسلحا", 15, counted: "مسلح", .killed),
        numCount("انتشار ⟦۲۵۰⟧ مقاتل", 250, counted: "مقاتل", .fighters),
        numCount("وصول ⟦١٬٢٣٤⟧ جندي", 1234, counted: "جندي", .fighters),
        numCount("وصول ⟦1,500⟧ مقاتل", 1500, counted: "مقاتل"),
        numCount("يعيش ⟦١،٢٣٤،٥٦٧⟧ شخص في المنطقة", 1234567, counted: "شخص", .other),
        numCount("نزوح ⟦10,000⟧ شخص", 10000, .exact, .displaced),
        numCount("قتل ⟦15⟧، 20 مقاتلا", 15, .exact, .killed),
        numCount("قتل 15، ⟦20⟧ مقاتلا", 20, counted: "مقاتل", .killed),
        numCount("نحو⟦200⟧ عنصر", 200, .approx, counted: "عنصر", .fighters),
        numCount("⟦37الف⟧ قتيل", 37000, counted: "قتيل", .killed),
        numCount("نزوح ⟦5مليون⟧ شخص", 5_000_000, .exact, .displaced),
        numCount("هناك ⟦1.5 مليون⟧ لاجئ", 1_500_000, counted: "لاجئ", .displaced),
        numCount("هناك ⟦٢٫٥ مليون⟧ نازح", 2_500_000, counted: "نازح", .displaced),
        numCount("حشد ⟦٣ آلاف⟧ مقاتل", 3000, counted: "مقاتل", .fighters),
        numCount("تواجد ⟦20 ألف⟧ مدني", 20000, counted: "مدني", .civilians),
        numCount("نزوح ⟦٥ ملايين⟧ شخص", 5_000_000, .exact, .displaced),
        numCount("قتـــل ⟦40⟧ مقاتـــلاً", 40, counted: "مقاتل", .killed),
        numCount("قتل \u{200F}⟦40⟧\u{200F} مقاتلا", 40, counted: "مقاتل", .killed),
        numCount("مقتل ⟦7⟧ جنود", 7, counted: "جندي", .killed),
        numCount("مقتل ⟦١٠⟧ مدنيين", 10, counted: "مدني", .killed),
        numCount("⟦2000⟧ عنصر", 2000, counted: "عنصر", .fighters),
        numCount("وصل ⟦٢٠٠٠⟧ عنصر", 2000, counted: "عنصر", .fighters),
        numCount("في ⟦2000⟧ منزل", 2000, counted: "منزل", .other),
    ]

    @Test("digits", arguments: digits)
    func digitForms(_ row: NumRow) { expectNumber(row) }

    static let words: [NumRow] = [
        numCount("مقتل ⟦ثلاثة⟧ جنود", 3, counted: "جندي", .killed),
        numCount("إصابة ⟦ثلاث⟧ نساء", 3, counted: "امرأة", .wounded),
        numCount("وصل ⟦ثلاثه⟧ مقاتلين", 3, counted: "مقاتل", .fighters),
        numCount("مقتل ⟦ثَلاثَةُ⟧ جُنودٍ", 3, counted: "جندي", .killed),
        numCount("تدمير ⟦ثماني⟧ سيارات", 8, counted: "سيارة", .equipment),
        numCount("سقوط ⟦ثمان⟧ قذائف", 8, counted: "قذيفة", .equipment),
        numCount("اعتقال ⟦ثمانية⟧ عناصر", 8, counted: "عنصر", .captured),
        numCount("قتل ⟦اثنين⟧ من المقاتلين", 2, counted: "مقاتل", .killed),
        numCount("اعتقال ⟦إثنين⟧ من الجنود", 2, counted: "جندي", .captured),
        numCount("بينهم ⟦اثنان⟧ من القتلى", 2, counted: "قتيل", .killed),
        numCount("مقتل ⟦خمسة⟧ أطفال", 5, counted: "طفل", .killed),
        numCount("مقتل ⟦خمـــسة⟧ جنود", 5, counted: "جندي", .killed),
        numCount("إصابة ⟦سبعة⟧ مدنيين", 7, counted: "مدني", .wounded),
        numCount("وصول ⟦تسعة⟧ أشخاص", 9, counted: "شخص", .other),
        numCount("أسر ⟦عشرة⟧ مقاتلين", 10, counted: "مقاتل"),
        numCount("تدمير ⟦أربع⟧ دبابات", 4, counted: "دبابة", .equipment),
        numCount("وصول ⟦ستة⟧ عناصر", 6, counted: "عنصر", .fighters),
        numCount("وصول ⟦أحد عشر⟧ مقاتلا", 11, counted: "مقاتل"),
        numCount("احتراق ⟦إحدى عشرة⟧ سيارة", 11, counted: "سيارة", .equipment),
        numCount("مقتل ⟦اثنا عشر⟧ جنديا", 12, counted: "جندي", .killed),
        numCount("اعتقل ⟦اثني عشر⟧ مقاتلا", 12, counted: "مقاتل", .captured),
        numCount("سقوط ⟦ثلاثة عشر⟧ قتيلا", 13, counted: "قتيل", .killed),
        numCount("وصول ⟦خمسة عشر⟧ مسلحا", 15, counted: "مسلح"),
        numCount("مقتل ⟦عشرون⟧ مقاتلا", 20, counted: "مقاتل", .killed),
        numCount("نزوح ⟦عشرين⟧ شخصا", 20, counted: "شخص", .displaced),
        numCount("وصول ⟦أربعين⟧ عنصرا", 40, counted: "عنصر"),
        numCount("وصول ⟦تسعون⟧ جنديا", 90, counted: "جندي"),
        numCount("وصول ⟦واحد وعشرون⟧ مقاتلا", 21, counted: "مقاتل"),
        numCount("وصول ⟦خمسة وثلاثين⟧ عنصرا", 35, counted: "عنصر"),
        numCount("وصول ⟦مائة⟧ مقاتل", 100, counted: "مقاتل"),
        numCount("وصول ⟦مئة⟧ شخص", 100, counted: "شخص"),
        numCount("وصول ⟦مائتين⟧ من المقاتلين", 200, counted: "مقاتل"),
        numCount("وصول ⟦مائتا⟧ مقاتل", 200, counted: "مقاتل"),
        numCount("وصول ⟦مئتا⟧ عنصر", 200, counted: "عنصر"),
        numCount("وصول ⟦ثلاثمائة⟧ مقاتل", 300, counted: "مقاتل"),
        numCount("وصول ⟦ثلاث مائة⟧ مقاتل", 300, counted: "مقاتل"),
        numCount("وصول ⟦ثلاثمئة⟧ عنصر", 300, counted: "عنصر"),
        numCount("وصول ⟦أربعمئة⟧ جندي", 400, counted: "جندي"),
        numCount("نزوح ⟦تسعمائة⟧ شخص", 900, counted: "شخص", .displaced),
        numCount("وصول ⟦ثلاثمائة وخمسون⟧ مقاتلا", 350, counted: "مقاتل"),
        numCount("وصول ⟦مائة وخمسة عشر⟧ جنديا", 115, counted: "جندي"),
        numCount("وصول ⟦مئتان⟧ من الجنود", 200, counted: "جندي"),
        numCount("وصول ⟦مائتان⟧ جندي", 200, counted: "جندي"),
        numCount("وصول ⟦مئتين⟧ من العناصر", 200, counted: "عنصر"),
        numCount("وصول ⟦ألف⟧ مقاتل", 1000, counted: "مقاتل"),
        numCount("وصول ⟦ألفان⟧ من الجنود", 2000, counted: "جندي"),
        numCount("حشد ⟦ثلاثة الاف⟧ مقاتل", 3000, counted: "مقاتل"),
        numCount("حشد ⟦ثلاثة آلاف وخمسمائة⟧ مقاتل", 3500, counted: "مقاتل"),
        numCount("سقوط خمسة قتلى ⟦وعشرة⟧ جرحى", 10, counted: "جريح", .wounded),
        numCount("وصول ⟦الف⟧ عنصر", 1000, counted: "عنصر"),
        numCount("وصول ⟦ألفين⟧ من المقاتلين", 2000, counted: "مقاتل"),
        numCount("وصول ⟦ألفا⟧ مقاتل", 2000, counted: "مقاتل"),
        numCount("وصول ⟦ألف وخمسمائة⟧ مقاتل", 1500, counted: "مقاتل"),
        numCount("حشد ⟦ثلاثة آلاف⟧ مقاتل", 3000, counted: "مقاتل"),
        numCount("نزوح ⟦عشرة آلاف⟧ نازح", 10000, counted: "نازح", .displaced),
        numCount("نزوح ⟦ثلاثة وعشرين ألفا⟧ من السكان", 23000, .exact, .displaced),
        numCount("نزوح ⟦عشرون ألفاً⟧ من السكان", 20000, .exact, .displaced),
        numCount("وصول ⟦مئة ألف⟧ لاجئ", 100_000, counted: "لاجئ", .displaced),
        numCount("نزوح ⟦مليون⟧ شخص", 1_000_000, counted: "شخص", .displaced),
        numCount("نزوح ⟦مليونين⟧ من السكان", 2_000_000, .exact, .displaced),
        numCount("نزوح ⟦نصف مليون⟧ شخص", 500_000, counted: "شخص", .displaced),
        numCount("نزوح ⟦مليون ونصف⟧ شخص", 1_500_000, counted: "شخص", .displaced),
        numCount("سقوط صاروخ ⟦وثلاثة⟧ قتلى", 3, counted: "قتيل", .killed),
        numCount("قصف ⟦بخمسة⟧ صواريخ", 5, counted: "صاروخ", .equipment),
    ]

    @Test("words", arguments: words)
    func wordForms(_ row: NumRow) { expectNumber(row) }

    static let vague: [NumRow] = [
        numCount("سقوط ⟦عشرات⟧ القتلى", 10, .approx, counted: "قتيل", .killed),
        numCount("وقتل ⟦العشرات⟧ في الهجوم", 10, .approx, .killed),
        numCount("وصول ⟦مئات⟧ المقاتلين", 100, .approx, counted: "مقاتل", .fighters),
        numCount("تواجد ⟦آلاف⟧ المدنيين", 1000, .approx, counted: "مدني", .civilians),
        numCount("نزوح ⟦الآلاف⟧ من السكان", 1000, .approx, .displaced),
        numCount("سيطرة على ⟦بضعة⟧ قرى", 3, .approx, counted: "قرية", .other),
        numCount("تدمير ⟦بضع⟧ سيارات", 3, .approx, counted: "سيارة", .equipment),
        numCount("وصول ⟦عدة⟧ مقاتلين", 3, .approx, counted: "مقاتل", .fighters),
        numCount("نزوح ⟦عشرات الآلاف⟧ من السكان", 10000, .approx, .displaced),
        numCount("لجوء ⟦مئات الآلاف⟧ من السوريين", 100_000, .approx, .displaced),
        numCount("حشد ⟦بضعة آلاف⟧ مقاتل", 3000, .approx, counted: "مقاتل", .fighters),
        numCount("قصف ⟦بعشرات⟧ الصواريخ", 10, .approx, counted: "صاروخ", .equipment),
        numCount("نزوح ⟦لآلاف⟧ النازحين", 1000, .approx, counted: "نازح", .displaced),
        numCount("أكثر من ⟦عشرة آلاف⟧ مقاتل", 10000, .moreThan, counted: "مقاتل"),
        numCount("سقوط ⟦دزينات⟧ القتلى", 12, .approx, counted: "قتيل", .killed),
    ]

    @Test("vague quantities", arguments: vague)
    func vagueForms(_ row: NumRow) { expectNumber(row) }

    static let duals: [NumRow] = [
        numCount("قتل ⟦جنديان⟧ في الهجوم", 2, counted: "جندي", .killed),
        numCount("إصابة ⟦جنديين⟧", 2, counted: "جندي", .wounded),
        numCount("قتل مدني ⟦وجنديين⟧", 2, counted: "جندي", .killed),
        numCount("سيطرت على ⟦قريتين⟧", 2, counted: "قرية", .other),
        numCount("وصلت ⟦عائلتين⟧ إلى المخيم", 2, counted: "عائلة", .civilians),
        numCount("أصيب ⟦شخصان⟧ بجروح", 2, counted: "شخص", .wounded),
        numCount("دمرت ⟦دبابتين⟧", 2, counted: "دبابة", .equipment),
        numCount("أسقط ⟦طائرتين⟧ مسيرتين", 2, counted: "طائرة", .equipment),
        numCount("انفجار ⟦سيارتين⟧ مفخختين", 2, counted: "سيارة", .equipment),
        numCount("أسر ⟦عنصرين⟧ من التنظيم", 2, counted: "عنصر"),
        numMeasure("استمر القتال ⟦يومين⟧", 2, unit: "يوم"),
        numMeasure("بعد ⟦ساعتين⟧ من القصف", 2, unit: "ساعة"),
    ]

    @Test("counting duals", arguments: duals)
    func dualForms(_ row: NumRow) { expectNumber(row) }

    /// `جنديين اثنين`: the number word repeats the dual; one span, not two.
    @Test func dualWithRepeatedNumberIsOneSpan() {
        let f = NumFixture("إصابة ⟦جنديين⟧ اثنين")
        let found = numberExtractor.findNumbers(in: f.text)
        #expect(found.count == 1)
        #expect(found.first?.start == f.expected[0].lowerBound && found.first?.end == f.expected[0].upperBound)
    }
}
