import Foundation
import TashihGold
import TashihJSON
import TashihModel

#if canImport(Glibc)
    import Glibc
#endif

/// What the REPL keeps of a journal event before it is needed in full: enough for the record
/// marks (done, skip, flag, undo) and the queues, and where its line is to decode it when its
/// record is shown.
struct EventHead: Sendable {
    var journal: Int16
    var kind: JournalAction.Kind
    var seq: Int32
    var undoes: Int32
    var time: Int64
    var offset: Int
    var length: Int32
    /// The record id's hash (`LineIndex.hash`).
    var record: UInt64
    /// A flag's note: its index in `JournalIndex.notes` (-1: none). Heads hold no reference, so
    /// a million of them copy and sort as plain bytes.
    var note: Int32
}

/// Every journal of a dataset read once at open without decoding events: canonical lines are
/// scanned for `kind`, a flag's `note`, `record`, `seq`, `time` and `undoes` (the keys' order is
/// fixed, a string can never hold an unescaped `","key":`, and an added span's object — whose
/// attributes may use any key — is stepped over whole); strings with escapes and any other line
/// go through the full decoder. Full events are decoded per record when it is shown.
struct JournalIndex {
    var annotators: [String] = []
    var paths: [String] = []
    var heads: [EventHead] = []
    var notes: [String] = []
    var warnings: [String] = []

    static let kinds: [String: JournalAction.Kind] = Dictionary(
        uniqueKeysWithValues: JournalAction.Kind.allCases.map { ($0.rawValue, $0) })

    init(dataset: Dataset) throws {
        let files = dataset.journalFiles()
        annotators = files.map(\.annotator)
        paths = files.map(\.path)
        let results = Box([Part?](repeating: nil, count: files.count))
        let names = files.map { "datasets/\(dataset.name)/journals/\($0.annotator).jsonl" }
        let paths = self.paths
        DispatchQueue.concurrentPerform(iterations: files.count) { k in
            let p = Part(path: paths[k], displayName: names[k], journal: Int16(k))
            results.lock.lock()
            results.value[k] = p
            results.lock.unlock()
        }
        for p in results.value {
            guard let p else { continue }
            if let e = p.error { throw e }
            let base = Int32(notes.count)
            heads +=
                base == 0
                ? p.heads
                : p.heads.map { h in
                    var h = h
                    if h.note >= 0 { h.note += base }
                    return h
                }
            notes += p.notes
            warnings += p.warnings
        }
    }

    final class Box<T>: @unchecked Sendable {
        var value: T
        let lock = NSLock()
        init(_ v: T) { value = v }
    }

    struct Part {
        var heads: [EventHead] = []
        var notes: [String] = []
        var warnings: [String] = []
        var error: FileError?

