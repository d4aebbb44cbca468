import Testing
import TashihExtractors

/// Digits, separators and number words (ARABIC.md §3, §4).
@Suite("Numbers: forms")
struct NumbersFormsTests {
    static let digits: [NumRow] = [
        count("قُتِلَ ⟦٤٠⟧ مُقاتِلاً", 40, counted: "مقاتل", .killed),
        count("🔥 قتل ⟦40⟧ مقاتلاً في الهجوم", 40, counted: "مقاتل", .killed),
        count("👨‍👩‍👧 نزوح ⟦١٢٠⟧ عائلة من المدينة", 120, counted: "عائلة", .displaced),
        count("قتل 🇸🇾 ⟦۱۵⟧ مسلحا", 15, counted: "مسلح", .killed),
        count("انتشار ⟦۲۵۰⟧ مقاتل", 250, counted: "مقاتل", .fighters),
        count("وصول ⟦١٬٢٣٤⟧ جندي", 1234, counted: "جندي", .fighters),
        count("وصول ⟦1,500⟧ مقاتل", 1500, counted: "مقاتل"),
        count("يعيش ⟦١،٢٣٤،٥٦٧⟧ شخص في المنطقة", 1234567, counted: "شخص", .civilians),
        count("نزوح ⟦10,000⟧ شخص", 10000, .exact, .displaced),
        count("قتل ⟦15⟧، 20 مقاتلا", 15, .exact, .killed),
        count("قتل 15، ⟦20⟧ مقاتلا", 20, counted: "مقاتل", .killed),
        count("نحو⟦200⟧ عنصر", 200, .approx, counted: "عنصر", .fighters),
        count("⟦37الف⟧ قتيل", 37000, counted: "قتيل", .killed),
        count("نزوح ⟦5مليون⟧ شخص", 5_000_000, .exact, .displaced),
        count("هناك ⟦1.5 مليون⟧ لاجئ", 1_500_000, counted: "لاجئ", .displaced),
        count("هناك ⟦٢٫٥ مليون⟧ نازح", 2_500_000, counted: "نازح", .displaced),
        count("حشد ⟦٣ آلاف⟧ مقاتل", 3000, counted: "مقاتل", .fighters),
        count("تواجد ⟦20 ألف⟧ مدني", 20000, counted: "مدني", .civilians),
        count("نزوح ⟦٥ ملايين⟧ شخص", 5_000_000, .exact, .displaced),
        count("قتـــل ⟦40⟧ مقاتـــلاً", 40, counted: "مقاتل", .killed),
        count("قتل \u{200F}⟦40⟧\u{200F} مقاتلا", 40, counted: "مقاتل", .killed),
        count("مقتل ⟦7⟧ جنود", 7, counted: "جندي", .killed),
        count("مقتل ⟦١٠⟧ مدنيين", 10, counted: "مدني", .killed),
        count("⟦2000⟧ عنصر", 2000, counted: "عنصر", .fighters),
        count("وصل ⟦٢٠٠٠⟧ عنصر", 2000, counted: "عنصر", .fighters),
        count("في ⟦2000⟧ منزل", 2000, counted: "منزل", .other),
    ]

    @Test("digits", arguments: digits)
    func digitForms(_ row: NumRow) { expectRow(row) }

