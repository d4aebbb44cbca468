import Foundation
import TashihJSON
import TashihModel

// The fast path of the working state: a million events replay in well under a second.
//
// - Lines are scanned straight from the reader's buffer (`EventScanner`): record ids are looked
//   up by their bytes in a table built from the records, the text hash is compared as bytes,
//   labels, extractors, versions and attribute names are interned per journal; nothing is
//   allocated for a typical event. A line the scanner does not expect (escapes, attributes on
//   `add`, keys of a later version, anything malformed) goes through the full parser and
//   `JournalEvent(json:)` — the same result, just slower.
// - Events become fixed-size `PackedEvent`s (no references), journals are scanned in
//   parallel, then grouped by record with a counting sort and applied record by record.

/// An open-addressing table from byte strings to dense indices (record ids, interned strings).
struct ByteTable {
    var arena: [UInt8] = []
    var starts: [Int] = []
    var lengths: [Int32] = []
    var slots: [Int32]
    var mask: Int

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = Array(repeating: -1, count: n)
        mask = n - 1
    }

    var count: Int { starts.count }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01b3
            h ^= h >> 29
            i &+= 8
        }
        while i < n {
            h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3
            i &+= 1
        }
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        var i = Self.hash(p, n) & mask
        while true {
            let s = slots[i]
            if s < 0 { return nil }
            if Int(lengths[Int(s)]) == n {
                let same = arena.withUnsafeBufferPointer { a in memcmp(a.baseAddress! + starts[Int(s)], p, n) == 0 }
                if same { return s }
            }
            i = (i &+ 1) & mask
        }
    }

    /// The index of the bytes, inserting them if new.
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        if let s = find(p, n) { return s }
        if (count + 1) * 2 > slots.count { grow() }
        let idx = Int32(count)
        starts.append(arena.count)
        lengths.append(Int32(n))
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        place(idx, Self.hash(p, n))
        return idx
    }

    mutating func intern(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { b in
            b.baseAddress == nil ? intern(UnsafePointer(bitPattern: 1)!, 0) : intern(b.baseAddress!, b.count)
        }
    }

    func find(_ s: String) -> Int32? {
        var s = s
        return s.withUTF8 { b in b.baseAddress == nil ? nil : find(b.baseAddress!, b.count) }
    }

    private mutating func place(_ idx: Int32, _ h: Int) {
        var i = h & mask
        while slots[i] >= 0 { i = (i &+ 1) & mask }
        slots[i] = idx
    }

    private mutating func grow() {
        let n = slots.count * 2
        slots = Array(repeating: -1, count: n)
        mask = n - 1
        for k in 0..<count {
            let h = arena.withUnsafeBufferPointer { a in Self.hash(a.baseAddress! + starts[k], Int(lengths[k])) }
            place(Int32(k), h)
        }
    }

    func string(_ idx: Int32) -> String {
        arena.withUnsafeBufferPointer { a in
            String(
                decoding: UnsafeBufferPointer(start: a.baseAddress! + starts[Int(idx)], count: Int(lengths[Int(idx)])),
                as: UTF8.self)
        }
    }
}

/// One event, packed: no references, 64 bytes.
struct PackedEvent {
    var time: Int64 = 0
    var seq: Int32 = 0
    var record: Int32 = -1
    var annotator: Int16 = 0
    var kind: UInt8 = 0
    var stale = false
    var spanStart: Int32 = 0
    var spanEnd: Int32 = 0
    var spanLabel: Int32 = -1
    var sgExtractor: Int32 = -1
    var sgVersion: Int32 = -1
    var sgStart: Int32 = 0
    var sgEnd: Int32 = 0
    var sgLabel: Int32 = -1
    /// relabel: label; move: start; set_attribute: attribute name; undo: target seq; flag and
    /// add: side-table index.
    var a: Int32 = -1
    /// move: end; set_attribute: value side-table index (-1: null).
    var b: Int32 = -1
}

enum PackedKind {
    static let kinds: [JournalAction.Kind] = JournalAction.Kind.allCases
    static func code(_ k: JournalAction.Kind) -> UInt8 { UInt8(kinds.firstIndex(of: k)!) }
    static let accept = code(.accept), reject = code(.reject), relabel = code(.relabel), move = code(.move)
    static let setAttribute = code(.setAttribute), add = code(.add), delete = code(.delete), done = code(.done)
    static let skip = code(.skip), flag = code(.flag), undo = code(.undo)