        init(path: String, displayName: String, journal: Int16) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                if errno != ENOENT {
                    error = FileError(path: displayName, message: "cannot open: \(String(cString: strerror(errno)))")
                }
                return
            }
            defer { close(fd) }
            let parser = JSONLRecordParser(displayName: displayName)
            var heads: [EventHead] = []
            var notes: [String] = []
            var warnings: [String] = []
            var lineNo = 0
            func event(_ line: UnsafeBufferPointer<UInt8>, _ offset: Int) {
                lineNo += 1
                if let (h, note) = Self.fast(line, journal: journal) {
                    var h = h
                    h.offset = offset
                    if let note {
                        h.note = Int32(notes.count)
                        notes.append(note)
                    }
                    heads.append(h)
                } else if !JSONLRecordParser.isBlank(line) {
                    do {
                        let e = try JournalEvent.decode(line, parser: parser, line: lineNo, byteOffset: offset)
                        heads.append(EventHead(event: e, journal: journal, offset: offset, length: line.count, notes: &notes))
                    } catch {
                        warnings.append("\(displayName):\(lineNo): error: not a journal event: \(error.message)")
                    }
                }
            }
            func torn(_ line: UnsafeBufferPointer<UInt8>, _ offset: Int) {
                warnings.append(
                    "\(displayName):\(lineNo + 1): warning: torn last line (\(line.count) bytes): an append that did not complete"
                )
            }
            do {
                try FileLines.forEach(fd: fd, displayName: displayName, event, tail: torn)
            } catch {
                self.error = error
            }
            self.heads = heads
            self.notes = notes
            self.warnings = warnings
        }

        /// The head of a canonical line, or nil for the full decoder.
        static func fast(_ b: UnsafeBufferPointer<UInt8>, journal: Int16) -> (EventHead, String?)? {
            guard let p = b.baseAddress, b.count > 40, p[b.count - 1] == 0x7D else { return nil }
            var i = 0
            let n = b.count
            // The writer's key order: annotator guidelines kind note record seq span suggestion
            // text_hash time to undoes. Each key is expected where it must be.
            func expect(_ key: StaticString) -> Bool {
                let m = key.utf8CodeUnitCount
                guard i + m <= n, memcmp(p + i, key.utf8Start, m) == 0 else { return false }
                i += m
                return true
            }
            func string() -> (Int, Int)? {
                let s = i
                while i < n && p[i] != 0x22 {
                    if p[i] == 0x5C { return nil }
                    i += 1
                }
                guard i < n else { return nil }
                i += 1
                return (s, i - 1 - s)
            }
            func int() -> Int32? {
                var v: Int64 = 0
                let s = i
                while i < n && p[i] >= 0x30 && p[i] <= 0x39 && i - s < 10 {
                    v = v * 10 + Int64(p[i] - 0x30)
                    i += 1
                }
                return i > s ? Int32(exactly: v) : nil
            }
            /// Skips one JSON object starting at `i` (strings and escapes respected).
            func skipObject() -> Bool {
                guard i < n, p[i] == 0x7B else { return false }
                var depth = 0
                var inString = false
                while i < n {
                    let c = p[i]
                    if inString {
                        if c == 0x5C {
                            i += 1
                        } else if c == 0x22 {
                            inString = false
                        }
                    } else if c == 0x22 {
                        inString = true
                    } else if c == 0x7B {
                        depth += 1
                    } else if c == 0x7D {
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            return true
                        }
                    }
                    i += 1
                }
                return false
            }
            guard expect(#"{"annotator":""#), string() != nil, expect(#","guidelines":""#), string() != nil,
                expect(#","kind":""#), let k = string(),
                let kind = JournalIndex.kinds[String(decoding: UnsafeBufferPointer(start: p + k.0, count: k.1), as: UTF8.self)]
            else { return nil }
            var note: String?
            if kind == .flag {
                // A note with escapes goes to the full decoder.
                guard expect(#","note":""#), let t = string() else { return nil }
                note = String(decoding: UnsafeBufferPointer(start: p + t.0, count: t.1), as: UTF8.self)
            }
            guard expect(#","record":""#), let r = string() else { return nil }
            let record = LineIndex.hash(UnsafeBufferPointer(start: p + r.0, count: r.1))
            guard expect(#","seq":"#), let seq = int() else { return nil }
            // The span (an added span's attributes may use any key) and the suggestion, stepped over.
            if expect(#","span":"#) { guard skipObject() else { return nil } }
            if expect(#","suggestion":"#) { guard skipObject() else { return nil } }
            guard expect(#","text_hash":""#), string() != nil, expect(#","time":""#), i + 24 <= n,
                let t = JournalTime(utf8: UnsafeBufferPointer(start: p + i, count: 24))
            else { return nil }
            i += 24
            var undoes: Int32 = 0
            if kind == .undo {
                guard expect(#"","undoes":"#), let u = int() else { return nil }
                undoes = u
            }
            return (
                EventHead(
                    journal: journal, kind: kind, seq: seq, undoes: undoes, time: t.milliseconds, offset: 0, length: Int32(n),
                    record: record, note: -1),
                note
            )
        }
    }

    /// The full event of a head (its line read again and decoded).
    func event(_ h: EventHead) throws -> JournalEvent {
        let fd = open(paths[Int(h.journal)], O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: paths[Int(h.journal)], message: "cannot open the journal") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Int(h.length))
        var got = 0
        while got < bytes.count {
            let r = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, $0.count - got, off_t(h.offset + got)) }
            if r < 0 && errno == EINTR { continue }
            guard r > 0 else { throw FileError(path: paths[Int(h.journal)], message: "the journal changed while it was read") }
            got += r
        }
        let parser = JSONLRecordParser(displayName: paths[Int(h.journal)])
        do {
            return try bytes.withUnsafeBufferPointer { b throws(JournalDecodeError) in
                try JournalEvent.decode(b, parser: parser, line: Int(h.seq), byteOffset: h.offset)
            }
        } catch {
            throw FileError(path: paths[Int(h.journal)], message: "line \(h.seq): \(error.message)")
        }
    }
}

extension EventHead {
    /// The head of a decoded event; a flag's note is added to `notes`.
    init(event e: JournalEvent, journal: Int16, offset: Int, length: Int, notes: inout [String]) {
        var undoes: Int32 = 0
        var note: Int32 = -1
        switch e.action {
        case .undo(let t): undoes = Int32(clamping: t)
        case .flag(let n):
            note = Int32(notes.count)
            notes.append(n)
        default: break
        }
        self.init(
            journal: journal, kind: e.kind, seq: Int32(clamping: e.seq), undoes: undoes, time: e.time.milliseconds,
            offset: offset,
            length: Int32(clamping: length), record: LineIndex.hash(id: e.record.rawValue), note: note)
    }
}
