import Foundation
import TashihJSON
import TashihModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What reading one journal found.
public struct JournalReadReport: Sendable {
    public var file: String
    public var annotator: String
    /// Events read (the torn line excluded).
    public var events = 0
    /// The last good seq (0 if none).
    public var lastSeq = 0
    /// Bytes of the journal up to the end of the last good event.
    public var goodBytes = 0
    /// A torn last line (reported, never passed on as an event; the writer sets it aside).
    public var torn: TornLine?
    /// Errors: damaged lines before the last, seqs that do not follow, a wrong annotator.
    public var errors: [JournalError] = []
    public var hasErrors: Bool { !errors.isEmpty }
}

/// Reads a journal from start to end, streaming (memory is bounded by the longest line).
///
/// Checks every line: it is an event, its `annotator` is the journal's, its `seq` is its line
/// number (1, 2, 3 … — so no event is missing or duplicated) and its `time` is not before the
/// previous one. The last line is special: if it does not end in `\n`, or does not parse, it is
/// the remains of an append that never completed — a **torn line**: reported in
/// `JournalReadReport.torn` (a warning), not passed on, and it does not stop the dataset from
/// opening. Any other bad line is an error (the file was damaged), reported with file:line.
/// Lines appended while the journal is being read (past its size at open) are not read.
public enum JournalReader {
    /// Reads the journal at `path`, calling `body` with each event, its line and byte offset.
    public static func read(
        path: String, displayName: String? = nil, annotator: String,
        _ body: (JournalEvent, _ line: Int, _ byteOffset: Int) throws -> Void
    ) throws -> JournalReadReport {
        let name = displayName ?? path
        let parser = JSONLRecordParser(displayName: name)
        var current: JournalEvent?
        return try scan(
            path: path, displayName: name, annotator: annotator,
            decode: { (bytes, line, offset) throws(JournalDecodeError) -> LineHeader in
                let e = try JournalEvent.decode(bytes, parser: parser, line: line, byteOffset: offset)
                current = e
                return LineHeader(seq: e.seq, annotator: e.annotator, time: e.time)
            },
            accept: { line, offset in try body(current!, line, offset) })
    }

    /// What the checks of `scan` need from a decoded line.
    struct LineHeader {
        var seq: Int
        /// The line's annotator; nil when the decoder already knows it is the journal's.
        var annotator: String?
        var time: JournalTime
    }

    /// The reading loop shared by `read` and the working state's fast path: `decode` turns a
    /// line into the decoder's own form (keeping it), `accept` is called for each line that
    /// passed the checks.
    static func scan(
        path: String, displayName name: String, annotator: String,
        decode: (UnsafeBufferPointer<UInt8>, Int, Int) throws(JournalDecodeError) -> LineHeader,
        accept: (_ line: Int, _ byteOffset: Int) throws -> Void
    ) throws -> JournalReadReport {
        var report = JournalReadReport(file: name, annotator: annotator)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return report }
            throw JournalWriter.errnoError(.io, name, "cannot open the journal")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalWriter.errnoError(.io, name, "cannot stat the journal") }
        let size = Int(st.st_size)
        if size == 0 { return report }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(size - 1)) == 1 else {
            throw JournalWriter.errnoError(.io, name, "cannot read the journal")
        }
        let endsWithNewline = last == 0x0A
        let reader = JSONLReader(fileDescriptor: fd, displayName: name)
        var lastTime = JournalTime(milliseconds: Int64.min)
        do {
            while let (line, offset, bytes) = try reader.nextLine() {
                if offset >= size { break }
                let lineEnd = offset + bytes.count
                let unterminated = !endsWithNewline && lineEnd >= size
                let isLast = unterminated || lineEnd + 1 >= size
                if unterminated {
                    report.torn = TornLine(file: name, line: line, byteOffset: offset, byteCount: size - offset, movedTo: nil)
                    break
                }
                let h: LineHeader
                do {
                    h = try decode(bytes, line, offset)
                } catch {
                    if isLast {
                        report.torn = TornLine(
                            file: name, line: line, byteOffset: offset, byteCount: size - offset, movedTo: nil)
                        break
                    }
                    report.errors.append(
                        JournalError(
                            .corrupt, file: name, line: line, message: "not a journal event: \(error.message)",
                            hint: "the journal was damaged; restore it from git or a backup"))
                    continue
                }
                if let a = h.annotator, a != annotator {
                    report.errors.append(
                        JournalError(
                            .corrupt, file: name, line: line,
                            message: "event of annotator \(a) in the journal of \(annotator)",
                            hint: "a journal holds one annotator's events; was the file renamed?"))
                } else if h.seq != line {
                    report.errors.append(
                        JournalError(
                            .corrupt, file: name, line: line, message: "seq \(h.seq) on line \(line)",
                            hint: "line n holds seq n; lines were lost, duplicated or reordered — restore the journal"))
                } else if h.time < lastTime {
                    report.errors.append(
                        JournalError(
                            .corrupt, file: name, line: line, message: "time \(h.time) is before the previous event's",
                            hint: "a journal's times never decrease; the file was edited"))
                }
                lastTime = max(lastTime, h.time)
                report.events += 1
                report.lastSeq = h.seq
                report.goodBytes = lineEnd + 1
                try accept(line, offset)
            }
        } catch let e as JSONLError {
            throw JournalError(.io, file: name, line: e.line, message: e.message, hint: e.hint)
        }
        return report
    }

    /// Reads every journal of a dataset (in parallel, one journal per task) into arrays of
    /// events, one per annotator, in annotator order.
    public static func readAll(dataset: Dataset) throws -> [(report: JournalReadReport, events: [JournalEvent])] {
        let files = dataset.journalFiles()
        let results = UnsafeSendableBox(
            [Result<(JournalReadReport, [JournalEvent]), Error>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let f = files[i]
            var events: [JournalEvent] = []
            let r = Result { () throws -> (JournalReadReport, [JournalEvent]) in
                let rep = try read(
                    path: f.path, displayName: "datasets/\(dataset.name)/journals/\(f.annotator).jsonl",
                    annotator: f.annotator
                ) { e, _, _ in events.append(e) }
                return (rep, events)
            }
            results.lock.lock()
            results.value[i] = r
            results.lock.unlock()
        }
        return try results.value.map { try $0!.get() }
    }
}

/// A value shared by `concurrentPerform` tasks under a lock.
final class UnsafeSendableBox<T>: @unchecked Sendable {
    var value: T
    let lock = NSLock()
    init(_ value: T) { self.value = value }
}