    /// The code of a kind name given as bytes.
    @inline(__always)
    static func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt8? {
        @inline(__always) func eq(_ lit: StaticString) -> Bool {
            n == lit.utf8CodeUnitCount && memcmp(p, lit.utf8Start, n) == 0
        }
        // The order of JournalAction.Kind.allCases.
        switch p[0] {
        case 0x61: return eq("accept") ? 0 : eq("add") ? 5 : nil
        case 0x72: return eq("reject") ? 1 : eq("relabel") ? 2 : nil
        case 0x6D: return eq("move") ? 3 : nil
        case 0x73: return eq("set_attribute") ? 4 : eq("skip") ? 8 : nil
        case 0x64: return eq("delete") ? 6 : eq("done") ? 7 : nil
        case 0x66: return eq("flag") ? 9 : nil
        case 0x75: return eq("undo") ? 10 : nil
        default: return nil
        }
    }
}

/// The records' ids and text hashes, shared read-only by the scanning threads: `lookup` is a
/// copy in raw memory, so the threads share no reference counts.
final class RecordIndex: @unchecked Sendable {
    var ids = ByteTable()
    var hashes: [[UInt8]] = []
    var idStrings: [String] = []
    private(set) var lookup: RecordLookup!

    init() {}

    /// Makes `lookup` (after `ids` and `hashes` are filled).
    func freeze() {
        lookup?.deallocate()
        lookup = RecordLookup(ids, hashes)
    }

    deinit { lookup?.deallocate() }
}

/// Raw-memory lookups of record ids and hashes.
struct RecordLookup: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<Int32>
    let mask: Int
    let arena: UnsafeMutableBufferPointer<UInt8>
    let starts: UnsafeMutableBufferPointer<Int>
    let lengths: UnsafeMutableBufferPointer<Int32>
    let hashArena: UnsafeMutableBufferPointer<UInt8>
    let hashStarts: UnsafeMutableBufferPointer<Int>

    init(_ t: ByteTable, _ hashes: [[UInt8]]) {
        func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
            _ = b.initialize(from: a)
            return b
        }
        slots = copy(t.slots)
        mask = t.mask
        arena = copy(t.arena)
        starts = copy(t.starts)
        lengths = copy(t.lengths)
        hashArena = copy(hashes.flatMap { $0 })
        var hs: [Int] = [0]
        for h in hashes { hs.append(hs.last! + h.count) }
        hashStarts = copy(hs)
    }

    func deallocate() {
        slots.deallocate()
        arena.deallocate()
        starts.deallocate()
        lengths.deallocate()
        hashArena.deallocate()
        hashStarts.deallocate()
    }

    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        var i = ByteTable.hash(p, n) & mask
        while true {
            let s = slots[i]
            if s < 0 { return nil }
            if Int(lengths[Int(s)]) == n && memcmp(arena.baseAddress! + starts[Int(s)], p, n) == 0 { return s }
            i = (i &+ 1) & mask
        }
    }

    @inline(__always)
    func hashEquals(_ r: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let a = hashStarts[Int(r)]
        return hashStarts[Int(r) + 1] - a == n && memcmp(hashArena.baseAddress! + a, p, n) == 0
    }
}

/// One journal's packed events and the tables its indices refer to.
final class PackedJournal {
    let annotator: String
    let annotatorIndex: Int16
    var events: [PackedEvent] = []
    var strings = ByteTable()
    var notes: [String] = []
    var values: [AttributeValue?] = []
    var addAttributes: [[String: AttributeValue]] = []
    /// Events about records the dataset does not have (seq).
    var unknown: [Int] = []
    /// Lines that took the full parser.
    var slowLines = 0
    var report: JournalReadReport?

    init(annotator: String, index: Int16) {
        self.annotator = annotator
        self.annotatorIndex = index
    }

