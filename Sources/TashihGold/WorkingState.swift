import Foundation
import TashihJSON
import TashihModel

/// An event's identity: its annotator and seq (a journal position).
public struct EventID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var annotator: String
    public var seq: Int
    public init(annotator: String, seq: Int) {
        self.annotator = annotator
        self.seq = seq
    }
    public static func < (a: EventID, b: EventID) -> Bool {
        a.annotator == b.annotator ? a.seq < b.seq : a.annotator.utf8.lexicographicallyPrecedes(b.annotator.utf8)
    }
    public var description: String { "\(annotator)#\(seq)" }
}

/// A gold span of the working state with where it came from.
public struct GoldSpan: Sendable, Hashable {
    /// The span (no origin: gold).
    public var span: Span
    /// The suggestion it started as, if any.
    public var suggestion: SuggestionRef?
    /// The events that made it what it is, in the order applied (empty for a span imported with
    /// the record).
    public var events: [EventID]
}

/// An event that could not be applied (its span was gone, its undo target elsewhere…).
public struct StateConflict: Sendable, Hashable, CustomStringConvertible {
    public enum Cause: Sendable, Hashable {
        /// An edit or delete named a span that is not gold (and answers no suggestion with it).
        case noGoldSpan(JournalAction.Kind, SpanRef)
        /// An undo whose target is not an earlier event of the same annotator on the record.
        case undoTargetMissing(seq: Int)
    }
    public var event: EventID
    public var cause: Cause
    public init(event: EventID, cause: Cause) {
        self.event = event
        self.cause = cause
    }
    public var reason: String {
        switch cause {
        case .noGoldSpan(let k, let r): return "\(k.rawValue): no gold span \(r)"
        case .undoTargetMissing(let t): return "undo of seq \(t): no earlier event of \(event.annotator) on this record"
        }
    }
    public var description: String { "\(event): \(reason)" }
}

/// One record's state: its suggestions, its gold spans with provenance, and the record-level
/// marks.
public struct RecordState: Sendable {
    public var textHash: String
    /// The record's own spans (from `records.jsonl`) as they were before any event.
    public var importedSpans: [Span] = []
    /// Every suggestion for the record, from every suggestion file (with origin).
    public var suggestions: [Span] = []
    /// The current gold.
    public var gold: [GoldSpan] = []
    /// Suggestions answered (accepted, rejected or edited), with the last event answering each.
    public var answered: [SuggestionRef: EventID] = [:]
    /// Annotators who marked the record done / skipped it (with the event).
    public var done: [String: EventID] = [:]
    public var skipped: [String: EventID] = [:]
    /// Flags with their notes, in the order applied.
    public var flags: [(event: EventID, note: String)] = []
    /// Events that could not be applied.
    public var conflicts: [StateConflict] = []
    /// Events applied (undone ones and undos excluded) and events read in all.
    public var applied = 0
    public var eventCount = 0
    /// Events made against another text of the record (their `text_hash` differs): not applied.
    public var stale: [EventID] = []

    public init(textHash: String, importedSpans: [Span] = [], suggestions: [Span] = []) {
        self.textHash = textHash
        self.importedSpans = importedSpans
        self.suggestions = suggestions
        self.gold = importedSpans.map { GoldSpan(span: $0, suggestion: nil, events: []) }
    }

    /// Suggestions no event has answered yet.
    public var openSuggestions: [Span] {
        suggestions.filter { s in SuggestionRef(s).map { answered[Self.key($0)] == nil } ?? false }
    }

    /// The gold spans in canonical order.
    public var goldSpans: [Span] { gold.map(\.span).sorted(by: Span.canonicalOrder) }

    /// Version-free key of a suggestion (a re-run extractor's identical span is the same suggestion).
    static func key(_ r: SuggestionRef) -> SuggestionRef {
        var k = r
        k.version = ""
        return k
    }
}

