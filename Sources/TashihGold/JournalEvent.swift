import TashihJSON
import TashihModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One human decision about one record, as stored in an annotator's journal.
///
/// # The event line
///
/// An event is one canonical JSON object (keys sorted by UTF-8 bytes, raw UTF-8, no white
/// space) on one line of `datasets/<dataset>/journals/<annotator>.jsonl`. Every event has:
///
/// | key | meaning |
/// |---|---|
/// | `seq` | per-annotator sequence number: 1, 2, 3 … with no gap. **The event with seq n is on line n** of its journal, so a journal position (for releases) is simply a seq; the byte offset of line n is found by one scan |
/// | `time` | UTC, milliseconds, `2026-11-22T07:30:00.123Z`; never decreasing within one journal (the writer takes `max(now, last)`) |
/// | `annotator` | the journal's owner (`[a-z0-9][a-z0-9._-]*`), equal to the file name |
/// | `record` | the record id |
/// | `text_hash` | the record's `text_hash` when the decision was made (a later text change makes the event stale, never silently re-pointed) |
/// | `guidelines` | the guideline version in force (`guidelines/VERSION`) |
/// | `kind` | one of the kinds below |
/// | `suggestion` | optional: the suggestion the event answers — `{"end","extractor","label","start","version"}` |
///
/// and per kind (`span` is always `{"end","label","start"}` naming a span by its offsets and
/// label, plus `attributes` for `add`):
///
/// | kind | payload | effect on the working state |
/// |---|---|---|
/// | `accept` | `suggestion` | the suggested span (with the extractor's attributes) becomes gold |
/// | `reject` | `suggestion` | the suggestion is closed without gold |
/// | `relabel` | `span`, `to: {"label"}` | the gold span (or the answered suggestion) gets the new label |
/// | `move` | `span`, `to: {"end","start"}` | the gold span (or suggestion) gets new boundaries |
/// | `set_attribute` | `span`, `to: {"attribute","value"}` | sets one attribute; `value` null removes it |
/// | `add` | `span` (with `attributes`) | a span no extractor suggested becomes gold |
/// | `delete` | `span` | the gold span is removed |
/// | `done` | — | the annotator marks the record finished |
/// | `skip` | — | the annotator skips the record |
/// | `flag` | `note` | a question for the lead, kept with the record |
/// | `undo` | `undoes` (a seq of the same annotator and record) | a compensating event: the target no longer applies; an undo of an undo re-applies it |
///
/// Example (one line):
/// ```json
/// {"annotator":"amal","guidelines":"1.0","kind":"relabel","record":"002_…:p3","seq":17,
///  "span":{"end":19,"label":"ARMED_GROUP","start":5},
///  "suggestion":{"end":19,"extractor":"builtin.actors","label":"ARMED_GROUP","start":5,"version":"1.0+lex.…"},
///  "text_hash":"sha256:…","time":"2026-11-22T07:30:00.123Z","to":{"label":"COALITION"}}
/// ```
public struct JournalEvent: Sendable, Hashable {
    public var seq: Int
    public var time: JournalTime
    public var annotator: String
    public var record: DocumentID
    public var textHash: String
    public var guidelines: String
    public var suggestion: SuggestionRef?
    public var action: JournalAction

    public init(
        seq: Int, time: JournalTime, annotator: String, record: DocumentID, textHash: String, guidelines: String,
        suggestion: SuggestionRef? = nil, action: JournalAction
    ) {
        self.seq = seq
        self.time = time
        self.annotator = annotator
        self.record = record
        self.textHash = textHash
        self.guidelines = guidelines
        self.suggestion = suggestion
        self.action = action
    }

    /// The kind as written in the `kind` key.
    public var kind: JournalAction.Kind { action.kind }
}

/// What an event does (the per-kind payload).
public enum JournalAction: Sendable, Hashable {
    case accept
    case reject
    case relabel(span: SpanRef, to: String)
    case move(span: SpanRef, start: Int, end: Int)
    case setAttribute(span: SpanRef, name: String, value: AttributeValue?)
    case add(Span)
    case delete(SpanRef)
    case done
    case skip
    case flag(note: String)
    case undo(seq: Int)

    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case accept, reject, relabel, move, setAttribute = "set_attribute", add, delete, done, skip, flag, undo
    }

    public var kind: Kind {
        switch self {
        case .accept: return .accept
        case .reject: return .reject
        case .relabel: return .relabel
        case .move: return .move
        case .setAttribute: return .setAttribute
        case .add: return .add
        case .delete: return .delete
        case .done: return .done
        case .skip: return .skip
        case .flag: return .flag
        case .undo: return .undo
        }
    }

    /// The span the action names, if any (for `add`, the new span's reference).
    public var span: SpanRef? {
        switch self {
        case .relabel(let s, _), .move(let s, _, _), .setAttribute(let s, _, _), .delete(let s): return s
        case .add(let s): return SpanRef(start: s.start, end: s.end, label: s.label)
        default: return nil
        }
    }
}