    static let words: [NumRow] = [
        count("مقتل ⟦ثلاثة⟧ جنود", 3, counted: "جندي", .killed),
        count("إصابة ⟦ثلاث⟧ نساء", 3, counted: "امرأة", .wounded),
        count("وصل ⟦ثلاثه⟧ مقاتلين", 3, counted: "مقاتل", .fighters),
        count("مقتل ⟦ثَلاثَةُ⟧ جُنودٍ", 3, counted: "جندي", .killed),
        count("تدمير ⟦ثماني⟧ سيارات", 8, counted: "سيارة", .equipment),
        count("سقوط ⟦ثمان⟧ قذائف", 8, counted: "قذيفة", .equipment),
        count("اعتقال ⟦ثمانية⟧ عناصر", 8, counted: "عنصر", .captured),
        count("قتل ⟦اثنين⟧ من المقاتلين", 2, counted: "مقاتل", .killed),
        count("اعتقال ⟦إثنين⟧ من الجنود", 2, counted: "جندي", .captured),
        count("بينهم ⟦اثنان⟧ من القتلى", 2, counted: "قتيل", .killed),
        count("مقتل ⟦خمسة⟧ أطفال", 5, counted: "طفل", .killed),
        count("مقتل ⟦خمـــسة⟧ جنود", 5, counted: "جندي", .killed),
        count("إصابة ⟦سبعة⟧ مدنيين", 7, counted: "مدني", .wounded),
        count("وصول ⟦تسعة⟧ أشخاص", 9, counted: "شخص", .civilians),
        count("أسر ⟦عشرة⟧ مقاتلين", 10, counted: "مقاتل"),
        count("تدمير ⟦أربع⟧ دبابات", 4, counted: "دبابة", .equipment),
        count("وصول ⟦ستة⟧ عناصر", 6, counted: "عنصر", .fighters),
        count("وصول ⟦أحد عشر⟧ مقاتلا", 11, counted: "مقاتل"),
        count("احتراق ⟦إحدى عشرة⟧ سيارة", 11, counted: "سيارة", .equipment),
        count("مقتل ⟦اثنا عشر⟧ جنديا", 12, counted: "جندي", .killed),
        count("اعتقل ⟦اثني عشر⟧ مقاتلا", 12, counted: "مقاتل", .captured),
        count("سقوط ⟦ثلاثة عشر⟧ قتيلا", 13, counted: "قتيل", .killed),
        count("وصول ⟦خمسة عشر⟧ مسلحا", 15, counted: "مسلح"),
        count("مقتل ⟦عشرون⟧ مقاتلا", 20, counted: "مقاتل", .killed),
        count("نزوح ⟦عشرين⟧ شخصا", 20, counted: "شخص", .displaced),
        count("وصول ⟦أربعين⟧ عنصرا", 40, counted: "عنصر"),
        count("وصول ⟦تسعون⟧ جنديا", 90, counted: "جندي"),
        count("وصول ⟦واحد وعشرون⟧ مقاتلا", 21, counted: "مقاتل"),
        count("وصول ⟦خمسة وثلاثين⟧ عنصرا", 35, counted: "عنصر"),
        count("وصول ⟦مائة⟧ مقاتل", 100, counted: "مقاتل"),
        count("وصول ⟦مئة⟧ شخص", 100, counted: "شخص"),
        count("وصول ⟦مائتين⟧ من المقاتلين", 200, counted: "مقاتل"),
        count("وصول ⟦مائتا⟧ مقاتل", 200, counted: "مقاتل"),
        count("وصول ⟦مئتا⟧ عنصر", 200, counted: "عنصر"),
        count("وصول ⟦ثلاثمائة⟧ مقاتل", 300, counted: "مقاتل"),
        count("وصول ⟦ثلاث مائة⟧ مقاتل", 300, counted: "مقاتل"),
        count("وصول ⟦ثلاثمئة⟧ عنصر", 300, counted: "عنصر"),
        count("وصول ⟦أربعمئة⟧ جندي", 400, counted: "جندي"),
        count("نزوح ⟦تسعمائة⟧ شخص", 900, counted: "شخص", .displaced),
        count("وصول ⟦ثلاثمائة وخمسون⟧ مقاتلا", 350, counted: "مقاتل"),
        count("وصول ⟦مائة وخمسة عشر⟧ جنديا", 115, counted: "جندي"),
        count("وصول ⟦مئتان⟧ من الجنود", 200, counted: "جندي"),
        count("وصول ⟦مائتان⟧ جندي", 200, counted: "جندي"),
        count("وصول ⟦مئتين⟧ من العناصر", 200, counted: "عنصر"),
        count("وصول ⟦ألف⟧ مقاتل", 1000, counted: "مقاتل"),
        count("وصول ⟦ألفان⟧ من الجنود", 2000, counted: "جندي"),
        count("حشد ⟦ثلاثة الاف⟧ مقاتل", 3000, counted: "مقاتل"),
        count("حشد ⟦ثلاثة آلاف وخمسمائة⟧ مقاتل", 3500, counted: "مقاتل"),
        count("سقوط خمسة قتلى ⟦وعشرة⟧ جرحى", 10, counted: "جريح", .wounded),
        count("وصول ⟦الف⟧ عنصر", 1000, counted: "عنصر"),
        count("وصول ⟦ألفين⟧ من المقاتلين", 2000, counted: "مقاتل"),
        count("وصول ⟦ألفا⟧ مقاتل", 2000, counted: "مقاتل"),
        count("وصول ⟦ألف وخمسمائة⟧ مقاتل", 1500, counted: "مقاتل"),
        count("حشد ⟦ثلاثة آلاف⟧ مقاتل", 3000, counted: "مقاتل"),
        count("نزوح ⟦عشرة آلاف⟧ نازح", 10000, counted: "نازح", .displaced),
        count("نزوح ⟦ثلاثة وعشرين ألفا⟧ من السكان", 23000, .exact, .displaced),
        count("نزوح ⟦عشرون ألفاً⟧ من السكان", 20000, .exact, .displaced),
        count("وصول ⟦مئة ألف⟧ لاجئ", 100_000, counted: "لاجئ", .displaced),
        count("نزوح ⟦مليون⟧ شخص", 1_000_000, counted: "شخص", .displaced),
        count("نزوح ⟦مليونين⟧ من السكان", 2_000_000, .exact, .displaced),
        count("نزوح ⟦نصف مليون⟧ شخص", 500_000, counted: "شخص", .displaced),
        count("نزوح ⟦مليون ونصف⟧ شخص", 1_500_000, counted: "شخص", .displaced),
        count("سقوط صاروخ ⟦وثلاثة⟧ قتلى", 3, counted: "قتيل", .killed),
        count("قصف ⟦بخمسة⟧ صواريخ", 5, counted: "صاروخ", .equipment),
    ]