/// The working state of a dataset: suggestions folded with every annotator's journal.
///
/// # Folding
///
/// Each record starts from its imported spans (gold, no events) and its suggestions (open).
/// Its events — from all journals — are put in one deterministic order: **by `time`, then
/// annotator (UTF-8 bytes), then `seq`**. Since an annotator's times never decrease, each
/// journal keeps its own order, and the fold is the same on every machine whatever the order
/// the journals were read in. Then:
///
/// 1. Undos are resolved first, newest first per annotator: an undo that is not itself undone
///    cancels its target (same annotator, same record; otherwise it is a conflict). So undo of
///    an undo re-applies the original, and an undone event leaves no trace but its provenance.
/// 2. The remaining events apply in order; a later event wins over an earlier one:
///    - `accept`: the suggested span (with the extractor's attributes, without origin) joins the
///      gold, or gains the event if an equal span is gold already; the suggestion is answered.
///    - `reject`: the suggestion is answered, and a gold span that came from it unchanged leaves.
///    - `relabel` / `move` / `set_attribute`: the gold span named by `span` changes; if none
///      is gold but the event answers a suggestion with that span, the suggestion is taken
///      into the gold changed (a correction of a suggestion).
///    - `add`: the span joins the gold (or gains the event if equal); `delete`: it leaves (or,
///      answering an open suggestion, closes it like a reject).
///    - `done`, `skip`, `flag`: record marks, per annotator.
///    An event whose span is not there is kept as a `StateConflict`, never guessed at. An event
///    whose `text_hash` is not the record's (the text changed) is `stale`, not applied.
///
/// Suggestions are matched by extractor, offsets and label (not version: a re-run that finds
/// the same span keeps the decision).
///
/// # Speed
///
/// `load` reads the journals in parallel with a scanner made for the writer's canonical lines
/// (no JSON tree, no allocation for a typical event; any other line goes through the full
/// parser with the same result — a test holds the two to the same state), packs events into
/// 56-byte values, groups them by record with a counting sort and folds the records in
/// parallel. `scripts/bench/journal`: 1M events of 8 annotators over 10k records in about
/// 0.8 s on 2 cores (release build); `TASHIH_TIMING=1` prints the phases on stderr.
///
/// # Journal positions
///
/// `positions` gives, per annotator, the last seq folded in; since line n of a journal holds
/// seq n, a release can record these and later fold exactly the same events (the events with
/// seq ≤ position), whatever was appended since.
public final class WorkingState {
    /// Record states in dataset order, and their index by id.
    var states: [RecordState] = []
    var index: [String: Int] = [:]
    /// Record ids in dataset order.
    public private(set) var order: [String] = []
    /// Events about records the dataset does not have.
    public internal(set) var unknownRecordEvents: [EventID] = []
    /// Per annotator: the last seq folded in (the journal positions of this state).
    public internal(set) var positions: [String: Int] = [:]
    public internal(set) var eventCount = 0

    public init() {}

    /// The state of one record.
    public func record(_ id: String) -> RecordState? { index[id].map { states[$0] } }

    /// Every record's state, by id.
    public var records: [String: RecordState] {
        var d: [String: RecordState] = [:]
        d.reserveCapacity(states.count)
        for (i, id) in order.enumerated() { d[id] = states[i] }
        return d
    }

    /// Every record's state, in dataset order.
    public var recordStates: [RecordState] { states }

    /// Adds a record (before folding).
    public func addRecord(_ id: String, textHash: String, importedSpans: [Span] = []) {
        let st = RecordState(textHash: textHash, importedSpans: importedSpans)
        if let i = index[id] {
            states[i] = st
        } else {
            index[id] = states.count
            order.append(id)
            states.append(st)
        }
    }

    /// Adds one record's suggestions (spans with origin).
    public func addSuggestions(_ id: String, _ spans: [Span]) {
        if let i = index[id] { states[i].suggestions.append(contentsOf: spans) }
    }

