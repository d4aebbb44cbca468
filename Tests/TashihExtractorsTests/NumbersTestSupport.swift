import TashihExtractors
import Testing

/// A marked-text fixture: `⟦…⟧` marks the span the extractor must find, `⟪…⟫` a region no span
/// may touch. The markers are removed and their positions turned into Unicode scalar offsets of
/// the clean text, so no offset is ever counted by hand.
struct NumFixture {
    let text: String
    let expected: [Range<Int>]
    let forbidden: [Range<Int>]

    init(_ marked: String) {
        var clean = String.UnicodeScalarView()
        var expected: [Range<Int>] = []
        var forbidden: [Range<Int>] = []
        var openE: Int? = nil
        var openF: Int? = nil
        var n = 0
        for u in marked.unicodeScalars {
            switch u {
            case "⟦": openE = n
            case "⟧":
                expected.append(openE!..<n)
                openE = nil
            case "⟪": openF = n
            case "⟫":
                forbidden.append(openF!..<n)
                openF = nil
            default:
                clean.append(u)
                n += 1
            }
        }
        precondition(openE == nil && openF == nil, "unclosed marker in \(marked)")
        self.text = String(clean)
        self.expected = expected
        self.forbidden = forbidden
    }

    /// The text of a scalar range, computed independently of the extractor.
    func slice(_ r: Range<Int>) -> String {
        let scalars = Array(text.unicodeScalars)
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars[r])
        return String(v)
    }
}

/// One expected number: the marked text and what the extractor must say about the span.
struct NumRow: Sendable, CustomTestStringConvertible {
    var marked: String
    var label: NumberLabel
    var value: Double
    var qualifier: NumberQualifier
    var valueMax: Double? = nil
    var counted: String? = nil
    var category: CountCategory? = nil

    var testDescription: String { marked }
}

func numCount(
    _ marked: String, _ value: Double, _ q: NumberQualifier = .exact, max: Double? = nil, counted: String? = nil,
    _ category: CountCategory? = nil
) -> NumRow {
    NumRow(marked: marked, label: .count, value: value, qualifier: q, valueMax: max, counted: counted, category: category)
}

func numPercent(_ marked: String, _ value: Double, _ q: NumberQualifier = .exact, max: Double? = nil) -> NumRow {
    NumRow(marked: marked, label: .percent, value: value, qualifier: q, valueMax: max)
}

func numMeasure(_ marked: String, _ value: Double, _ q: NumberQualifier = .exact, max: Double? = nil, unit: String? = nil)
    -> NumRow
{
    NumRow(marked: marked, label: .measure, value: value, qualifier: q, valueMax: max, counted: unit)
}

let numberExtractor = NumberExtractor()

/// Checks that the marked span is found with the row's label, value, qualifier and, when the
/// row gives them, value_max, counted noun and category; and that the span text is the slice
/// of the clean text at those scalar offsets.
func expectNumber(_ row: NumRow, sourceLocation: SourceLocation = #_sourceLocation) {
    let f = NumFixture(row.marked)
    #expect(f.expected.count == 1, "fixture must mark exactly one span", sourceLocation: sourceLocation)
    guard let want = f.expected.first else { return }
    let found = numberExtractor.findNumbers(in: f.text)
    guard let m = found.first(where: { $0.start == want.lowerBound && $0.end == want.upperBound }) else {
        Issue.record("no span at \(want) «\(f.slice(want))»; found \(found)", sourceLocation: sourceLocation)
        return
    }
    #expect(m.text == f.slice(want), sourceLocation: sourceLocation)
    #expect(m.label == row.label, sourceLocation: sourceLocation)
    #expect(m.value == row.value, sourceLocation: sourceLocation)
    #expect(m.qualifier == row.qualifier, sourceLocation: sourceLocation)
    #expect(m.valueMax == row.valueMax, sourceLocation: sourceLocation)
    if let c = row.counted { #expect(m.counted == c, sourceLocation: sourceLocation) }
    if let c = row.category { #expect(m.category == c, sourceLocation: sourceLocation) }
    if row.label != .count { #expect(m.category == nil, sourceLocation: sourceLocation) }
    #expect(m.score > 0 && m.score <= 1, sourceLocation: sourceLocation)
    for r in f.forbidden {
        #expect(
            !found.contains { $0.start < r.upperBound && r.lowerBound < $0.end }, "a span touches ⟪\(f.slice(r))⟫",
            sourceLocation: sourceLocation)
    }
}

/// Checks that no span is found at all, or (with `⟪…⟫` markers) none touching the marked regions.
func expectNoNumber(_ marked: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let f = NumFixture(marked)
    let found = numberExtractor.findNumbers(in: f.text)
    if f.forbidden.isEmpty {
        #expect(found.isEmpty, "expected no span, found \(found)", sourceLocation: sourceLocation)
    } else {
        for r in f.forbidden {
            let hit = found.filter { $0.start < r.upperBound && r.lowerBound < $0.end }
            #expect(hit.isEmpty, "a span touches ⟪\(f.slice(r))⟫: \(hit)", sourceLocation: sourceLocation)
        }
    }
}
