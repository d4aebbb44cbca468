import Foundation
import Testing

/// The real interactive REPL — GNU readline on a terminal, libfribidi's visual order — driven
/// through tmux on the first seed record of the shipped dataset.
@Suite(.serialized) struct ReplTmuxTests {
    /// A temporary workspace holding a copy of the shipped dataset, its lexicons and guidelines.
    static func shippedWorkspace() throws -> URL {
        let dir = try CLI.tempDirectory()
        let fm = FileManager.default
        let root = CLI.repoRoot
        try fm.copyItem(at: root.appendingPathComponent("tashih.json"), to: dir.appendingPathComponent("tashih.json"))
        try fm.copyItem(at: root.appendingPathComponent("guidelines"), to: dir.appendingPathComponent("guidelines"))
        let ds = dir.appendingPathComponent("datasets/hajin-2018")
        try fm.createDirectory(at: ds, withIntermediateDirectories: true)
        try fm.copyItem(
            at: root.appendingPathComponent("datasets/lexicons"), to: dir.appendingPathComponent("datasets/lexicons"))
        for f in ["records.jsonl", "suggestions"] {
            try fm.copyItem(at: root.appendingPathComponent("datasets/hajin-2018/\(f)"), to: ds.appendingPathComponent(f))
        }
        return dir
    }