    /// Folds events (of any annotators, in any order; each annotator's events may be split
    /// over several arrays) into the state.
    public func fold(_ journals: [[JournalEvent]]) {
        let records = buildRecordIndex()
        var byAnnotator: [String: PackedJournal] = [:]
        var packed: [PackedJournal] = []
        for events in journals {
            for e in events {
                let j: PackedJournal
                if let x = byAnnotator[e.annotator] {
                    j = x
                } else {
                    j = PackedJournal(annotator: e.annotator, index: Int16(packed.count))
                    byAnnotator[e.annotator] = j
                    packed.append(j)
                }
                let p = j.pack(e, records: records)
                if p.record < 0 { j.unknown.append(e.seq) } else { j.events.append(p) }
            }
        }
        for j in packed {
            j.unknown.sort()
            // `foldPacked` takes the last seq from the last event: keep seq order for positions.
            if !j.events.isEmpty, j.events.count > 1 {
                var sorted = true
                for k in 1..<j.events.count where j.events[k - 1].seq > j.events[k].seq {
                    sorted = false
                    break
                }
                if !sorted { j.events.sort { $0.seq < $1.seq } }
            }
        }
        foldPacked(packed)
    }

    static func goldIndex(_ state: RecordState, _ r: SpanRef) -> Int? {
        state.gold.firstIndex { $0.span.start == r.start && $0.span.end == r.end && $0.span.label == r.label }
    }

    static func suggestedSpan(_ state: RecordState, _ r: SuggestionRef) -> Span {
        for s in state.suggestions
        where s.start == r.start && s.end == r.end && s.label == r.label && s.origin?.extractor == r.extractor {
            var g = s
            g.origin = nil
            g.text = nil
            return g
        }
        return Span(start: r.start, end: r.end, label: r.label)
    }

    /// The gold index for an edit of `r`: a gold span, or the answered suggestion taken into the
    /// gold (then answered).
    static func editTarget(
        _ state: inout RecordState, _ suggestion: SuggestionRef?, _ kind: JournalAction.Kind, _ r: SpanRef, _ id: EventID
    ) -> Int? {
        if let i = goldIndex(state, r) { return i }
        if let sg = suggestion, sg.span == r {
            state.gold.append(GoldSpan(span: suggestedSpan(state, sg), suggestion: sg, events: []))
            state.answered[RecordState.key(sg)] = id
            return state.gold.count - 1
        }
        state.conflicts.append(StateConflict(event: id, cause: .noGoldSpan(kind, r)))
        return nil
    }

    static func apply(
        annotator: String, suggestion: SuggestionRef?, action: JournalAction, id: EventID, to state: inout RecordState
    ) {
        state.applied += 1
        switch action {
        case .accept:
            guard let sg = suggestion else { return }
            state.answered[RecordState.key(sg)] = id
            if let i = goldIndex(state, sg.span) {
                state.gold[i].events.append(id)
                if state.gold[i].suggestion == nil { state.gold[i].suggestion = sg }
            } else {
                state.gold.append(GoldSpan(span: suggestedSpan(state, sg), suggestion: sg, events: [id]))
            }
        case .reject:
            guard let sg = suggestion else { return }
            state.answered[RecordState.key(sg)] = id
            if let i = goldIndex(state, sg.span), let from = state.gold[i].suggestion,
                RecordState.key(from) == RecordState.key(sg)
            {
                state.gold.remove(at: i)
            }
        case .relabel(let r, let to):
            guard let i = editTarget(&state, suggestion, .relabel, r, id) else { return }
            state.gold[i].span.label = to
            state.gold[i].events.append(id)
        case .move(let r, let start, let end):
            guard let i = editTarget(&state, suggestion, .move, r, id) else { return }
            state.gold[i].span.start = start
            state.gold[i].span.end = end
            state.gold[i].events.append(id)
        case .setAttribute(let r, let name, let value):
            guard let i = editTarget(&state, suggestion, .setAttribute, r, id) else { return }
            state.gold[i].span.attributes[name] = value
            state.gold[i].events.append(id)
        case .add(let s):
            if let sg = suggestion { state.answered[RecordState.key(sg)] = id }
            if let i = goldIndex(state, SpanRef(s)) {
                state.gold[i].span.attributes.merge(s.attributes) { _, new in new }
                state.gold[i].events.append(id)
            } else {
                state.gold.append(GoldSpan(span: s, suggestion: suggestion, events: [id]))
            }
        case .delete(let r):
            if let i = goldIndex(state, r) {
                state.gold.remove(at: i)
                if let sg = suggestion { state.answered[RecordState.key(sg)] = id }
            } else if let sg = suggestion, sg.span == r {
                state.answered[RecordState.key(sg)] = id
            } else {
                state.conflicts.append(StateConflict(event: id, cause: .noGoldSpan(.delete, r)))
            }
        case .done:
            state.done[annotator] = id
            state.skipped[annotator] = nil
        case .skip:
            state.skipped[annotator] = id
        case .flag(let note):
            state.flags.append((id, note))
        case .undo:
            break
        }
    }

