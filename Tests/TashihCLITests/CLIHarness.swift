import Foundation
import Testing

/// Runs the built `tashih` binary in a folder and captures what it printed and its exit code.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    /// The repository root (this file is Tests/TashihCLITests/CLIHarness.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The tashih binary: $TASHIH_BIN, or beside the test bundle, or .build/debug/tashih.
    static let binary: String = {
        if let b = ProcessInfo.processInfo.environment["TASHIH_BIN"], !b.isEmpty { return b }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "tashih"
        ).path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        for config in ["debug", "release"] {
            let p = repoRoot.appendingPathComponent(".build/\(config)/tashih").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return "tashih"
    }()

    /// Runs the tashih binary (or `executable`, another program a test compares with).
    static func run(
        _ args: [String], in directory: URL, stdin: Data? = nil, env: [String: String] = [:], executable: String? = nil
    ) throws -> CLIResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? binary)
        p.arguments = args
        p.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TASHIH_WORKSPACE")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        // Output goes to files, so a large output can never block the child on a full pipe.
        let tmp = FileManager.default.temporaryDirectory
        let outURL = tmp.appendingPathComponent("tashih-out-\(UUID().uuidString)")
        let errURL = tmp.appendingPathComponent("tashih-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        p.standardOutput = outHandle
        p.standardError = errHandle
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return CLIResult(
            status: p.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// A fresh temporary folder, removed by the caller with `cleanup`.
    static func tempDirectory() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("tashih-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// A fresh workspace (after `tashih init`).
    static func workspace() throws -> URL {
        let dir = try tempDirectory()
        let r = try run(["init"], in: dir)
        #expect(r.status == 0, "tashih init failed: \(r.stderr)")
        return dir
    }
}

/// Builds JSONL record lines with spans located by their text, so no offset is counted by hand.
enum Fixture {
    /// The Arabic fixture text: harakat (قُتِلَ، مدنيّاً), tatweel (لـ«قسد»), Arabic-Indic digits
    /// (١٢), an emoji (non-BMP, two UTF-16 units) before the spans, and a Latin name.
    static let text = "🙂 قُتِلَ ١٢ مدنيّاً في غارة لـ«قسد» قرب الباغوز، وقال Sean Ryan إن «داعش» خسر"

    /// The scalar range of the `occurrence`-th match of `needle` in `text`.
    static func range(of needle: String, in text: String = text, occurrence: Int = 1) -> (Int, Int) {
        let h = Array(text.unicodeScalars)
        let n = Array(needle.unicodeScalars)
        var seen = 0
        var i = 0
        while i + n.count <= h.count {
            if Array(h[i..<i + n.count]) == n {
                seen += 1
                if seen == occurrence { return (i, i + n.count) }
            }
            i += 1
        }
        fatalError("\(needle) not in fixture")
    }

    /// A span object as JSON text.
    static func span(_ needle: String, _ label: String, attrs: String? = nil, withText: Bool = true) -> String {
        let (s, e) = range(of: needle)
        var j = "{\"start\":\(s),\"end\":\(e),\"label\":\"\(label)\""
        if withText { j += ",\"text\":\"\(needle)\"" }
        if let a = attrs { j += ",\"attributes\":\(a)" }
        return j + "}"
    }

    /// A record line.
    static func record(id: String, text: String = text, spans: [String] = []) -> String {
        "{\"id\":\"\(id)\",\"text\":\"\(text)\",\"meta\":{\"source\":\"fixture\"},\"spans\":[\(spans.joined(separator: ","))]}"
    }

    /// A valid record with three spans of the three families.
    static func validRecord(id: String = "r1") -> String {
        record(
            id: id,
            spans: [
                span("١٢", "COUNT", attrs: "{\"value\":12,\"qualifier\":\"exact\",\"category\":\"killed\",\"counted\":\"مدني\"}"),
                span("قسد", "ARMED_GROUP", attrs: "{\"actor_id\":\"SDF\"}"),
                span("داعش", "ARMED_GROUP", attrs: "{\"actor_id\":\"ISIS\"}"),
            ])
    }
}
