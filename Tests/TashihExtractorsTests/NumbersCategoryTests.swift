import TashihExtractors
import Testing

/// The category of a COUNT, from the counted noun and the words around it; and the counted lemma.
@Suite("Numbers: category and counted noun")
struct NumbersCategoryTests {
    static let rows: [NumRow] = [
        numCount("اعتقلت القوات ⟦5⟧ أشخاص", 5, counted: "شخص", .captured),
        numCount("جرح ⟦3⟧ مدنيين", 3, counted: "مدني", .wounded),
        numCount("فر ⟦300⟧ شخص", 300, counted: "شخص", .displaced),
        numCount("سلم ⟦20⟧ مسلحا أنفسهم", 20, counted: "مسلح", .surrendered),
        numCount("استسلم ⟦12⟧ عنصرا", 12, counted: "عنصر", .surrendered),
        numCount("لقي ⟦5⟧ أشخاص حتفهم", 5, counted: "شخص", .killed),
        numCount("عثر على ⟦5⟧ مفقودين", 5, counted: "مفقود", .missing),
        numCount("نزوح ⟦200⟧ عائلة", 200, counted: "عائلة", .displaced),
        numCount("أسرت الفصائل ⟦3⟧ جنود", 3, counted: "جندي", .captured),
        numCount("دمرت ⟦5⟧ دبابات", 5, counted: "دبابة", .equipment),
        numCount("قتل ركاب ⟦5⟧ سيارات", 5, counted: "سيارة", .equipment),
        numCount("وصل ⟦700⟧ جندي", 700, counted: "جندي", .fighters),
        // Guidelines: "persons" are not civilians by themselves.
        numCount("يعيش ⟦15⟧ شخصا في المخيم", 15, counted: "شخص", .other),
        numCount("سيطروا على ⟦30⟧ قرية", 30, counted: "قرية", .other),
        numCount("قتل ⟦5⟧ في الهجوم", 5, .exact, .killed),
        numCount("انتشر ⟦100⟧ من عناصر التنظيم", 100, counted: "عنصر", .fighters),
        numCount("مقتل ⟦10⟧ جنود وإصابة 20 آخرين", 10, counted: "جندي", .killed),
        numCount("مقتل 10 جنود وإصابة ⟦20⟧ آخرين", 20, .exact, .wounded),
        numCount("أسفر القصف عن ⟦8⟧ جرحى", 8, counted: "جريح", .wounded),
        numCount("تم إطلاق سراح ⟦4⟧ رهائن", 4, counted: "رهينة", .captured),
        numCount("وصل ⟦3⟧ انتحاريين", 3, counted: "انتحاري", .fighters),
        numCount("قتل ⟦40⟧ مقاتلاً سورياً", 40, counted: "مقاتل", .killed),
        numCount("قتل ⟦100⟧ من مقاتليها", 100, counted: "مقاتل", .killed),
        numCount("وصول ⟦50⟧ من المهاجمين", 50, counted: "مهاجم", .other),
        numCount("تدمير ⟦12⟧ آلية عسكرية", 12, counted: "آلية", .equipment),
        numCount("إسقاط ⟦3⟧ طائرات مسيرة", 3, counted: "طائرة", .equipment),
        numCount("وصول ⟦20⟧ حافلة", 20, counted: "حافلة", .other),
        numCount("وصول ⟦20⟧ حافلات", 20, counted: "حافلة", .other),
        numCount("تمكنت القوات من أسر ⟦15⟧ مقاتلا", 15, counted: "مقاتل", .captured),
        numCount("استسلام ⟦200⟧ عنصر", 200, counted: "عنصر", .surrendered),
        numCount("لقي ⟦4⟧ جنود حتفهم", 4, counted: "جندي", .killed),
        numCount("لقي ⟦جنديان⟧ حتفهما", 2, counted: "جندي", .killed),
        numCount("خروج ⟦300⟧ عائلة", 300, counted: "عائلة", .displaced),
        numCount("ارتفع عدد القتلى إلى ⟦50⟧", 50, .exact, .killed),
        numCount("قتل ⟦5⟧ أشخاص، بينهم 3 أطفال", 5, counted: "شخص", .killed),
        numCount("قتل 5 أشخاص، بينهم ⟦3⟧ أطفال", 3, counted: "طفل", .killed),
    ]

    @Test("category and lemma", arguments: rows)
    func categoryAndLemma(_ row: NumRow) { expectNumber(row) }

    /// `آخرون/آخرين` (others) after a number is not its counted noun.
    @Test func othersIsNotTheCountedNoun() {
        let found = numberExtractor.findNumbers(in: "قتل 3 وأصيب 5 آخرون")
        #expect(found.map(\.value) == [3, 5])
        #expect(found.map(\.counted) == [nil, nil])
        #expect(found.map(\.category) == [.killed, .wounded])
    }

    /// `وأسرهم` (and their families) near a count is not a capture; fighters and families
    /// together are a mixed population, `other` (guidelines/numbers.md, category).
    @Test func familiesAreNotACapture() {
        let found = numberExtractor.findNumbers(in: "حوالي 15،000 شخص من بينهم مقاتلو داعش وأسرهم")
        #expect(found.first?.category == .other)
    }

    /// `قتل خمسة وجرح ثلاثة`: a و-prefixed verb after a number is not its counted noun.
    @Test func conjoinedVerbIsNotTheCountedNoun() {
        let found = numberExtractor.findNumbers(in: "قتل خمسة وجرح ثلاثة")
        #expect(found.map(\.value) == [5, 3])
        #expect(found.allSatisfy { $0.counted == nil })
        #expect(found.map(\.category) == [.killed, .wounded])
    }
}