    /// Packs a decoded event (the slow path and `WorkingState.fold`).
    func pack(_ e: JournalEvent, records: RecordIndex) -> PackedEvent {
        var p = PackedEvent()
        p.time = e.time.milliseconds
        p.seq = Int32(clamping: e.seq)
        p.annotator = annotatorIndex
        p.kind = PackedKind.code(e.kind)
        if let r = records.ids.find(e.record.rawValue) {
            p.record = r
            p.stale = !records.hashes[Int(r)].elementsEqual(e.textHash.utf8)
        }
        if let sg = e.suggestion {
            p.sgExtractor = strings.intern(sg.extractor)
            p.sgVersion = strings.intern(sg.version)
            p.sgStart = Int32(clamping: sg.start)
            p.sgEnd = Int32(clamping: sg.end)
            p.sgLabel = strings.intern(sg.label)
        }
        if let s = e.action.span {
            p.spanStart = Int32(clamping: s.start)
            p.spanEnd = Int32(clamping: s.end)
            p.spanLabel = strings.intern(s.label)
        }
        switch e.action {
        case .relabel(_, let to): p.a = strings.intern(to)
        case .move(_, let s, let en):
            p.a = Int32(clamping: s)
            p.b = Int32(clamping: en)
        case .setAttribute(_, let name, let v):
            p.a = strings.intern(name)
            p.b = Int32(values.count)
            values.append(v)
        case .add(let s):
            if !s.attributes.isEmpty {
                p.a = Int32(addAttributes.count)
                addAttributes.append(s.attributes)
            }
        case .flag(let note):
            p.a = Int32(notes.count)
            notes.append(note)
        case .undo(let t): p.a = Int32(clamping: t)
        default: break
        }
        return p
    }
}

/// Scans one canonical event line without building a JSON tree. Returns nil for anything it
/// does not expect; the caller then takes the full parser.
struct EventScanner {
    let p: UnsafePointer<UInt8>
    let n: Int
    var i = 0

    init(_ b: UnsafeBufferPointer<UInt8>) {
        p = b.baseAddress!
        n = b.count
    }

    @inline(__always) mutating func eat(_ c: UInt8) -> Bool {
        guard i < n, p[i] == c else { return false }
        i &+= 1
        return true
    }

    /// A plain string (no escapes): its byte range.
    @inline(__always) mutating func string() -> (Int, Int)? {
        guard eat(0x22) else { return nil }
        let s = i
        i = JSONWriter.nextEscape(p, i, n)  // the first quote, backslash or control byte
        guard i < n, p[i] == 0x22 else { return nil }  // an escape: not a plain string
        i &+= 1
        return (s, i &- 1 &- s)
    }

    @inline(__always) mutating func int() -> Int64? {
        var neg = false
        if i < n && p[i] == 0x2D {
            neg = true
            i &+= 1
        }
        let s = i
        var v: Int64 = 0
        while i < n, p[i] &- 0x30 < 10 {
            v = v &* 10 &+ Int64(p[i] &- 0x30)
            i &+= 1
        }
        let len = i - s
        guard len > 0, len < 16, !(len > 1 && p[s] == 0x30) else { return nil }
        if i < n && (p[i] == 0x2E || p[i] == 0x65 || p[i] == 0x45) { return nil }
        return neg ? -v : v
    }

    @inline(__always) func keyIs(_ k: (Int, Int), _ lit: StaticString) -> Bool {
        guard k.1 == lit.utf8CodeUnitCount else { return false }
        let q = lit.utf8Start
        var i = 0
        while i < k.1 {
            if p[k.0 &+ i] != q[i] { return false }
            i &+= 1
        }
        return true
    }

    /// Keys must come in canonical (sorted) order, which also rules out duplicates.
    @inline(__always) static func ordered(_ last: inout Int, _ ord: Int) -> Bool {
        guard ord > last else { return false }
        last = ord
        return true
    }

