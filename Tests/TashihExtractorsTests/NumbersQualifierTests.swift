import Testing
import TashihExtractors

/// Qualifiers, ranges, percent markers and units (ARABIC.md §4, §5; PRODUCT.md boundaries).
@Suite("Numbers: qualifiers, ranges, percents, measures")
struct NumbersQualifierTests {
    static let before: [NumRow] = [
        count("قتل نحو ⟦40⟧ مقاتلا", 40, .approx),
        count("قتل حوالي ⟦40⟧ مقاتلا", 40, .approx),
        count("قتل حوالى ⟦40⟧ مقاتلا", 40, .approx),
        count("قتل قرابة ⟦40⟧ مقاتلا", 40, .approx),
        count("قتل زهاء ⟦40⟧ مقاتلا", 40, .approx),
        count("قتل ما يقارب ⟦40⟧ مقاتلا", 40, .approx),
        count("قتل ما يقرب من ⟦40⟧ مقاتلا", 40, .approx),
        count("قتل أكثر من ⟦40⟧ مقاتلا", 40, .moreThan),
        count("قتل ما يزيد عن ⟦40⟧ مقاتلا", 40, .moreThan),
        count("قتل ما يزيد على ⟦40⟧ مقاتلا", 40, .moreThan),
        count("قتل ما لا يقل عن ⟦40⟧ مقاتلا", 40, .atLeast),
        count("قتل أقل من ⟦40⟧ مقاتلا", 40, .lessThan),
        count("نشر ما يصل إلى ⟦40⟧ مقاتلا", 40, .atMost),
        count("نشر ما لا يزيد عن ⟦40⟧ مقاتلا", 40, .atMost),
        count("قدر العدد بحوالي ⟦300⟧ مقاتل", 300, .approx),
        measure("استمرت المعارك لنحو ⟦40 يوما⟧ بمشاركة", 40, .approx, unit: "يوم"),
        count("تشهد تواجدا ولأكثر من ⟦50⟧ شخصا", 50, .moreThan, counted: "شخص"),
        count("قدر بأكثر من ⟦٣٠٠⟧ مقاتل", 300, .moreThan),
        count("🚨 قُتِلَ أَكْثَرُ مِنْ ⟦٤٠⟧ مُقَاتِلاً", 40, .moreThan, counted: "مقاتل", .killed),
        count("قتل على الأقل ⟦40⟧ قتيلا", 40, .atLeast, counted: "قتيل", .killed),
        count("قتل تقريبا ⟦40⟧ مقاتلا", 40, .approx),
        count("وصل ما يناهز ⟦500⟧ مقاتل", 500, .approx, counted: "مقاتل", .fighters),
        count("وصل زهاء ⟦٣٠٠⟧ عنصر", 300, .approx, counted: "عنصر", .fighters),
    ]

    @Test("qualifier before", arguments: before)
    func qualifierBefore(_ row: NumRow) { expectRow(row) }

    static let after: [NumRow] = [
        count("قتل ⟦11⟧ على الأقل من مسلحي التنظيم", 11, .atLeast, counted: "مسلح", .killed),
        count("قتل ⟦40⟧ مقاتلا على الأقل", 40, .atLeast, counted: "مقاتل"),
        count("قتل ⟦40⟧ تقريبا", 40, .approx, .killed),
        count("قتل ⟦40⟧ مقاتلاً تقريباً", 40, .approx, counted: "مقاتل"),
        count("قتل ⟦40⟧ مقاتلا أو أكثر", 40, .atLeast, counted: "مقاتل"),
        count("قتل ⟦40⟧ فأكثر", 40, .atLeast),
        count("نشر ⟦40⟧ جنديا على الأكثر", 40, .atMost, counted: "جندي"),
        count("وصل ⟦1130⟧ شاحنة على الأقل", 1130, .atLeast, counted: "شاحنة", .equipment),
    ]

    @Test("qualifier after", arguments: after)
    func qualifierAfter(_ row: NumRow) { expectRow(row) }

