import Foundation
import TashihJSON
import TashihModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An error about a journal: where (file[:line]), what, how to fix it.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Another process (or writer) holds the annotator's journal.
        case locked
        /// A read, write, sync or truncate failed.
        case io
        /// The event does not fit the record or the schema; nothing was written.
        case invalidEvent
        /// A line before the last is not an event, or seqs are out of order.
        case corrupt
        /// A bad annotator name.
        case badName
    }
    public var code: Code
    public var file: String
    public var line: Int
    public var message: String
    public var hint: String

    public init(_ code: Code, file: String, line: Int = 0, message: String, hint: String = "") {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        let at = line > 0 ? "\(file):\(line)" : file
        return hint.isEmpty ? "\(at): error: \(message)" : "\(at): error: \(message) (\(hint))"
    }
}

/// A torn last line found when a journal was opened: an append that never completed (the
/// process or the machine died inside the write). Never dropped silently: the writer moves
/// the bytes to `movedTo` before continuing, and the reader reports it.
public struct TornLine: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var byteOffset: Int
    public var byteCount: Int
    /// Where the writer moved the bytes (nil when only reported, by a reader).
    public var movedTo: String?
    public var description: String {
        var s =
            "\(file):\(line): warning: torn last line (\(byteCount) bytes from byte \(byteOffset)): an append that did not complete"
        if let m = movedTo { s += "; set aside in \(m)" } else { s += "; it is set aside when the journal is next written" }
        return s
    }
}

extension Dataset {
    public var journalsDirectory: String { directory + "/journals" }

    /// The journal of `annotator`: `datasets/<name>/journals/<annotator>.jsonl`.
    public func journalPath(annotator: String) -> String { journalsDirectory + "/" + annotator + ".jsonl" }

    /// The journals present, as (annotator, path), sorted by annotator.
    public func journalFiles() -> [(annotator: String, path: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: journalsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map {
            (String($0.dropLast(6)), journalsDirectory + "/" + $0)
        }
    }
}

/// The one writer of one annotator's journal of one dataset.
///
/// # Durability
///
/// - The journal is opened `O_APPEND`; an event is encoded first, then written with **one**
///   `write(2)` of the whole line, then `fsync`ed; only then does `append` return. An event
///   `append` returned for is on disk.
/// - A short write or a failed write or sync (disk full, `ulimit -f`, I/O error) truncates the
///   file back to its size before the append (`ftruncate` + `fsync`), so no partial line
///   remains, and throws an error naming the file, the cause and the fix. `SIGXFSZ` is ignored
///   so a file-size limit is an `EFBIG` error instead of killing the process.
/// - A crash can leave at most one torn last line (the one write in flight). On open it is
///   found, written whole to `<annotator>.jsonl.torn-<UTC time>-<pid>` (atomically, fsynced),
///   the journal truncated to the end of the last complete event, and reported in
///   `tornLines`. A crash between the two steps only means the same bytes are set aside again.
///
/// # Exclusion
///
/// `<annotator>.jsonl.lock` next to the journal is locked with `flock(LOCK_EX | LOCK_NB)` for
/// the writer's life, and holds the holder's pid. A second writer — another process or the same
/// one — fails at once with `JournalError.Code.locked`: "the journal of amal is being written by
/// process 1234". The lock goes with the process (a killed writer holds nothing); a stale pid in
/// the file is harmless. Journals of different annotators never share a file, so any number of
/// annotators write at once without coordination (and without git conflicts).
///
/// # Sequence and time
///
/// `seq` continues from the last event of the file (1 for a new journal); `time` is the wall
/// clock but never before the journal's last event, so one annotator's events sort by time in
/// their seq order. Line n holds seq n: a journal position is a seq (a release records, per
/// annotator, the last seq it includes; `byteOffset` gives the matching byte offset).
public final class JournalWriter {
    public let path: String
    public let annotator: String
    public let guidelines: String
    public let schema: Schema?
    /// The last seq written (0 for an empty journal).
    public private(set) var lastSeq: Int
    /// The last event's time.
    public private(set) var lastTime: JournalTime
    /// The journal's size in bytes: the byte offset the next event starts at.
    public private(set) var byteOffset: Int
    /// Torn lines found and set aside on open.
    public private(set) var tornLines: [TornLine] = []
    public var lockPath: String { path + ".lock" }

