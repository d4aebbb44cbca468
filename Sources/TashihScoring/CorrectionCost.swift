import TashihGold
import TashihModel

/// What annotators had to fix, per extractor version, read from the journals: each suggestion
/// an annotator answered (an event carrying `suggestion`) is counted once per annotator as
///
/// - **accepted as is**: accepted, and no relabel, move or attribute edit answered it;
/// - **rejected**: its last accept/reject decision is a `reject` (or a `delete` of it);
/// - **relabelled**, **moved**, **attributes edited**: at least one such event answered it
///   (a suggestion can be in several of these);
///
/// and **spans added** counts the `add` events (spans no extractor suggested) on the records
/// where that annotator answered suggestions of that version — what the extractor missed
/// there. Undone events (and the undos) do not count; an undo of an undo restores its target.
/// For a release, only the events up to its journal positions count.
public struct CorrectionCost: Sendable {
    public struct Row: Sendable, Hashable {
        public var extractor: String
        public var version: String
        public var answered = 0
        public var acceptedAsIs = 0
        public var rejected = 0
        public var relabelled = 0
        public var moved = 0
        public var attributesEdited = 0
        public var added = 0
    }

    public var rows: [Row] = []
    /// All `add` events counted, whatever the record.
    public var addedTotal = 0
    /// Events read (after positions and undos).
    public var events = 0
    public var annotators: [String] = []

    public init() {}

    struct Key: Hashable {
        var annotator: String
        var record: String
        var suggestion: SuggestionRef
    }

    struct Answer {
        var lastDecision: JournalAction.Kind?
        var relabel = false, move = false, attribute = false
    }

    /// The cost from every annotator's events; `positions` (a release's) limits each journal to
    /// the events with `seq ≤ position` (an annotator it does not name is left out).
    public static func from(journals: [[JournalEvent]], positions: [String: Int]? = nil) -> CorrectionCost {
        var cost = CorrectionCost()
        var answers: [Key: Answer] = [:]
        var addsPerRecord: [String: [String: Int]] = [:]  // annotator → record → adds
        var names = Set<String>()
        for journal in journals {
            // Newest first: an undo not itself undone cancels its target.
            var cancelled = Set<Int>()
            var live: [JournalEvent] = []
            for e in journal.reversed() {
                if let positions, e.seq > positions[e.annotator] ?? 0 { continue }
                if cancelled.contains(e.seq) { continue }
                if case .undo(let target) = e.action {
                    cancelled.insert(target)
                    continue
                }
                live.append(e)
            }
            for e in live.reversed() where !cancelled.contains(e.seq) {
                cost.events += 1
                names.insert(e.annotator)
                if case .add = e.action, e.suggestion == nil {
                    cost.addedTotal += 1
                    addsPerRecord[e.annotator, default: [:]][e.record.rawValue, default: 0] += 1
                    continue
                }
                guard let s = e.suggestion else { continue }
                let key = Key(annotator: e.annotator, record: e.record.rawValue, suggestion: s)
                var a = answers[key] ?? Answer()
                switch e.action {
                case .accept: a.lastDecision = .accept
                case .reject, .delete: a.lastDecision = .reject
                case .relabel: a.relabel = true
                case .move: a.move = true
                case .setAttribute: a.attribute = true
                default: break
                }
                answers[key] = a
            }
        }
        var rows: [String: Row] = [:]
        var recordsOf: [String: Set<[String]>] = [:]  // row → (annotator, record)
        for (k, a) in answers {
            let id = k.suggestion.extractor + "\u{0}" + k.suggestion.version
            var r = rows[id] ?? Row(extractor: k.suggestion.extractor, version: k.suggestion.version)
            r.answered += 1
            let edited = a.relabel || a.move || a.attribute
            if a.lastDecision == .reject {
                r.rejected += 1
            } else if !edited && a.lastDecision == .accept {
                r.acceptedAsIs += 1
            }
            if a.lastDecision != .reject {
                if a.relabel { r.relabelled += 1 }
                if a.move { r.moved += 1 }
                if a.attribute { r.attributesEdited += 1 }
            }
            rows[id] = r
            recordsOf[id, default: []].insert([k.annotator, k.record])
        }
        for (id, pairs) in recordsOf {
            rows[id]?.added = pairs.reduce(0) { $0 + (addsPerRecord[$1[0]]?[$1[1]] ?? 0) }
        }
        cost.rows = rows.values.sorted {
            ($0.extractor, $0.version).0 != $1.extractor ? $0.extractor < $1.extractor : $0.version < $1.version
        }
        cost.annotators = names.sorted()
        return cost
    }
}
