import Foundation
import TashihJSON

extension RecordFile {
    /// Lines read on the caller's thread, copied into one buffer.
    final class Batch: @unchecked Sendable {
        var bytes: [UInt8] = []
        /// (line number, byte offset in the file, start and end in `bytes`).
        var lines: [(line: Int, offset: Int, start: Int, end: Int)] = []
        // Results, filled by a worker.
        var documents: [(Document, Int)] = []
        /// In a check-only pass: (id hash, line, spans) of each good record, no documents kept.
        var checked: [(idHash: UInt64, line: Int, spans: Int)] = []
        let keepsDocuments: Bool
        init(keepsDocuments: Bool) { self.keepsDocuments = keepsDocuments }
        var problems: [(line: Int, problem: Problem)] = []
        var blankLines: [Int] = []
        var recordLines = 0
        let done = DispatchSemaphore(value: 0)
    }

    /// The parallel form of `read`: the caller's thread reads lines into batches of about
    /// 1 MB, workers parse and check them, and the caller's thread merges the results in file
    /// order — so the report and the calls to `body` are exactly those of a sequential pass.
    /// At most `2 × workers` batches are in flight, so memory stays bounded.
    func readInParallel(_ body: ((Document, Int) throws -> Void)?) throws -> RecordFileReport {
        var report = RecordFileReport()
        let reader = try JSONLReader(path: path, displayName: displayName)
        let decoder = RecordDecoder(schema: schema)
        let name = displayName
        var idHashes = Set<UInt64>()
        var suspectHashes = Set<UInt64>()
        var blankLines: [Int] = []

        func add(_ p: Problem) { report.add(p, keepingAtMost: maxProblems) }

        let parsers = ParserPool(count: workers, displayName: name)
        let queue = DispatchQueue(label: "tashih.records", attributes: .concurrent)
        let slots = DispatchSemaphore(value: 2 * workers)
        var inFlight: [Batch] = []
        var bodyError: Error?

        func merge(_ b: Batch) throws {
            b.done.wait()
            slots.signal()
            report.lines += b.recordLines
            blankLines += b.blankLines
            var pi = 0
            for c in b.checked {
                while pi < b.problems.count && b.problems[pi].line <= c.line {
                    add(b.problems[pi].problem)
                    pi += 1
                }
                if checksDuplicateIDs && !idHashes.insert(c.idHash).inserted { suspectHashes.insert(c.idHash) }
                report.records += 1
                report.spans += c.spans
            }
            for (doc, line) in b.documents {
                while pi < b.problems.count && b.problems[pi].line <= line {
                    add(b.problems[pi].problem)
                    pi += 1
                }
                let h = Self.idHash(doc.id.rawValue)
                if checksDuplicateIDs && !idHashes.insert(h).inserted { suspectHashes.insert(h) }
                report.records += 1
                report.spans += doc.spans.count
                if bodyError == nil, let body {
                    do { try body(doc, line) } catch { bodyError = error }
                }
            }
            while pi < b.problems.count {
                add(b.problems[pi].problem)
                pi += 1
            }
        }

        func submit(_ b: Batch) {
            slots.wait()
            inFlight.append(b)
            queue.async { RecordFile.process(b, parsers: parsers, decoder: decoder, name: name) }
        }

        let keep = body != nil
        var batch = Batch(keepsDocuments: keep)
        batch.bytes.reserveCapacity(1 << 20)
        do {
            while let (line, offset, bytes) = try reader.nextLine() {
                let start = batch.bytes.count
                batch.bytes.append(contentsOf: bytes)
                batch.lines.append((line, offset, start, batch.bytes.count))
                if batch.bytes.count >= 1 << 20 {
                    submit(batch)
                    batch = Batch(keepsDocuments: keep)
                    batch.bytes.reserveCapacity(1 << 20)
                    while inFlight.count > workers { try merge(inFlight.removeFirst()) }
                }
            }
        } catch let error as JSONLError {
            // Only read failures and over-long lines come out of nextLine(); let the workers
            // finish, then stop as the sequential pass does.
            for b in inFlight { b.done.wait() }
            throw error
        }
        if !batch.lines.isEmpty { submit(batch) }
        for b in inFlight { try merge(b) }
        if let bodyError { throw bodyError }

        report.bytes = reader.bytesRead
        try finish(reader: reader, blankLines: blankLines, lines: report.lines, suspects: suspectHashes, add: add)
        return report
    }
}

extension RecordFile {
    /// A worker's job: parse and check every line of a batch.
    static func process(_ b: Batch, parsers: ParserPool, decoder: RecordDecoder, name: String) {
        let parser = parsers.take()
        defer {
            parsers.give(parser)
            b.done.signal()
        }
        b.bytes.withUnsafeBufferPointer { all in
            for l in b.lines {
                let bytes = UnsafeBufferPointer(rebasing: all[l.start..<l.end])
                if JSONLRecordParser.isBlank(bytes) {
                    b.blankLines.append(l.line)
                    continue
                }
                b.recordLines += 1
                let object: JSONObject
                do {
                    object = try parser.parse(bytes, line: l.line, byteOffset: l.offset)
                } catch let error as JSONLError {
                    let p = Problem(
                        .error, .json, file: error.file, line: error.line,
                        message: RecordFile.columnPrefix(error) + error.message,
                        hint: error.hint)
                    b.problems.append((l.line, p))
                    continue
                } catch {
                    b.problems.append((l.line, Problem(.error, .json, file: name, line: l.line, message: "\(error)")))
                    continue
                }
                let (doc, problems) = decoder.decode(object, file: name, line: l.line)
                for p in problems { b.problems.append((l.line, p)) }
                guard let doc else { continue }
                if b.keepsDocuments {
                    b.documents.append((doc, l.line))
                } else {
                    b.checked.append((RecordFile.idHash(doc.id.rawValue), l.line, doc.spans.count))
                }
            }
        }
    }
}

/// One `JSONLRecordParser` per worker thread, lent out and given back.
final class ParserPool: @unchecked Sendable {
    let lock = NSLock()
    var free: [JSONLRecordParser]

    init(count: Int, displayName: String) {
        free = (0..<count).map { _ in JSONLRecordParser(displayName: displayName) }
    }

    func take() -> JSONLRecordParser {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? JSONLRecordParser(displayName: "")
    }

    func give(_ p: JSONLRecordParser) {
        lock.lock()
        free.append(p)
        lock.unlock()
    }
}
