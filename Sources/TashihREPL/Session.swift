import Foundation
import TashihGold
import TashihJSON
import TashihModel
import TashihTerminal
import TashihText

/// Which records a session goes through (docs/REPL.md, "Queues").
public enum QueueKind: String, CaseIterable, Sendable {
    case unfinished, flagged
    case lowScore = "low-score"
    case disagree
}

public struct SessionOptions: Sendable {
    public var annotator: String
    public var queue: QueueKind = .unfinished
    /// Keep only records with a suggestion or gold span of this label / family.
    public var label: String?
    public var family: String?
    public var width = 100
    /// On a terminal the screen is cleared and redrawn after every command; in scripted mode
    /// each command prints its acknowledgements, and the record only when another is shown.
    public var interactive = false
    public var renderer = LineRenderer(mode: .none, colour: false)

    public init(annotator: String) { self.annotator = annotator }
}

/// The annotation REPL's state machine: one annotator's session over one dataset. It reads
/// command lines, writes every decision to the journal (on disk before it is acknowledged) and
/// prints the screen. No terminal is needed: tests drive `handle(_:)` directly.
public final class Session {
    public let store: AnnotationStore
    public let writer: JournalWriter
    public let options: SessionOptions
    public let schema: Schema
    public let guidelines: Guidelines?
    public let actors: ActorNames
    let screen: Screen
    let output: (String) -> Void

    /// Record indices of the queue, and the position of the current record in it.
    public private(set) var queue: [Int32] = []
    public private(set) var queuePosition = 0
    public private(set) var view: RecordView?
    var showTokens = false

    struct Group {
        var record: Int
        var seqs: [Int]
    }
    var undoStack: [Group] = []
    var redoStack: [Group] = []
    var group: [Int]?

    // Session figures.
    public private(set) var commands = 0
    public private(set) var failures = 0
    public private(set) var sessionEvents: [JournalEvent] = []
    var recordsDoneHere: Set<String> = []
    var messages: [String] = []
    var needsScreen = false

    public init(
        store: AnnotationStore, writer: JournalWriter, options: SessionOptions, guidelines: Guidelines?, actors: ActorNames,
        output: @escaping (String) -> Void
    ) {
        self.store = store
        self.writer = writer
        self.options = options
        self.schema = store.dataset.schema
        self.guidelines = guidelines
        self.actors = actors
        self.screen = Screen(width: options.width, renderer: options.renderer)
        self.output = output
    }

    // MARK: - Queue

    /// Ids of records the annotator skipped (still in force).
    var skippedByMe: Set<UInt64> {
        var s: Set<UInt64> = []
        for (h, m) in store.marksByHash where m.skippedBy.contains(options.annotator) { s.insert(h) }
        return s
    }

    /// Whether record `i` is finished for the default queue: done by anyone or skipped by me.
    func finished(_ i: Int, skipped: Set<UInt64>) -> Bool {
        let h = store.records.idHashes[i]
        return store.maybeDone(i) || (!skipped.isEmpty && skipped.contains(h))
    }

    /// Record indices whose id is in `ids`, in dataset order (one pass over the id hashes).
    func indices(of ids: Set<String>) -> [Int] {
        let want = Set(ids.map { LineIndex.hash(id: $0) })
        var out: [Int] = []
        for (i, h) in store.records.idHashes.enumerated() where want.contains(h) {
            if let d = try? store.document(i), ids.contains(d.id.rawValue) { out.append(i) }
        }
        return out
    }