    static let ranges: [NumRow] = [
        count("قتل بين ⟦800 و1000⟧ مقاتل", 800, .range, max: 1000, counted: "مقاتل", .killed),
        count("قتل بين⟦800 و1000⟧ مقاتل", 800, .range, max: 1000, counted: "مقاتل"),
        count("قتل ما بين ⟦800 و1000⟧ مقاتل", 800, .range, max: 1000),
        count("قتل ما بين ⟦10 إلى 15⟧ مقاتلا", 10, .range, max: 15, counted: "مقاتل", .killed),
        count("عدد القتلى يتراوح بين ⟦10 و15⟧ قتيلا", 10, .range, max: 15, counted: "قتيل", .killed),
        count("سقط من ⟦10 إلى 15⟧ قتيلا", 10, .range, max: 15, counted: "قتيل", .killed),
        count("سقط بين ⟦ثلاثة وخمسة⟧ قتلى", 3, .range, max: 5, counted: "قتيل", .killed),
        count("نزوح ما بين ⟦3 و5 آلاف⟧ شخص", 3000, .range, max: 5000, counted: "شخص", .displaced),
        count("سقط ⟦5 أو 6⟧ قتلى", 5, .range, max: 6, counted: "قتيل", .killed),
        count("وصل ⟦10-15⟧ مقاتلا", 10, .range, max: 15, counted: "مقاتل"),
        count("وصل بين ⟦مائة ومائتين⟧ مقاتل", 100, .range, max: 200, counted: "مقاتل"),
        count("وصل بين ⟦٨٠٠ و١٠٠٠⟧ مقاتل", 800, .range, max: 1000),
        percent("ارتفعت بنسبة ما بين ⟦٢٠ و٣٠ في المئة⟧", 20, .range, max: 30),
        measure("استمر القتال بين ⟦3 و5 أيام⟧", 3, .range, max: 5, unit: "يوم"),
    ]

    @Test("ranges", arguments: ranges)
    func rangeForms(_ row: NumRow) { expectRow(row) }

    static let percents: [NumRow] = [
        percent("في أقل من ⟦1%⟧ من الأراضي", 1, .lessThan),
        percent("في أقل من ⟦١٪⟧ من الأراضي", 1, .lessThan),
        percent("في أقل من ⟦واحد في المئة⟧ من الأراضي", 1, .lessThan),
        percent("تراجع بنحو ⟦10 بالمئة⟧", 10, .approx),
        percent("تراجع ⟦50 في المائة⟧", 50),
        percent("تراجع ⟦٣٠ بالمائة⟧", 30),
        percent("تراجع ⟦٢٫٥٪⟧", 2.5),
        percent("تراجع ⟦%50⟧ من", 50),
        percent("تراجع ⟦خمسة في المئة⟧", 5),
        percent("تراجع ⟦50 %⟧", 50),
        percent("تراجع 😐 ⟦۷۵٪⟧", 75),
    ]

    @Test("percents", arguments: percents)
    func percentForms(_ row: NumRow) { expectRow(row) }

    static let measures: [NumRow] = [
        measure("حصره في نحو ⟦4 كم مربع⟧", 4, .approx, unit: "كم مربع"),
        measure("خلال الـ ⟦72 ساعة⟧ الماضية", 72, unit: "ساعة"),
        measure("استمرت المواجهات لنحو ⟦أربع ساعات⟧.", 4, .approx, unit: "ساعة"),
        measure("استمر القصف ⟦3 أيام⟧", 3, unit: "يوم"),
        measure("تقدمت القوات ⟦10 كم⟧", 10, unit: "كم"),
        measure("استمر الحصار ⟦ثلاثة أشهر⟧", 3, unit: "شهر"),
        measure("منذ ⟦15 عاما⟧", 15, unit: "عام"),
        measure("بعد ⟦نصف ساعة⟧ من القصف", 0.5, unit: "ساعة"),
        measure("بعد ⟦ربع ساعة⟧ من القصف", 0.25, unit: "ساعة"),
        measure("استمر القتال ⟦عدة أيام⟧", 3, .approx, unit: "يوم"),
        measure("استمر القتال ⟦لعدة أيام⟧", 3, .approx, unit: "يوم"),
        measure("على بعد ⟦100 متر⟧", 100, unit: "متر"),
        measure("على بعد ⟦5 كيلومترات⟧", 5, unit: "كم"),
        measure("مساحة ⟦٢٠ كيلو متر مربع⟧", 20, unit: "كم مربع"),
        measure("رصد ⟦مليون دولار⟧", 1_000_000, unit: "دولار"),
        measure("منذ ⟦3 سنوات⟧", 3, unit: "سنة"),
        measure("في آخر ⟦24 ساعة⟧ وصل", 24, unit: "ساعة"),
        measure("⛔ منذ ⟦٧٢ ساعةً⟧", 72, unit: "ساعة"),
        measure("خلال ⟦أربعة وعشرين ساعة⟧", 24, unit: "ساعة"),
        measure("رصد ⟦2 مليار دولار⟧", 2e9, unit: "دولار"),
    ]

    @Test("measures", arguments: measures)
    func measureForms(_ row: NumRow) { expectRow(row) }
}