    /// `{"end":E,"label":"L","start":S}` (keys in order; `extractor`/`version` for suggestions).
    mutating func spanObject(
        _ strings: inout ByteTable, suggestion: Bool
    ) -> (start: Int64, end: Int64, label: Int32, extractor: Int32, version: Int32)? {
        guard eat(0x7B) else { return nil }
        var start: Int64?
        var end: Int64?
        var label: Int32?
        var extractor: Int32 = -1
        var version: Int32 = -1
        var last = -1
        while true {
            guard let k = string(), eat(0x3A) else { return nil }
            if keyIs(k, "end") {
                guard Self.ordered(&last, 0) else { return nil }
                end = int()
            } else if keyIs(k, "start") {
                guard Self.ordered(&last, 3) else { return nil }
                start = int()
            } else if keyIs(k, "label") {
                guard Self.ordered(&last, 2) else { return nil }
                guard let s = string() else { return nil }
                label = strings.intern(p + s.0, s.1)
            } else if suggestion && keyIs(k, "extractor") {
                guard Self.ordered(&last, 1), let s = string() else { return nil }
                extractor = strings.intern(p + s.0, s.1)
            } else if suggestion && keyIs(k, "version") {
                guard Self.ordered(&last, 4), let s = string() else { return nil }
                version = strings.intern(p + s.0, s.1)
            } else {
                return nil
            }
            if eat(0x7D) { break }
            guard eat(0x2C) else { return nil }
        }
        guard let start, let end, let label, !suggestion || (extractor >= 0 && version >= 0) else { return nil }
        return (start, end, label, extractor, version)
    }

