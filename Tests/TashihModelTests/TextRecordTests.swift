import Foundation
import Testing

@testable import TashihJSON
@testable import TashihModel

/// `RecordFile.readForTagging` reads what `read` reads — the same records, lines, report and
/// problems — and a `TextRecord` writes the bytes its `Document` writes.
@Suite struct TextRecordTests {
    static let text = "قُتِلَ ١٢ مدنيّاً 🙂 في غارة لـ«قسد» قرب الباغوز ـــ ۳۴"

    /// A file with every kind of line: plain records (string and number ids, with and without
    /// meta), escaped texts, records with spans, text hashes or unknown keys, and bad lines.
    func makeFile() throws -> String {
        let t = Self.text
        let lines: [String] = [
            #"{"id":"r1","text":"\#(t)"}"#,
            #"{"meta":{"source":"a.txt","n":[1,{"x":null}]},"text":"\#(t)","id":"r2"}"#,
            #"{"id":3,"text":"\#(t)"}"#,
            #"{"id":"r4","text":"قال \"المرصد\":\n\u0627\ud83d\ude42\t\\ و\/"}"#,
            "",
            #"{"id":"r5","text":"\#(t)","spans":[{"start":7,"end":9,"label":"COUNT","text":"١٢"}]}"#,
            #"{"id":"r6","text":"\#(t)","text_hash":"\#(textHash(t))"}"#,
            #"{"id":"r7","text":"\#(t)","source_url":"https://example.org/ا"}"#,
            #"{"id":"r8","text":"\#(t)","text_hash":"sha256:00"}"#,
            #"{"id":"","text":"\#(t)"}"#,
            #"{"id":"r10","text":7}"#,
            #"{"id":"r11","text":"\#(t)","meta":"not an object"}"#,
            #"{"id":"r12","text":"x\q"}"#,
            "[1,2]",
            #"{"id":"r14","text":""}"#,
            #"{"id":"r1","text":"مكرر"}"#,
            #"{"id":"r16","text":"\#(t)","text":"\#(t)"}"#,
        ]
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        // A text whose bytes are not UTF-8 (line 18).
        bytes += Array(#"{"id":"r17","text":"مقاتل"#.utf8) + [0xC1, 0x80] + Array(#""}"#.utf8) + [0x0A]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("text-\(UUID().uuidString).jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func readForTaggingReadsWhatReadReads() throws {
        let path = try makeFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var file = RecordFile(path: path, displayName: "f.jsonl", schema: .default)
        file.workers = 1
        var plain: [String] = []
        let a = try file.read { doc, line in
            var out: [UInt8] = []
            doc.writeCanonicalJSON(to: &out)
            plain.append("\(line) " + String(decoding: out, as: UTF8.self))
        }
        var tagged: [String] = []
        var kinds: [String] = []
        let b = try file.readForTagging { input, line in
            var out: [UInt8] = []
            switch input {
            case .text(let r):
                r.writeCanonicalJSON(spans: [], to: &out)
                kinds.append("text \(r.id)\(r.escaped ? " escaped" : "")")
            case .document(let d):
                d.writeCanonicalJSON(to: &out)
                kinds.append("document \(d.id)")
            }
            tagged.append("\(line) " + String(decoding: out, as: UTF8.self))
        }
        #expect(tagged == plain)
        #expect(a.records == b.records && a.lines == b.lines && a.spans == b.spans && a.bytes == b.bytes)
        #expect(a.errorCount == b.errorCount && a.warningCount == b.warningCount)
        #expect(a.problems.map(\.description) == b.problems.map(\.description))
        // The fast path took the records it can, and only those.
        #expect(
            kinds == [
                "text r1", "text r2", "text 3", "text r4 escaped", "document r5", "document r6", "document r7", "text r14",
                "text r1",
            ])
        #expect(a.problems.contains { $0.code == .json && $0.line == 18 })  // not UTF-8
        #expect(a.problems.contains { $0.code == .duplicateID })
        #expect(a.problems.contains { $0.code == .blankLine && $0.line == 5 })
    }

    @Test func aTextRecordWritesWhatItsDocumentWrites() throws {
        let spans = [
            Span(
                start: 7, end: 9, label: "COUNT",
                attributes: ["value": .number(12), "qualifier": .string("exact"), "counted": .string("مدني")], text: "١٢",
                origin: SuggestionOrigin(extractor: "builtin.numbers", version: "1.0", score: 0.9)),
            Span(start: 34, end: 37, label: "ARMED_GROUP", attributes: ["actor_id": .string("SDF")]),
        ]
        for line in [
            #"{"id":"r1","meta":{"source":"a.txt"},"text":"\#(Self.text)"}"#,
            #"{"id":"r4","text":"قال \"المرصد\":\n\u0627\ud83d\ude42\u001f"}"#,
            #"{"id":"r5","text":""}"#,
        ] {
            let parser = JSONLRecordParser(displayName: "t")
            try Array(line.utf8).withUnsafeBufferPointer { b in
                let (object, raw) = try parser.parse(b, line: 1, byteOffset: 0, leaving: "text")
                let left = try #require(raw)
                let record = try #require(TextRecord(object, text: left))
                var fast: [UInt8] = []
                record.writeCanonicalJSON(spans: spans, to: &fast)
                var slow: [UInt8] = []
                record.document(spans: spans).writeCanonicalJSON(to: &slow)
                #expect(fast == slow, "\(line)")
                #expect(record.values == record.document().text.unicodeScalars.map(\.value))
            }
        }
    }
}
