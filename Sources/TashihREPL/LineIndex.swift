import Dispatch
import TashihJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines of a JSONL file found without decoding them: where each line starts, how long it
/// is, and a 64-bit hash of its `id` — so the REPL opens a million-record dataset without
/// parsing a record, and reads one line with one `pread` when it is shown.
///
/// The scan reads the file in 4 MB chunks and finds line ends with `memchr`. It is resumable:
/// `scan(lines:)` stops once that many lines are indexed (suggestion files are indexed only as
/// far as the records shown), `scanAll()` goes to the end. Blank lines are skipped. The id is
/// read from the canonical form `{"id":"…"` without a parser; any other line start (a numeric
/// id, escapes, another key first) goes through the full JSON parser.
final class LineIndex {
    let path: String
    let displayName: String
    private let fd: Int32
    private var columns = Columns()
    /// Line starts (byte offsets), lengths (without `\n` and a `\r`), and id hashes.
    var starts: [Int] { columns.starts }
    var lengths: [Int32] { columns.lengths }
    var idHashes: [UInt64] { columns.idHashes }
    /// File line numbers (1-based) of the indexed lines.
    var lineNumbers: [Int32] { columns.lineNumbers }
    private(set) var complete = false

    /// The indexed lines, one entry per non-blank line in four columns, and the one way a line
    /// read into a buffer is added to them (the sequential scan and each part of the parallel one).
    struct Columns {
        var starts: [Int] = []
        var lengths: [Int32] = []
        var idHashes: [UInt64] = []
        var lineNumbers: [Int32] = []

        mutating func reserve(_ n: Int) {
            starts.reserveCapacity(n)
            lengths.reserveCapacity(n)
            idHashes.reserveCapacity(n)
            lineNumbers.reserveCapacity(n)
        }

        /// Line `lineNumber` is `line` (its `\n` excluded), at file offset `offset`: a `\r`
        /// before the `\n` is dropped; a blank line is not indexed.
        mutating func add(_ line: UnsafeBufferPointer<UInt8>, offset: Int, lineNumber: Int, parser: JSONLRecordParser) {
            var b = line
            if let last = b.last, last == 0x0D { b = UnsafeBufferPointer(rebasing: b.dropLast()) }
            if JSONLRecordParser.isBlank(b) { return }
            starts.append(offset)
            lengths.append(Int32(b.count))
            lineNumbers.append(Int32(lineNumber))
            idHashes.append(LineIndex.idHash(ofLine: b, parser: parser))
        }

        /// Appends the columns of the next part of the file, whose line numbers start after
        /// `lineBase` lines.
        mutating func append(_ p: Columns, lineBase: Int) {
            starts += p.starts
            lengths += p.lengths
            idHashes += p.idHashes
            lineNumbers += p.lineNumbers.map { $0 + Int32(lineBase) }
        }
    }

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var filled = 0
    private var bufferFileOffset = 0
    private var eof = false
    private var lineNo = 0
    private let parser: JSONLRecordParser

    init(path: String, displayName: String) throws(FileError) {
        self.path = path
        self.displayName = displayName
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FileError(
                path: displayName, message: "cannot open: \(String(cString: strerror(errno)))",
                hint: "check the path and permissions")
        }
        capacity = 4 << 20
        buffer = .allocate(capacity: capacity)
        parser = JSONLRecordParser(displayName: displayName)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    var count: Int { starts.count }

