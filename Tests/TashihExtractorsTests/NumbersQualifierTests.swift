import TashihExtractors
import Testing

/// Qualifiers, ranges, percent markers and units (ARABIC.md §4, §5; PRODUCT.md boundaries).
@Suite("Numbers: qualifiers, ranges, percents, measures")
struct NumbersQualifierTests {
    static let before: [NumRow] = [
        numCount("قتل نحو ⟦40⟧ مقاتلا", 40, .approx),
        numCount("قتل حوالي ⟦40⟧ مقاتلا", 40, .approx),
        numCount("قتل حوالى ⟦40⟧ مقاتلا", 40, .approx),
        numCount("قتل قرابة ⟦40⟧ مقاتلا", 40, .approx),
        numCount("قتل زهاء ⟦40⟧ مقاتلا", 40, .approx),
        numCount("قتل ما يقارب ⟦40⟧ مقاتلا", 40, .approx),
        numCount("قتل ما يقرب من ⟦40⟧ مقاتلا", 40, .approx),
        numCount("قتل أكثر من ⟦40⟧ مقاتلا", 40, .moreThan),
        numCount("قتل ما يزيد عن ⟦40⟧ مقاتلا", 40, .moreThan),
        numCount("قتل ما يزيد على ⟦40⟧ مقاتلا", 40, .moreThan),
        numCount("قتل ما لا يقل عن ⟦40⟧ مقاتلا", 40, .atLeast),
        numCount("قتل أقل من ⟦40⟧ مقاتلا", 40, .lessThan),
        numCount("نشر ما يصل إلى ⟦40⟧ مقاتلا", 40, .atMost),
        numCount("نشر ما لا يزيد عن ⟦40⟧ مقاتلا", 40, .atMost),
        numCount("قدر العدد بحوالي ⟦300⟧ مقاتل", 300, .approx),
        numMeasure("استمرت المعارك لنحو ⟦40 يوما⟧ بمشاركة", 40, .approx, unit: "يوم"),
        numCount("تشهد تواجدا ولأكثر من ⟦50⟧ شخصا", 50, .moreThan, counted: "شخص"),
        numCount("قدر بأكثر من ⟦٣٠٠⟧ مقاتل", 300, .moreThan),
        numCount("🚨 قُتِلَ أَكْثَرُ مِنْ ⟦٤٠⟧ مُقَاتِلاً", 40, .moreThan, counted: "مقاتل", .killed),
        numCount("قتل على الأقل ⟦40⟧ قتيلا", 40, .atLeast, counted: "قتيل", .killed),
        numCount("قتل تقريبا ⟦40⟧ مقاتلا", 40, .approx),
        numCount("وصل ما يناهز ⟦500⟧ مقاتل", 500, .approx, counted: "مقاتل", .fighters),
        numCount("وصل زهاء ⟦٣٠٠⟧ عنصر", 300, .approx, counted: "عنصر", .fighters),
    ]

    @Test("qualifier before", arguments: before)
    func qualifierBefore(_ row: NumRow) { expectNumber(row) }

    static let after: [NumRow] = [
        numCount("قتل ⟦11⟧ على الأقل من مسلحي التنظيم", 11, .atLeast, counted: "مسلح", .killed),
        numCount("قتل ⟦40⟧ مقاتلا على الأقل", 40, .atLeast, counted: "مقاتل"),
        numCount("قتل ⟦40⟧ تقريبا", 40, .approx, .killed),
        numCount("قتل ⟦40⟧ مقاتلاً تقريباً", 40, .approx, counted: "مقاتل"),
        numCount("قتل ⟦40⟧ مقاتلا أو أكثر", 40, .atLeast, counted: "مقاتل"),
        numCount("قتل ⟦40⟧ فأكثر", 40, .atLeast),
        numCount("نشر ⟦40⟧ جنديا على الأكثر", 40, .atMost, counted: "جندي"),
        numCount("وصل ⟦1130⟧ شاحنة على الأقل", 1130, .atLeast, counted: "شاحنة", .equipment),
    ]

    @Test("qualifier after", arguments: after)
    func qualifierAfter(_ row: NumRow) { expectNumber(row) }

