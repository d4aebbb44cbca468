#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One record of a JSONL file: the parsed object and where it came from.
public struct JSONLRecord: Sendable {
    /// 1-based line number in the file.
    public let line: Int
    /// Byte offset of the line's first byte in the file.
    public let byteOffset: Int
    /// The record.
    public let object: JSONObject
}

/// A string member of a record left as bytes by ``JSONLRecordParser/parse(_:line:byteOffset:leaving:)``.
public struct JSONLRawString {
    /// The string's UTF-8 bytes, escapes decoded, not checked as UTF-8: valid until the
    /// parser's next call (and, when not escaped, while the line's bytes are).
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Whether the literal held escapes; if not, `bytes` are the literal as the line has it.
    public let escaped: Bool
}

/// A streaming JSONL reader over UTF-8 bytes.
///
/// Reads the file in chunks with `read(2)`, splits on `\n` only (JSON strings may hold raw
/// U+2028, U+2029 and U+0085, which are not line ends), tolerates a UTF-8 byte-order mark
/// at the start and `\r\n` line ends, skips blank lines (recording their numbers), and parses
/// each line with `JSONParser`. Memory is bounded by the longest line, not the file.
public final class JSONLReader {
    /// The name used in errors.
    public let displayName: String
    /// Lines that were empty or only white space, skipped.
    public private(set) var blankLines: [Int] = []
    /// Whether the file started with a UTF-8 byte-order mark (skipped).
    public private(set) var sawBOM = false
    /// Whether any line ended in `\r\n` (the `\r` is dropped).
    public private(set) var sawCRLF = false
    /// Number of records returned so far.
    public private(set) var recordCount = 0
    /// Number of bytes consumed so far.
    public var bytesRead: Int { fileOffset }

    let fd: Int32
    let ownsFD: Bool
    let maxLineBytes: Int
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var start = 0  // first unconsumed byte in buffer
    var end = 0  // one past the last valid byte in buffer
    var eof = false
    var lineNumber = 0
    var fileOffset = 0  // file offset of buffer[start]
    var atFileStart = true
    /// Set after a `.lineTooLong` error until the end of that line has been read and dropped.
    var skippingLongLine = false
    let parseBuffers = ParseBuffers()

    /// Opens `path` for reading; `-` reads standard input.
    /// - Parameters:
    ///   - displayName: the name used in errors (default: the path, or `<stdin>`).
    ///   - maxLineBytes: a longer line is `JSONLError.Code.lineTooLong` (default 1 GiB).
    ///   - chunkSize: bytes per `read(2)`; the buffer starts this size and doubles for longer
    ///     lines (tests use tiny sizes to put chunk boundaries everywhere).
    public init(path: String, displayName: String? = nil, maxLineBytes: Int = 1 << 30, chunkSize: Int = 1 << 20)
        throws(JSONLError)
    {
        self.displayName = displayName ?? (path == "-" ? "<stdin>" : path)
        self.maxLineBytes = maxLineBytes
        if path == "-" {
            fd = 0
            ownsFD = false
        } else {
            let f = open(path, O_RDONLY | O_CLOEXEC)
            guard f >= 0 else {
                let reason = String(cString: strerror(errno))
                throw JSONLError(
                    code: .io, file: path, line: 0, column: 0, byteOffset: 0,
                    message: "cannot open the file: \(reason)", hint: "check the path and its permissions")
            }
            fd = f
            ownsFD = true
        }
        capacity = max(chunkSize, 1)
        buffer = .allocate(capacity: capacity)
    }

    /// Reads from an already open file descriptor (not closed by the reader).
    public init(fileDescriptor: Int32, displayName: String, maxLineBytes: Int = 1 << 30, chunkSize: Int = 1 << 20) {
        self.displayName = displayName
        self.maxLineBytes = maxLineBytes
        fd = fileDescriptor
        ownsFD = false
        capacity = max(chunkSize, 1)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if ownsFD { close(fd) }
    }

