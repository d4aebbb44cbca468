import Foundation
import Synchronization
import TashihJSON
import TashihModel

/// An external extractor's failure, naming the record and the problem. No suggestions of a run
/// that fails are kept.
public struct ExtractorError: Error, Sendable, CustomStringConvertible {
    public var extractor: String
    public var recordID: String?
    public var message: String
    public var hint: String

    public init(extractor: String, recordID: String? = nil, message: String, hint: String = "") {
        self.extractor = extractor
        self.recordID = recordID
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var s = "extractor \(extractor): "
        if let id = recordID { s += "record \"\(id)\": " }
        s += message
        if !hint.isEmpty { s += " (\(hint))" }
        return s
    }
}

/// Runs an external program as an extractor: JSONL records (`id`, `text`, `meta`) go to its
/// standard input, one line each; it writes one JSONL line per record to standard output, in
/// the same order, `{"id": …, "spans": [{"start","end","label","attributes"?,"score"?}]}`.
/// See docs/EXTRACTORS.md.
///
/// Records stream through: memory holds only the records the program has been sent but not
/// answered yet. Every answer is checked — same id in the same order, valid JSON, spans inside
/// the text with labels and attributes of the schema — and a program that exits non-zero,
/// stays silent past the timeout, or stops early is an error naming the record.
public struct ExternalExtractor: Sendable {
    /// The shell command (run with `/bin/sh -c`).
    public var command: String
    /// The name suggestions carry (default `cmd:<command>`).
    public var name: String
    /// The version suggestions carry.
    public var version: String
    /// Seconds the program may take to answer a record it was sent before it is stopped.
    public var timeout: Double
    public var schema: Schema?

    public init(command: String, name: String? = nil, version: String = "unversioned", timeout: Double = 60, schema: Schema?) {
        self.command = command
        self.name = name ?? "cmd:\(command)"
        self.version = version
        self.timeout = timeout
        self.schema = schema
    }