    let fd: Int32
    let lockFD: Int32
    var buffer: [UInt8] = []
    var closed = false

    /// Annotator names: `[a-z0-9][a-z0-9._-]*`, at most 64 bytes.
    public static func validateAnnotator(_ name: String) throws(JournalError) {
        guard Dataset.isFileName(name, maxBytes: 64) else {
            throw JournalError(
                .badName, file: name, message: "\"\(name)\" is not a valid annotator name",
                hint: "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, e.g. amal")
        }
    }

    /// Opens (creating if needed) the journal of `annotator` in `dataset`.
    public convenience init(dataset: Dataset, annotator: String, guidelines: String) throws(JournalError) {
        try Self.validateAnnotator(annotator)
        try self.init(
            path: dataset.journalPath(annotator: annotator), annotator: annotator, guidelines: guidelines,
            schema: dataset.schema)
    }

    /// Opens (creating if needed) the journal at `path`; its folder is created if missing.
    public init(path: String, annotator: String, guidelines: String, schema: Schema?) throws(JournalError) {
        try Self.validateAnnotator(annotator)
        signal(SIGXFSZ, SIG_IGN)
        self.path = path
        self.annotator = annotator
        self.guidelines = guidelines
        self.schema = schema
        let dir = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw JournalError(
                    .io, file: dir, message: "cannot create the journals folder: \(error.localizedDescription)",
                    hint: "check that the dataset folder exists, is a folder and is writable")
            }
        } else if !isDir.boolValue {
            throw JournalError(
                .io, file: dir, message: "the journals folder is not a folder",
                hint: "move the file \(dir) out of the way")
        }
        // 1. The lock.
        let lockPath = path + ".lock"
        let lfd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lfd >= 0 else { throw Self.errnoError(.io, lockPath, "cannot open the lock file") }
        if flock(lfd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            var holder = ""
            var b = [UInt8](repeating: 0, count: 64)
            let n = pread(lfd, &b, 63, 0)
            if n > 0 { holder = String(decoding: b[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            closeFD(lfd)
            if e == EWOULDBLOCK || e == EAGAIN {
                let who =
                    holder.isEmpty
                    ? "another process" : (Int32(holder) == getpid() ? "this process (pid \(holder))" : "process \(holder)")
                throw JournalError(
                    .locked, file: path, message: "the journal of \(annotator) is being written by \(who)",
                    hint: "one writer per annotator: close the other session (or wait for it to end) and retry")
            }
            errno = e
            throw Self.errnoError(.io, lockPath, "cannot lock the journal")
        }
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(lfd, 0) != 0 || pwrite(lfd, pid, pid.count, 0) != pid.count {
            // The pid is only for the message; the lock itself is held.
        }
        lockFD = lfd
        // 2. The journal.
        let jfd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard jfd >= 0 else {
            let err = Self.errnoError(.io, path, "cannot open the journal")
            closeFD(lfd)
            throw err
        }
        fd = jfd
        lastSeq = 0
        lastTime = JournalTime(milliseconds: 0)
        byteOffset = 0
        do {
            try recoverTail()
            // Seq n is line n: a torn line would have been line lastSeq + 1.
            for i in tornLines.indices { tornLines[i].line = lastSeq + tornLines.count - i }
        } catch {
            closeFD(jfd)
            closeFD(lfd)
            throw error
        }
    }

    deinit { close() }

    /// Releases the lock and closes the journal. Later appends are a programming error.
    public func close() {
        if closed { return }
        closed = true
        closeFD(fd)
        flock(lockFD, LOCK_UN)
        closeFD(lockFD)
    }

    static func errnoError(_ code: JournalError.Code, _ path: String, _ what: String) -> JournalError {
        let e = errno
        let reason = String(cString: strerror(e))
        let hint: String
        switch e {
        case ENOSPC: hint = "the disk is full; free space and retry — the journal is intact"
        case EFBIG: hint = "the file size limit was reached (ulimit -f); raise it and retry — the journal is intact"
        case EACCES, EPERM: hint = "check the permissions of the journals folder — the journal is intact"
        case EROFS: hint = "the file system is read-only; the journal is intact"
        case ENOENT: hint = "check that the folder exists"
        case EDQUOT: hint = "the disk quota is exceeded; the journal is intact"
        default: hint = ""
        }
        return JournalError(code, file: path, message: "\(what): \(reason)", hint: hint)
    }

    /// Reads the end of the file: sets a torn last line aside, then continues seq and time from
    /// the last event.
    func recoverTail() throws(JournalError) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Self.errnoError(.io, path, "cannot stat the journal") }
        let size = Int(st.st_size)
        byteOffset = size
        if size == 0 { return }
        // The last line, possibly torn: the bytes after the last newline (if any), else the last
        // complete line if it does not parse as an event.
        let tail = try readLastLines(size: size)
        var goodEnd = size
        if let torn = tail.partial {
            try setAside(from: torn, to: size, line: tail.lineOfPartial)
            goodEnd = torn
        }
        guard let last = tail.lastComplete else { byteOffset = goodEnd; return }
        let parser = JSONLRecordParser(displayName: path)
        let decoded: JournalEvent? = last.bytes.withUnsafeBufferPointer { b in
            try? JournalEvent.decode(b, parser: parser, line: 0, byteOffset: last.offset)
        }
        if let ev = decoded {
            lastSeq = ev.seq
            lastTime = ev.time
            byteOffset = goodEnd
            return
        }
        if tail.partial == nil {
            // A complete but unreadable last line: torn too (e.g. a block of zeros after a power
            // loss). Set it aside and read the line before it.
            try setAside(from: last.offset, to: goodEnd, line: tail.lineOfPartial - 1)
            byteOffset = last.offset
            try recoverTail()
            return
        }
        throw JournalError(
            .corrupt, file: path, message: "the last complete event (at byte \(last.offset)) cannot be read",
            hint: "run `tashih journal check` to find the damaged line")
    }