    /// Reads more bytes into the buffer; returns false at end of file.
    func fill() throws(JSONLError) -> Bool {
        if eof { return false }
        if start > 0 {
            // Move the unconsumed tail to the front.
            let n = end - start
            if n > 0 { memmove(buffer, buffer + start, n) }
            end = n
            start = 0
        }
        if end == capacity {
            let newCap = capacity * 2
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
            nb.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = nb
            capacity = newCap
        }
        while true {
            let n = read(fd, buffer + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw JSONLError(
                    code: .io, file: displayName, line: lineNumber + 1, column: 0, byteOffset: fileOffset,
                    message: "read failed: \(reason)", hint: "check the file and the disk")
            }
            if n == 0 {
                eof = true
                return false
            }
            end += n
            return true
        }
    }

    /// The next line's bytes without the line end, or nil at end of file. Blank lines are
    /// returned too (as empty or white-space-only buffers); the pointer is valid until the
    /// next call.
    public func nextLine() throws(JSONLError) -> (line: Int, byteOffset: Int, bytes: UnsafeBufferPointer<UInt8>)? {
        var searchFrom = start
        while true {
            if searchFrom < end, let nl = memchr(buffer + searchFrom, 0x0A, end - searchFrom) {
                let nlIndex = buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                if skippingLongLine {
                    // The rest of a line already reported as too long ends here: drop it.
                    drop(upTo: nlIndex + 1)
                    skippingLongLine = false
                    searchFrom = start
                    continue
                }
                return try emitLine(upTo: nlIndex, consumed: nlIndex + 1)
            }
            searchFrom = end
            if skippingLongLine {
                drop(upTo: end)
            } else if end - start > maxLineBytes + 4 {
                // Bound the buffer: the line is too long even if 4 of its bytes turn out to be a
                // BOM and a '\r' (emitLine checks exactly). Report it, and drop it as it comes
                // in, so the next call goes on with the following line.
                lineNumber += 1
                atFileStart = false
                let error = lineTooLong(line: lineNumber, byteOffset: fileOffset)
                drop(upTo: end)
                skippingLongLine = true
                throw error
            }
            let before = start
            if try !fill() {
                if skippingLongLine {
                    skippingLongLine = false  // the file ended inside the long line
                    return nil
                }
                if start < end { return try emitLine(upTo: end, consumed: end) }
                return nil
            }
            searchFrom -= before  // buffer was compacted
            searchFrom = max(searchFrom, start)
        }
    }

    /// Consumes the buffered bytes before `index`.
    func drop(upTo index: Int) {
        fileOffset += index - start
        start = index
    }

    func lineTooLong(line: Int, byteOffset: Int) -> JSONLError {
        JSONLError(
            code: .lineTooLong, file: displayName, line: line, column: 0, byteOffset: byteOffset,
            message: "line is longer than \(maxLineBytes) bytes", hint: "split the record, or raise the limit")
    }

    func emitLine(upTo lineEnd: Int, consumed: Int) throws(JSONLError) -> (
        line: Int, byteOffset: Int, bytes: UnsafeBufferPointer<UInt8>
    ) {
        lineNumber += 1
        let lineStart = start
        let lineOffset = fileOffset
        var s = start
        var e = lineEnd
        if atFileStart {
            atFileStart = false
            if e - s >= 3 && buffer[s] == 0xEF && buffer[s + 1] == 0xBB && buffer[s + 2] == 0xBF {
                s += 3
                sawBOM = true
            }
        }
        if e > s && buffer[e - 1] == 0x0D {
            e -= 1
            sawCRLF = true
        }
        let offset = fileOffset + (s - lineStart)
        fileOffset += consumed - lineStart
        start = consumed
        // Checked after the line is consumed, so the next call goes on with the next line.
        if e - s > maxLineBytes { throw lineTooLong(line: lineNumber, byteOffset: lineOffset) }
        return (lineNumber, offset, UnsafeBufferPointer(start: buffer + s, count: e - s))
    }