    static let ranges: [NumRow] = [
        numCount("قتل بين ⟦800 و1000⟧ مقاتل", 800, .range, max: 1000, counted: "مقاتل", .killed),
        numCount("قتل بين⟦800 و1000⟧ مقاتل", 800, .range, max: 1000, counted: "مقاتل"),
        numCount("قتل ما بين ⟦800 و1000⟧ مقاتل", 800, .range, max: 1000),
        numCount("قتل ما بين ⟦10 إلى 15⟧ مقاتلا", 10, .range, max: 15, counted: "مقاتل", .killed),
        numCount("عدد القتلى يتراوح بين ⟦10 و15⟧ قتيلا", 10, .range, max: 15, counted: "قتيل", .killed),
        numCount("سقط من ⟦10 إلى 15⟧ قتيلا", 10, .range, max: 15, counted: "قتيل", .killed),
        numCount("سقط بين ⟦ثلاثة وخمسة⟧ قتلى", 3, .range, max: 5, counted: "قتيل", .killed),
        numCount("نزوح ما بين ⟦3 و5 آلاف⟧ شخص", 3000, .range, max: 5000, counted: "شخص", .displaced),
        numCount("سقط ⟦5 أو 6⟧ قتلى", 5, .range, max: 6, counted: "قتيل", .killed),
        numCount("وصل ⟦10-15⟧ مقاتلا", 10, .range, max: 15, counted: "مقاتل"),
        numCount("وصل بين ⟦مائة ومائتين⟧ مقاتل", 100, .range, max: 200, counted: "مقاتل"),
        numCount("وصل بين ⟦٨٠٠ و١٠٠٠⟧ مقاتل", 800, .range, max: 1000),
        numPercent("ارتفعت بنسبة ما بين ⟦٢٠ و٣٠ في المئة⟧", 20, .range, max: 30),
        numMeasure("استمر القتال بين ⟦3 و5 أيام⟧", 3, .range, max: 5, unit: "يوم"),
    ]

    @Test("ranges", arguments: ranges)
    func rangeForms(_ row: NumRow) { expectNumber(row) }

    static let percents: [NumRow] = [
        numPercent("في أقل من ⟦1%⟧ من الأراضي", 1, .lessThan),
        numPercent("في أقل من ⟦١٪⟧ من الأراضي", 1, .lessThan),
        numPercent("في أقل من ⟦واحد في المئة⟧ من الأراضي", 1, .lessThan),
        numPercent("تراجع بنحو ⟦10 بالمئة⟧", 10, .approx),
        numPercent("تراجع ⟦50 في المائة⟧", 50),
        numPercent("تراجع ⟦٣٠ بالمائة⟧", 30),
        numPercent("تراجع ⟦٢٫٥٪⟧", 2.5),
        numPercent("تراجع ⟦%50⟧ من", 50),
        numPercent("تراجع ⟦خمسة في المئة⟧", 5),
        numPercent("تراجع ⟦50 %⟧", 50),
        numPercent("تراجع 😐 ⟦۷۵٪⟧", 75),
    ]

    @Test("percents", arguments: percents)
    func percentForms(_ row: NumRow) { expectNumber(row) }

    static let measures: [NumRow] = [
        numMeasure("حصره في نحو ⟦4 كم مربع⟧", 4, .approx, unit: "كم مربع"),
        numMeasure("خلال الـ ⟦72 ساعة⟧ الماضية", 72, unit: "ساعة"),
        numMeasure("استمرت المواجهات لنحو ⟦أربع ساعات⟧.", 4, .approx, unit: "ساعة"),
        numMeasure("استمر القصف ⟦3 أيام⟧", 3, unit: "يوم"),
        numMeasure("تقدمت القوات ⟦10 كم⟧", 10, unit: "كم"),
        numMeasure("استمر الحصار ⟦ثلاثة أشهر⟧", 3, unit: "شهر"),
        numMeasure("منذ ⟦15 عاما⟧", 15, unit: "عام"),
        numMeasure("بعد ⟦نصف ساعة⟧ من القصف", 0.5, unit: "ساعة"),
        numMeasure("بعد ⟦ربع ساعة⟧ من القصف", 0.25, unit: "ساعة"),
        numMeasure("استمر القتال ⟦عدة أيام⟧", 3, .approx, unit: "يوم"),
        numMeasure("استمر القتال ⟦لعدة أيام⟧", 3, .approx, unit: "يوم"),
        numMeasure("على بعد ⟦100 متر⟧", 100, unit: "متر"),
        numMeasure("على بعد ⟦5 كيلومترات⟧", 5, unit: "كم"),
        numMeasure("مساحة ⟦٢٠ كيلو متر مربع⟧", 20, unit: "كم مربع"),
        numMeasure("رصد ⟦مليون دولار⟧", 1_000_000, unit: "دولار"),
        numMeasure("منذ ⟦3 سنوات⟧", 3, unit: "سنة"),
        numMeasure("في آخر ⟦24 ساعة⟧ وصل", 24, unit: "ساعة"),
        numMeasure("⛔ منذ ⟦٧٢ ساعةً⟧", 72, unit: "ساعة"),
        numMeasure("خلال ⟦أربعة وعشرين ساعة⟧", 24, unit: "ساعة"),
        numMeasure("رصد ⟦2 مليار دولار⟧", 2e9, unit: "دولار"),
    ]

    @Test("measures", arguments: measures)
    func measureForms(_ row: NumRow) { expectNumber(row) }
}
