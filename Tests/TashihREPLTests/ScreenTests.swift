import TashihGold
import TashihModel
import TashihTerminal
import TashihText
import Testing

@testable import TashihREPL

/// A stand-in for libfribidi on a right-to-left paragraph: the line is reversed, except that
/// runs of ASCII letters and digits keep their left-to-right order (as a Latin name does).
struct FakeRTL: BidiReordering {
    func reorder(_ logical: [Unicode.Scalar]) -> VisualLine {
        func alnum(_ u: Unicode.Scalar) -> Bool { u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u)) }
        // A space between two Latin letters or digits belongs to their run.
        let ltr = logical.indices.map { i in
            alnum(logical[i])
                || (logical[i] == " " && i > 0 && i + 1 < logical.count && alnum(logical[i - 1]) && alnum(logical[i + 1]))
        }
        var runs: [[Int]] = []
        for i in logical.indices {
            if ltr[i], let last = runs.last, let j = last.last, ltr[j], j == i - 1 {
                runs[runs.count - 1].append(i)
            } else {
                runs.append([i])
            }
        }
        let order = runs.reversed().flatMap { $0 }
        let mirrored: [Unicode.Scalar] = order.map { i in
            switch logical[i] {
            case "[": return "]"
            case "]": return "["
            default: return logical[i]
            }
        }
        return VisualLine(scalars: mirrored, logicalIndex: order)
    }
}

@Suite struct ScreenTests {
    let esc = "\u{1B}["