    /// Sends every document of `documents` to the program and calls `emit` with each document
    /// and its suggested spans (origins set), in input order.
    public func run(
        documents: @escaping @Sendable (_ send: (Document) throws -> Void) throws -> Void,
        emit: (Document, [Span]) throws -> Void
    ) throws {
        signal(SIGPIPE, SIG_IGN)  // a program that exits early must give EPIPE, not kill us
        let process: ChildProcess
        do {
            process = try ChildProcess(shellCommand: command)
        } catch {
            throw ExtractorError(extractor: name, message: "\(error)")
        }
        let pending = PendingQueue()
        let stderrTail = StderrTail()
        let writerDone = DispatchSemaphore(value: 0)
        let writeFD = process.stdinFD
        let stderrFD = process.stderrFD
        let writerError = Mutex<Error?>(nil)

        // stderr is collected (last 4 KB) so a failure can show what the program said.
        let stderrDone = DispatchSemaphore(value: 0)
        let stderrThread = Thread {
            var buf = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buf.withUnsafeMutableBytes { read(stderrFD, $0.baseAddress!, 4096) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                stderrTail.append(buf[0..<n])
            }
            stderrDone.signal()
        }
        stderrThread.start()

        // The writer sends records as fast as the pipe takes them.
        let writer = Thread {
            var line: [UInt8] = []
            do {
                try documents { doc in
                    pending.push(doc)
                    line.removeAll(keepingCapacity: true)
                    var o = JSONObject([("id", .string(doc.id.rawValue)), ("text", .string(doc.text))])
                    if !doc.meta.entries.isEmpty { o["meta"] = .object(doc.meta) }
                    JSONWriter.write(.object(o), to: &line)
                    line.append(0x0A)
                    try line.withUnsafeBytes { raw in
                        var off = 0
                        while off < raw.count {
                            let n = write(writeFD, raw.baseAddress! + off, raw.count - off)
                            if n < 0 {
                                if errno == EINTR { continue }
                                throw BrokenPipe()
                            }
                            off += n
                        }
                    }
                }
            } catch is BrokenPipe {
                // The program stopped reading; the reader reports why.
            } catch {
                writerError.withLock { $0 = error }
            }
            pending.finish()
            close(writeFD)
            writerDone.signal()
        }
        writer.start()

        let stdoutFD = process.stdoutFD
        let reader = TimedLineReader(fd: stdoutFD)
        let decoder = RecordDecoder(schema: schema)
        var failure: ExtractorError?
        var answered = 0
        var lineNumber = 0

        func fail(_ e: ExtractorError) {
            if failure == nil { failure = e }
        }

        loop: while true {
            // The timeout runs only while a record sent is waiting for its answer.
            let outcome = reader.nextLine(timeout: timeout, waiting: { pending.count > 0 })
            let bytes: [UInt8]
            switch outcome {
            case .timedOut:
                fail(
                    ExtractorError(
                        extractor: name, recordID: pending.first?.id.rawValue,
                        message: "no answer within \(Self.seconds(timeout)) s; the program was stopped",
                        hint: "write one line per record and flush stdout after each; or raise --timeout"))
                break loop
            case .end:
                break loop
            case .line(let b):
                bytes = b
            }
            lineNumber += 1
            let line = (line: lineNumber, bytes: bytes)
            guard let doc = pending.pop() else {
                fail(
                    ExtractorError(
                        extractor: name, message: "it wrote more lines than it was sent records (line \(line.line))",
                        hint: "write exactly one line per record"))
                break loop
            }
            let value: JSONValue
            do {
                value = try line.bytes.withUnsafeBufferPointer { (b) throws(JSONLError) in
                    try JSONParser.parse(b, file: "<\(name) output>", line: line.line)
                }
            } catch {
                fail(
                    ExtractorError(
                        extractor: name, recordID: doc.id.rawValue,
                        message: "invalid JSON on output line \(line.line): \(error.message)",
                        hint: "write one JSON object per line"))
                break loop
            }
            guard let o = value.objectValue else {
                fail(
                    ExtractorError(
                        extractor: name, recordID: doc.id.rawValue,
                        message: "output line \(line.line) is \(value.kindDescription), not an object"))
                break loop
            }
            let gotID = o["id"]?.stringValue ?? o["id"]?.numberValue?.literal
            guard gotID == doc.id.rawValue else {
                fail(
                    ExtractorError(
                        extractor: name, recordID: doc.id.rawValue,
                        message: gotID == nil
                            ? "output line \(line.line) has no \"id\""
                            : "output line \(line.line) answers record \"\(gotID!)\" where \"\(doc.id)\" was expected",
                        hint: "answer every record, in the order they were sent"))
                break loop
            }
            if let t = o["text"], !(t.stringValue?.unicodeScalars.elementsEqual(doc.text.unicodeScalars) ?? false) {
                fail(
                    ExtractorError(
                        extractor: name, recordID: doc.id.rawValue, message: "the output's \"text\" differs from the record's",
                        hint: "send the text back unchanged, or leave \"text\" out"))
                break loop
            }
            var check = JSONObject([("id", .string(doc.id.rawValue)), ("text", .string(doc.text))])
            let spansJSON = o["spans"] ?? .array([])
            check["spans"] = spansJSON
            let (decoded, problems) = decoder.decode(check, file: "<\(name) output>", line: line.line)
            if let p = problems.first(where: { $0.severity == .error }) {
                var m = p.description
                if let r = m.range(of: "error: ") { m = String(m[r.upperBound...]) }
                fail(ExtractorError(extractor: name, recordID: doc.id.rawValue, message: m))
                break loop
            }
            var spans = decoded?.spans ?? []
            let scores = (spansJSON.arrayValue ?? []).map { $0.objectValue?["score"]?.numberValue?.doubleValue }
            for i in spans.indices {
                spans[i].origin = SuggestionOrigin(extractor: name, version: version, score: i < scores.count ? scores[i] : nil)
            }
            answered += 1
            do { try emit(doc, spans) } catch {
                fail(ExtractorError(extractor: name, recordID: doc.id.rawValue, message: "\(error)"))
                break loop
            }
        }
        if failure != nil {
            process.killGroup()
        }
        let exit = process.wait()
        writerDone.wait()
        close(stdoutFD)
        if let failure {
            throw failure
        }
        if let e = writerError.withLock({ $0 }) {
            throw ExtractorError(extractor: name, message: "reading the records to send failed: \(e)")
        }
        // What the program said: its stderr up to end of file (the pipe closes when it exits),
        // waited for briefly in case a process it started still holds the pipe open.
        _ = stderrDone.wait(timeout: .now() + 2)
        let said = stderrTail.text
        if exit != .status(0) {
            let what: String
            switch exit {
            case .status(let code): what = "the program exited with status \(code)"
            case .signal(let sig): what = "the program was killed by signal \(sig)"
            }
            throw ExtractorError(
                extractor: name, recordID: pending.first?.id.rawValue, message: what, hint: said.isEmpty ? "" : "it said: \(said)"
            )
        }
        if let missing = pending.first {
            throw ExtractorError(
                extractor: name, recordID: missing.id.rawValue,
                message: "the program ended without answering this record (\(answered) answered)",
                hint: said.isEmpty ? "answer every record with one line" : "it said: \(said)")
        }
    }