    /// The next record, or nil at end of file. Blank lines are skipped and recorded in
    /// `blankLines`; a line that is not a JSON object is `JSONLError.Code.notAnObject`.
    ///
    /// After an error about a line (a parse error, `.notAnObject`, `.lineTooLong`) that line
    /// has been consumed: calling `next()` again goes on with the following line, so a caller
    /// can report every bad line of a file. An `.io` error is final.
    public func next() throws(JSONLError) -> JSONLRecord? {
        while let (line, offset, bytes) = try nextLine() {
            if isBlank(bytes) {
                blankLines.append(line)
                continue
            }
            let value = try JSONParser.parse(
                bytes, file: displayName, line: line, byteOffset: offset, buffers: parseBuffers)
            let object = try JSONLRecordParser.record(value, file: displayName, line: line, byteOffset: offset)
            recordCount += 1
            return JSONLRecord(line: line, byteOffset: offset, object: object)
        }
        return nil
    }

    func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !(b == 0x20 || b == 0x09 || b == 0x0D) { return false }
        return true
    }

    /// Calls `body` for every record of the file at `path`; throws `.emptyFile` if it holds none.
    public static func forEachRecord(
        path: String, displayName: String? = nil, _ body: (JSONLRecord) throws -> Void
    ) throws {
        let reader = try JSONLReader(path: path, displayName: displayName)
        while let r = try reader.next() { try body(r) }
        if reader.recordCount == 0 {
            throw JSONLError(
                code: .emptyFile, file: reader.displayName, line: 0, column: 0, byteOffset: 0,
                message: "the file holds no records", hint: "a JSONL file has one JSON object per line")
        }
    }
}

/// Parses JSONL record lines taken from a `JSONLReader.nextLine()` elsewhere — on worker
/// threads, one parser per thread (it reuses its buffers from line to line).
public final class JSONLRecordParser {
    public let displayName: String
    let buffers = ParseBuffers()

    public init(displayName: String) { self.displayName = displayName }

    /// Whether a line is empty or only white space (skipped by readers, with a warning).
    public static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !(b == 0x20 || b == 0x09 || b == 0x0D) { return false }
        return true
    }

    /// The record a line's value is: its object, or `.notAnObject`.
    static func record(_ value: JSONValue, file: String, line: Int, byteOffset: Int) throws(JSONLError) -> JSONObject {
        guard case .object(let object) = value else {
            throw JSONLError(
                code: .notAnObject, file: file, line: line, column: 1, byteOffset: byteOffset,
                message: "a record must be a JSON object, found \(value.kindDescription)",
                hint: "write one {\"id\": …, \"text\": …} object per line")
        }
        return object
    }

    /// The record on one line: a JSON object, or the error `JSONLReader.next()` would give.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, byteOffset: Int) throws(JSONLError) -> JSONObject {
        let value = try JSONParser.parse(bytes, file: displayName, line: line, byteOffset: byteOffset, buffers: buffers)
        return try Self.record(value, file: displayName, line: line, byteOffset: byteOffset)
    }

    /// As ``parse(_:line:byteOffset:)``, but the string value of the record's member `key`
    /// (`"text"`, say) is not made a `String`: it is left out of the object and returned as its
    /// bytes, escapes decoded but UTF-8 not yet checked — for a caller that decodes the bytes
    /// itself and would pay twice for the standard library's check. A `key` member that is not
    /// a string stays in the object. Only the check differs: the plain parse of a line this
    /// one accepts fails only if the raw bytes are not UTF-8.
    public func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, line: Int, byteOffset: Int, leaving key: String
    ) throws(JSONLError) -> (object: JSONObject, raw: JSONLRawString?) {
        var raw: JSONLRawString?
        let value = try JSONParser.parse(
            bytes, file: displayName, line: line, byteOffset: byteOffset, buffers: buffers, leaving: key, raw: &raw)
        return (try Self.record(value, file: displayName, line: line, byteOffset: byteOffset), raw)
    }
}
