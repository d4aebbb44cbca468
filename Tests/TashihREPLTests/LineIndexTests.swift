import Foundation
import Testing

@testable import TashihREPL

@Suite struct LineIndexTests {
    /// A records file with canonical and non-canonical lines (numeric id, escaped id, key order),
    /// blank lines, a CRLF, Arabic with harakat and an emoji, and no final newline.
    func file(lines n: Int) throws -> (String, [String]) {
        var text = ""
        var ids: [String] = []
        for i in 0..<n {
            switch i % 7 {
            case 0:
                ids.append("\(i)")
                text += "{\"id\":\(i),\"text\":\"قُتِلَ ١٢ 🙂\"}\n"
            case 1:
                ids.append("r\"\(i)")
                text += "{\"id\":\"r\\\"\(i)\",\"text\":\"x\"}\r\n"
            case 2:
                ids.append("r\(i)")
                text += "{\"text\":\"قســـد\",\"id\":\"r\(i)\"}\n\n"
            default:
                ids.append("r\(i)")
                text += "{\"id\":\"r\(i)\",\"meta\":{},\"text\":\"وقال Sean Ryan إن «داعش» خسر\"}\n"
            }
        }
        text.removeLast()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tashih-lineindex-\(UUID().uuidString)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, ids)
    }

    @Test func parallelAndSequentialScansAgreeAndIdsHashAsStrings() throws {
        let (path, ids) = try file(lines: 5000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let seq = try LineIndex(path: path, displayName: "f")
        try seq.scan(lines: 10)
        #expect(seq.count == 10 && !seq.complete)
        try seq.scanAll()
        let par = try LineIndex(path: path, displayName: "f")
        try par.scanAll(parallelAbove: 0)
        #expect(par.complete && seq.complete)
        #expect(par.count == 5000)
        #expect(par.starts == seq.starts && par.lengths == seq.lengths)
        #expect(par.lineNumbers == seq.lineNumbers && par.idHashes == seq.idHashes)
        #expect(par.idHashes == ids.map { LineIndex.hash(id: $0) })
        // Blank lines are counted in line numbers but not indexed: r2's line is followed by one.
        #expect(par.lineNumbers[3] == 5)
        // A line read back is the line, without its CRLF.
        #expect(String(decoding: try par.line(1), as: UTF8.self) == "{\"id\":\"r\\\"1\",\"text\":\"x\"}")
        #expect(try par.object(4999)["id"]?.stringValue == ids[4999])
    }

    /// Lines longer than the 4 MiB read buffer (which then doubles, `FileLines.grow`) are
    /// indexed whole by both scans, and the lines after them where they are.
    @Test func linesLongerThanTheReadBufferAreIndexedWhole() throws {
        let long = String(repeating: "قُتِلَ ١٢ مقاتـــلاً 🙂 ", count: 100_000)  // 4.4 MB of UTF-8
        let lines = [
            "{\"id\":\"a\",\"text\":\"\(long)\"}",
            "{\"id\":\"b\",\"text\":\"قسد\"}",
            "{\"id\":\"c\",\"text\":\"\(long)\"}",
            "{\"id\":\"d\",\"text\":\"١٢\"}",
        ]
        #expect(lines[0].utf8.count > 4 << 20)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tashih-lineindex-\(UUID().uuidString)").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let seq = try LineIndex(path: path, displayName: "f")
        try seq.scanAll(parallelAbove: .max)
        let par = try LineIndex(path: path, displayName: "f")
        try par.scanAll(parallelAbove: 0)
        var offset = 0
        var starts: [Int] = []
        for l in lines {
            starts.append(offset)
            offset += l.utf8.count + 1
        }
        for index in [seq, par] {
            #expect(index.complete && index.count == 4)
            #expect(index.starts == starts)
            #expect(index.lengths.map { Int($0) } == lines.map(\.utf8.count))
            #expect(index.idHashes == ["a", "b", "c", "d"].map { LineIndex.hash(id: $0) })
            #expect(String(decoding: try index.line(3), as: UTF8.self) == lines[3])
        }
    }
}
