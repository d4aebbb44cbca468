import TashihJSON
import TashihText

/// A record's identifier, e.g. `000_05fc8e077b5a9adb:p3`. Typed so that an id cannot be passed
/// where a label or an annotator is expected. Ordered by UTF-8 bytes, which is the order of
/// canonical files.
public struct DocumentID: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: DocumentID, b: DocumentID) -> Bool {
        a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8)
    }
    public static func == (a: DocumentID, b: DocumentID) -> Bool { a.rawValue.utf8.elementsEqual(b.rawValue.utf8) }
    public func hash(into h: inout Hasher) { h.combine(rawValue) }
}

/// A document: one record of a dataset — a paragraph of an article, usually.
///
/// The text is stored exactly as imported (never normalised); `textHash` is the SHA-256 of its
/// UTF-8 bytes and is checked whenever the record is read, so a span can never silently point
/// into a changed text. Spans use Unicode scalar offsets, end exclusive.
///
/// On disk (one line of `records.jsonl`, keys sorted):
/// ```json
/// {"id":"000_05fc8e077b5a9adb:p1","meta":{"para":1,"source":"000_05fc8e077b5a9adb.txt"},
///  "spans":[{"end":35,"label":"COALITION","start":20,"attributes":{"actor_id":"COALITION"}}],
///  "text":"قال متحدث باسم التحالف الدولي …","text_hash":"sha256:…"}
/// ```
public struct Document: Sendable, Hashable {
    public var id: DocumentID
    public var text: String
    public var meta: JSONObject
    public var textHash: String
    public var spans: [Span]
    /// Keys of the record this model does not know; they ride along unchanged.
    public var extra: JSONObject

    public init(
        id: DocumentID, text: String, meta: JSONObject = JSONObject(), spans: [Span] = [], extra: JSONObject = JSONObject()
    ) {
        self.id = id
        self.text = text
        self.meta = meta
        self.textHash = TashihModel.textHash(text)
        self.spans = spans
        self.extra = extra
    }

    /// The record as canonical JSON.
    public var json: JSONValue {
        var o = extra
        o["id"] = .string(id.rawValue)
        o["text"] = .string(text)
        o["text_hash"] = .string(textHash)
        if !meta.entries.isEmpty { o["meta"] = .object(meta) }
        if !spans.isEmpty { o["spans"] = .array(spans.map(\.json)) }
        return .object(o)
    }
}

/// The value of a span attribute: a number or a string (choice, text, identifier).
public enum AttributeValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case string(String)

    public var json: JSONValue {
        switch self {
        case .number(let d): return .number(JSONNumber(d))
        case .string(let s): return .string(s)
        }
    }

    public var description: String {
        switch self {
        case .number(let d): return JSONNumber(d).literal
        case .string(let s): return s
        }
    }
}

/// Where a suggested span came from: the extractor, its version and its score.
///
/// Stored as one reference to an immutable box, so that a ``Span`` carries 8 bytes for it
/// rather than 41 (two strings and an optional number): a span is 64 bytes instead of 104,
/// which counts when a file holds millions of them (gold and predictions read for scoring).
/// A copy shares the box; setting a field makes a new one.
public struct SuggestionOrigin: Sendable, Hashable {
    final class Box: Sendable {
        let extractor: String
        let version: String
        let score: Double?
        /// For ``SuggestionOrigin/init(extractor:version:score:forSpansLabelled:)``: the label,
        /// and the canonical JSON of a span with that label from its `extractor` member through
        /// `"start":` (`head`), and from its `version` member to the closing brace (`tail`).
        let label: String?
        let head: [UInt8]
        let tail: [UInt8]
        /// With ``SuggestionOrigin/init(extractor:version:score:forSpansLabelled:attributes:)``:
        /// the attributes, and the span's JSON from its start through `"end":` for them. Used
        /// for a span whose attributes are this very dictionary (the same storage), as an
        /// extractor's spans share one per lexicon entry.
        let attributes: [String: AttributeValue]
        let attributesHead: [UInt8]
        init(
            _ extractor: String, _ version: String, _ score: Double?, label: String? = nil,
            attributes: [String: AttributeValue]? = nil, sharing other: Box? = nil
        ) {
            self.extractor = extractor
            self.version = version
            self.score = score
            self.label = label
            if let other, other.label == label, other.extractor == extractor, other.version == version, other.score == score {
                (head, tail) = (other.head, other.tail)  // the same bytes: shared, not written again
            } else if let label {
                (head, tail) = Span.canonicalJSONPieces(extractor: extractor, version: version, score: score, label: label)
            } else {
                (head, tail) = ([], [])
            }
            self.attributes = attributes ?? [:]
            attributesHead = attributes.map(Span.canonicalJSONHead) ?? []
        }
    }
    private(set) var box: Box

    public var extractor: String {
        get { box.extractor }
        set { box = Box(newValue, box.version, box.score) }
    }
    public var version: String {
        get { box.version }
        set { box = Box(box.extractor, newValue, box.score) }
    }
    public var score: Double? {
        get { box.score }
        set { box = Box(box.extractor, box.version, newValue) }
    }

    public init(extractor: String, version: String, score: Double? = nil) {
        box = Box(extractor, version, score)
    }

    /// An origin for an extractor's spans labelled `label`, which keeps the JSON those spans
    /// share written out (their extractor, label, score and version members): an extractor
    /// makes one per label and score, and writing each of its spans copies those bytes instead
    /// of escaping four strings and a number again. Equal to the plain origin of the same fields.
    public init(extractor: String, version: String, score: Double?, forSpansLabelled label: String) {
        box = Box(extractor, version, score, label: label)
    }