    @Test("words", arguments: words)
    func wordForms(_ row: NumRow) { expectRow(row) }

    static let vague: [NumRow] = [
        count("سقوط ⟦عشرات⟧ القتلى", 10, .approx, counted: "قتيل", .killed),
        count("وقتل ⟦العشرات⟧ في الهجوم", 10, .approx, .killed),
        count("وصول ⟦مئات⟧ المقاتلين", 100, .approx, counted: "مقاتل", .fighters),
        count("تواجد ⟦آلاف⟧ المدنيين", 1000, .approx, counted: "مدني", .civilians),
        count("نزوح ⟦الآلاف⟧ من السكان", 1000, .approx, .displaced),
        count("سيطرة على ⟦بضعة⟧ قرى", 3, .approx, counted: "قرية", .other),
        count("تدمير ⟦بضع⟧ سيارات", 3, .approx, counted: "سيارة", .equipment),
        count("وصول ⟦عدة⟧ مقاتلين", 3, .approx, counted: "مقاتل", .fighters),
        count("نزوح ⟦عشرات الآلاف⟧ من السكان", 10000, .approx, .displaced),
        count("لجوء ⟦مئات الآلاف⟧ من السوريين", 100_000, .approx, .displaced),
        count("حشد ⟦بضعة آلاف⟧ مقاتل", 3000, .approx, counted: "مقاتل", .fighters),
        count("قصف ⟦بعشرات⟧ الصواريخ", 10, .approx, counted: "صاروخ", .equipment),
        count("نزوح ⟦لآلاف⟧ النازحين", 1000, .approx, counted: "نازح", .displaced),
        count("أكثر من ⟦عشرة آلاف⟧ مقاتل", 10000, .moreThan, counted: "مقاتل"),
        count("سقوط ⟦دزينات⟧ القتلى", 12, .approx, counted: "قتيل", .killed),
    ]

    @Test("vague quantities", arguments: vague)
    func vagueForms(_ row: NumRow) { expectRow(row) }

    static let duals: [NumRow] = [
        count("قتل ⟦جنديان⟧ في الهجوم", 2, counted: "جندي", .killed),
        count("إصابة ⟦جنديين⟧", 2, counted: "جندي", .wounded),
        count("قتل مدني ⟦وجنديين⟧", 2, counted: "جندي", .killed),
        count("سيطرت على ⟦قريتين⟧", 2, counted: "قرية", .other),
        count("وصلت ⟦عائلتين⟧ إلى المخيم", 2, counted: "عائلة", .civilians),
        count("أصيب ⟦شخصان⟧ بجروح", 2, counted: "شخص", .wounded),
        count("دمرت ⟦دبابتين⟧", 2, counted: "دبابة", .equipment),
        count("أسقط ⟦طائرتين⟧ مسيرتين", 2, counted: "طائرة", .equipment),
        count("انفجار ⟦سيارتين⟧ مفخختين", 2, counted: "سيارة", .equipment),
        count("أسر ⟦عنصرين⟧ من التنظيم", 2, counted: "عنصر"),
        measure("استمر القتال ⟦يومين⟧", 2, unit: "يوم"),
        measure("بعد ⟦ساعتين⟧ من القصف", 2, unit: "ساعة"),
    ]

    @Test("counting duals", arguments: duals)
    func dualForms(_ row: NumRow) { expectRow(row) }

    /// `جنديين اثنين`: the number word repeats the dual; one span, not two.
    @Test func dualWithRepeatedNumberIsOneSpan() {
        let f = NumFixture("إصابة ⟦جنديين⟧ اثنين")
        let found = numberExtractor.findNumbers(in: f.text)
        #expect(found.count == 1)
        #expect(found.first?.start == f.expected[0].lowerBound && found.first?.end == f.expected[0].upperBound)
    }
}
