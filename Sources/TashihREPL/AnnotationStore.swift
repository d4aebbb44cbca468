import Foundation
import TashihGold
import TashihJSON
import TashihModel

/// Record-level marks of one record from every journal, undos resolved as the working state
/// resolves them.
public struct RecordMarks: Sendable, Equatable {
    public var doneBy: Set<String> = []
    public var skippedBy: Set<String> = []
    public var flags: [String] = []
    /// Annotators with at least one span decision in force.
    public var deciders: Set<String> = []

    /// The marks of a record's events (any annotators, any order).
    public static func of(_ events: [JournalEvent]) -> RecordMarks {
        var m = RecordMarks()
        for e in liveEvents(events) {
            switch e.action {
            case .done:
                m.doneBy.insert(e.annotator)
                m.skippedBy.remove(e.annotator)
            case .skip: m.skippedBy.insert(e.annotator)
            case .flag(let note): m.flags.append("\(e.annotator): \(note)")
            case .undo: break
            default: m.deciders.insert(e.annotator)
            }
        }
        return m
    }

    /// The events still in force, in fold order (time, annotator, seq): undos resolved newest
    /// first per annotator (an undo not itself undone cancels its target), undo events dropped.
    public static func liveEvents(_ events: [JournalEvent]) -> [JournalEvent] {
        let sorted = events.sorted {
            if $0.time != $1.time { return $0.time < $1.time }
            if $0.annotator != $1.annotator { return $0.annotator.utf8.lexicographicallyPrecedes($1.annotator.utf8) }
            return $0.seq < $1.seq
        }
        var cancelled = Set<EventID>()
        let present = Set(sorted.map { EventID(annotator: $0.annotator, seq: $0.seq) })
        for e in sorted.reversed() {
            guard case .undo(let target) = e.action else { continue }
            if cancelled.contains(EventID(annotator: e.annotator, seq: e.seq)) { continue }
            let t = EventID(annotator: e.annotator, seq: target)
            if target < e.seq && present.contains(t) { cancelled.insert(t) }
        }
        return sorted.filter { e in
            if case .undo = e.action { return false }
            return !cancelled.contains(EventID(annotator: e.annotator, seq: e.seq))
        }
    }
}

/// The dataset as the REPL sees it: records indexed by line (never all decoded), suggestion
/// files indexed as far as needed, and every journal's events grouped by record.
public final class AnnotationStore {
    public let dataset: Dataset
    let records: LineIndex
    let suggestionFiles: [SuggestionFile]
    let decoder: RecordDecoder
    /// Every journal event, by record id (all annotators), and the record marks they give.
    public private(set) var events: [String: [JournalEvent]] = [:]
    public private(set) var marks: [String: RecordMarks] = [:]
    /// Id hashes of records someone marked done.
    private(set) var doneHashes: Set<UInt64> = []
    /// Problems found in the journals (torn tails, damaged lines): shown as warnings.
    public private(set) var warnings: [String] = []

