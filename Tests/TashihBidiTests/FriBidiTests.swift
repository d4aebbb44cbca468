import Foundation
import Testing

@testable import TashihBidi
@testable import TashihREPL

/// The visual order FriBidi gives, checked against the properties of the Unicode bidi algorithm
/// and against GNU FriBidi's own command-line tool (`fribidi`, from libfribidi-bin).
@Suite struct FriBidiTests {
    func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
    func string(_ v: [Unicode.Scalar]) -> String {
        var u = String.UnicodeScalarView()
        u.append(contentsOf: v)
        return String(u)
    }

    @Test func arabicReadsRightToLeftWithHarakatAfterTheirLetter() {
        let line = scalars("بِسْمِ اللّٰهِ")
        let v = FriBidi(direction: .auto, shape: false).reorder(line)
        // Reversed by base letter: each letter is followed by its own harakat.
        #expect(string(v.scalars) == "ه\u{650}ل\u{651}\u{670}لا م\u{650}س\u{652}ب\u{650}")
        #expect(v.logicalIndex.sorted() == Array(line.indices))
        for (vi, li) in v.logicalIndex.enumerated() { #expect(v.scalars[vi] == line[li]) }
    }

    @Test func embeddedLatinAndDigitsKeepTheirOrder() {
        let line = scalars("قال ISIS إن ١٢ و 34 قتلوا")
        let v = string(FriBidi(shape: false).reorder(line).scalars)
        #expect(v.contains("ISIS"))
        #expect(v.contains("١٢"))
        #expect(v.contains("34"))
        // The first logical word ends up at the right edge, the last at the left.
        #expect(v.hasPrefix("اولتق"))
        #expect(v.hasSuffix("لاق"))
    }

    @Test func bracketsAreMirroredInsideRightToLeftText() {
        let v = string(FriBidi(shape: false).reorder(scalars("قوات (قسد) هاجمت")).scalars)
        #expect(v == "تمجاه (دسق) تاوق")
    }

    @Test func shapingJoinsLettersOneForOne() {
        let line = scalars("قـــسد")
        let v = FriBidi(shape: true).reorder(line)
        #expect(v.scalars.count == line.count)
        // Visual order: د (final), س (medial), tatweel ×3, ق (initial).
        #expect(v.scalars.map(\.value) == [0xFEAA, 0xFEB4, 0x640, 0x640, 0x640, 0xFED7])
    }

    @Test func nonBMPAndEmptyLines() {
        #expect(FriBidi().reorder([]).scalars.isEmpty)
        let line = scalars("قُتِلَ 𝟙٢ 🙂")
        let v = FriBidi(shape: false).reorder(line)
        #expect(v.scalars.count == line.count)
        #expect(string(v.scalars).hasPrefix("🙂"))
    }

    /// The `fribidi` tool of GNU FriBidi (libfribidi-bin, installed by scripts/setup.sh): our
    /// wrapper must give the same visual string as the library's own front end, shaping included.
    /// (The tool also forms lam-alef ligatures, which Tashih does not, so the lines have none.)
    static let lines = [
        "قال المرصد السوري إن ١٢ مقاتلًا من «قسد» قُتِلوا في هجين 🙂",
        "أعلن تنظيم الدولة (داعش) مسؤوليته عن الهجوم على قوات سوريا الديمقراطية",
        "Reuters: قُتِلَ ٣٠ شخصاً، بينهم 7 أطفال",
        "وشنّت طائرات التحالف الدولي ١٥ غارة جوية 𝟙",
    ]

    @Test(arguments: lines) func agreesWithTheFribidiTool(line: String) throws {
        let tool = try #require(Self.fribidiTool(), "fribidi (libfribidi-bin) not installed: run scripts/setup.sh")
        let expected = try Self.run(tool, ["--nopad", "--nobreak", "--rtl", "--reordernsm"], input: line)
        let got = FriBidi(direction: .rightToLeft, shape: true).reorder(scalars(line))
        #expect(string(got.scalars) == expected)
    }

    @Test func highlightsFollowTheVisualOrderAcrossAnEmbeddedLatinRun() {
        // The span covers «جم IS» logically: the end of an Arabic word and the start of a Latin
        // one. In visual order the Latin word reads left to right inside the right-to-left line,
        // so the span becomes two coloured runs with «IS» of «ISIS» between them uncoloured.
        let line = scalars("هاجم ISIS قوات التحالف")
        let start = 2
        let end = 7
        let r = LineRenderer(mode: .app, colour: true, engine: FriBidi(shape: false))
        let out = r.render(line, highlights: [Highlight(range: start..<end, sgr: "1;33")])
        #expect(out.components(separatedBy: "\u{1B}[1;33m").count - 1 == 2)
        // Every coloured character belongs to the span, and every span character is coloured.
        let coloured = Self.colouredScalars(out)
        #expect(coloured.sorted(by: { $0.value < $1.value }) == Array(line[start..<end]).sorted(by: { $0.value < $1.value }))
        // Without colour nothing but the visual text is written.
        let plain = LineRenderer(mode: .app, colour: false, engine: FriBidi(shape: false)).render(line)
        #expect(plain == string(FriBidi(shape: false).reorder(line).scalars))
        #expect(!plain.contains("\u{1B}"))
    }

    @Test func aWrappedLineOfAnArabicParagraphStaysRightToLeftAndIsRightAligned() {
        // This wrapped line of an Arabic paragraph starts with a Latin word: by its own first
        // strong character it would be left-to-right.
        let line = scalars("ISIS هاجم قُرى")
        let r = LineRenderer(mode: .app, colour: false, engine: FriBidi(shape: false))
        let auto = r.render(line)
        let rtl = r.render(line, rightToLeft: true, width: 20)
        #expect(auto == "ISIS ىرقُ مجاه")
        // 14 scalars, one of them a haraka: 13 columns, so 7 spaces put the line at the right edge.
        #expect(rtl == String(repeating: " ", count: 7) + "ىرقُ مجاه ISIS")
        // Terminal and none modes never reorder or pad.
        #expect(
            LineRenderer(mode: .terminal, colour: false, engine: FriBidi()).render(line, rightToLeft: true, width: 20)
                == "ISIS هاجم قُرى")
    }

    static func colouredScalars(_ s: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var inColour = false
        var it = Array(s.unicodeScalars)[...]
        while let u = it.popFirst() {
            if u == "\u{1B}" {
                var seq = ""
                while let c = it.popFirst() {
                    if c == "m" { break }
                    seq.unicodeScalars.append(c)
                }
                inColour = seq != "[0"
                continue
            }
            if inColour { out.append(u) }
        }
        return out
    }

    static func fribidiTool() -> String? {
        for p in ["/usr/bin/fribidi", "/usr/local/bin/fribidi"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    static func run(_ tool: String, _ args: [String], input: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let inPipe = Pipe()
        let outPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        try p.run()
        inPipe.fileHandleForWriting.write(Data((input + "\n").utf8))
        try inPipe.fileHandleForWriting.close()
        let data = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        var s = String(decoding: data, as: UTF8.self)
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