/// A span named by its offsets and label (unique within a record's gold: duplicates are refused).
public struct SpanRef: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var label: String
    public init(start: Int, end: Int, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }
    public init(_ span: Span) { self.init(start: span.start, end: span.end, label: span.label) }
    public var description: String { "\(start)..\(end) \(label)" }
}

/// The suggestion an event answers: extractor, version and the suggested span.
public struct SuggestionRef: Sendable, Hashable, CustomStringConvertible {
    public var extractor: String
    public var version: String
    public var start: Int
    public var end: Int
    public var label: String
    public init(extractor: String, version: String, start: Int, end: Int, label: String) {
        self.extractor = extractor
        self.version = version
        self.start = start
        self.end = end
        self.label = label
    }
    /// The reference to a suggested span (its origin must be set).
    public init?(_ span: Span) {
        guard let o = span.origin else { return nil }
        self.init(extractor: o.extractor, version: o.version, start: span.start, end: span.end, label: span.label)
    }
    public var span: SpanRef { SpanRef(start: start, end: end, label: label) }
    public var description: String { "\(extractor) \(start)..\(end) \(label)" }
}

/// A journal time: milliseconds since 1970-01-01 UTC, written `2026-11-22T07:30:00.123Z`.
public struct JournalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The current time (wall clock).
    public static var now: JournalTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return JournalTime(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }

    public static func < (a: JournalTime, b: JournalTime) -> Bool { a.milliseconds < b.milliseconds }

    public var description: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public func write(to out: inout [UInt8]) {
        var ms = milliseconds
        var days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        ms -= days * 86_400_000
        // Civil date from days (H. Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func digits(_ v: Int64, _ n: Int) {
            var buf = [UInt8](repeating: 0x30, count: n)
            var v = v
            for i in stride(from: n - 1, through: 0, by: -1) {
                buf[i] = UInt8(0x30 + v % 10)
                v /= 10
            }
            out.append(contentsOf: buf)
        }
        digits(y, 4)
        out.append(UInt8(ascii: "-"))
        digits(m, 2)
        out.append(UInt8(ascii: "-"))
        digits(d, 2)
        out.append(UInt8(ascii: "T"))
        digits(ms / 3_600_000, 2)
        out.append(UInt8(ascii: ":"))
        digits(ms / 60_000 % 60, 2)
        out.append(UInt8(ascii: ":"))
        digits(ms / 1000 % 60, 2)
        out.append(UInt8(ascii: "."))
        digits(ms % 1000, 3)
        out.append(UInt8(ascii: "Z"))
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SS.mmmZ` (the only form the writer produces).
    public init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 24, let p = b.baseAddress else { return nil }
        guard p[4] == 0x2D, p[7] == 0x2D, p[10] == 0x54, p[13] == 0x3A, p[16] == 0x3A, p[19] == 0x2E, p[23] == 0x5A
        else { return nil }
        var ok = true
        @inline(__always) func num(_ from: Int, _ count: Int) -> Int64 {
            var v: Int64 = 0
            for k in from..<(from + count) {
                let d = p[k] &- 0x30
                if d > 9 { ok = false }
                v = v &* 10 &+ Int64(d)
            }
            return v
        }
        let y0 = num(0, 4), m = num(5, 2), d = num(8, 2), hh = num(11, 2), mi = num(14, 2), ss = num(17, 2), ms = num(20, 3)
        guard ok, (1...12).contains(m), (1...31).contains(d), hh < 24, mi < 60, ss < 60 else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        milliseconds = days * 86_400_000 + hh * 3_600_000 + mi * 60_000 + ss * 1000 + ms
    }

    public init?<C: Collection>(utf8 s: C) where C.Element == UInt8 {
        let a = Array(s)
        guard let t = a.withUnsafeBufferPointer({ JournalTime(utf8: $0) }) else { return nil }
        self = t
    }

    public init?(_ s: String) { self.init(utf8: Array(s.utf8)) }
}

// MARK: - Writing

extension JournalEvent {
    /// Appends the event's canonical JSON line (with the final `\n`).
    public func writeLine(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"annotator":"#.utf8)
        JSONWriter.writeString(annotator, to: &out)
        // Keys in byte order: annotator guidelines kind note record seq span suggestion
        // text_hash time to undoes.
        out.append(contentsOf: #","guidelines":"#.utf8)
        JSONWriter.writeString(guidelines, to: &out)
        out.append(contentsOf: #","kind":""#.utf8)
        out.append(contentsOf: action.kind.rawValue.utf8)
        out.append(UInt8(ascii: "\""))
        if case .flag(let note) = action {
            out.append(contentsOf: #","note":"#.utf8)
            JSONWriter.writeString(note, to: &out)
        }
        out.append(contentsOf: #","record":"#.utf8)
        JSONWriter.writeString(record.rawValue, to: &out)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(seq).utf8)
        switch action {
        case .add(let s):
            out.append(contentsOf: #","span":"#.utf8)
            var plain = s
            plain.origin = nil
            plain.text = nil
            plain.writeCanonicalJSON(to: &out)
        default:
            if let r = action.span {
                out.append(contentsOf: #","span":"#.utf8)
                r.write(to: &out)
            }
        }
        if let sg = suggestion {
            out.append(contentsOf: #","suggestion":"#.utf8)
            sg.write(to: &out)
        }
        out.append(contentsOf: #","text_hash":"#.utf8)
        JSONWriter.writeString(textHash, to: &out)
        out.append(contentsOf: #","time":""#.utf8)
        time.write(to: &out)
        out.append(UInt8(ascii: "\""))
        switch action {
        case .relabel(_, let to):
            out.append(contentsOf: #","to":{"label":"#.utf8)
            JSONWriter.writeString(to, to: &out)
            out.append(UInt8(ascii: "}"))
        case .move(_, let start, let end):
            out.append(contentsOf: #","to":{"end":"#.utf8)
            out.append(contentsOf: String(end).utf8)
            out.append(contentsOf: #","start":"#.utf8)
            out.append(contentsOf: String(start).utf8)
            out.append(UInt8(ascii: "}"))
        case .setAttribute(_, let name, let value):
            out.append(contentsOf: #","to":{"attribute":"#.utf8)
            JSONWriter.writeString(name, to: &out)
            out.append(contentsOf: #","value":"#.utf8)
            if let value { JSONWriter.write(value.json, to: &out) } else { out.append(contentsOf: "null".utf8) }
            out.append(UInt8(ascii: "}"))
        case .undo(let target):
            out.append(contentsOf: #","undoes":"#.utf8)
            out.append(contentsOf: String(target).utf8)
        default: break
        }
        out.append(UInt8(ascii: "}"))
        out.append(0x0A)
    }

    /// The event's line as a string (with the final newline).
    public var line: String {
        var out: [UInt8] = []
        writeLine(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

extension SpanRef {
    func write(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"end":"#.utf8)
        out.append(contentsOf: String(end).utf8)
        out.append(contentsOf: #","label":"#.utf8)
        JSONWriter.writeString(label, to: &out)
        out.append(contentsOf: #","start":"#.utf8)
        out.append(contentsOf: String(start).utf8)
        out.append(UInt8(ascii: "}"))
    }
}

extension SuggestionRef {
    func write(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"end":"#.utf8)
        out.append(contentsOf: String(end).utf8)
        out.append(contentsOf: #","extractor":"#.utf8)
        JSONWriter.writeString(extractor, to: &out)
        out.append(contentsOf: #","label":"#.utf8)
        JSONWriter.writeString(label, to: &out)
        out.append(contentsOf: #","start":"#.utf8)
        out.append(contentsOf: String(start).utf8)
        out.append(contentsOf: #","version":"#.utf8)
        JSONWriter.writeString(version, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}

// MARK: - Reading

extension JournalEvent {
    /// Decodes an event from its parsed line. Throws a message (without location) when a key is
    /// missing, of the wrong type, or the kind is unknown.
    public init(json o: JSONObject) throws(JournalDecodeError) {
        var seq: Int?
        var time: JournalTime?
        var annotator: String?
        var record: String?
        var textHash: String?
        var guidelines: String?
        var kind: JournalAction.Kind?
        var suggestion: SuggestionRef?
        var span: JSONObject?
        var to: JSONObject?
        var note: String?
        var undoes: Int?
        for e in o.entries {
            switch e.key {
            case "seq": seq = e.value.numberValue?.intValue
            case "time":
                guard let s = e.value.stringValue else { throw JournalDecodeError("\"time\" must be a string") }
                time = JournalTime(utf8: s.utf8)
                if time == nil { throw JournalDecodeError("\"time\" is not YYYY-MM-DDTHH:MM:SS.mmmZ: \(s)") }
            case "annotator": annotator = e.value.stringValue
            case "record": record = e.value.stringValue
            case "text_hash": textHash = e.value.stringValue
            case "guidelines": guidelines = e.value.stringValue
            case "kind":
                guard let s = e.value.stringValue, let k = JournalAction.Kind(rawValue: s) else {
                    throw JournalDecodeError(
                        "unknown event kind \(JSONWriter.string(e.value))",
                        hint: "kinds: " + JournalAction.Kind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                kind = k
            case "suggestion":
                guard let so = e.value.objectValue else { throw JournalDecodeError("\"suggestion\" must be an object") }
                suggestion = try SuggestionRef(json: so)
            case "span":
                guard let so = e.value.objectValue else { throw JournalDecodeError("\"span\" must be an object") }
                span = so
            case "to":
                guard let so = e.value.objectValue else { throw JournalDecodeError("\"to\" must be an object") }
                to = so
            case "note": note = e.value.stringValue
            case "undoes": undoes = e.value.numberValue?.intValue
            default: break  // unknown keys of a later version are ignored
            }
        }
        func need<T>(_ v: T?, _ key: String) throws(JournalDecodeError) -> T {
            guard let v else { throw JournalDecodeError("the event has no valid \"\(key)\"") }
            return v
        }
        let k = try need(kind, "kind")
        let action: JournalAction
        switch k {
        case .accept, .reject:
            _ = try need(suggestion, "suggestion")
            action = k == .accept ? .accept : .reject
        case .relabel:
            let r = try SpanRef(json: try need(span, "span"))
            guard let l = to?["label"]?.stringValue else { throw JournalDecodeError("relabel needs \"to\": {\"label\"}") }
            action = .relabel(span: r, to: l)
        case .move:
            let r = try SpanRef(json: try need(span, "span"))
            guard let s = to?["start"]?.numberValue?.intValue, let en = to?["end"]?.numberValue?.intValue else {
                throw JournalDecodeError("move needs \"to\": {\"start\", \"end\"}")
            }
            action = .move(span: r, start: s, end: en)
        case .setAttribute:
            let r = try SpanRef(json: try need(span, "span"))
            guard let name = to?["attribute"]?.stringValue, let v = to?["value"] else {
                throw JournalDecodeError("set_attribute needs \"to\": {\"attribute\", \"value\"}")
            }
            let value: AttributeValue?
            switch v {
            case .null: value = nil
            case .string(let s): value = .string(s)
            case .number(let n):
                guard let d = n.doubleValue else { throw JournalDecodeError("attribute value \(n.literal) is out of range") }
                value = .number(d)
            default: throw JournalDecodeError("an attribute value must be a string, a number or null")
            }
            action = .setAttribute(span: r, name: name, value: value)
        case .add:
            let so = try need(span, "span")
            let r = try SpanRef(json: so)
            var attributes: [String: AttributeValue] = [:]
            if let ao = so["attributes"]?.objectValue {
                for a in ao.entries {
                    switch a.value {
                    case .string(let s): attributes[a.key] = .string(s)
                    case .number(let n): if let d = n.doubleValue { attributes[a.key] = .number(d) }
                    default: throw JournalDecodeError("attribute \(a.key) must be a string or a number")
                    }
                }
            }
            action = .add(Span(start: r.start, end: r.end, label: r.label, attributes: attributes))
        case .delete: action = .delete(try SpanRef(json: try need(span, "span")))
        case .done: action = .done
        case .skip: action = .skip
        case .flag: action = .flag(note: try need(note, "note"))
        case .undo: action = .undo(seq: try need(undoes, "undoes"))
        }
        self.init(
            seq: try need(seq, "seq"), time: try need(time, "time"), annotator: try need(annotator, "annotator"),
            record: DocumentID(try need(record, "record")), textHash: try need(textHash, "text_hash"),
            guidelines: try need(guidelines, "guidelines"), suggestion: suggestion, action: action)
    }

    /// Decodes one line's bytes (without the newline).
    public static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, parser: JSONLRecordParser, line: Int, byteOffset: Int
    ) throws(JournalDecodeError) -> JournalEvent {
        let o: JSONObject
        do {
            o = try parser.parse(bytes, line: line, byteOffset: byteOffset)
        } catch {
            throw JournalDecodeError(error.message, hint: error.hint)
        }
        return try JournalEvent(json: o)
    }
}

/// Why a journal line is not an event (located by the caller).
public struct JournalDecodeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String
    public init(_ message: String, hint: String = "") {
        self.message = message
        self.hint = hint
    }
    public var description: String { hint.isEmpty ? message : "\(message) (\(hint))" }
}

extension SpanRef {
    init(json o: JSONObject) throws(JournalDecodeError) {
        guard let s = o["start"]?.numberValue?.intValue, let e = o["end"]?.numberValue?.intValue,
            let l = o["label"]?.stringValue
        else { throw JournalDecodeError("a span needs integer \"start\", \"end\" and a string \"label\"") }
        self.init(start: s, end: e, label: l)
    }
}

extension SuggestionRef {
    init(json o: JSONObject) throws(JournalDecodeError) {
        guard let x = o["extractor"]?.stringValue, let v = o["version"]?.stringValue else {
            throw JournalDecodeError("a suggestion needs \"extractor\" and \"version\"")
        }
        let r = try SpanRef(json: o)
        self.init(extractor: x, version: v, start: r.start, end: r.end, label: r.label)
    }
}
