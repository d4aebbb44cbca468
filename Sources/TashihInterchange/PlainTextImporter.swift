import TashihJSON
import TashihModel

/// An input file that cannot be imported: where, what is wrong, how to fix it.
public typealias ImportError = LocatedError

/// Reads a plain-text article (one file per article) into paragraph records.
///
/// Each non-blank line is a paragraph. Its record id is `<file stem>:p<N>` (N counts paragraphs
/// from 1), its meta `{"source": <file name>, "para": N, "line": <line number>}`, and its text
/// the line exactly as written (a trailing `\r` of a CRLF line end dropped, nothing else
/// changed). The file must be UTF-8; a byte-order mark is skipped.
public enum PlainTextImporter {
    /// The documents of the article at `path`.
    public static func read(path: String) throws -> [Document] {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw ImportError(file: path, message: error.message, hint: error.hint) }
        return try documents(from: bytes, path: path)
    }

    /// The documents of an article given as bytes; `path` names it in ids, meta and errors.
    public static func documents(from bytes: [UInt8], path: String) throws -> [Document] {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        var stem = fileName
        if let dot = stem.utf8.lastIndex(of: UInt8(ascii: ".")), dot != stem.utf8.startIndex {
            stem = String(stem[..<dot])
        }
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        // Validate UTF-8 up front, to report the byte position.
        if let bad = firstInvalidUTF8(bytes, from: start) {
            let line = bytes[0..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw ImportError(
                file: path, line: line,
                message: "invalid UTF-8 at byte \(bad) (0x\(String(bytes[bad], radix: 16, uppercase: true)))",
                hint: "convert the file to UTF-8, e.g. `iconv -f WINDOWS-1256 -t UTF-8`")
        }
        var docs: [Document] = []
        var lineNo = 0
        var para = 0
        var i = start
        while i <= bytes.count {
            var j = i
            while j < bytes.count && bytes[j] != 0x0A { j += 1 }
            if i == bytes.count && j == i { break }
            lineNo += 1
            var e = j
            if e > i && bytes[e - 1] == 0x0D { e -= 1 }
            let lineBytes = bytes[i..<e]
            let blank = lineBytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if !blank {
                let text = String(decoding: lineBytes, as: UTF8.self)
                if !text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
                    para += 1
                    let meta = JSONObject([
                        ("source", .string(fileName)), ("para", .number(JSONNumber(para))), ("line", .number(JSONNumber(lineNo))),
                    ])
                    docs.append(Document(id: DocumentID("\(stem):p\(para)"), text: text, meta: meta))
                }
            }
            i = j + 1
        }
        if docs.isEmpty {
            throw ImportError(
                file: path, message: "the file holds no text", hint: "a plain-text article has at least one non-blank line")
        }
        return docs
    }

    /// The byte offset of the first invalid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ b: [UInt8], from: Int) -> Int? {
        var i = from
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minV: UInt32 = 0
            var v: UInt32 = 0
            switch c {
            case 0xC2...0xDF: need = 1; minV = 0x80; v = UInt32(c & 0x1F)
            case 0xE0...0xEF: need = 2; minV = 0x800; v = UInt32(c & 0x0F)
            case 0xF0...0xF4: need = 3; minV = 0x10000; v = UInt32(c & 0x07)
            default: return i
            }
            if i + need >= n { return i }  // the sequence runs past the end
            for k in 1...need {
                let cc = b[i + k]
                if cc & 0xC0 != 0x80 { return i }
                v = v << 6 | UInt32(cc & 0x3F)
            }
            if v < minV || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return i }
            i += need + 1
        }
        return nil
    }
}