    /// As ``init(extractor:version:score:forSpansLabelled:)``, for spans that also share one
    /// attributes dictionary (a lexicon entry's): their attributes are kept written out too.
    public init(
        extractor: String, version: String, score: Double?, forSpansLabelled label: String,
        attributes: [String: AttributeValue]
    ) {
        box = Box(extractor, version, score, label: label, attributes: attributes)
    }

    /// ``init(extractor:version:score:forSpansLabelled:attributes:)`` for another dictionary
    /// of attributes: shares what the two write alike instead of writing it out again (an
    /// extractor makes one per lexicon entry).
    public func withSharedAttributes(_ attributes: [String: AttributeValue]) -> SuggestionOrigin {
        var o = self
        o.box = Box(box.extractor, box.version, box.score, label: box.label, attributes: attributes, sharing: box)
        return o
    }

    public static func == (a: SuggestionOrigin, b: SuggestionOrigin) -> Bool {
        a.box === b.box || (a.box.extractor == b.box.extractor && a.box.version == b.box.version && a.box.score == b.box.score)
    }

    public func hash(into h: inout Hasher) {
        h.combine(box.extractor)
        h.combine(box.version)
        h.combine(box.score)
    }
}

/// A labelled span of a document's text: `[start, end)` in Unicode scalars.
///
/// Gold spans carry no origin; suggestions carry the extractor that made them. `text`, when
/// present, must equal the document's scalars in the range — it is checked on every read.
public struct Span: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var label: String
    public var attributes: [String: AttributeValue]
    public var text: String?
    public var origin: SuggestionOrigin?

    public init(
        start: Int, end: Int, label: String, attributes: [String: AttributeValue] = [:], text: String? = nil,
        origin: SuggestionOrigin? = nil
    ) {
        self.start = start
        self.end = end
        self.label = label
        self.attributes = attributes
        self.text = text
        self.origin = origin
    }

    /// Whether the two spans share at least one scalar (touching spans do not overlap).
    public func overlaps(_ other: Span) -> Bool { start < other.end && other.start < end }

    /// The span as canonical JSON.
    public var json: JSONValue {
        var o = JSONObject([("start", .number(JSONNumber(start))), ("end", .number(JSONNumber(end))), ("label", .string(label))])
        if !attributes.isEmpty {
            o["attributes"] = .object(JSONObject(attributes.map { (key: $0.key, value: $0.value.json) }))
        }
        if let t = text { o["text"] = .string(t) }
        if let origin {
            o["extractor"] = .string(origin.extractor)
            o["version"] = .string(origin.version)
            if let s = origin.score { o["score"] = .number(JSONNumber(s)) }
        }
        return .object(o)
    }

    /// Sort order of canonical files: start, end, then label bytes.
    public static func canonicalOrder(_ a: Span, _ b: Span) -> Bool {
        canonicalOrder(a.start, a.end, a.label, b.start, b.end, b.label)
    }

    /// ``canonicalOrder(_:_:)`` on the fields it reads, for spans held otherwise (through a
    /// buffer, or as an ``OriginSpan`` whose label is its origin's).
    @inline(__always)
    static func canonicalOrder(_ aStart: Int, _ aEnd: Int, _ aLabel: String, _ bStart: Int, _ bEnd: Int, _ bLabel: String)
        -> Bool
    {
        if aStart != bStart { return aStart < bStart }
        if aEnd != bEnd { return aEnd < bEnd }
        return aLabel.utf8.lexicographicallyPrecedes(bLabel.utf8)
    }

    /// The order that sorts `count` items stably by `before(i, j)` (item `i` goes strictly before
    /// item `j`): the item each position takes, or nil when they are in that order already. The
    /// one sort of ``sortCanonically(_:)``, of origin spans and of written spans.
    @inline(__always)
    static func stableOrder(count n: Int, _ before: (Int, Int) -> Bool) -> [Int]? {
        guard n > 1, (1..<n).contains(where: { before($0, $0 - 1) }) else { return nil }
        return (0..<n).sorted { x, y in before(x, y) || (!before(y, x) && x < y) }
    }

    /// Sorts spans into ``canonicalOrder(_:_:)``, stably (as `sort(by: canonicalOrder)`), without
    /// copying a span: the order is found on indices, then applied by swaps. The standard
    /// library's sort copies elements, and a span holds five references.
    public static func sortCanonically(_ spans: inout [Span]) {
        let n = spans.count
        guard n > 1 else { return }
        let order = spans.withUnsafeBufferPointer { b in
            stableOrder(count: n) { i, j in canonicalOrder(b[i].start, b[i].end, b[i].label, b[j].start, b[j].end, b[j].label) }
        }
        guard let order else { return }
        // Apply the permutation (position k takes the span at order[k]) cycle by cycle.
        var placed = [Bool](copyingScratch: n) { b, count in  // not `repeating:`: see `copyingScratch`
            b.initialize(repeating: false)
            count = n
        }
        spans.withUnsafeMutableBufferPointer { b in
            for k in 0..<n where !placed[k] {
                placed[k] = true
                var j = k
                while order[j] != k {
                    let next = order[j]
                    b.swapAt(j, next)
                    placed[next] = true
                    j = next
                }
            }
        }
    }
}