    /// Indexes the whole file: a large file not yet scanned is cut at line ends into one part
    /// per core, scanned in parallel (each with its own descriptor), and the parts joined.
    func scanAll(parallelAbove threshold: Int = 32 << 20) throws(FileError) {
        var st = stat()
        let workers = min(4, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        guard starts.isEmpty, !complete, filled == 0, bufferFileOffset == 0, workers > 1, fstat(fd, &st) == 0,
            Int(st.st_size) >= threshold
        else { return try scan(lines: Int.max) }
        let size = Int(st.st_size)
        // Part k starts at the first line start at or after k * size / workers.
        var bounds = [0]
        for k in 1..<workers {
            var at = max(bounds.last!, k * size / workers - 1)
            var b: UInt8 = 0
            while at < size {
                guard pread(fd, &b, 1, off_t(at)) == 1 else { break }
                at += 1
                if b == 0x0A { break }
            }
            bounds.append(at)
        }
        bounds.append(size)
        let parts = UnsafeMutableBufferPointer<Part?>.allocate(capacity: workers)
        parts.initialize(repeating: nil)
        defer { parts.deallocate() }
        let box = PartsBox(parts)
        let cuts = bounds
        let path = self.path
        let name = displayName
        DispatchQueue.concurrentPerform(iterations: workers) { k in
            box.parts[k] = Part(path: path, displayName: name, from: cuts[k], to: cuts[k + 1])
        }
        var lineBase = 0
        for k in 0..<workers {
            guard let p = parts[k], p.error == nil else {
                throw parts[k]?.error ?? FileError(path: displayName, message: "cannot read")
            }
            columns.append(p.columns, lineBase: lineBase)
            lineBase += p.lines
        }
        lineNo = lineBase
        bufferFileOffset = size
        eof = true
        complete = true
    }

    final class PartsBox: @unchecked Sendable {
        let parts: UnsafeMutableBufferPointer<Part?>
        init(_ p: UnsafeMutableBufferPointer<Part?>) { parts = p }
    }

    /// The lines of bytes `[from, to)` of a file (which start and end at line boundaries).
    struct Part {
        var columns = Columns()
        var lines = 0
        var error: FileError?

        init(path: String, displayName: String, from: Int, to: Int) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                error = FileError(path: displayName, message: "cannot open: \(String(cString: strerror(errno)))")
                return
            }
            defer { close(fd) }
            let parser = JSONLRecordParser(displayName: displayName)
            var columns = Columns()
            var lines = 0
            columns.reserve((to - from) / 500)
            func add(_ line: UnsafeBufferPointer<UInt8>, _ offset: Int) {
                lines += 1
                columns.add(line, offset: offset, lineNumber: lines, parser: parser)
            }
            do {
                try FileLines.forEach(fd: fd, displayName: displayName, from: from, to: to, add, tail: add)
            } catch {
                self.error = error
            }
            self.columns = columns
            self.lines = lines
        }
    }

    /// Indexes lines until at least `n` are indexed or the file ends.
    func scan(lines n: Int) throws(FileError) {
        while starts.count < n && !complete {
            var pos = 0
            while starts.count < n, pos < filled, let nl = memchr(buffer + pos, 0x0A, filled - pos) {
                let end = buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                add(from: pos, to: end)
                pos = end + 1
            }
            if starts.count >= n {
                consume(pos)
                return
            }
            consume(pos)
            if eof {
                if filled > 0 { add(from: 0, to: filled) }
                consume(filled)
                complete = true
                return
            }
            if filled == capacity {
                // A line longer than the buffer: grow it.
                FileLines.grow(&buffer, capacity: &capacity, keeping: filled)
            }
            let got = read(fd, buffer + filled, capacity - filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw FileError(path: displayName, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { eof = true } else { filled += got }
        }
    }

    private func consume(_ n: Int) {
        guard n > 0 else { return }
        if n < filled { (buffer).update(from: buffer + n, count: filled - n) }
        filled -= n
        bufferFileOffset += n
    }

    private func add(from: Int, to: Int) {
        lineNo += 1
        columns.add(
            UnsafeBufferPointer(start: buffer + from, count: to - from), offset: bufferFileOffset + from, lineNumber: lineNo,
            parser: parser)
    }

    /// FNV-1a over the id's UTF-8 bytes (0 when the line has no readable id).
    static func hash<C: Sequence>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    static func hash(id: String) -> UInt64 { hash(id.utf8) }

    static let idPrefix: [UInt8] = Array(#"{"id":""#.utf8)

    /// The id hash of one line: the canonical `{"id":"…"` fast path, else the parser.
    static func idHash(ofLine b: UnsafeBufferPointer<UInt8>, parser: JSONLRecordParser) -> UInt64 {
        if b.count > idPrefix.count, memcmp(b.baseAddress!, idPrefix, idPrefix.count) == 0 {
            var i = idPrefix.count
            while i < b.count && b[i] != 0x22 && b[i] != 0x5C { i += 1 }
            if i < b.count && b[i] == 0x22 {
                return hash(UnsafeBufferPointer(rebasing: b[idPrefix.count..<i]))
            }
        }
        guard let o = try? parser.parse(b, line: 0, byteOffset: 0) else { return 0 }
        switch o["id"] {
        case .string(let s)?: return hash(id: s)
        case .number(let n)?: return hash(id: n.literal)
        default: return 0
        }
    }

    /// The bytes of indexed line `i`.
    func line(_ i: Int) throws(FileError) -> [UInt8] {
        let n = Int(lengths[i])
        var out = [UInt8](repeating: 0, count: n)
        var got = 0
        while got < n {
            let r = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, n - got, off_t(starts[i] + got)) }
            if r < 0 && errno == EINTR { continue }
            if r <= 0 {
                throw FileError(
                    path: displayName, message: "cannot read line \(lineNumbers[i]): the file changed or is unreadable")
            }
            got += r
        }
        return out
    }

    /// The parsed object of indexed line `i`.
    func object(_ i: Int) throws -> JSONObject {
        let bytes = try line(i)
        return try bytes.withUnsafeBufferPointer { b throws(JSONLError) in
            try parser.parse(b, line: Int(lineNumbers[i]), byteOffset: starts[i])
        }
    }
}
