import ArgumentParser
import Foundation
import TashihGold
import TashihJSON
import TashihModel

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Span-level changes between two versions of gold: NAME@vA NAME@vB (or NAME@working).",
        discussion: """
            Per record: spans added, removed, relabelled (same boundaries), moved (same label,
            overlapping) and with attributes changed; then a summary per label. A plain dataset name
            means its working state (NAME@working).
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The older gold, e.g. hajin-2018@v1.")
    var from: String

    @Argument(help: "The newer gold, e.g. hajin-2018@v2 or hajin-2018@working.")
    var to: String

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("unknown format '\(format)'; use table or json") }
    }

    func load(_ argument: String, _ ws: Workspace) throws -> (spans: [String: [Span]], shown: String) {
        let ref = try GoldReference.parse(argument) ?? GoldReference(dataset: argument, version: .working)
        let (path, shown, temporary) = try ref.resolve(in: ws)
        defer { if temporary { try? FileManager.default.removeItem(atPath: path) } }
        var out: [String: [Span]] = [:]
        let report = try RecordFile(path: path, displayName: shown, schema: ws.schema).read { doc, _ in
            out[doc.id.rawValue] = doc.spans
        }
        if report.hasErrors { throw CommandFailure("\(shown) has \(report.errorCount) error(s); run `tashih verify`") }
        return (out, shown)
    }

    func run() throws {
        let ws = try workspaceOptions.open()
        let a: (spans: [String: [Span]], shown: String)
        let b: (spans: [String: [Span]], shown: String)
        do {
            a = try load(from, ws)
            b = try load(to, ws)
        } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        }
        let diff = GoldDiff.compare(a.spans, b.spans)
        func describe(_ s: Span) -> String { "\(s.start)..\(s.end) \(s.label)" }
        if format == "json" {
            var records: [JSONValue] = []
            for r in diff.records {
                let changes: [JSONValue] = r.changes.map { c in
                    switch c {
                    case .added(let s): return ["kind": "added", "span": s.json]
                    case .removed(let s): return ["kind": "removed", "span": s.json]
                    case .relabelled(let f, let t), .moved(let f, let t), .attributesChanged(let f, let t):
                        return ["kind": .string(c.kind), "from": f.json, "to": t.json]
                    }
                }
                records.append(["id": .string(r.id), "changes": .array(changes)])
            }
            var summary = JSONObject()
            for (label, kinds) in diff.summary.sorted(by: { $0.key < $1.key }) {
                var k = JSONObject()
                for (kind, n) in kinds.sorted(by: { $0.key < $1.key }) { k[kind] = .number(JSONNumber(n)) }
                summary[label] = .object(k)
            }
            print(
                JSONWriter.string([
                    "from": .string(a.shown), "to": .string(b.shown), "records": .array(records), "summary": .object(summary),
                ]))
            return
        }
        print("\(a.shown) → \(b.shown): \(diff.records.count) record(s) changed")
        for r in diff.records {
            print(r.id)
            for c in r.changes {
                switch c {
                case .added(let s): print("  + \(describe(s))")
                case .removed(let s): print("  - \(describe(s))")
                case .relabelled(let f, let t): print("  ~ \(describe(f)) relabelled \(t.label)")
                case .moved(let f, let t): print("  ~ \(describe(f)) moved to \(t.start)..\(t.end)")
                case .attributesChanged(let f, _): print("  ~ \(describe(f)) attributes changed")
                }
            }
        }
        let kinds = ["added", "removed", "relabelled", "moved", "attributes"]
        var rows = [["label"] + kinds]
        for (label, k) in diff.summary.sorted(by: { $0.key < $1.key }) { rows.append([label] + kinds.map { String(k[$0] ?? 0) }) }
        if rows.count > 1 { print(""); print(Output.table(rows), terminator: "") }
    }
}