    /// The whole event line, or nil (take the slow path).
    mutating func event(
        _ j: PackedJournal, annotatorBytes: UnsafeBufferPointer<UInt8>, records: RecordLookup
    ) -> PackedEvent? {
        var e = PackedEvent()
        e.annotator = j.annotatorIndex
        guard eat(0x7B) else { return nil }
        var last = -1
        var haveSeq = false, haveTime = false, haveKind = false, haveRecord = false, haveHash = false
        var haveAnnotator = false, haveGuidelines = false
        var note: (Int, Int)?
        var toLabel: Int32?
        var toStart: Int64?, toEnd: Int64?
        var toAttribute: Int32?
        var toValue: AttributeValue??
        var undoes: Int64?
        var hasSpan = false, hasSuggestion = false
        while true {
            guard let k = string(), eat(0x3A), k.1 > 0 else { return nil }
            switch p[k.0] {
            case 0x61 where keyIs(k, "annotator"):  // a
                guard Self.ordered(&last, 0) else { return nil }
                guard let s = string(), s.1 == annotatorBytes.count, memcmp(annotatorBytes.baseAddress!, p + s.0, s.1) == 0
                else { return nil }
                haveAnnotator = true
            case 0x67 where keyIs(k, "guidelines"):
                guard Self.ordered(&last, 1) else { return nil }
                guard string() != nil else { return nil }
                haveGuidelines = true
            case 0x6B where keyIs(k, "kind"):
                guard Self.ordered(&last, 2) else { return nil }
                guard let s = string() else { return nil }
                guard let code = PackedKind.code(p + s.0, s.1) else { return nil }
                e.kind = code
                haveKind = true
            case 0x6E where keyIs(k, "note"):
                guard Self.ordered(&last, 3) else { return nil }
                guard let s = string() else { return nil }
                note = s
            case 0x72 where keyIs(k, "record"):
                guard Self.ordered(&last, 4) else { return nil }
                guard let s = string(), let r = records.find(p + s.0, s.1) else { return nil }
                e.record = r
                haveRecord = true
            case 0x73 where keyIs(k, "seq"):
                guard Self.ordered(&last, 5) else { return nil }
                guard let v = int(), v > 0, v <= Int64(Int32.max) else { return nil }
                e.seq = Int32(v)
                haveSeq = true
            case 0x73 where keyIs(k, "span"):
                guard Self.ordered(&last, 6) else { return nil }
                guard let s = spanObject(&j.strings, suggestion: false), let a = Int32(exactly: s.start),
                    let b = Int32(exactly: s.end)
                else { return nil }
                e.spanStart = a
                e.spanEnd = b
                e.spanLabel = s.label
                hasSpan = true
            case 0x73 where keyIs(k, "suggestion"):
                guard Self.ordered(&last, 7) else { return nil }
                guard let s = spanObject(&j.strings, suggestion: true), let a = Int32(exactly: s.start),
                    let b = Int32(exactly: s.end)
                else { return nil }
                e.sgStart = a
                e.sgEnd = b
                e.sgLabel = s.label
                e.sgExtractor = s.extractor
                e.sgVersion = s.version
                hasSuggestion = true
            case 0x74 where keyIs(k, "text_hash"):
                guard Self.ordered(&last, 8) else { return nil }
                guard haveRecord, let s = string() else { return nil }
                e.stale = !records.hashEquals(e.record, p + s.0, s.1)
                haveHash = true
            case 0x74 where keyIs(k, "time"):
                guard Self.ordered(&last, 9) else { return nil }
                guard let s = string(), let t = JournalTime(utf8: UnsafeBufferPointer(start: p + s.0, count: s.1)) else {
                    return nil
                }
                e.time = t.milliseconds
                haveTime = true
            case 0x74 where keyIs(k, "to"):
                guard Self.ordered(&last, 10) else { return nil }
                guard eat(0x7B) else { return nil }
                var tlast = -1
                while true {
                    guard let tk = string(), eat(0x3A) else { return nil }
                    if keyIs(tk, "label") {
                        guard Self.ordered(&tlast, 2) else { return nil }
                        guard let s = string() else { return nil }
                        toLabel = j.strings.intern(p + s.0, s.1)
                    } else if keyIs(tk, "start") {
                        guard Self.ordered(&tlast, 3) else { return nil }
                        toStart = int()
                    } else if keyIs(tk, "end") {
                        guard Self.ordered(&tlast, 1) else { return nil }
                        toEnd = int()
                    } else if keyIs(tk, "attribute") {
                        guard Self.ordered(&tlast, 0), let s = string() else { return nil }
                        toAttribute = j.strings.intern(p + s.0, s.1)
                    } else if keyIs(tk, "value") {
                        guard Self.ordered(&tlast, 4) else { return nil }
                        if i < n && p[i] == 0x22 {
                            guard let s = string() else { return nil }
                            toValue = .some(
                                .string(String(decoding: UnsafeBufferPointer(start: p + s.0, count: s.1), as: UTF8.self)))
                        } else if i + 4 <= n && memcmp(p + i, "null", 4) == 0 {
                            i += 4
                            toValue = .some(nil)
                        } else {
                            guard let v = int() else { return nil }
                            toValue = .some(.number(Double(v)))
                        }
                    } else {
                        return nil
                    }
                    if eat(0x7D) { break }
                    guard eat(0x2C) else { return nil }
                }
            case 0x75 where keyIs(k, "undoes"):
                guard Self.ordered(&last, 11) else { return nil }
                undoes = int()
                guard undoes != nil else { return nil }
            default:
                return nil
            }
            if eat(0x7D) { break }
            guard eat(0x2C) else { return nil }
        }
        guard i == n, haveSeq, haveTime, haveKind, haveRecord, haveHash, haveAnnotator, haveGuidelines else {
            return nil
        }
        // Per kind: the payload the slow decoder requires, else let it say what is wrong.
        switch e.kind {
        case PackedKind.accept, PackedKind.reject:
            guard hasSuggestion else { return nil }
        case PackedKind.relabel:
            guard hasSpan, let l = toLabel else { return nil }
            e.a = l
        case PackedKind.move:
            guard hasSpan, let s = toStart, let en = toEnd, let a = Int32(exactly: s), let b = Int32(exactly: en) else {
                return nil
            }
            e.a = a
            e.b = b
        case PackedKind.setAttribute:
            guard hasSpan, let name = toAttribute, let v = toValue else { return nil }
            e.a = name
            e.b = Int32(j.values.count)
            j.values.append(v)
        case PackedKind.add, PackedKind.delete:
            guard hasSpan else { return nil }
        case PackedKind.flag:
            guard let note else { return nil }
            e.a = Int32(j.notes.count)
            j.notes.append(String(decoding: UnsafeBufferPointer(start: p + note.0, count: note.1), as: UTF8.self))
        case PackedKind.undo:
            guard let u = undoes, let t = Int32(exactly: u) else { return nil }
            e.a = t
        default: break
        }
        return e
    }
}

extension WorkingState {
    /// Builds the record index (ids → dense indices, text hashes as bytes).
    func buildRecordIndex() -> RecordIndex {
        let idx = RecordIndex()
        idx.ids = ByteTable(capacity: order.count)
        for id in order {
            _ = idx.ids.intern(id)
            idx.idStrings.append(id)
            idx.hashes.append(Array(states[Int(idx.ids.find(id)!)].textHash.utf8))
        }
        idx.freeze()
        return idx
    }

