import Foundation
import TashihGold
import TashihInterchange
import TashihJSON
import TashihModel
import Testing

@Suite struct WorkspaceTests {
    func temp() throws -> String {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("tashih-gold-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    @Test func findWalksUpFromASubfolder() throws {
        let root = try temp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Workspace.initialize(at: root)
        let deep = root + "/datasets/a/b"
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        let ws = try Workspace.find(from: deep)
        #expect(URL(fileURLWithPath: ws.root).standardizedFileURL.path == URL(fileURLWithPath: root).standardizedFileURL.path)
        #expect(throws: WorkspaceError.self) { try Workspace.initialize(at: root) }  // never overwritten
    }

    @Test(arguments: ["Hajin", "-x", "a b", "حجين", ""])
    func badDatasetNamesAreRefused(name: String) {
        #expect(throws: WorkspaceError.self) { try Dataset.validateName(name) }
    }

    @Test func anAbortedImportLeavesTheDatasetAsItWas() throws {
        let root = try temp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ws = try Workspace.initialize(at: root)
        let ds = try ws.datasetCreatingIfNeeded("demo")
        let first = try DatasetImport(dataset: ds)
        #expect(try first.add(Document(id: "a", text: "نحو ٢٠٠ عنصر")) == .added)
        try first.commit()
        let before = try Data(contentsOf: URL(fileURLWithPath: ds.recordsPath))
        let second = try DatasetImport(dataset: ds)
        #expect(try second.add(Document(id: "b", text: "قُتِلَ ١٢ 🙂")) == .added)
        #expect(try second.add(Document(id: "c", text: "نحو ٢٠٠ عنصر")) == .skippedDuplicateText(of: "a"))
        #expect(throws: WorkspaceError.self) { try second.add(Document(id: "a", text: "آخر")) }
        second.abort()
        #expect(try Data(contentsOf: URL(fileURLWithPath: ds.recordsPath)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ds.directory) == ["records.jsonl"])
    }

    @Test func statsCountTokensSpansAndSources() {
        var st = CorpusStats()
        st.add(
            Document(
                id: "a", text: "قُتِلَ ١٢ مدنيّاً لـ«قسد» 🙂", meta: JSONObject([("source", "s1")]),
                spans: [
                    Span(start: 7, end: 9, label: "COUNT"),
                    Span(start: 0, end: 1, label: "HOSTILE", origin: .init(extractor: "x", version: "1")),
                ]))
        st.add(Document(id: "b", text: "نحو200 عنصر", meta: JSONObject([("source", "s1")])))
        #expect(st.records == 2)
        // قُتِلَ ١٢ مدنيّاً لـ « قسد » 🙂  = 8 tokens; نحو 200 عنصر = 3.
        #expect(st.tokens == 11)
        #expect(st.goldSpans == 1 && st.suggestions == 1)
        #expect(st.recordsPerSource == ["s1": 2])
    }
}
