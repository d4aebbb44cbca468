import TashihJSON

/// Suggestions written out as canonical JSON as they are found, for a record that is written
/// straight away (`pretag --stdin`): each span's bytes go into one buffer, kept with its start,
/// end and label for ordering. A span written here is never made a ``Span`` — a span's
/// attributes are a dictionary, built by hashing each key, then walked and sorted to be
/// written. Reused record after record (``removeAll()`` keeps the storage).
///
/// ``TextRecord/writeCanonicalJSON(written:originSpans:origins:to:)`` writes them merged with
/// ``OriginSpan``s; the bytes are those of the ``Span``s they stand for.
public struct WrittenSpans: Sendable {
    /// A written span: where it is in the text, its label, and its bytes in ``bytes``.
    public struct Entry: Sendable {
        public var start: Int
        public var end: Int
        public var label: String
        var offset: Int
        var count: Int
    }

    public private(set) var entries: [Entry] = []
    /// The spans' canonical JSON, one after the other, no separators.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Empties both buffers, keeping their storage.
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The canonical JSON of entry `i`.
    public func json(_ i: Int) -> ArraySlice<UInt8> {
        bytes[entries[i].offset..<entries[i].offset + entries[i].count]
    }

    /// Appends `span`, written as ``Span/writeCanonicalJSON(to:)`` writes it.
    public mutating func append(_ span: Span) {
        withUnsafePointer(to: span) { s in
            write(start: s.pointee.start, end: s.pointee.end, label: s.pointee.label, bound: Span.canonicalJSONBound(s)) {
                Span.writeCanonicalJSON(s, at: $0)
            }
        }
    }

    /// Appends the span `Span(start:end:label:attributes:text:origin:)` would make, its
    /// attributes written by `attributes` through an ``AttributeWriter`` in the byte order of
    /// their keys, with no more than `attributesBound` bytes (``AttributeWriter/bound(_:)``
    /// of each value, summed).
    public mutating func append(
        start: Int, end: Int, label: String, text: String?, origin: SuggestionOrigin, attributesBound: Int,
        attributes: (inout AttributeWriter) -> Void
    ) {
        let bound = attributesBound + 32 + 20 + Span.afterEndBound(label: label, origin: origin, text: text)
        write(start: start, end: end, label: label, bound: bound) { base in
            var w = AttributeWriter(p: base)
            attributes(&w)
            var p = w.p
            Span.put(w.written ? #"},"end":"# : #"{"end":"#, &p)
            Span.writeInteger(end, at: &p)
            Span.writeAfterEnd(label: label, origin: origin, start: start, text: text, &p)
            return p
        }
    }

    /// Writes a span of at most `bound` bytes at the end of ``bytes`` with `body` (given where
    /// to start, it returns where it stopped) and records it.
    private mutating func write(
        start: Int, end: Int, label: String, bound: Int, _ body: (UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>
    ) {
        let offset = bytes.count
        // Written on the stack, then copied in: an array cannot be written past its count.
        let count = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buf in
            let base = buf.baseAddress!
            let count = body(base) - base
            precondition(count <= bound, "written span bound too small")
            bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
            return count
        }
        entries.append(Entry(start: start, end: end, label: label, offset: offset, count: count))
    }

    /// Sorts the entries into canonical order (start, end, label), stably: ties keep the order
    /// they were appended in, as ``Span/sortCanonically(_:)`` keeps it.
    public mutating func sortCanonically() {
        let e = entries
        let order = Span.stableOrder(count: e.count) { i, j in
            Span.canonicalOrder(e[i].start, e[i].end, e[i].label, e[j].start, e[j].end, e[j].label)
        }
        if let order { entries = order.map { e[$0] } }
    }

    /// Writes a span's attributes, one at a time, in the byte order of their keys (the caller
    /// gives them in that order: `category`, `counted`, `qualifier`, `value`, `value_max`).
    public struct AttributeWriter {
        var p: UnsafeMutablePointer<UInt8>
        var written = false

        /// At least the bytes an attribute with this string value takes (key up to 16 bytes).
        public static func bound(_ value: String) -> Int { 24 + JSONWriter.maxStringBytes(value) }
        /// At least the bytes an attribute with a number value takes (key up to 16 bytes).
        public static let numberBound = 24 + 32

        public mutating func add(_ key: StaticString, _ value: String) {
            open(key)
            p = JSONWriter.writeString(value, at: p)
        }

        public mutating func add(_ key: StaticString, _ value: Double) {
            open(key)
            Span.writeNumber(value, at: &p)
        }

        private mutating func open(_ key: StaticString) {
            assert(key.utf8CodeUnitCount <= 16, "attribute keys are at most 16 bytes")
            Span.put(written ? #",""# : #"{"attributes":{""#, &p)
            written = true
            p.update(from: key.utf8Start, count: key.utf8CodeUnitCount)
            p += key.utf8CodeUnitCount
            Span.put(#"":"#, &p)
        }
    }
}
