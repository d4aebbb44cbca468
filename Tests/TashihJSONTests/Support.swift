import Foundation
import Testing

@testable import TashihJSON

/// A fresh directory under the system temp folder, removed when the value goes away.
final class TempDir {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/tashih-json-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // Restore permissions a test may have taken away, then remove everything.
        chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `bytes` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = path + "/" + name
        let created = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        precondition(created, "cannot write the fixture \(p)")
        return p
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    /// The names in the directory, sorted.
    func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
}

/// A JSONL fixture with one marked error position.
///
/// Written as text lines. `⏩` marks where the error must be reported (it is removed); `⟨FF⟩`
/// puts a raw byte (here 0xFF) into the file, for bytes that are not UTF-8. The expected line,
/// column (Unicode scalars before the mark, plus one) and file byte offset are computed from the
/// mark, so no offset is counted by hand.
struct MarkedJSONL {
    var bytes: [UInt8] = []
    var line = 0
    var column = 0
    var byteOffset = 0
    /// The bytes of the marked line alone (no line end), for `JSONParser`.
    var markedLineBytes: [UInt8] = []
    /// The file offset of the marked line's first byte.
    var markedLineStart = 0

    init(_ lines: [String], lineEnd: String = "\n", finalNewline: Bool = true) {
        for (index, text) in lines.enumerated() {
            var lineBytes: [UInt8] = []
            var scalarsOnLine = 0
            var marked = false
            var scalars = Array(text.unicodeScalars)[...]
            while let c = scalars.first {
                scalars = scalars.dropFirst()
                if c == "⏩" {
                    line = index + 1
                    column = scalarsOnLine + 1
                    byteOffset = bytes.count + lineBytes.count
                    marked = true
                    continue
                }
                if c == "⟨" {
                    let hex = String(String.UnicodeScalarView(scalars.prefix { $0 != "⟩" }))
                    scalars = scalars.drop { $0 != "⟩" }.dropFirst()
                    lineBytes.append(UInt8(hex, radix: 16)!)
                    continue
                }
                lineBytes.append(contentsOf: Array(String(c).utf8))
                scalarsOnLine += 1
            }
            if marked {
                markedLineBytes = lineBytes
                markedLineStart = bytes.count
            }
            bytes += lineBytes
            if index < lines.count - 1 || finalNewline { bytes += Array(lineEnd.utf8) }
        }
    }
}

/// Reads every record of `bytes` with `JSONLReader`; returns the records or the error.
func readAll(
    _ bytes: [UInt8], chunkSize: Int = 1 << 20, maxLineBytes: Int = 1 << 30, name: String = "in.jsonl"
) -> (records: [JSONLRecord], reader: JSONLReader?, error: JSONLError?) {
    let dir = TempDir()
    let path = dir.write(name, bytes)
    var records: [JSONLRecord] = []
    var reader: JSONLReader?
    do {
        let r = try JSONLReader(path: path, displayName: name, maxLineBytes: maxLineBytes, chunkSize: chunkSize)
        reader = r
        while let record = try r.next() { records.append(record) }
        return (records, r, nil)
    } catch {
        return (records, reader, error)
    }
}

/// Parses bytes with `JSONParser`; returns the error, or nil if they parse.
func parseError(_ bytes: [UInt8]) -> JSONLError? {
    do {
        _ = try bytes.withUnsafeBufferPointer { (buf) throws(JSONLError) -> JSONValue in
            try JSONParser.parse(buf, file: "<string>")
        }
        return nil
    } catch {
        return error
    }
}

/// Checks that reading the fixture fails with `code` exactly at its mark, through the reader
/// and through `JSONParser` alone (line 1, same column).
func expectError(
    _ code: JSONLError.Code, _ fixture: MarkedJSONL, checkColumn: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let result = readAll(fixture.bytes)
    guard let e = result.error else {
        Issue.record("expected \(code), but the file read without error", sourceLocation: sourceLocation)
        return
    }
    #expect(e.code == code, "\(e)", sourceLocation: sourceLocation)
    #expect(e.file == "in.jsonl", sourceLocation: sourceLocation)
    #expect(e.line == fixture.line, "\(e)", sourceLocation: sourceLocation)
    if checkColumn {
        #expect(e.column == fixture.column, "\(e)", sourceLocation: sourceLocation)
        #expect(e.byteOffset == fixture.byteOffset, "\(e)", sourceLocation: sourceLocation)
    }
    #expect(!e.message.isEmpty, sourceLocation: sourceLocation)
    // Records before the bad line were returned.
    #expect(result.records.count == fixture.line - 1 - (result.reader?.blankLines.count ?? 0), sourceLocation: sourceLocation)

    // A line that is valid JSON but not an object is the reader's error, not the parser's.
    if code == .notAnObject { return }
    guard let p = parseError(fixture.markedLineBytes) else {
        Issue.record("JSONParser accepted the bad line", sourceLocation: sourceLocation)
        return
    }
    #expect(p.code == code, "\(p)", sourceLocation: sourceLocation)
    #expect(p.line == 1, sourceLocation: sourceLocation)
    if checkColumn {
        #expect(p.column == fixture.column, "\(p)", sourceLocation: sourceLocation)
        #expect(p.byteOffset == fixture.byteOffset - fixture.markedLineStart, "\(p)", sourceLocation: sourceLocation)
    }
}

/// A small, fast, seeded random generator (SplitMix64), so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Strict equality: strings compared by Unicode scalars, objects by key order too (String's `==`
/// would call canonically equivalent harakat orders equal).
func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x.literal == y.literal
    case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count
            && zip(x.entries, y.entries).allSatisfy {
                $0.key.unicodeScalars.elementsEqual($1.key.unicodeScalars) && sameValue($0.value, $1.value)
            }
    default: return false
    }
}