    static func seconds(_ t: Double) -> String {
        t == t.rounded() ? String(Int(t)) : String(t)
    }
}

struct BrokenPipe: Error {}

/// Reads lines from a pipe, waiting at most a given time for the next one.
final class TimedLineReader {
    enum Outcome {
        case line([UInt8])
        case end
        case timedOut
    }

    let fd: Int32
    var buffer: [UInt8] = []
    var start = 0
    var eof = false

    init(fd: Int32) { self.fd = fd }

    var waitStart: UInt64 = 0

    func nextLine(timeout: Double, waiting: () -> Bool) -> Outcome {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var e = nl
                if e > start && buffer[e - 1] == 0x0D { e -= 1 }
                let line = Array(buffer[start..<e])
                start = nl + 1
                if start > 1 << 16 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return .line(line)
            }
            if eof {
                if start < buffer.count {
                    let line = Array(buffer[start...])
                    start = buffer.count
                    return .line(line)
                }
                return .end
            }
            // Poll in short slices: the clock runs only while `waiting()` says a record is
            // waiting for its answer (the writer thread may send one at any moment).
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, 100)
            if r == 0 {
                if waiting() {
                    let now = DispatchTime.now().uptimeNanoseconds
                    if waitStart == 0 { waitStart = now }
                    if Double(now - waitStart) / 1e9 >= timeout { return .timedOut }
                } else {
                    waitStart = 0
                }
                continue
            }
            waitStart = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                eof = true
            } else {
                buffer.append(contentsOf: chunk[0..<n])
            }
        }
    }
}

/// The records sent to the program and not answered yet, in order.
final class PendingQueue: @unchecked Sendable {
    let lock = NSLock()
    var items: [Document] = []
    var head = 0
    var finished = false

    func push(_ d: Document) {
        lock.lock()
        items.append(d)
        lock.unlock()
    }

    func pop() -> Document? {
        lock.lock()
        defer { lock.unlock() }
        guard head < items.count else { return nil }
        let d = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return d
    }

    var first: Document? {
        lock.lock()
        defer { lock.unlock() }
        return head < items.count ? items[head] : nil
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return items.count - head
    }

    func finish() {
        lock.lock()
        finished = true
        lock.unlock()
    }
}

/// The last 4 KB the program wrote to stderr.
final class StderrTail: @unchecked Sendable {
    let lock = NSLock()
    var bytes: [UInt8] = []

    func append(_ b: ArraySlice<UInt8>) {
        lock.lock()
        bytes.append(contentsOf: b)
        if bytes.count > 4096 { bytes.removeFirst(bytes.count - 4096) }
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "\n").suffix(3).joined(separator: " / ")
    }
}