    @Test func appModeColoursTheVisualPositionsOfALogicalSpan() {
        let r = LineRenderer(mode: .app, colour: true, engine: FakeRTL())
        let line = Array("قال Sean Ryan إن".unicodeScalars)
        // The span "قال Sean": Arabic then the first word of an embedded LTR run.
        let out = r.render(line, highlights: [Highlight(range: 0..<8, sgr: "1;33")])
        // Visual: "نإ Sean Ryan لاق" — the span is "Sean" and "لاق", two runs with " Ryan " between.
        #expect(out == "نإ \(esc)1;33mSean\(esc)0m Ryan\(esc)1;33m لاق\(esc)0m")
        // Without colour nothing but the visual text.
        #expect(LineRenderer(mode: .app, colour: false, engine: FakeRTL()).render(line) == "نإ Sean Ryan لاق")
        // Terminal and none modes keep logical order.
        #expect(LineRenderer(mode: .terminal, colour: false, engine: FakeRTL()).render(line) == "قال Sean Ryan إن")
        #expect(
            LineRenderer(mode: .none, colour: true).render(line, highlights: [Highlight(range: 0..<3, sgr: "1")])
                == "قال Sean Ryan إن")
    }

    @Test func theRecordScreenReordersEachWrappedLineAndKeepsBracketsNumbered() throws {
        let f = try REPLFixture()
        let writer = try JournalWriter(dataset: f.ds, annotator: "amal", guidelines: "1.0")
        var o = SessionOptions(annotator: "amal")
        o.width = 40
        o.renderer = LineRenderer(mode: .app, colour: true, engine: FakeRTL())
        let s = Session(
            store: try AnnotationStore(dataset: f.ds), writer: writer, options: o, guidelines: nil, actors: ActorNames(),
            output: { _ in })
        try s.start()
        s.run("a 2")  // قســـد gold (green), the rest open (yellow)
        let view = try #require(s.view)
        let (marked, highlights) = Screen.markedText(view)
        let logical = String(String.UnicodeScalarView(marked))
        #expect(logical == "🙂 قُتِلَ [1 ١٢] مقاتلاً من [2 قســـد] قرب هجين، وقال [3 Sean Ryan] إن [4 لداعش] خسائر")
        let lines = Screen.wrap(marked, highlights: highlights, width: 40)
        // Harakat take no column: every wrapped line fits 40 columns by display width.
        #expect(lines.allSatisfy { DisplayWidth.of(String(String.UnicodeScalarView($0.scalars))) <= 40 })
        #expect(lines.count == 3)
        let screen = s.screenLines()
        // Each wrapped line is drawn reversed (the fake engine), right-aligned to the width.
        for l in lines {
            let visual = FakeRTL().reorder(l.scalars)
            let plain = String(String.UnicodeScalarView(visual.scalars))
            let drawn = try #require(
                screen.first {
                    $0.replacingOccurrences(of: "\u{1B}[0m", with: "").replacingOccurrences(of: "\u{1B}[1;33m", with: "")
                        .replacingOccurrences(of: "\u{1B}[1;32m", with: "").hasSuffix(plain)
                })
            #expect(drawn.hasPrefix(" ") || DisplayWidth.of(plain) == 40)
        }
        // The gold span is green, in visual order with mirrored brackets: read right to left,
        // "[دـــسق 2]" is "[2 قســـد]".
        #expect(screen.contains { $0.contains("\(esc)1;32m[دـــسق 2]\(esc)0m") })
        #expect(screen.contains { $0.contains("\(esc)1;33m[٢١ 1]\(esc)0m") })
        writer.close()
    }

    @Test func withoutColourTheBracketsCarryTheSpansAndNoEscapeIsWritten() throws {
        let f = try REPLFixture()
        let s = try f.session()
        let all = s.screenLines().joined(separator: "\n")
        #expect(!all.contains("\u{1B}"))
        #expect(all.contains("[2 قســـد]") && all.contains("[3 Sean Ryan]"))
        s.writer.close()
    }

    @Test func inTerminalModeNoTwoArabicCellsAreSideBySide() throws {
        let f = try REPLFixture()
        let writer = try JournalWriter(dataset: f.ds, annotator: "amal", guidelines: "1.0")
        var o = SessionOptions(annotator: "amal")
        o.renderer = LineRenderer(mode: .terminal, colour: false)
        let s = Session(
            store: try AnnotationStore(dataset: f.ds), writer: writer, options: o, guidelines: nil, actors: ActorNames(),
            output: { _ in })
        try s.start()
        s.run("= 1 counted=مقاتل")  // an Arabic attribute value in the attributes cell
        let table = try #require(s.view.map { Screen(width: 200, renderer: o.renderer).table($0, schema: f.ws.schema) })
        func arabic(_ c: Substring) -> Bool {
            c.unicodeScalars.contains { Arabic.isArabicLetter($0) || (!$0.isASCII && Arabic.isDigit($0)) }
        }
        var sawArabicAttribute = false
        for line in table.dropFirst() {
            // Cells are separated by two or more spaces.
            let cells = line.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(cells.count == 8 || cells.count == 7, "\(cells)")
            let flags = cells.map { arabic(Substring($0)) }
            for k in 1..<flags.count { #expect(!(flags[k] && flags[k - 1]), "\(line)") }
            if cells.count == 8 && arabic(Substring(cells[4])) { sawArabicAttribute = true }
            #expect(arabic(Substring(cells.last!)) || cells.last!.contains("Sean"))
        }
        #expect(sawArabicAttribute)
        writer.close()
    }

    @Test func theTableFitsTheWidthAndABracketNumberStaysWithItsSpan() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("= 1 counted=\"مقاتل من قوات سوريا الديمقراطية\" category=killed")
        let v = try #require(s.view)
        let wide = Screen(width: 200, renderer: LineRenderer(mode: .none, colour: false)).table(v, schema: f.ws.schema)
        #expect(wide[0].split(separator: " ").prefix(4) == ["#", "state", "family", "label"])
        let narrow = Screen(width: 75, renderer: LineRenderer(mode: .none, colour: false)).table(v, schema: f.ws.schema)
        #expect(narrow[0].split(separator: " ").prefix(4) == ["#", "state", "label", "attributes"])
        #expect(narrow.allSatisfy { DisplayWidth.of($0) <= 75 }, "\(narrow)")
        #expect(narrow[1].contains("…"))
        // Wrapped text: every "[N" is followed by its span's first word on the same line.
        for width in 20...60 {
            for line in Screen.wrap(Screen.markedText(v).scalars, highlights: [], width: width) {
                let l = String(String.UnicodeScalarView(line.scalars))
                #expect(!l.hasSuffix("[1") && !l.hasSuffix("[2") && !l.hasSuffix("[3") && !l.hasSuffix("[4"), "\(width): \(l)")
            }
        }
        s.writer.close()
    }

    @Test func theTokenViewNumbersEveryToken() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("t")
        let lines = s.screenLines().joined(separator: " ")
        #expect(lines.contains("1:🙂  2:قُتِلَ  3:١٢  4:مقاتلاً"))
        #expect(lines.contains(":Sean") && lines.contains(":خسائر"))
        s.writer.close()
    }
}
