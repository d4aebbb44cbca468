import Foundation
import TashihJSON

/// What a streaming pass over a record file found.
public struct RecordFileReport: Sendable {
    /// Records that decoded without errors.
    public var records = 0
    /// Lines that held a record (valid or not).
    public var lines = 0
    public var spans = 0
    public var bytes = 0
    public var errorCount = 0
    public var warningCount = 0
    /// The problems, in file order, up to the reader's limit (counts above are complete).
    public var problems: [Problem] = []
    /// Problems not kept in `problems` because of the limit.
    public var droppedProblems = 0

    public init() {}

    public var hasErrors: Bool { errorCount > 0 }

    /// Counts `p`, and keeps it unless `limit` problems are kept already.
    mutating func add(_ p: Problem, keepingAtMost limit: Int) {
        if p.severity == .error { errorCount += 1 } else { warningCount += 1 }
        if problems.count < limit { problems.append(p) } else { droppedProblems += 1 }
    }
}

/// Reads a JSONL file of records in one streaming pass, decoding and checking each record
/// (`RecordDecoder`), finding duplicate ids across the file, and collecting every problem —
/// a malformed line is reported and the pass goes on to the next line.
///
/// Memory stays flat as the file grows, but for the duplicate-id check: 8 bytes per record
/// (a 64-bit hash of each id; the rare hash collision is settled exactly by a second pass).
public struct RecordFile: Sendable {
    public let path: String
    public let displayName: String
    public let schema: Schema?
    /// At most this many problems are kept in the report (all are counted).
    public var maxProblems = 1000
    /// Whether to find duplicate ids (8 bytes a record). A reader that checks ids itself (a
    /// release is sorted by id, so a duplicate is the id before it) turns it off for flat memory.
    public var checksDuplicateIDs = true
    /// Threads that parse and check lines (the reading and the calls to `body` stay on the
    /// caller's thread, in file order). Default: the processors available, at most 4, or
    /// `$TASHIH_THREADS`.
    public var workers: Int = RecordFile.defaultWorkers

    public static let defaultWorkers: Int = {
        if let t = ProcessInfo.processInfo.environment["TASHIH_THREADS"], let n = Int(t), n >= 1 { return n }
        return min(4, Processors.available)
    }()

    public init(path: String, displayName: String? = nil, schema: Schema?) {
        self.path = path
        self.displayName = displayName ?? path
        self.schema = schema
    }

    /// Reads every record, calling `body` for each one that decoded without errors, and
    /// returns the report. Throws only if the file cannot be opened or read.
    public func read(_ body: (Document, Int) throws -> Void) throws -> RecordFileReport {
        if workers > 1 { return try withoutActuallyEscaping(body) { try readInParallel($0) } }
        return try readSequentially(body)
    }

    /// Checks every record without handing documents to anyone (what `verify` needs): the
    /// workers drop each document as soon as it is checked.
    public func check() throws -> RecordFileReport {
        if workers > 1 { return try readInParallel(nil) }
        return try readSequentially { _, _ in }
    }

    func readSequentially(_ body: (Document, Int) throws -> Void) throws -> RecordFileReport {
        try readOnThisThread(plainTexts: false) { input, line in
            if case .document(let doc) = input { try body(doc, line) }
        }
    }

    /// The file-level problems both passes report after the last line: a byte-order mark,
    /// CRLF line ends, blank lines, no records at all, and duplicate ids (settled exactly by a
    /// second pass over the records whose id hashes collided).
    func finish(reader: JSONLReader, blankLines: [Int], lines: Int, suspects: Set<UInt64>, add: (Problem) -> Void) throws {
        if reader.sawBOM {
            add(
                Problem(
                    .warning, .byteOrderMark, file: displayName, line: 1,
                    message: "the file starts with a UTF-8 byte-order mark (ignored)", hint: "canonical files have none"))
        }
        if reader.sawCRLF {
            add(
                Problem(
                    .warning, .crlf, file: displayName, line: 0, message: "lines end in CRLF (accepted)",
                    hint: "canonical files end lines with LF only"))
        }
        for line in blankLines {
            add(Problem(.warning, .blankLine, file: displayName, line: line, message: "blank line skipped"))
        }
        if lines == 0 {
            add(
                Problem(
                    .error, .emptyFile, file: displayName, line: 0, message: "the file holds no records",
                    hint: "a JSONL file has one {\"id\": …, \"text\": …} object per line"))
        }
        if !suspects.isEmpty { try findDuplicates(suspects, add: add) }
    }

    static func columnPrefix(_ e: JSONLError) -> String {
        e.column > 0 ? "column \(e.column): " : ""
    }

    /// A 64-bit FNV-1a hash of an id's bytes: stable, so the second pass finds the same values.
    static func idHash(_ id: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// Second pass: among records whose id hash collided, report real duplicate ids.
    func findDuplicates(_ suspects: Set<UInt64>, add: (Problem) -> Void) throws {
        let reader = try JSONLReader(path: path, displayName: displayName)
        var firstLine: [String: Int] = [:]
        while true {
            let record: JSONLRecord?
            do { record = try reader.next() } catch { continue }
            guard let record else { break }
            guard let id = record.object["id"]?.stringValue ?? record.object["id"]?.numberValue?.literal else { continue }
            guard suspects.contains(Self.idHash(id)) else { continue }
            if let first = firstLine[id] {
                add(
                    Problem(
                        .error, .duplicateID, file: displayName, line: record.line, recordID: id,
                        message: "duplicate id (first on line \(first))", hint: "ids must be unique in a dataset"))
            } else {
                firstLine[id] = record.line
            }
        }
    }
}
