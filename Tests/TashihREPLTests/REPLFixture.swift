import Foundation
import TashihGold
import TashihJSON
import TashihModel
import Testing

@testable import TashihREPL

/// A workspace with dataset `demo`: Arabic records with harakat, tatweel, Arabic-Indic digits,
/// an emoji and a Latin name, suggestions located by their text, guidelines and an actor lexicon.
final class REPLFixture {
    static let texts: [(String, String)] = [
        ("r1", "🙂 قُتِلَ ١٢ مقاتلاً من قســـد قرب هجين، وقال Sean Ryan إن لداعش خسائر"),
        ("r2", "وذكر المصدر أن التحالف الدولي قصف مواقع لداعش نحو الساعة ١١.٣٠ وقسد تتقدم"),
        ("r3", "أعلنت قوات سوريا الديمقراطية السيطرة على هجين ✌️ بعد معارك مع داعش"),
        ("r4", "قال المرصد إن ٤٠ مدنيّاً نزحوا من الباغوز"),
    ]

    let root: String
    let ws: Workspace
    let ds: Dataset
    var docs: [Document] = []
    var output: [String] = []

    init(suggest: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tashih-repl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        ws = try Workspace.initialize(at: root)
        try FileManager.default.createDirectory(atPath: root + "/guidelines", withIntermediateDirectories: true)
        try Data("1.0\n".utf8).write(to: URL(fileURLWithPath: root + "/guidelines/VERSION"))
        try Data("# Numbers\n\n## COUNT\n\nهو عدد: span the number only (`٤٠`).\n\n## PERCENT\n\nshare\n".utf8).write(
            to: URL(fileURLWithPath: root + "/guidelines/numbers.md"))
        try FileManager.default.createDirectory(atPath: root + "/datasets/lexicons", withIntermediateDirectories: true)
        let lexicon = """
            {"id":"SDF","type":"ARMED_GROUP","names_ar":["قوات سوريا الديمقراطية","قسد"],"names_en":["SDF"]}
            {"id":"ISIS","type":"ARMED_GROUP","names_ar":["داعش","تنظيم الدولة"],"names_en":["ISIS"]}
            {"id":"COALITION","type":"COALITION","names_ar":["التحالف الدولي"],"names_en":["Coalition"]}
            {"id":"SOHR","type":"ORG","names_ar":["المرصد السوري لحقوق الإنسان","المرصد"],"names_en":["SOHR"]}

            """
        try Data(lexicon.utf8).write(to: URL(fileURLWithPath: root + "/datasets/lexicons/actors.jsonl"))
        ds = try ws.datasetCreatingIfNeeded("demo")
        let imp = try DatasetImport(dataset: ds)
        for (id, text) in Self.texts {
            let d = Document(id: DocumentID(id), text: text)
            _ = try imp.add(d)
            docs.append(d)
        }
        try imp.commit()
        if suggest {
            let w = try SuggestionWriter(dataset: ds, extractor: "builtin")
            for d in docs { try w.add(d, suggestions(d)) }
            try w.commit()
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    static func range(_ needle: String, in text: String, occurrence: Int = 1) -> Range<Int> {
        let h = Array(text.unicodeScalars)
        let n = Array(needle.unicodeScalars)
        var seen = 0
        var i = 0
        while i + n.count <= h.count {
            if Array(h[i..<(i + n.count)]) == n {
                seen += 1
                if seen == occurrence { return i..<(i + n.count) }
            }
            i += 1
        }
        fatalError("\(needle) not in \(text)")
    }

    static func suggestion(
        _ needle: String, _ doc: Document, _ label: String, score: Double, _ attrs: [String: AttributeValue] = [:]
    )
        -> Span
    {
        let r = range(needle, in: doc.text)
        let ex = ["COUNT": "builtin.numbers", "HOSTILE": "builtin.stance"][label] ?? "builtin.actors"
        return Span(
            start: r.lowerBound, end: r.upperBound, label: label, attributes: attrs,
            origin: SuggestionOrigin(extractor: ex, version: "1.0", score: score))
    }

    func suggestions(_ d: Document) -> [Span] {
        switch d.id.rawValue {
        case "r1":
            return [
                Self.suggestion("١٢", d, "COUNT", score: 0.85, ["value": .number(12), "qualifier": .string("exact")]),
                Self.suggestion("قســـد", d, "ARMED_GROUP", score: 0.9, ["actor_id": .string("SDF")]),
                Self.suggestion("Sean Ryan", d, "STATE", score: 0.5),
                Self.suggestion("لداعش", d, "ARMED_GROUP", score: 0.85, ["actor_id": .string("ISIS")]),
            ]
        case "r2":
            return [
                Self.suggestion("التحالف الدولي", d, "COALITION", score: 0.9, ["actor_id": .string("COALITION")]),
                Self.suggestion("لداعش", d, "ARMED_GROUP", score: 0.3, ["actor_id": .string("ISIS")]),
            ]
        case "r3":
            return [Self.suggestion("قوات سوريا الديمقراطية", d, "ARMED_GROUP", score: 0.95, ["actor_id": .string("SDF")])]
        default:
            return [Self.suggestion("٤٠", d, "COUNT", score: 0.7, ["value": .number(40)])]
        }
    }

    /// A session as `annotator` (the writer locks the journal until `close`).
    func session(
        _ annotator: String = "amal", queue: QueueKind = .unfinished, label: String? = nil, family: String? = nil,
        width: Int = 100
    ) throws -> Session {
        let writer = try JournalWriter(dataset: ds, annotator: annotator, guidelines: "1.0")
        let store = try AnnotationStore(dataset: ds)
        var o = SessionOptions(annotator: annotator)
        o.queue = queue
        o.label = label
        o.family = family
        o.width = width
        let s = Session(
            store: store, writer: writer, options: o, guidelines: try? Guidelines(directory: root + "/guidelines"),
            actors: try ActorNames(path: root + "/datasets/lexicons/actors.jsonl"),
            output: { [weak self] in self?.output.append($0) })
        try s.start()
        return s
    }

    /// The journal's events.
    func journal(_ annotator: String = "amal") throws -> [JournalEvent] {
        var out: [JournalEvent] = []
        _ = try JournalReader.read(path: ds.journalPath(annotator: annotator), annotator: annotator) { e, _, _ in out.append(e) }
        return out
    }

    var lastOutput: String { output.last ?? "" }
}

extension Session {
    /// Runs commands, expecting each to succeed.
    func run(_ lines: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        for l in lines {
            var err: String?
            handle(l, onError: { err = $0 })
            #expect(err == nil, "\(l): \(err ?? "")", sourceLocation: sourceLocation)
        }
    }

    /// Runs a command expected to fail; returns the error.
    func fail(_ line: String) -> String {
        var err = ""
        handle(line, onError: { err = $0 })
        return err
    }

    /// The current view's row for the span whose text is `needle`.
    func row(_ needle: String) -> (Int, SpanRow)? {
        guard let v = view else { return nil }
        for (k, r) in v.rows.enumerated() where v.text(r.span.start..<r.span.end) == needle { return (k + 1, r) }
        return nil
    }
}
