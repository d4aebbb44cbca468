import Testing
import TashihExtractors

/// The category of a COUNT, from the counted noun and the words around it; and the counted lemma.
@Suite("Numbers: category and counted noun")
struct NumbersCategoryTests {
    static let rows: [NumRow] = [
        count("اعتقلت القوات ⟦5⟧ أشخاص", 5, counted: "شخص", .captured),
        count("جرح ⟦3⟧ مدنيين", 3, counted: "مدني", .wounded),
        count("فر ⟦300⟧ شخص", 300, counted: "شخص", .displaced),
        count("سلم ⟦20⟧ مسلحا أنفسهم", 20, counted: "مسلح", .surrendered),
        count("استسلم ⟦12⟧ عنصرا", 12, counted: "عنصر", .surrendered),
        count("لقي ⟦5⟧ أشخاص حتفهم", 5, counted: "شخص", .killed),
        count("عثر على ⟦5⟧ مفقودين", 5, counted: "مفقود", .missing),
        count("نزوح ⟦200⟧ عائلة", 200, counted: "عائلة", .displaced),
        count("أسرت الفصائل ⟦3⟧ جنود", 3, counted: "جندي", .captured),
        count("دمرت ⟦5⟧ دبابات", 5, counted: "دبابة", .equipment),
        count("قتل ركاب ⟦5⟧ سيارات", 5, counted: "سيارة", .equipment),
        count("وصل ⟦700⟧ جندي", 700, counted: "جندي", .fighters),
        count("يعيش ⟦15⟧ شخصا في المخيم", 15, counted: "شخص", .civilians),
        count("سيطروا على ⟦30⟧ قرية", 30, counted: "قرية", .other),
        count("قتل ⟦5⟧ في الهجوم", 5, .exact, .killed),
        count("انتشر ⟦100⟧ من عناصر التنظيم", 100, counted: "عنصر", .fighters),
        count("مقتل ⟦10⟧ جنود وإصابة 20 آخرين", 10, counted: "جندي", .killed),
        count("مقتل 10 جنود وإصابة ⟦20⟧ آخرين", 20, .exact, .wounded),
        count("أسفر القصف عن ⟦8⟧ جرحى", 8, counted: "جريح", .wounded),
        count("تم إطلاق سراح ⟦4⟧ رهائن", 4, counted: "رهينة", .captured),
        count("وصل ⟦3⟧ انتحاريين", 3, counted: "انتحاري", .fighters),
        count("قتل ⟦40⟧ مقاتلاً سورياً", 40, counted: "مقاتل", .killed),
        count("قتل ⟦100⟧ من مقاتليها", 100, counted: "مقاتل", .killed),
        count("وصول ⟦50⟧ من المهاجمين", 50, counted: "مهاجم", .other),
        count("تدمير ⟦12⟧ آلية عسكرية", 12, counted: "آلية", .equipment),
        count("إسقاط ⟦3⟧ طائرات مسيرة", 3, counted: "طائرة", .equipment),
        count("وصول ⟦20⟧ حافلة", 20, counted: "حافلة", .other),
        count("وصول ⟦20⟧ حافلات", 20, counted: "حافلة", .other),
        count("تمكنت القوات من أسر ⟦15⟧ مقاتلا", 15, counted: "مقاتل", .captured),
        count("استسلام ⟦200⟧ عنصر", 200, counted: "عنصر", .surrendered),
        count("لقي ⟦4⟧ جنود حتفهم", 4, counted: "جندي", .killed),
        count("لقي ⟦جنديان⟧ حتفهما", 2, counted: "جندي", .killed),
        count("خروج ⟦300⟧ عائلة", 300, counted: "عائلة", .displaced),
        count("ارتفع عدد القتلى إلى ⟦50⟧", 50, .exact, .killed),
        count("قتل ⟦5⟧ أشخاص، بينهم 3 أطفال", 5, counted: "شخص", .killed),
        count("قتل 5 أشخاص، بينهم ⟦3⟧ أطفال", 3, counted: "طفل", .killed),
    ]

    @Test("category and lemma", arguments: rows)
    func categoryAndLemma(_ row: NumRow) { expectRow(row) }

    /// `آخرون/آخرين` (others) after a number is not its counted noun.
    @Test func othersIsNotTheCountedNoun() {
        let found = numberExtractor.findNumbers(in: "قتل 3 وأصيب 5 آخرون")
        #expect(found.map(\.value) == [3, 5])
        #expect(found.map(\.counted) == [nil, nil])
        #expect(found.map(\.category) == [.killed, .wounded])
    }

    /// `وأسرهم` (and their families) near a count is not a capture.
    @Test func familiesAreNotACapture() {
        let found = numberExtractor.findNumbers(in: "حوالي 15،000 شخص من بينهم مقاتلو داعش وأسرهم")
        #expect(found.first?.category == .civilians)
    }

    /// `قتل خمسة وجرح ثلاثة`: a و-prefixed verb after a number is not its counted noun.
    @Test func conjoinedVerbIsNotTheCountedNoun() {
        let found = numberExtractor.findNumbers(in: "قتل خمسة وجرح ثلاثة")
        #expect(found.map(\.value) == [5, 3])
        #expect(found.allSatisfy { $0.counted == nil })
        #expect(found.map(\.category) == [.killed, .wounded])
    }
}
