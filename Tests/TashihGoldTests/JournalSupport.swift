import Foundation
import TashihGold
import TashihJSON
import TashihModel
import Testing

/// Fixtures for the journal tests: a workspace with a small Arabic dataset (harakat, tatweel,
/// Arabic-Indic digits, an emoji) and helpers to locate spans by their text.
enum JournalFixture {
    static let texts: [(String, String)] = [
        ("r1", "قَالَ المتحدثُ إنّ ١٢ مقاتلاً من قســـد قُتلوا قرب هجين 🙂"),
        ("r2", "وذكر المصدر أن التحالف الدولي قصف مواقع لداعش نحو الساعة ١١.٣٠"),
        ("r3", "أعلنت قوات سوريا الديمقراطية السيطرة على هجين ✌️ بعد معارك"),
    ]

    static func temp() throws -> String {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("tashih-journal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    /// A workspace at a fresh temp folder with dataset `demo` holding `texts`.
    static func workspace() throws -> (root: String, ws: Workspace, ds: Dataset, docs: [Document]) {
        let root = try temp()
        let ws = try Workspace.initialize(at: root)
        try FileManager.default.createDirectory(atPath: root + "/guidelines", withIntermediateDirectories: true)
        try Data("1.0\n".utf8).write(to: URL(fileURLWithPath: root + "/guidelines/VERSION"))
        let ds = try ws.datasetCreatingIfNeeded("demo")
        let imp = try DatasetImport(dataset: ds)
        var docs: [Document] = []
        for (id, text) in texts {
            let d = Document(id: DocumentID(id), text: text)
            _ = try imp.add(d)
            docs.append(d)
        }
        try imp.commit()
        return (root, ws, ds, docs)
    }

    /// The scalar range of the first occurrence of `needle` in `text`.
    static func range(of needle: String, in text: String) -> (start: Int, end: Int) {
        let hay = Array(text.unicodeScalars)
        let n = Array(needle.unicodeScalars)
        for i in 0...(hay.count - n.count) where Array(hay[i..<(i + n.count)]) == n {
            return (i, i + n.count)
        }
        fatalError("\(needle) not in \(text)")
    }

    static func span(_ needle: String, in doc: Document, _ label: String) -> SpanRef {
        let r = range(of: needle, in: doc.text)
        return SpanRef(start: r.start, end: r.end, label: label)
    }

    static func suggestion(_ needle: String, in doc: Document, _ label: String, extractor: String = "builtin.actors")
        -> SuggestionRef
    {
        let r = range(of: needle, in: doc.text)
        return SuggestionRef(extractor: extractor, version: "1.0+lex.test", start: r.start, end: r.end, label: label)
    }

    static func bytes(_ path: String) -> [UInt8] { (try? readFileBytes(path)) ?? [] }

    /// The tashih binary (built by `swift build`/`swift test`), if it has the `journal` command.
    static let binary: String? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var candidates: [String] = []
        if let b = ProcessInfo.processInfo.environment["TASHIH_BIN"], !b.isEmpty { candidates.append(b) }
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tashih").path)
        candidates += ["debug", "release"].map { repo.appendingPathComponent(".build/\($0)/tashih").path }
        for c in candidates where FileManager.default.isExecutableFile(atPath: c) {
            // `--help` succeeds for any arguments; the journal command is there if its help
            // names its own options.
            let p = Process()
            p.executableURL = URL(fileURLWithPath: c)
            p.arguments = ["journal", "append", "--help"]
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { continue }
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            if p.terminationStatus == 0 && String(decoding: out, as: UTF8.self).contains("--events") { return c }
        }
        return nil
    }()

    /// Runs tashih with `args` in `dir`; returns status, stdout, stderr.
    static func run(_ args: [String], in dir: String, shell: String? = nil) throws -> (Int32, String, String) {
        let p = Process()
        if let shell {
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", shell]
        } else {
            p.executableURL = URL(fileURLWithPath: binary!)
            p.arguments = args
        }
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TASHIH_WORKSPACE")
        env["TASHIH"] = binary ?? "tashih"
        p.environment = env
        let out = dir + "/.out-\(UUID().uuidString)"
        let err = dir + "/.err-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let oh = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        let eh = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        p.standardOutput = oh
        p.standardError = eh
        try p.run()
        p.waitUntilExit()
        try oh.close()
        try eh.close()
        return (
            p.terminationStatus, String(decoding: bytes(out), as: UTF8.self), String(decoding: bytes(err), as: UTF8.self)
        )
    }
}
