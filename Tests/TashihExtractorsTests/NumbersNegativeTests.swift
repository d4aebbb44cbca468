import TashihExtractors
import Testing

/// What is not a number span: dates, clock times, years, ordinals, identifiers, hashtags,
/// handles, URLs, anaphoric duals, and words that only look like number words.
@Suite("Numbers: not spans")
struct NumbersNegativeTests {
    static let negatives: [String] = [
        "وقع نحو ⟪الساعة 11.30⟫ من مساء السبت",
        "وقع ⟪الساعة ١١٫٣٠⟫ مساء",
        "بدأ الهجوم ⟪الساعة 11:30⟫",
        "بدأ الهجوم في ⟪10 صباحا⟫",
        "تحت سيطرته ⟪عام 2017⟫",
        "في ⟪العام 2019⟫ خسر التنظيم",
        "في ⟪سنة 2018⟫",
        "⟪منذ 2011⟫ والحرب مستمرة",
        "⟪بين عامي 2017 و2018⟫",
        "خلال ⟪2018-2019⟫",
        "⟪2017 و2018⟫",
        "⟪November 27, 2018⟫",
        "⟪نوفمبر 2018⟫",
        "في ⟪5 يناير⟫",
        "في ⟪11 سبتمبر 2001⟫",
        "⟪الثلاثاء 27 من تشرين الثاني⟫",
        "في ⟪27 من الشهر الجاري⟫",
        "في ⟪الـ23 والـ 24 من كانون الثاني⟫",
        "⟪27/11/2018⟫",
        "⟪2018-11-27⟫",
        "⟪27.11.2018⟫",
        "⟪1440هـ⟫",
        "القرار ⟪رقم 2254⟫",
        "صدر ⟪القرار 2254⟫",
        "قوات ⟪الفرقة 17⟫ ⟪واللواء 93⟫",
        "الحرب ⟪(2018)⟫",
        "⟪٢٠١٤⟫ شهد تقدم التنظيم",
        "⟪#سوريا2018⟫ ⟪#دير_الزور⟫",
        "⟪@brett_mcgurk⟫ ⟪@user123⟫",
        "⟪https://t.co/abc123⟫",
        "⟪COVID-19⟫ و⟪F16⟫",
        "قادة ⟪الصف الأول⟫",
        "المرحلة ⟪الثانية⟫",
        "في ⟪القرن التاسع عشر⟫",
        "ذكرى ⟪الحادي عشر⟫ من سبتمبر",
        "⟪يوم الاثنين⟫",
        "لأن ⟪الجانبين⟫ يعترفان",
        "اتفق ⟪الطرفين⟫",
        "في ⟪القريتين⟫ سابقتي الذكر",
        "⟪أحد⟫ المقاتلين",
        "⟪واحدة⟫ من القواعد",
        "لمدة ساعة ⟪واحدة⟫",
        "⟪نصف⟫ المقاتلين",
        "⟪ثلث⟫ الأراضي",
        "⟪بعده⟫ و⟪وعده⟫",
        "⟪لست⟫ أدري",
        "لديه ⟪عدة⟫",
        "نقل ⟪عدد⟫ من المسلحين",
        "⟪العديد⟫ من العناصر",
        "⟪الخمسة⟫",
        "القادة ⟪الأربعة⟫",
        "سقوط ⟪0⟫ قتلى و⟪%٠⟫",
    ]

    @Test("not a span", arguments: negatives)
    func notASpan(_ marked: String) { expectNoNumber(marked) }

    @Test func emptyAndBlankTextHaveNoSpans() {
        #expect(numberExtractor.findNumbers(in: "").isEmpty)
        #expect(numberExtractor.findNumbers(in: " \n\t ").isEmpty)
        #expect(numberExtractor.findNumbers(in: "🙂").isEmpty)
    }
}