    /// What loading a dataset's working state found.
    public struct LoadReport: Sendable {
        public var journals: [JournalReadReport] = []
        public var records = 0
        public var suggestionFiles = 0
        public var events = 0
        public var torn: [TornLine] { journals.compactMap(\.torn) }
        public var errors: [JournalError] { journals.flatMap(\.errors) }
    }

    /// The working state of a dataset: its records, suggestion files and journals. Torn last
    /// lines are reported (never applied), damaged lines are errors in the report; neither
    /// stops the state from loading.
    ///
    /// - Parameter positions: when given, only the events with seq ≤ `positions[annotator]` are
    ///   folded (an annotator missing from it contributes nothing): the state as of those
    ///   journal positions, e.g. a release's. Every line is still read and checked.
    public static func load(dataset: Dataset, positions limits: [String: Int]? = nil) throws -> (WorkingState, LoadReport) {
        let state = WorkingState()
        var report = LoadReport()
        var timer = PhaseTimer()
        // Records: ids, hashes and imported spans. No schema check here (`verify` does that).
        let fileReport = try RecordFile(path: dataset.recordsPath, displayName: dataset.relativeRecordsPath, schema: nil)
            .read { doc, _ in state.addRecord(doc.id.rawValue, textHash: doc.textHash, importedSpans: doc.spans) }
        report.records = fileReport.records
        timer.phase("records")
        for path in dataset.suggestionFiles() {
            try state.loadSuggestions(path: path)
            report.suggestionFiles += 1
        }
        timer.phase("suggestions")
        let records = state.buildRecordIndex()
        let files = dataset.journalFiles()
        let box = UnsafeSendableBox([Result<PackedJournal, Error>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let f = files[i]
            let r = Result {
                try WorkingState.scanJournal(
                    path: f.path, displayName: "datasets/\(dataset.name)/journals/\(f.annotator).jsonl",
                    annotator: f.annotator, index: Int16(i), records: records,
                    upTo: limits.map { $0[f.annotator] ?? 0 })
            }
            box.lock.lock()
            box.value[i] = r
            box.lock.unlock()
        }
        let journals = try box.value.map { try $0!.get() }
        report.journals = journals.map { $0.report! }
        timer.phase("scan journals (\(journals.reduce(0) { $0 + $1.slowLines }) lines by the full parser)")
        state.foldPacked(journals)
        timer.phase("fold")
        report.events = state.eventCount
        return (state, report)
    }

    /// Reads one suggestion file into the records' suggestions (lines of unknown records are skipped).
    func loadSuggestions(path: String) throws {
        let reader = try JSONLReader(path: path)
        while let rec = try reader.next() {
            guard let id = rec.object["id"]?.stringValue, index[id] != nil,
                let arr = rec.object["spans"]?.arrayValue
            else { continue }
            let spans = SuggestionSpans.decode(arr)
            addSuggestions(id, spans)
        }
    }
}
