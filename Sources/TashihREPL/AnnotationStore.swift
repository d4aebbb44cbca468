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

    /// Each journal's rank by annotator name (UTF-8 bytes), as the fold orders annotators.
    static func ranks(_ annotators: [String]) -> [Int] {
        let order = annotators.indices.sorted { annotators[$0].utf8.lexicographicallyPrecedes(annotators[$1].utf8) }
        var r = [Int](repeating: 0, count: annotators.count)
        for (k, j) in order.enumerated() { r[j] = k }
        return r
    }

    /// The marks of a record's event heads (`annotators` names the heads' journals), as
    /// `of(_:)` gives them for the full events — without sorting every event: undos are
    /// resolved newest first per annotator, a done or skip wins by seq within its annotator,
    /// and only the flags are put in fold order.
    static func of<C: Collection>(heads: C, annotators: [String], notes: [String]) -> RecordMarks
    where C.Element == EventHead {
        var m = RecordMarks()
        func key(_ j: Int16, _ s: Int32) -> UInt64 { UInt64(UInt16(bitPattern: j)) << 32 | UInt64(UInt32(bitPattern: s)) }
        var cancelled = Set<UInt64>()
        let undos = heads.filter { $0.kind == .undo }
        if !undos.isEmpty {
            let present = Set(heads.map { key($0.journal, $0.seq) })
            for h in undos.sorted(by: { $0.journal != $1.journal ? $0.journal < $1.journal : $0.seq > $1.seq }) {
                if cancelled.contains(key(h.journal, h.seq)) { continue }
                if h.undoes < h.seq && present.contains(key(h.journal, h.undoes)) { cancelled.insert(key(h.journal, h.undoes)) }
            }
        }
        var lastDone: [Int16: Int32] = [:]
        var lastSkip: [Int16: Int32] = [:]
        var flags: [EventHead] = []
        for h in heads where h.kind != .undo && (cancelled.isEmpty || !cancelled.contains(key(h.journal, h.seq))) {
            switch h.kind {
            case .done: lastDone[h.journal] = max(lastDone[h.journal] ?? 0, h.seq)
            case .skip: lastSkip[h.journal] = max(lastSkip[h.journal] ?? 0, h.seq)
            case .flag: flags.append(h)
            default: m.deciders.insert(annotators[Int(h.journal)])
            }
        }
        for (j, _) in lastDone { m.doneBy.insert(annotators[Int(j)]) }
        for (j, s) in lastSkip where s > (lastDone[j] ?? 0) { m.skippedBy.insert(annotators[Int(j)]) }
        if !flags.isEmpty {
            let rank = ranks(annotators)
            flags.sort {
                if $0.time != $1.time { return $0.time < $1.time }
                if $0.journal != $1.journal { return rank[Int($0.journal)] < rank[Int($1.journal)] }
                return $0.seq < $1.seq
            }
            m.flags = flags.map { "\(annotators[Int($0.journal)]): \($0.note >= 0 ? notes[Int($0.note)] : "")" }
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
/// files indexed as far as needed, every journal's events indexed by record (`JournalIndex`:
/// heads only) and decoded in full for the records shown.
public final class AnnotationStore {
    public let dataset: Dataset
    let records: LineIndex
    let suggestionFiles: [SuggestionFile]
    let decoder: RecordDecoder
    var journals: JournalIndex
    /// Event heads by record id hash, full events of the records decoded so far, and the marks.
    /// Heads grouped by record (one flat array, a range per record id hash), and heads of events
    /// written since the open.
    var grouped: [EventHead] = []
    var ranges: [UInt64: Range<Int>] = [:]
    var added: [UInt64: [EventHead]] = [:]
    var decoded: [UInt64: [JournalEvent]] = [:]
    private(set) var marksByHash: [UInt64: RecordMarks] = [:]
    /// Id hashes of records someone marked done.
    private(set) var doneHashes: Set<UInt64> = []
    /// Problems found in the journals (torn tails, damaged lines): shown as warnings.
    public private(set) var warnings: [String] = []

    /// Opens a dataset: one scan of `records.jsonl` (line starts and id hashes), the suggestion
    /// files opened, every journal indexed.
    public init(dataset: Dataset) throws {
        self.dataset = dataset
        var timer = PhaseTimer()
        records = try LineIndex(path: dataset.recordsPath, displayName: dataset.relativeRecordsPath)
        try records.scanAll()
        timer.phase("index records (\(records.count))")
        suggestionFiles = try dataset.suggestionFiles().map { path in
            try SuggestionFile(
                index: LineIndex(
                    path: path, displayName: "datasets/\(dataset.name)/suggestions/" + (path as NSString).lastPathComponent))
        }
        decoder = RecordDecoder(schema: nil)
        journals = try JournalIndex(dataset: dataset)
        warnings = journals.warnings
        timer.phase("index journals (\(journals.heads.count) events)")
        // A counting sort of the heads by record.
        var dense: [UInt64: Int] = [:]
        var counts: [Int] = []
        var keys = [Int32](repeating: 0, count: journals.heads.count)
        for (x, h) in journals.heads.enumerated() {
            let k = dense[h.record, default: counts.count]
            if k == counts.count {
                dense[h.record] = k
                counts.append(0)
            }
            counts[k] += 1
            keys[x] = Int32(k)
        }
        var starts = [Int](repeating: 0, count: counts.count + 1)
        for k in counts.indices { starts[k + 1] = starts[k] + counts[k] }
        var fill = starts
        let all = journals.heads
        grouped = [EventHead](unsafeUninitializedCapacity: all.count) { buf, n in
            for (x, h) in all.enumerated() {
                let k = Int(keys[x])
                (buf.baseAddress! + fill[k]).initialize(to: h)
                fill[k] += 1
            }
            n = all.count
        }
        journals.heads = []
        for (r, k) in dense { ranges[r] = starts[k]..<starts[k + 1] }
        timer.phase("group events by record")
        for (r, range) in ranges {
            let m = RecordMarks.of(heads: grouped[range], annotators: journals.annotators, notes: journals.notes)
            marksByHash[r] = m
            if !m.doneBy.isEmpty { doneHashes.insert(r) }
        }
        timer.phase("record marks (\(ranges.count) records)")
    }

    /// The index of an annotator's journal (a new one is added).
    func journalIndex(_ annotator: String) -> Int16 {
        if let k = journals.annotators.firstIndex(of: annotator) { return Int16(k) }
        journals.annotators.append(annotator)
        journals.paths.append(dataset.journalPath(annotator: annotator))
        return Int16(journals.annotators.count - 1)
    }

    /// Every event of record `id` (all annotators), decoded once.
    public func events(for id: String) -> [JournalEvent] {
        let h = LineIndex.hash(id: id)
        if let d = decoded[h] { return d.filter { $0.record.rawValue == id } }
        var list: [JournalEvent] = []
        for head in heads(h) {
            if let e = try? journals.event(head) { list.append(e) }
        }
        decoded[h] = list
        return list.filter { $0.record.rawValue == id }
    }

    /// The record marks of `id`, if any event names it.
    public func marks(for id: String) -> RecordMarks? { marksByHash[LineIndex.hash(id: id)] }

    /// Records an event just written (its record's events are decoded first if they were not).
    func appended(_ e: JournalEvent) {
        let id = e.record.rawValue
        let h = LineIndex.hash(id: id)
        _ = events(for: id)
        decoded[h, default: []].append(e)
        added[h, default: []].append(
            EventHead(event: e, journal: journalIndex(e.annotator), offset: -1, length: 0, notes: &journals.notes))
        let m = RecordMarks.of(heads: heads(h), annotators: journals.annotators, notes: journals.notes)
        marksByHash[h] = m
        if m.doneBy.isEmpty { doneHashes.remove(h) } else { doneHashes.insert(h) }
    }

    /// The heads of one record's events.
    func heads(_ record: UInt64) -> [EventHead] {
        var out: [EventHead] = []
        if let r = ranges[record] { out += grouped[r] }
        if let a = added[record] { out += a }
        return out
    }

    /// Id hashes of the records with an event of `annotator`, and the record of their latest.
    func records(of annotator: String) -> (all: Set<UInt64>, latest: UInt64?) {
        guard let j = journals.annotators.firstIndex(of: annotator).map(Int16.init) else { return ([], nil) }
        var all: Set<UInt64> = []
        var latest: (Int32, UInt64)?
        for x in grouped where x.journal == j {
            all.insert(x.record)
            if latest == nil || x.seq > latest!.0 { latest = (x.seq, x.record) }
        }
        for (r, list) in added {
            for x in list where x.journal == j {
                all.insert(r)
                if latest == nil || x.seq > latest!.0 { latest = (x.seq, r) }
            }
        }
        return (all, latest?.1)
    }

    public var count: Int { records.count }

    /// Whether record `i` may be done (its id hash is among the done records').
    func maybeDone(_ i: Int) -> Bool { !doneHashes.isEmpty && doneHashes.contains(records.idHashes[i]) }

    public var doneCount: Int { doneHashes.count }

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

    /// Record indices whose id hash is in `hashes`, in dataset order.
    func indices(ofHashes hashes: Set<UInt64>) -> [Int] {
        guard !hashes.isEmpty else { return [] }
        return records.idHashes.indices.filter { hashes.contains(records.idHashes[$0]) }
    }

    /// The suggestions of record `i` (id `id`) from every suggestion file, with origins.
    public func suggestions(_ i: Int, id: String) throws -> [Span] {
        var out: [Span] = []
        for f in suggestionFiles { out += try f.spans(line: i, id: id) }
        return out
    }

    /// The raw suggestion lines of record `i` from every file (for queue scans).
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
        return SuggestionSpans.decode(arr)
    }
}