    /// Scans one journal file into packed events (fast path, slow path for unexpected lines).
    static func scanJournal(
        path: String, displayName: String, annotator: String, index: Int16, records: RecordIndex, upTo limit: Int? = nil
    ) throws -> PackedJournal {
        let j = PackedJournal(annotator: annotator, index: index)
        let parser = JSONLRecordParser(displayName: displayName)
        let annotatorBytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, annotator.utf8.count))
        _ = annotatorBytes.initialize(from: annotator.utf8)
        defer { annotatorBytes.deallocate() }
        let lookup = records.lookup!
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int {
            j.events.reserveCapacity(size / 160 + 16)
        }
        var current = PackedEvent()
        var unknownRecord = false
        j.report = try JournalReader.scan(
            path: path, displayName: displayName, annotator: annotator,
            decode: { (bytes, line, offset) throws(JournalDecodeError) -> JournalReader.LineHeader in
                if bytes.count > 0 {
                    var sc = EventScanner(bytes)
                    if let e = sc.event(j, annotatorBytes: UnsafeBufferPointer(annotatorBytes), records: lookup) {
                        current = e
                        unknownRecord = false
                        return JournalReader.LineHeader(seq: Int(e.seq), annotator: nil, time: JournalTime(milliseconds: e.time))
                    }
                }
                j.slowLines += 1
                let ev = try JournalEvent.decode(bytes, parser: parser, line: line, byteOffset: offset)
                current = j.pack(ev, records: records)
                unknownRecord = current.record < 0
                if unknownRecord { current.seq = Int32(clamping: ev.seq) }
                return JournalReader.LineHeader(seq: ev.seq, annotator: ev.annotator, time: ev.time)
            },
            accept: { _, _ in
                if let limit, Int(current.seq) > limit { return }
                if unknownRecord {
                    j.unknown.append(Int(current.seq))
                } else {
                    j.events.append(current)
                }
            })
        return j
    }

    /// Folds packed journals: strings are re-interned into the state's tables, events grouped
    /// by record (counting sort) and applied per record in (time, annotator, seq) order —
    /// records in parallel (they share nothing).
    func foldPacked(_ journals: [PackedJournal]) {
        // Annotator rank by UTF-8 bytes.
        let names = journals.map(\.annotator)
        let rankOf = Dictionary(
            uniqueKeysWithValues: names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.enumerated().map { ($1, $0) })
        var total = 0
        for j in journals {
            total += j.events.count
            for s in j.unknown { unknownRecordEvents.append(EventID(annotator: j.annotator, seq: s)) }
            eventCount += j.events.count + j.unknown.count
            let last = max(Int(j.events.last?.seq ?? 0), j.unknown.last ?? 0)
            if last > 0 || positions[j.annotator] != nil { positions[j.annotator] = max(positions[j.annotator] ?? 0, last) }
        }
        // Counting sort of the events themselves by record.
        let nrec = states.count
        var counts = [Int](repeating: 0, count: nrec + 1)
        for j in journals { for e in j.events { counts[Int(e.record) + 1] += 1 } }
        for r in 0..<nrec { counts[r + 1] += counts[r] }
        var fill = counts
        var sorted = [PackedEvent](unsafeUninitializedCapacity: total) { out, n in
            for j in journals {
                j.events.withUnsafeBufferPointer { ev in
                    for e in ev {
                        let r = Int(e.record)
                        (out.baseAddress! + fill[r]).initialize(to: e)
                        fill[r] += 1
                    }
                }
                j.events = []  // memory back for the fold
            }
            n = total
        }
        let tables = journals.map { j in
            JournalTables(
                annotator: j.annotator, rank: rankOf[j.annotator]!,
                strings: (0..<j.strings.count).map { j.strings.string(Int32($0)) }, notes: j.notes, values: j.values,
                addAttributes: j.addAttributes)
        }
        let ranks = tables.map(\.rank)
        let offsets = counts
        let chunks = min(nrec, 16)
        guard chunks > 0 else { return }
        let statesBox = UnsafeSendableBox(states)
        states = []
        statesBox.value.withUnsafeMutableBufferPointer { st in
            let stp = UnsafeSendableBox(st)
            sorted.withUnsafeMutableBufferPointer { evs in
                let evp = UnsafeSendableBox(evs)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let st = stp.value
                    let evs = evp.value
                    // This thread's own copies of the strings it hands out, so the two threads
                    // never bounce one reference count between their caches.
                    let local = tables.map { t in
                        var c = t
                        c.annotator = String(decoding: Array(t.annotator.utf8), as: UTF8.self)
                        c.strings = t.strings.map { String(decoding: Array($0.utf8), as: UTF8.self) }
                        return c
                    }
                    for r in (c * nrec / chunks)..<((c + 1) * nrec / chunks) {
                        let lo = offsets[r]
                        let hi = offsets[r + 1]
                        if lo == hi { continue }
                        var slice = UnsafeMutableBufferPointer(rebasing: evs[lo..<hi])
                        slice.sort { x, y in
                            if x.time != y.time { return x.time < y.time }
                            if x.annotator != y.annotator { return ranks[Int(x.annotator)] < ranks[Int(y.annotator)] }
                            return x.seq < y.seq
                        }
                        Self.applyPacked(UnsafeBufferPointer(slice), tables: local, to: &st[r])
                    }
                }
            }
        }
        states = statesBox.value
    }

    struct JournalTables {
        var annotator: String
        var rank: Int
        var strings: [String]
        var notes: [String]
        var values: [AttributeValue?]
        var addAttributes: [[String: AttributeValue]]
    }

    static func applyPacked(_ events: UnsafeBufferPointer<PackedEvent>, tables: [JournalTables], to state: inout RecordState) {
        state.eventCount += events.count
        var cancelled: Set<UInt64> = []
        var hasUndo = false
        for e in events where e.kind == PackedKind.undo {
            hasUndo = true
            break
        }
        @inline(__always) func key(_ ji: Int16, _ seq: Int32) -> UInt64 {
            UInt64(UInt16(bitPattern: ji)) << 32 | UInt64(UInt32(bitPattern: seq))
        }
        if hasUndo {
            var present = Set<UInt64>(minimumCapacity: events.count)
            for e in events { present.insert(key(e.annotator, e.seq)) }
            for e in events.reversed() where e.kind == PackedKind.undo {
                if cancelled.contains(key(e.annotator, e.seq)) { continue }
                let t = e.a
                if t >= e.seq || !present.contains(key(e.annotator, t)) {
                    let name = tables[Int(e.annotator)].annotator
                    state.conflicts.append(
                        StateConflict(
                            event: EventID(annotator: name, seq: Int(e.seq)),
                            cause: .undoTargetMissing(seq: Int(t))))
                    continue
                }
                cancelled.insert(key(e.annotator, t))
            }
        }
        for e in events {
            if e.kind == PackedKind.undo || (hasUndo && cancelled.contains(key(e.annotator, e.seq))) { continue }
            let ai = Int(e.annotator)
            let id = EventID(annotator: tables[ai].annotator, seq: Int(e.seq))
            if e.stale {
                state.stale.append(id)
                continue
            }
            let sg: SuggestionRef? =
                e.sgExtractor < 0
                ? nil
                : SuggestionRef(
                    extractor: tables[ai].strings[Int(e.sgExtractor)], version: tables[ai].strings[Int(e.sgVersion)],
                    start: Int(e.sgStart),
                    end: Int(e.sgEnd), label: tables[ai].strings[Int(e.sgLabel)])
            let span: SpanRef? =
                e.spanLabel < 0
                ? nil : SpanRef(start: Int(e.spanStart), end: Int(e.spanEnd), label: tables[ai].strings[Int(e.spanLabel)])
            let action: JournalAction
            switch e.kind {
            case PackedKind.accept: action = .accept
            case PackedKind.reject: action = .reject
            case PackedKind.relabel: action = .relabel(span: span!, to: tables[ai].strings[Int(e.a)])
            case PackedKind.move: action = .move(span: span!, start: Int(e.a), end: Int(e.b))
            case PackedKind.setAttribute:
                action = .setAttribute(span: span!, name: tables[ai].strings[Int(e.a)], value: tables[ai].values[Int(e.b)])
            case PackedKind.add:
                action = .add(
                    Span(
                        start: span!.start, end: span!.end, label: span!.label,
                        attributes: e.a < 0 ? [:] : tables[ai].addAttributes[Int(e.a)]))
            case PackedKind.delete: action = .delete(span!)
            case PackedKind.done: action = .done
            case PackedKind.skip: action = .skip
            case PackedKind.flag: action = .flag(note: tables[ai].notes[Int(e.a)])
            default: continue
            }
            Self.apply(annotator: tables[ai].annotator, suggestion: sg, action: action, id: id, to: &state)
        }
    }
}