    struct Tail {
        var partial: Int?  // byte offset of bytes after the last newline
        var lastComplete: (offset: Int, bytes: [UInt8])?
        var lineOfPartial: Int  // only a guess for messages: lines counted are unknown (-1)
    }

    func readLastLines(size: Int) throws(JournalError) -> Tail {
        // Read backwards in chunks until two newlines (or the start) are seen.
        var chunk = 65536
        while true {
            let from = max(0, size - chunk)
            var buf = [UInt8](repeating: 0, count: size - from)
            var got = 0
            while got < buf.count {
                let want = buf.count - got
                let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, want, off_t(from + got)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Self.errnoError(.io, path, "cannot read the journal")
                }
                if n == 0 { break }
                got += n
            }
            let nls = buf.indices.filter { buf[$0] == 0x0A }.suffix(2)
            if nls.count < 2 && from > 0 {
                chunk *= 4
                continue
            }
            var t = Tail(partial: nil, lastComplete: nil, lineOfPartial: 0)
            let lastNL = nls.last
            if let l = lastNL {
                if l != buf.count - 1 { t.partial = from + l + 1 }
                let prev = nls.count == 2 ? nls.first! + 1 : 0
                t.lastComplete = (from + prev, Array(buf[prev..<l]))
            } else {
                t.partial = from
            }
            // Line numbers: seq n is line n, so the torn line is lastSeq + 1 (filled in later).
            t.lineOfPartial = -1
            return t
        }
    }

    /// Copies bytes `[from, to)` to a `.torn-` file and truncates the journal to `from`.
    func setAside(from: Int, to: Int, line: Int) throws(JournalError) {
        var bytes = [UInt8](repeating: 0, count: to - from)
        var got = 0
        while got < bytes.count {
            let want = bytes.count - got
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, want, off_t(from + got)) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                throw Self.errnoError(.io, path, "cannot read the torn last line")
            }
            got += n
        }
        var stamp: [UInt8] = []
        JournalTime.now.write(to: &stamp)
        let s = String(decoding: stamp, as: UTF8.self).replacingOccurrences(of: ":", with: "").replacingOccurrences(
            of: "-", with: "")
        let aside = "\(path).torn-\(s)-\(getpid())"
        do {
            try writeFileAtomically(bytes, to: aside)
        } catch {
            throw JournalError(
                .io, file: path, message: "found a torn last line but cannot set it aside: \(error.message)",
                hint: "the journal is unchanged; free space or fix permissions and retry")
        }
        guard ftruncate(fd, off_t(from)) == 0, fsync(fd) == 0 else {
            throw Self.errnoError(.io, path, "cannot truncate the torn last line (it was saved to \(aside))")
        }
        // The line number is the seq the torn event would have had; filled in once known.
        let lineNo = line > 0 ? line : 0
        tornLines.append(TornLine(file: path, line: lineNo, byteOffset: from, byteCount: to - from, movedTo: aside))
    }

    // MARK: Appending

    /// Appends an event about `record`, after checking it against the record and the schema.
    /// Returns the event as stored (with its seq and time) once it is on disk.
    ///
    /// - Parameters:
    ///   - textHash: the text hash the annotator saw, when known: a record changed since is refused.
    @discardableResult
    public func append(
        _ action: JournalAction, record: Document, suggestion: SuggestionRef? = nil, textHash: String? = nil,
        time: JournalTime = .now
    ) throws(JournalError) -> JournalEvent {
        try validate(action, record: record, suggestion: suggestion, textHash: textHash)
        let event = JournalEvent(
            seq: lastSeq + 1, time: max(time, lastTime), annotator: annotator, record: record.id, textHash: record.textHash,
            guidelines: guidelines, suggestion: suggestion, action: action)
        try write(event)
        return event
    }

    /// Appends several events about one record with one `write(2)` and one `fsync` (the REPL's
    /// accept-all): each is checked first, and if any is invalid nothing is written. Returns the
    /// events as stored once all are on disk. A crash inside the write can leave the first
    /// events complete and the rest torn: the torn tail is set aside on the next open, as for
    /// `append`.
    @discardableResult
    public func appendAll(
        _ actions: [(action: JournalAction, suggestion: SuggestionRef?)], record: Document, textHash: String? = nil,
        time: JournalTime = .now
    ) throws(JournalError) -> [JournalEvent] {
        for a in actions { try validate(a.action, record: record, suggestion: a.suggestion, textHash: textHash) }
        let t = max(time, lastTime)
        let events = actions.enumerated().map { (k, a) in
            JournalEvent(
                seq: lastSeq + 1 + k, time: t, annotator: annotator, record: record.id, textHash: record.textHash,
                guidelines: guidelines, suggestion: a.suggestion, action: a.action)
        }
        guard !events.isEmpty else { return [] }
        try write(events)
        return events
    }

    /// Appends an event as given (its seq must be the next one and its annotator this journal's),
    /// without checking it against a record: for tools that copy events (and for tests).
    public func appendUnchecked(_ event: JournalEvent) throws(JournalError) {
        guard event.annotator == annotator, event.seq == lastSeq + 1, event.time >= lastTime else {
            throw JournalError(
                .invalidEvent, file: path,
                message:
                    "event seq \(event.seq) of \(event.annotator) does not continue this journal (\(annotator), next seq \(lastSeq + 1))"
            )
        }
        try write(event)
    }

    func write(_ event: JournalEvent) throws(JournalError) { try write([event]) }

    /// Writes events (consecutive seqs) with one write and one fsync.
    func write(_ events: [JournalEvent]) throws(JournalError) {
        precondition(!closed, "append after close")
        let event = events[0]
        buffer.removeAll(keepingCapacity: true)
        for e in events { e.writeLine(to: &buffer) }
        let before = byteOffset
        let n = buffer.withUnsafeBytes { systemWrite(fd, $0.baseAddress!, $0.count) }
        if n != buffer.count {
            let err: JournalError
            if n < 0 {
                err = Self.errnoError(.io, path, "cannot append event \(event.seq)")
            } else {
                // A short write: the next write would say why (EFBIG, ENOSPC); say it now.
                let n2 = buffer.withUnsafeBytes { systemWrite(fd, $0.baseAddress!, 1) }
                if n2 < 0 {
                    err = Self.errnoError(
                        .io, path, "cannot append event \(event.seq) (only \(n) of \(buffer.count) bytes written)")
                } else {
                    err = JournalError(
                        .io, file: path,
                        message: "cannot append event \(event.seq): only \(n) of \(buffer.count) bytes were written",
                        hint: "the disk may be full or a file size limit reached — the journal is intact")
                }
            }
            rollBack(to: before)
            throw err
        }
        if fsync(fd) != 0 {
            let err = Self.errnoError(.io, path, "cannot flush event \(event.seq) to disk")
            rollBack(to: before)
            throw err
        }
        byteOffset = before + buffer.count
        lastSeq = events[events.count - 1].seq
        lastTime = events[events.count - 1].time
    }

    func rollBack(to size: Int) {
        _ = ftruncate(fd, off_t(size))
        _ = fsync(fd)
    }

    /// Checks an event against its record and the schema.
    public func validate(
        _ action: JournalAction, record: Document, suggestion: SuggestionRef?, textHash: String?
    ) throws(JournalError) {
        func bad(_ m: String, _ hint: String = "") -> JournalError {
            JournalError(.invalidEvent, file: path, message: "record \"\(record.id)\": \(m)", hint: hint)
        }
        if let h = textHash, h != record.textHash {
            throw bad("the text changed since it was shown (\(h) → \(record.textHash))", "reload the record and decide again")
        }
        let n = record.text.unicodeScalars.count
        func checkRange(_ s: Int, _ e: Int, _ what: String) throws(JournalError) {
            guard s >= 0, e <= n, s < e else {
                throw bad("\(what) \(s)..\(e) is not inside the text (0..\(n) scalars, end exclusive, start before end)")
            }
        }
        func checkLabel(_ l: String) throws(JournalError) {
            if let schema, schema.family(ofLabel: l) == nil {
                throw bad("unknown label \(l)", "labels: \(schema.allLabels.joined(separator: ", "))")
            }
        }
        func checkAttribute(_ name: String, _ v: AttributeValue?, label: String) throws(JournalError) {
            guard let schema else { return }
            guard let a = schema.attribute(name, forLabel: label) else {
                throw bad("label \(label) takes no attribute \(name)")
            }
            guard let v else { return }
            switch (a.kind, v) {
            case (.number, .number), (.text, .string): return
            case (.choice(let values), .string(let s)):
                if !values.contains(s) { throw bad("\(name) must be one of \(values.joined(separator: ", ")), not \(s)") }
            case (.identifier, .string(let s)):
                let ok =
                    !s.isEmpty
                    && s.utf8.allSatisfy { b in
                        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E
                            || b == 0x3A
                    }
                if !ok { throw bad("\(name) must be an identifier (ASCII letters, digits, _ - . :), not \(s)") }
            default: throw bad("\(name) must be a \(a.kindName)")
            }
        }
        if let sg = suggestion {
            try checkRange(sg.start, sg.end, "the suggestion")
        }
        switch action {
        case .accept, .reject:
            guard suggestion != nil else { throw bad("\(action.kind.rawValue) needs the suggestion it answers") }
        case .relabel(let s, let to):
            try checkRange(s.start, s.end, "the span")
            try checkLabel(to)
        case .move(let s, let start, let end):
            try checkRange(s.start, s.end, "the span")
            try checkRange(start, end, "the new boundary")
        case .setAttribute(let s, let name, let v):
            try checkRange(s.start, s.end, "the span")
            try checkAttribute(name, v, label: s.label)
        case .add(let s):
            try checkRange(s.start, s.end, "the span")
            try checkLabel(s.label)
            for (k, v) in s.attributes { try checkAttribute(k, v, label: s.label) }
        case .delete(let s):
            try checkRange(s.start, s.end, "the span")
        case .done, .skip: break
        case .flag(let note):
            if note.isEmpty { throw bad("a flag needs a note", "say what is unclear") }
        case .undo(let target):
            guard target >= 1, target <= lastSeq else {
                throw bad("undo of seq \(target): there is no such event (last seq \(lastSeq))")
            }
        }
    }
}

@inline(__always) func closeFD(_ fd: Int32) { _ = close(fd) }
@inline(__always) func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