    static func journal(_ ws: URL, _ annotator: String) throws -> [[String: Any]] {
        let url = ws.appendingPathComponent("datasets/hajin-2018/journals/\(annotator).jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The line of the screen that holds the prompt (the last non-empty one).
    static func promptLine(_ screen: [String]) -> String { screen.last { !$0.isEmpty } ?? "" }

    /// Waits for an acknowledgement and then for the fresh, empty prompt after it. Keys are only
    /// sent once readline has the terminal again: between two lines the terminal is in cooked
    /// mode, where Ctrl-C makes the kernel discard whatever was typed ahead.
    @discardableResult
    static func waitForAck(_ t: TmuxSession, _ ack: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [String]
    {
        try t.waitFor("«\(ack)» and a fresh prompt", sourceLocation: sourceLocation) { s in
            s.contains { $0.contains(ack) } && promptLine(s) == "amal>"
        }
    }

    @Test(.enabled(if: TmuxSession.available, "tmux is not installed: run scripts/setup.sh"))
    func correctsASeedRecordThroughReadline() throws {
        let ws = try Self.shippedWorkspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        // LANG=C on purpose: the reader must switch to UTF-8 itself, or typed Arabic is dropped.
        let t = try TmuxSession(
            command: "\(TmuxSession.quote(CLI.binary)) annotate hajin-2018 --as amal", in: ws,
            env: ["HOME": ws.path, "LC_ALL": "C", "LANG": "C"])
        var screen = try Self.waitForAck(t, "amal>")
        #expect(screen.contains { $0.contains("record 000_05fc8e077b5a9adb:p1") })
        #expect(screen.contains { $0.contains("the locale is not UTF-8") })

        // Accept suggestion 1.
        try t.type("a 1")
        try t.press("Enter")
        try Self.waitForAck(t, "ok #1 accept")

        // Relabel 4 (COALITION, «التحالف») with the label completed by Tab.
        try t.type("l 4 ARM")
        try t.press("Tab")
        screen = try t.waitFor("Tab completion of ARMED_GROUP") { Self.promptLine($0).hasSuffix("l 4 ARMED_GROUP") }
        try t.press("Enter")
        screen = try Self.waitForAck(t, "ok #2 relabel")
        // The table shows span 4 changed from its suggestion, with its new label.
        #expect(screen.contains { $0.hasPrefix(" 4 ") && $0.contains("edited") && $0.contains("ARMED_GROUP") })

        // Move the start edge of 10 («للتنظيم») two characters on: the clitic «لل» goes.
        try t.type("-sc 10 2")
        try t.press("Enter")
        try Self.waitForAck(t, "ok #3 move")

        // Add a span by quoted text.
        try t.type("n ARMED_GROUP \"القوات الحليفة\"")
        try t.press("Enter")
        try Self.waitForAck(t, "ok #4 add")

        // Set an attribute, the Arabic actor name completed by Tab to its id.
        try t.type("= 4 actor_id=قسد")
        try t.press("Tab")
        screen = try t.waitFor("Tab completion of the actor id") { Self.promptLine($0).hasSuffix("actor_id=SDF") }
        try t.press("Enter")
        try Self.waitForAck(t, "ok #5 set_attribute")

        // Undo it.
        try t.type("u")
        try t.press("Enter")
        try Self.waitForAck(t, "ok #6 undo")

        // Ctrl-C on a half-typed line drops it and gives a fresh prompt; nothing is journalled.
        try t.type("l 3 PER")
        // Readline must have read the keys before the signal: the kernel flushes unread input on ^C.
        try t.waitFor("the half-typed line") { Self.promptLine($0) == "amal> l 3 PER" }
        try t.press("C-c")
        screen = try t.waitFor("a fresh prompt after Ctrl-C") { s in
            s.contains { $0.hasSuffix("l 3 PER^C") } && Self.promptLine(s) == "amal>"
        }
        try t.type("q")
        try t.press("Enter")
        screen = try t.waitFor("session:")
        #expect(try t.waitFor("the end of the program") { _ in (try? t.ended()) == true }.isEmpty == false)

        let events = try Self.journal(ws, "amal")
        #expect(events.map { $0["kind"] as? String } == ["accept", "relabel", "move", "add", "set_attribute", "undo"])
        #expect(events.map { $0["seq"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(events.allSatisfy { $0["record"] as? String == "000_05fc8e077b5a9adb:p1" })
        let relabel = events[1]
        #expect((relabel["label"] as? String) == "ARMED_GROUP" || "\(relabel)".contains("ARMED_GROUP"))
        #expect("\(events[4])".contains("SDF"))
        #expect("\(events[3])".contains("ARMED_GROUP"))
        // The history file keeps the commands typed (not the dropped line).
        let history = try String(contentsOf: ws.appendingPathComponent(".tashih/history"), encoding: .utf8)
        #expect(history.contains("l 4 ARMED_GROUP"))
        #expect(!history.contains("l 3 PER"))
    }

    /// The text block of a screen: the lines between the first blank line (after the header) and
    /// the next one.
    static func textBlock(_ screen: [String]) -> [String] {
        guard let first = screen.firstIndex(of: "") else { return [] }
        let rest = screen[(first + 1)...]
        return Array(rest.prefix { !$0.isEmpty })
    }

    /// The `fribidi` tool forms lam-alef ligatures (one glyph in the alef's cell, U+FEFF in the
    /// lam's); Tashih keeps one cell per letter (lam in its initial or medial form, alef final) so
    /// that columns never shift. This undoes the ligatures so the two can be compared.
    static func unligate(_ s: String) -> String {
        let alef: [UInt32: UInt32] = [
            0xFEF5: 0xFE82, 0xFEF6: 0xFE82, 0xFEF7: 0xFE84, 0xFEF8: 0xFE84, 0xFEF9: 0xFE88, 0xFEFA: 0xFE88, 0xFEFB: 0xFE8E,
            0xFEFC: 0xFE8E,
        ]
        var out = String.UnicodeScalarView()
        var it = Array(s.unicodeScalars)[...]
        while let u = it.popFirst() {
            if let a = alef[u.value] {
                let lam: Unicode.Scalar = u.value % 2 == 1 ? "\u{FEDF}" : "\u{FEE0}"  // isolated → initial, final → medial
                out.append(Unicode.Scalar(a)!)
                out.append(lam)
                if it.first == "\u{FEFF}" { it.removeFirst() }
            } else if u == "\u{FEFF}", let next = it.first, alef[next.value] != nil {
                continue
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// GNU FriBidi's own tool on one logical line: its visual order, right to left, harakat after
    /// their letter.
    static func fribidi(_ line: String) throws -> String {
        let r = try CLI.run(
            ["--nopad", "--nobreak", "--rtl", "--reordernsm"], in: FileManager.default.temporaryDirectory,
            stdin: Data((line + "\n").utf8), executable: "/usr/bin/fribidi")
        #expect(r.status == 0, "fribidi: \(r.stderr)")
        var s = r.stdout
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    /// Columns a captured line takes: harakat take none.
    static func columns(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1.properties.generalCategory == .nonspacingMark ? 0 : 1) }
    }

    @Test(
        .enabled(if: TmuxSession.available, "tmux is not installed: run scripts/setup.sh"),
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/fribidi"), "fribidi (libfribidi-bin) is not installed"))
    func arabicReadsRightToLeftInATerminalWithoutBidi() throws {
        let ws = try Self.shippedWorkspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let width = 110
        // tmux, like xterm, does no bidi: what it shows is what such a terminal shows.
        let t = try TmuxSession(
            command: "\(TmuxSession.quote(CLI.binary)) annotate hajin-2018 --as amal --bidi app", in: ws,
            env: ["HOME": ws.path, "NO_COLOR": "1"], width: width)
        let shown = Self.textBlock(try t.waitFor("amal>"))
        // Ctrl-D on an empty line ends the session as `q` does: with the summary.
        try t.press("C-d")
        try t.waitFor("session:")

        // The same screen in logical order: the scripted session with --bidi none, same width.
        let logical = try CLI.run(
            ["annotate", "hajin-2018", "--as", "logical", "--bidi", "none"], in: ws, stdin: Data("q\n".utf8),
            env: ["COLUMNS": String(width)])
        #expect(logical.status == 0, "\(logical.stderr)")
        let lines = Self.textBlock(logical.stdout.components(separatedBy: "\n"))
        #expect(lines.count >= 3)
        #expect(shown.count == lines.count)
        for (got, line) in zip(shown, lines) {
            let visual = Self.unligate(try Self.fribidi(line))
            var trimmed = Substring(got)
            while trimmed.first == " " { trimmed.removeFirst() }
            #expect(String(trimmed) == visual, "logical: \(line)")
            // Right-aligned: the line ends at the terminal's right edge.
            #expect(Self.columns(got) == width, "\(got)")
        }
        // And it really is reversed: the record's first word is at the right end of the first line.
        #expect(lines.first?.hasPrefix("قال") == true)
        #expect(shown.first.map { Self.unligate($0).hasSuffix("\u{FEDD}\u{FE8E}\u{FED7}") } == true)  // «قال», shaped: ق ا ل
    }
}