    /// Whether record `i` has a suggestion or imported span of the filter's labels.
    func matchesFilter(_ i: Int, labels: [[UInt8]]) -> Bool {
        var lines = (try? store.suggestionLines(i)) ?? []
        if let r = try? store.recordLine(i) { lines.append(r) }
        for l in lines {
            for needle in labels where Self.contains(l, needle) { return true }
        }
        return false
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool { find(needle, in: hay, from: 0) != nil }

    /// The first index of `needle` in `hay` at or after `from`.
    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, needle.count <= hay.count else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The lowest score among the suggestion lines' `"score":` values.
    static func minScore(_ lines: [[UInt8]]) -> Double? {
        let key = Array(#""score":"#.utf8)
        var best: Double?
        for l in lines {
            var i = 0
            while let p = find(key, in: l, from: i) {
                var j = p + key.count
                let s = j
                while j < l.count,
                    (l[j] >= 0x30 && l[j] <= 0x39) || l[j] == 0x2E || l[j] == 0x2D || l[j] == 0x65 || l[j] == 0x45 || l[j] == 0x2B
                {
                    j += 1
                }
                if let d = Double(String(decoding: l[s..<j], as: UTF8.self)) { best = min(best ?? d, d) }
                i = j
            }
        }
        return best
    }

    /// Builds the queue and shows its first record (or, for the default queue, the record the
    /// annotator last worked on if it is still unfinished).
    public func start() throws {
        let n = store.count
        var labels: [String] = []
        if let l = options.label { labels = [l] }
        if let f = options.family { labels = schema.family(named: f)?.labels ?? [] }
        let needles = labels.map { Array("\"label\":\"\($0)\"".utf8) }
        func keep(_ i: Int) -> Bool { needles.isEmpty || matchesFilter(i, labels: needles) }
        var q: [Int32] = []
        switch options.queue {
        case .unfinished:
            let skipped = skippedByMe
            q.reserveCapacity(n)
            for i in 0..<n where !finished(i, skipped: skipped) && keep(i) { q.append(Int32(i)) }
        case .flagged:
            let flagged = Set(store.marksByHash.filter { !$0.value.flags.isEmpty }.map(\.key))
            q = store.indices(ofHashes: flagged).filter(keep).map { Int32($0) }
        case .disagree:
            var ids: Set<UInt64> = []
            for (h, m) in store.marksByHash where m.deciders.count > 1 { ids.insert(h) }
            for i in store.indices(ofHashes: ids) where keep(i) {
                guard let d = try? store.document(i) else { continue }
                let sg = (try? store.suggestions(i, id: d.id.rawValue)) ?? []
                let all = store.events(for: d.id.rawValue)
                var golds: Set<[Span]> = []
                for a in store.marks(for: d.id.rawValue)?.deciders ?? [] {
                    golds.insert(
                        RecordView(index: i, doc: d, suggestions: sg, events: all.filter { $0.annotator == a }).goldSpans)
                }
                if golds.count > 1 { q.append(Int32(i)) }
            }
        case .lowScore:
            var scored: [(Double, Int32)] = []
            let skipped = skippedByMe
            // Records with this annotator's events are folded; the others are scored from their lines.
            let decided = store.records(of: options.annotator).all
            for i in 0..<n where !finished(i, skipped: skipped) && keep(i) {
                let s: Double?
                if decided.contains(store.records.idHashes[i]), let d = try? store.document(i) {
                    let v = try RecordView(
                        index: i, doc: d, suggestions: try store.suggestions(i, id: d.id.rawValue),
                        events: myEvents(d.id.rawValue))
                    s = v.rows.filter { $0.state == .open }.compactMap(\.score).min()
                } else {
                    s = Self.minScore(try store.suggestionLines(i))
                }
                if let s { scored.append((s, Int32(i))) }
            }
            scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            q = scored.map(\.1)
        }
        queue = q
        for w in store.warnings { messages.append("warning: " + w) }
        for t in writer.tornLines { messages.append("warning: " + t.description) }
        guard !queue.isEmpty else {
            messages.append(
                "the \(options.queue.rawValue) queue is empty\(labels.isEmpty ? "" : " for \(labels.joined(separator: ", "))")")
            flush(screen: false)
            return
        }
        var pos = 0
        if options.queue == .unfinished, let last = lastRecordWorkedOn(), let k = queue.firstIndex(of: Int32(last)) { pos = k }
        try show(queue[pos], position: pos)
        flush(screen: true)
    }

    /// The record of the annotator's latest event, if any.
    func lastRecordWorkedOn() -> Int? {
        guard let h = store.records(of: options.annotator).latest else { return nil }
        return store.indices(ofHashes: [h]).first
    }

    func myEvents(_ id: String) -> [JournalEvent] { store.events(for: id).filter { $0.annotator == options.annotator } }

    func show(_ i: Int32, position: Int?) throws {
        let d = try store.document(Int(i))
        view = RecordView(
            index: Int(i), doc: d, suggestions: try store.suggestions(Int(i), id: d.id.rawValue), events: myEvents(d.id.rawValue))
        if let p = position {
            queuePosition = p
        } else if let k = queue.firstIndex(of: i) {
            queuePosition = k
        }
        needsScreen = true
    }

    func refold() {
        guard var v = view else { return }
        v.refold(myEvents(v.doc.id.rawValue))
        view = v
    }

    // MARK: - Screen

    /// The whole screen of the current record.
    public func screenLines() -> [String] {
        guard let v = view else { return ["(no record)"] }
        var lines: [String] = []
        let id = v.doc.id.rawValue
        let inQueue = queuePosition < queue.count && queue[queuePosition] == Int32(v.index)
        let pos = inQueue ? "\(queuePosition + 1)/\(queue.count)" : "-/\(queue.count)"
        let done = store.doneCount
        lines += screen.plain(
            "\(store.dataset.name) · \(options.annotator) · queue \(options.queue.rawValue) \(pos) · done \(done)/\(store.count), \(store.count - done) left"
        )
        let source = v.doc.meta["source"]?.stringValue ?? "-"
        lines += screen.plain("record \(id) · source \(source) · guidelines \(writer.guidelines)")
        if let m = store.marks(for: id) {
            if !m.doneBy.isEmpty { lines += screen.plain("done by " + m.doneBy.sorted().joined(separator: ", ")) }
            if m.skippedBy.contains(options.annotator) { lines += screen.plain("skipped by you") }
            for f in m.flags { lines += screen.plain("flag: " + f) }
            let others = m.deciders.subtracting([options.annotator])
            if !others.isEmpty {
                lines += screen.plain("also decided by: " + others.sorted().joined(separator: ", "))
                lines += differences(v, from: others.sorted())
            }
        }
        if !v.state.stale.isEmpty {
            lines += screen.plain(
                "warning: \(v.state.stale.count) event(s) on this record were made on another text (not applied): "
                    + v.state.stale.map(\.description).joined(separator: ", "))
        }
        for c in v.state.conflicts { lines += screen.plain("warning: event \(c) — not applied") }
        lines.append("")
        lines += screen.text(v)
        lines.append("")
        lines += screen.table(v, schema: schema)
        if showTokens {
            lines.append("")
            lines += screen.tokens(v)
        }
        return lines
    }

    /// Where other annotators' gold differs from this annotator's: their spans this one lacks
    /// (`+`) and this one's spans they lack (`-`), a few lines each.
    func differences(_ v: RecordView, from others: [String]) -> [String] {
        var out: [String] = []
        let mine = Set(v.goldSpans)
        for a in others {
            let events = store.events(for: v.doc.id.rawValue).filter { $0.annotator == a }
            let theirs = RecordView(index: v.index, doc: v.doc, suggestions: v.suggestions, events: events).goldSpans
            let plus = theirs.filter { !mine.contains($0) }
            let minus = v.goldSpans.filter { !Set(theirs).contains($0) }
            if plus.isEmpty && minus.isEmpty {
                out += screen.plain("  \(a): same gold")
                continue
            }
            for (sign, list) in [("+", plus), ("-", minus)] {
                for sp in list.prefix(5) {
                    let attrs = Screen.attributes(sp)
                    out += screen.plain(
                        "  \(a) \(sign) \(sp.label) \(sp.start)..\(sp.end)\(attrs.isEmpty ? "" : " " + attrs) \(v.text(sp.start..<sp.end))"
                    )
                }
                if list.count > 5 { out += screen.plain("  \(a) \(sign) … \(list.count - 5) more") }
            }
        }
        return out
    }

    func flush(screen show: Bool) {
        var text = ""
        if options.interactive {
            if options.renderer.colour || options.renderer.mode != .none { text += "\u{1B}[H\u{1B}[2J" }
            text += screenLines().joined(separator: "\n") + "\n"
            if !messages.isEmpty { text += "\n" }
        } else if show || needsScreen {
            text += screenLines().joined(separator: "\n") + "\n"
        }
        for m in messages { text += m + "\n" }
        messages = []
        needsScreen = false
        if !text.isEmpty { output(text) }
    }

    // MARK: - Commands

    public enum Outcome: Equatable, Sendable {
        case proceed
        case quit
    }

    /// Handles one command line: parses it, runs it, prints what it did. A bad command prints an
    /// error (`error: …`) and the session goes on. Returns `.quit` after `q`.
    @discardableResult
    public func handle(_ line: String, onError: ((String) -> Void)? = nil) -> Outcome {
        let trimmed = line.trimmingSpaces
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .proceed }
        commands += 1
        do {
            let cmd = try CommandParser.parse(trimmed)
            if cmd == .quit {
                messages.append(summary())
                flushQuit()
                return .quit
            }
            try perform(cmd)
        } catch {
            failures += 1
            if let onError {
                onError("error: \(error)")
            } else {
                messages.append("error: \(error)")
            }
        }
        flush(screen: false)
        return .proceed
    }

    func flushQuit() {
        let text = messages.map { $0 + "\n" }.joined()
        messages = []
        output(text)
    }

    func requireView() throws(CommandError) -> RecordView {
        guard let v = view else { throw CommandError("no record is shown (the queue is empty: g ID opens one)") }
        return v
    }

    func row(_ n: Int, _ v: RecordView) throws(CommandError) -> SpanRow {
        guard n >= 1 && n <= v.rows.count else {
            throw CommandError(
                v.rows.isEmpty ? "this record has no spans" : "no span \(n): spans are numbered 1 to \(v.rows.count)")
        }
        return v.rows[n - 1]
    }

    func label(_ typed: String) throws(CommandError) -> String {
        if let l = schema.allLabels.first(where: { $0.caseInsensitiveCompare(typed) == .orderedSame }) { return l }
        let near = schema.allLabels.min {
            CommandSpec.editDistance(Array(typed.uppercased().unicodeScalars), Array($0.unicodeScalars))
                < CommandSpec.editDistance(Array(typed.uppercased().unicodeScalars), Array($1.unicodeScalars))
        }
        throw CommandError(
            "unknown label \(typed)\(near.map { " — did you mean \($0)?" } ?? "") (labels: \(schema.allLabels.joined(separator: ", ")))"
        )
    }

    /// The typed value of attribute `name` for `label`.
    func attributeValue(_ name: String, _ raw: String, label: String) throws(CommandError) -> (String, AttributeValue?) {
        guard
            let a = schema.attribute(name, forLabel: label)
                ?? schema.attributes(forLabel: label).first(where: { $0.name.lowercased() == name.lowercased() })
        else {
            let names = schema.attributes(forLabel: label).map(\.name)
            throw CommandError(
                "\(label) takes no attribute \(name) (\(label) takes: \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
        }
        if raw.isEmpty { return (a.name, nil) }
        switch a.kind {
        case .number:
            var ascii = ""
            for u in raw.unicodeScalars {
                if let d = Arabic.digitValue(u) {
                    ascii += String(d)
                } else if u == "٫" {
                    ascii += "."
                } else if u == "٬" || u == "," || u == "،" {
                    continue
                } else {
                    ascii.unicodeScalars.append(u)
                }
            }
            guard let d = Double(ascii), d.isFinite else { throw CommandError("\(a.name) must be a number, not \(raw)") }
            return (a.name, .number(d))
        case .choice(let values):
            guard let v = values.first(where: { $0.caseInsensitiveCompare(raw) == .orderedSame }) else {
                throw CommandError("\(a.name) must be one of \(values.joined(separator: ", ")), not \(raw)")
            }
            return (a.name, .string(v))
        case .identifier:
            if raw.utf8.allSatisfy({ $0 < 0x80 }) {
                let up = actors.entries.contains { $0.id == raw.uppercased() } ? raw.uppercased() : raw
                return (a.name, .string(up))
            }
            guard let id = actors.id(forName: raw) else {
                let c = actors.ids(matching: raw)
                throw CommandError(
                    "\(a.name): no single actor is named \(raw)\(c.isEmpty ? " in the lexicon" : " (candidates: \(c.prefix(8).joined(separator: ", ")))")"
                )
            }
            return (a.name, .string(id))
        case .text:
            return (a.name, .string(raw))
        }
    }

    @discardableResult
    func write(_ action: JournalAction, suggestion: SuggestionRef?) throws(CommandError) -> JournalEvent {
        try writeAll([(action, suggestion)])[0]
    }

    /// Appends events about the current record with one write and one fsync, then acknowledges
    /// each (`ok #seq …`): nothing is acknowledged before it is on disk.
    @discardableResult
    func writeAll(_ items: [(action: JournalAction, suggestion: SuggestionRef?)]) throws(CommandError) -> [JournalEvent] {
        let v = try requireView()
        let events: [JournalEvent]
        do {
            events = try writer.appendAll(items, record: v.doc, textHash: v.doc.textHash)
        } catch {
            throw CommandError("\(error)")
        }
        for e in events {
            store.appended(e)
            sessionEvents.append(e)
            group?.append(e.seq)
            messages.append("ok #\(e.seq) " + Self.describe(e))
        }
        return events
    }

    static func describe(_ e: JournalEvent) -> String {
        switch e.action {
        case .accept: return "accept \(e.suggestion!.start)..\(e.suggestion!.end) \(e.suggestion!.label)"
        case .reject: return "reject \(e.suggestion!.start)..\(e.suggestion!.end) \(e.suggestion!.label)"
        case .relabel(let s, let to): return "relabel \(s.start)..\(s.end) \(s.label) → \(to)"
        case .move(let s, let a, let b): return "move \(s.start)..\(s.end) → \(a)..\(b) \(s.label)"
        case .setAttribute(let s, let n, let v):
            return "set_attribute \(s.start)..\(s.end) \(s.label) \(n)=\(v.map { "\($0)" } ?? "")"
        case .add(let s): return "add \(s.start)..\(s.end) \(s.label)"
        case .delete(let s): return "delete \(s.start)..\(s.end) \(s.label)"
        case .done: return "done \(e.record)"
        case .skip: return "skip \(e.record)"
        case .flag: return "flag \(e.record)"
        case .undo(let t): return "undo #\(t)"
        }
    }

    /// Runs a command that changes gold as one undo group.
    func changing(_ body: () throws(CommandError) -> Void) throws(CommandError) {
        let v = try requireView()
        group = []
        defer {
            if let g = group, !g.isEmpty {
                undoStack.append(Group(record: v.index, seqs: g))
                redoStack = []
            }
            group = nil
            refold()
        }
        try body()
    }

    func perform(_ cmd: Command) throws(CommandError) {
        switch cmd {
        case .acceptAll:
            let v = try requireView()
            try changing { () throws(CommandError) in
                try writeAll(v.openRows.map { (.accept, v.rows[$0].suggestion) } + [(.done, nil)])
            }
            recordsDoneHere.insert(v.doc.id.rawValue)
            try next()
        case .accept(let ns):
            let v = try requireView()
            let rows = try ns.map { (n) throws(CommandError) in try row(n, v) }
            for (n, r) in zip(ns, rows) where r.state != .open {
                throw CommandError("span \(n) is already gold (\(r.state.rawValue)); accept answers open suggestions")
            }
            try changing { () throws(CommandError) in try writeAll(rows.map { (.accept, $0.suggestion) }) }
        case .reject(let ns), .delete(let ns):
            let v = try requireView()
            let rows = try ns.map { (n) throws(CommandError) in try row(n, v) }
            try changing { () throws(CommandError) in
                try writeAll(rows.map { r in (r.state == .open ? .reject : .delete(r.ref), r.suggestion) })
            }
        case .relabel(let n, let typed):
            let v = try requireView()
            let r = try row(n, v)
            let l = try label(typed)
            guard l != r.span.label else { throw CommandError("span \(n) is already \(l)") }
            // Attributes the new label does not take are removed first (in the same write), so the
            // gold never holds an attribute its label cannot carry.
            let dropped = r.span.attributes.keys.sorted().filter { schema.attribute($0, forLabel: l) == nil }
            try changing { () throws(CommandError) in
                try writeAll(
                    dropped.map { (.setAttribute(span: r.ref, name: $0, value: nil), r.suggestion) }
                        + [(.relabel(span: r.ref, to: l), r.suggestion)])
            }
        case .set(let n, let pairs):
            let v = try requireView()
            let r = try row(n, v)
            let values = try pairs.map { (p) throws(CommandError) in try attributeValue(p.0, p.1, label: r.span.label) }
            try changing { () throws(CommandError) in
                try writeAll(values.map { (.setAttribute(span: r.ref, name: $0.0, value: $0.1), r.suggestion) })
            }
        case .done:
            let v = try requireView()
            let open = v.openRows
            if !open.isEmpty {
                let list = open.map { String($0 + 1) }.joined(separator: " ")
                throw CommandError(
                    "\(open.count) suggestion(s) still open (\(list)): accept (a \(list)) or reject (r \(list)) them, or aa to accept all"
                )
            }
            try changing { () throws(CommandError) in try write(.done, suggestion: nil) }
            recordsDoneHere.insert(v.doc.id.rawValue)
            try next()
        case .skip:
            try changing { () throws(CommandError) in try write(.skip, suggestion: nil) }
            try next()
        case .flag(let note):
            try changing { () throws(CommandError) in try write(.flag(note: note), suggestion: nil) }
        case .step(let n, let edge, let outward, let unit, let k):
            let v = try requireView()
            let r = try row(n, v)
            var s = r.span.start
            var e = r.span.end
            for _ in 0..<k {
                switch (edge, unit) {
                case (.start, .token): s = try tokenEdge(v, s, start: true, earlier: outward)
                case (.end, .token): e = try tokenEdge(v, e, start: false, earlier: !outward)
                case (.start, .character): s = charEdge(v, s, earlier: outward)
                case (.end, .character): e = charEdge(v, e, earlier: !outward)
                }
            }
            try moveSpan(r, n, s, e)
        case .move(let n, let place):
            let v = try requireView()
            let r = try row(n, v)
            let range = try resolve(place, v)
            try moveSpan(r, n, range.lowerBound, range.upperBound)
        case .add(let typed, let place, let pairs):
            let v = try requireView()
            let l = try label(typed)
            let range = try resolve(place, v)
            var attributes: [String: AttributeValue] = [:]
            for p in pairs {
                let (name, value) = try attributeValue(p.0, p.1, label: l)
                attributes[name] = value
            }
            if v.rows.contains(where: {
                $0.state != .open && $0.span.start == range.lowerBound && $0.span.end == range.upperBound && $0.span.label == l
            }) {
                throw CommandError("\(l) \(range.lowerBound)..\(range.upperBound) is gold already")
            }
            // A hand-added span equal to an open suggestion answers it.
            let answering = v.rows.first {
                $0.state == .open && $0.span.start == range.lowerBound && $0.span.end == range.upperBound && $0.span.label == l
            }
            try changing { () throws(CommandError) in
                try write(
                    .add(Span(start: range.lowerBound, end: range.upperBound, label: l, attributes: attributes)),
                    suggestion: answering?.suggestion)
            }
            if case .text(_, let k) = place, k == 1 {
                let c = occurrences(of: place, v)
                if c > 1 { messages.append("(occurrence 1 of \(c); n \(l) \"…\" 2 takes the next)") }
            }
        case .undo: try undo()
        case .redo: try redo()
        case .next: try next()
        case .prev:
            guard !queue.isEmpty else { throw CommandError("the queue is empty") }
            guard queuePosition > 0 else { throw CommandError("this is the first record of the queue") }
            try load { try show(queue[queuePosition - 1], position: queuePosition - 1) }
        case .goto(.position(let p)):
            guard p >= 1 && p <= queue.count else {
                throw CommandError("no position \(p): the queue has \(queue.count) record(s)")
            }
            try load { try show(queue[p - 1], position: p - 1) }
        case .goto(.id(let id)):
            guard let i = store.index(ofID: id) else {
                throw CommandError("no record \"\(id)\" in \(store.dataset.name) (ids look like \(view?.doc.id.rawValue ?? "…"))")
            }
            try load { try show(Int32(i), position: nil) }
        case .find(let text): try find(text)
        case .tokens:
            showTokens.toggle()
            needsScreen = true
        case .show:
            needsScreen = true
        case .guideline(let what):
            let l: String
            if let n = CommandParser.integer(what) {
                l = try row(n, try requireView()).span.label
            } else {
                l = try label(what)
            }
            guard let g = guidelines else { throw CommandError("no guidelines folder in this workspace (guidelines/)") }
            guard let section = g.section(forLabel: l) else { throw CommandError("the guidelines have no section for \(l)") }
            for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
                messages += screen.plain(String(line))
            }
        case .help(let name): messages += help(name)
        case .summary: messages.append(summary())
        case .quit: break
        }
    }

    func load(_ body: () throws -> Void) throws(CommandError) {
        do { try body() } catch let e as CommandError { throw e } catch { throw CommandError("\(error)") }
    }

    /// The next record of the queue that is not finished (for the default queue), after the
    /// current position.
    func next() throws(CommandError) {
        guard !queue.isEmpty else { throw CommandError("the queue is empty") }
        let skipped = options.queue == .unfinished ? skippedByMe : []
        var p = queuePosition + 1
        if let v = view, queuePosition < queue.count, queue[queuePosition] != Int32(v.index) {
            // Shown outside the queue (goto): continue from the queue position kept.
            p = queuePosition
        }
        while p < queue.count {
            let i = Int(queue[p])
            if options.queue != .unfinished || !finished(i, skipped: skipped) {
                try load { try show(queue[p], position: p) }
                return
            }
            p += 1
        }
        let left = store.count - store.doneCount
        messages.append(
            "end of the \(options.queue.rawValue) queue: no record left after this one (\(left) not done in the dataset)")
    }

    func find(_ text: String) throws(CommandError) {
        let key = NormalizedText(text).scalars
        guard !key.isEmpty else { throw CommandError("find needs letters or digits to look for") }
        let n = store.count
        guard n > 0 else { throw CommandError("the dataset has no records") }
        let from = view?.index ?? -1
        for step in 1...max(1, n) {
            let i = (from + step) % n
            guard let o = try? store.records.object(i), let t = o["text"]?.stringValue else { continue }
            let hay = NormalizedText(t).scalars
            if Self.firstIndex(of: key, in: hay, from: 0) != nil {
                try load { try show(Int32(i), position: nil) }
                if i <= from { messages.append("(search wrapped to the start of the dataset)") }
                return
            }
        }
        throw CommandError("no record contains \"\(text)\" (harakat and tatweel ignored)")
    }

    static func firstIndex(of needle: [UInt32], in hay: [UInt32], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    // MARK: Boundaries

    func tokenEdge(_ v: RecordView, _ x: Int, start: Bool, earlier: Bool) throws(CommandError) -> Int {
        let edges = v.tokens.map { start ? $0.start : $0.end }
        if earlier {
            guard let y = edges.last(where: { $0 < x }) else {
                throw CommandError("no token \(start ? "starts" : "ends") before offset \(x)")
            }
            return y
        }
        guard let y = edges.first(where: { $0 > x }) else {
            throw CommandError("no token \(start ? "starts" : "ends") after offset \(x)")
        }
        return y
    }

    static func isMark(_ u: Unicode.Scalar) -> Bool {
        Arabic.isHaraka(u) || u.properties.generalCategory == .nonspacingMark || u.properties.generalCategory == .enclosingMark
    }

    /// One character (a letter with its marks) earlier or later from edge `x`.
    func charEdge(_ v: RecordView, _ x: Int, earlier: Bool) -> Int {
        let sc = v.scalars
        var y = x
        if earlier {
            guard y > 0 else { return 0 }
            y -= 1
            while y > 0 && Self.isMark(sc[y]) { y -= 1 }
        } else {
            guard y < sc.count else { return sc.count }
            y += 1
            while y < sc.count && Self.isMark(sc[y]) { y += 1 }
        }
        return y
    }

    func moveSpan(_ r: SpanRow, _ n: Int, _ s: Int, _ e: Int) throws(CommandError) {
        let v = try requireView()
        guard s < e else { throw CommandError("span \(n) would be empty (\(s)..\(e)); delete it with d \(n)") }
        guard s >= 0 && e <= v.scalars.count else { throw CommandError("\(s)..\(e) is outside the text (0..\(v.scalars.count))") }
        guard s != r.span.start || e != r.span.end else { throw CommandError("span \(n) is already \(s)..\(e)") }
        try changing { () throws(CommandError) in try write(.move(span: r.ref, start: s, end: e), suggestion: r.suggestion) }
    }

    func occurrences(of place: Command.Place, _ v: RecordView) -> Int {
        guard case .text(let t, _) = place else { return 0 }
        let key = NormalizedText(t).scalars
        let hay = NormalizedText(v.doc.text).scalars
        var c = 0
        var i = 0
        while let k = Self.firstIndex(of: key, in: hay, from: i) {
            c += 1
            i = k + 1
        }
        return c
    }

    func resolve(_ place: Command.Place, _ v: RecordView) throws(CommandError) -> Range<Int> {
        switch place {
        case .offsets(let a, let b):
            guard a >= 0, b <= v.scalars.count, a < b else {
                throw CommandError("offsets \(a)..\(b) are not inside the text (0..\(v.scalars.count), end exclusive)")
            }
            return a..<b
        case .tokens(let a, let b):
            guard b <= v.tokens.count else {
                throw CommandError("no token \(b): tokens are numbered 1 to \(v.tokens.count) (t shows them)")
            }
            return v.tokens[a - 1].start..<v.tokens[b - 1].end
        case .text(let t, let k):
            let norm = NormalizedText(v.doc.text)
            let key = NormalizedText(t).scalars
            guard !key.isEmpty else { throw CommandError("the text \"\(t)\" has no letters to look for") }
            var i = 0
            var found = 0
            while let at = Self.firstIndex(of: key, in: norm.scalars, from: i) {
                found += 1
                if found == k { return norm.originalRange(at..<(at + key.count)) }
                i = at + 1
            }
            throw CommandError(
                found == 0
                    ? "\"\(t)\" is not in the text (harakat and tatweel are ignored; check the spelling)"
                    : "\"\(t)\" occurs \(found) time(s), not \(k)")
        }
    }

    // MARK: Undo

    func undo() throws(CommandError) {
        var target: Group
        if let g = undoStack.popLast() {
            target = g
        } else {
            // After a restart: the latest change of this annotator on the current record.
            let v = try requireView()
            let live = RecordMarks.liveEvents(myEvents(v.doc.id.rawValue))
            guard let last = live.max(by: { $0.seq < $1.seq }) else { throw CommandError("nothing to undo on this record") }
            target = Group(record: v.index, seqs: [last.seq])
        }
        if view?.index != target.record {
            try load { try show(Int32(target.record), position: nil) }
        }
        group = []
        defer { group = nil }
        do {
            try writeAll(target.seqs.reversed().map { (.undo(seq: $0), nil) })
        } catch {
            undoStack.append(target)
            throw error
        }
        redoStack.append(Group(record: target.record, seqs: group ?? []))
        target.seqs = []
        refold()
    }

    func redo() throws(CommandError) {
        guard let g = redoStack.popLast() else { throw CommandError("nothing to redo") }
        if view?.index != g.record {
            try load { try show(Int32(g.record), position: nil) }
        }
        group = []
        defer { group = nil }
        do {
            try writeAll(g.seqs.reversed().map { (.undo(seq: $0), nil) })
        } catch {
            redoStack.append(g)
            throw error
        }
        undoStack.append(Group(record: g.record, seqs: group ?? []))
        refold()
    }

    // MARK: Help and summary

    func help(_ name: String?) -> [String] {
        if let name {
            guard let s = CommandSpec.named(name) else {
                let near = CommandSpec.nearest(to: name)
                return ["error: no command \"\(name)\"\(near.map { " — did you mean \"\($0)\"?" } ?? "")"]
            }
            return ["\(s.names.joined(separator: ", ")): \(s.usage)", "  \(s.summary)"]
        }
        var rows: [[String]] = [["short", "long", "usage", "what it does"]]
        for s in CommandSpec.all { rows.append([s.short.joined(separator: " "), s.long, s.usage, s.summary]) }
        return TableText.lines(rows) + ["N = span number (table), T = token number (t shows them); docs/REPL.md has it all"]
    }

    /// Records done and left, corrections per label and kind (this session's events in force).
    public func summary() -> String {
        let live = RecordMarks.liveEvents(sessionEvents)
        let kinds: [JournalAction.Kind] = [.accept, .reject, .relabel, .move, .setAttribute, .add, .delete]
        var perLabel: [String: [JournalAction.Kind: Int]] = [:]
        var undos = 0
        var flags = 0
        var skips = 0
        for e in sessionEvents { if case .undo = e.action { undos += 1 } }
        for e in live {
            switch e.action {
            case .flag: flags += 1
            case .skip: skips += 1
            case .done, .undo: break
            default:
                let l = e.action.span?.label ?? e.suggestion?.label ?? "?"
                perLabel[l, default: [:]][e.kind, default: 0] += 1
            }
        }
        let doneLive = Set(live.filter { $0.kind == .done }.map(\.record.rawValue))
        let done = store.doneCount
        var out =
            "session: \(commands) command(s)\(failures > 0 ? " (\(failures) failed)" : ""), \(sessionEvents.count) journal event(s), "
            + "\(doneLive.count) record(s) done (\(done) done in all, \(store.count - done) left)"
        if perLabel.isEmpty {
            out += "\nno corrections"
        } else {
            var rows: [[String]] = [["corrections"] + kinds.map(\.rawValue)]
            for l in perLabel.keys.sorted() {
                rows.append([l] + kinds.map { String(perLabel[l]![$0] ?? 0) })
            }
            rows.append(["total"] + kinds.map { k in String(perLabel.values.reduce(0) { $0 + ($1[k] ?? 0) }) })
            out += "\n" + TableText.lines(rows).joined(separator: "\n")
        }
        out += "\nundo: \(undos), flags: \(flags), skipped: \(skips)"
        return out
    }

    // MARK: Running

    /// Reads commands until `q` or the end of input. In scripted mode a failed command is
    /// reported on `errors` as `stdin:LINE: error: …`. `timing` gets `<ms> <line>` per command.
    /// Returns the number of failed commands.
    public func run<R: LineReader>(
        reader: inout R, prompt: String = "tashih> ", errors: ((String) -> Void)? = nil, timing: ((Double, String) -> Void)? = nil
    ) -> Int {
        var lineNo = 0
        while let line = reader.readLine(prompt: prompt) {
            lineNo += 1
            let t0 = DispatchTime.now().uptimeNanoseconds
            let outcome = handle(line, onError: errors.map { sink in { sink("stdin:\(lineNo): \($0)") } })
            if let timing { timing(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6, line) }
            if outcome == .quit { return failures }
        }
        messages.append(summary())
        flushQuit()
        return failures
    }
}

/// Plain tables for help and the summary (no Arabic: left-aligned, numbers right-aligned).
enum TableText {
    static func lines(_ rows: [[String]]) -> [String] {
        Table(rows).render().split(separator: "\n").map(String.init)
    }
}
