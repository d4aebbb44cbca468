import Foundation
import Testing

@testable import TashihModel

/// The parallel pass gives exactly the sequential pass's report and documents, in order.
@Suite struct RecordFileParallelTests {
    /// ~3 MB of records over several 1 MB batches: valid records with harakat, tatweel,
    /// Arabic-Indic digits and emoji, plus bad JSON, bad spans, blank lines and duplicate ids
    /// far apart (in different batches).
    func makeFile() throws -> String {
        var lines: [String] = []
        let text = "قُتِلَ ١٢ مدنيّاً 🙂 في غارة لـ«قسد» قرب الباغوز"
        for i in 0..<9000 {
            switch i % 97 {
            case 13: lines.append("{\"id\":\"bad-json-\(i)\",\"text\":\"x\\q\"}")
            case 29: lines.append("")
            case 41:
                lines.append("{\"id\":\"r\(i)\",\"text\":\"\(text)\",\"spans\":[{\"start\":0,\"end\":999,\"label\":\"COUNT\"}]}")
            case 55: lines.append("[1,2]")
            default:
                let id = i == 8500 ? "r7" : "r\(i)"  // a duplicate of an early id, batches apart
                lines.append(
                    "{\"id\":\"\(id)\",\"text\":\"\(text) \(i) \(String(repeating: "ـ", count: i % 200))\",\"meta\":{\"n\":\(i)},\"spans\":[{\"start\":7,\"end\":9,\"label\":\"COUNT\",\"text\":\"١٢\"}]}"
                )
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString).jsonl").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func parallelAndSequentialPassesAgree() throws {
        let path = try makeFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int > 2 << 20)
        var seq = RecordFile(path: path, displayName: "f.jsonl", schema: .default)
        seq.workers = 1
        var par = seq
        par.workers = 3
        var seqDocs: [String] = []
        var parDocs: [String] = []
        let a = try seq.read { d, line in seqDocs.append("\(line):\(d.id)") }
        let b = try par.read { d, line in parDocs.append("\(line):\(d.id)") }
        #expect(a.records == b.records && a.lines == b.lines && a.spans == b.spans)
        #expect(a.errorCount == b.errorCount && a.warningCount == b.warningCount)
        #expect(a.problems.map(\.description) == b.problems.map(\.description))
        #expect(seqDocs == parDocs)
        // The check-only pass (what `verify` runs) reports the same.
        let c = try par.check()
        #expect(c.records == a.records && c.spans == a.spans && c.errorCount == a.errorCount)
        #expect(c.problems.map(\.description) == a.problems.map(\.description))
        #expect(a.records > 8000)
        #expect(a.problems.contains { $0.code == .duplicateID && $0.line == 8501 })
        #expect(a.problems.contains { $0.code == .blankLine })
    }

    @Test func anErrorFromTheCallerStopsTheParallelPass() throws {
        let path = try makeFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var par = RecordFile(path: path, schema: .default)
        par.workers = 2
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try par.read { _, _ in
                seen += 1
                if seen == 100 { throw Stop() }
            }
        }
        #expect(seen == 100)
    }
}