    /// Opens a dataset: one scan of `records.jsonl` (line starts and id hashes), the suggestion
    /// files opened, every journal read.
    public init(dataset: Dataset) throws {
        self.dataset = dataset
        let t0 = DispatchTime.now().uptimeNanoseconds
        records = try LineIndex(path: dataset.recordsPath, displayName: dataset.relativeRecordsPath)
        try records.scanAll()
        if ProcessInfo.processInfo.environment["TASHIH_TIMING"] != nil {
            let ms = (DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000
            FileHandle.standardError.write(Data("index records (\(records.count)): \(ms) ms\n".utf8))
        }
        suggestionFiles = try dataset.suggestionFiles().map { path in
            try SuggestionFile(
                index: LineIndex(
                    path: path, displayName: "datasets/\(dataset.name)/suggestions/" + (path as NSString).lastPathComponent))
        }
        decoder = RecordDecoder(schema: nil)
        try reloadJournals()
    }

    /// Reads every journal again (after the writer has set a torn tail aside).
    public func reloadJournals() throws {
        events = [:]
        warnings = []
        let timing = ProcessInfo.processInfo.environment["TASHIH_TIMING"] != nil
        var t0 = DispatchTime.now().uptimeNanoseconds
        func phase(_ name: String) {
            guard timing else { return }
            let t = DispatchTime.now().uptimeNanoseconds
            FileHandle.standardError.write(Data("\(name): \((t - t0) / 1_000_000) ms\n".utf8))
            t0 = t
        }
        let all = try JournalReader.readAll(dataset: dataset)
        phase("read journals")
        for (report, list) in all {
            if let t = report.torn { warnings.append(t.description) }
            for e in report.errors { warnings.append(e.description) }
            for e in list { events[e.record.rawValue, default: []].append(e) }
        }
        phase("group by record")
        marks = [:]
        doneHashes = []
        for (id, list) in events {
            let m = RecordMarks.of(list)
            marks[id] = m
            if !m.doneBy.isEmpty { doneHashes.insert(LineIndex.hash(id: id)) }
        }
        phase("record marks")
    }

    /// Records an event just written.
    func appended(_ e: JournalEvent) {
        let id = e.record.rawValue
        events[id, default: []].append(e)
        let m = RecordMarks.of(events[id]!)
        marks[id] = m
        let h = LineIndex.hash(id: id)
        if m.doneBy.isEmpty {
            // Another record with the same hash may still be done; recount exactly.
            if doneHashes.contains(h)
                && !marks.contains(where: { $0.key != id && !$0.value.doneBy.isEmpty && LineIndex.hash(id: $0.key) == h })
            {
                doneHashes.remove(h)
            }
        } else {
            doneHashes.insert(h)
        }
    }

    public var count: Int { records.count }

    /// Whether record `i` may be done (its id hash is among the done records'; exact for the
    /// queue, which checks the id when the record is shown).
    func maybeDone(_ i: Int) -> Bool { !doneHashes.isEmpty && doneHashes.contains(records.idHashes[i]) }

    public var doneCount: Int { marks.values.reduce(0) { $0 + ($1.doneBy.isEmpty ? 0 : 1) } }

    /// Record `i`, decoded and checked against its text hash.
    public func document(_ i: Int) throws -> Document {
        let o = try records.object(i)
        let (doc, problems) = decoder.decode(o, file: records.displayName, line: Int(records.lineNumbers[i]))
        guard let doc else {
            throw WorkspaceError(
                problems.first.map { "\($0)" } ?? "\(records.displayName): line \(records.lineNumbers[i]) is not a record")
        }
        return doc
    }

    /// The index of the record with this id (hash, then the id checked), or nil.
    public func index(ofID id: String) -> Int? {
        let h = LineIndex.hash(id: id)
        var i = 0
        let hashes = records.idHashes
        while i < hashes.count {
            if hashes[i] == h, (try? document(i))?.id.rawValue == id { return i }
            i += 1
        }
        return nil
    }

    /// The suggestions of record `i` (id `id`) from every suggestion file, with origins.
    public func suggestions(_ i: Int, id: String) throws -> [Span] {
        var out: [Span] = []
        for f in suggestionFiles { out += try f.spans(line: i, id: id) }
        return out
    }

    /// The raw suggestion lines of record `i` from every file (for queue scans), or nil where a
    /// file has none.
    func suggestionLines(_ i: Int) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        for f in suggestionFiles {
            if let l = try f.rawLine(line: i, idHash: records.idHashes[i]) { out.append(l) }
        }
        return out
    }

    func recordLine(_ i: Int) throws -> [UInt8] { try records.line(i) }
}

/// One suggestion file: line i is normally record i's ("in record order"); when it is not, the
/// whole file is indexed by id hash once.
final class SuggestionFile {
    let index: LineIndex
    private var byHash: [UInt64: Int]?

    init(index: LineIndex) { self.index = index }

    func lineNumber(for i: Int, idHash: UInt64) throws -> Int? {
        try index.scan(lines: i + 1)
        if i < index.count && index.idHashes[i] == idHash { return i }
        if byHash == nil {
            try index.scanAll()
            var d: [UInt64: Int] = [:]
            for (k, h) in index.idHashes.enumerated() where d[h] == nil { d[h] = k }
            byHash = d
        }
        return byHash?[idHash]
    }

    func rawLine(line i: Int, idHash: UInt64) throws -> [UInt8]? {
        guard let k = try lineNumber(for: i, idHash: idHash) else { return nil }
        return try index.line(k)
    }

    func spans(line i: Int, id: String) throws -> [Span] {
        guard let k = try lineNumber(for: i, idHash: LineIndex.hash(id: id)) else { return [] }
        let o = try index.object(k)
        guard o["id"]?.stringValue == id, let arr = o["spans"]?.arrayValue else { return [] }
        var spans: [Span] = []
        for v in arr {
            guard let so = v.objectValue, let s = so["start"]?.numberValue?.intValue,
                let en = so["end"]?.numberValue?.intValue, let l = so["label"]?.stringValue
            else { continue }
            var attributes: [String: AttributeValue] = [:]
            for a in so["attributes"]?.objectValue?.entries ?? [] {
                if let str = a.value.stringValue {
                    attributes[a.key] = .string(str)
                } else if let d = a.value.numberValue?.doubleValue {
                    attributes[a.key] = .number(d)
                }
            }
            let origin = SuggestionOrigin(
                extractor: so["extractor"]?.stringValue ?? "", version: so["version"]?.stringValue ?? "",
                score: so["score"]?.numberValue?.doubleValue)
            spans.append(Span(start: s, end: en, label: l, attributes: attributes, origin: origin))
        }
        return spans
    }
}
