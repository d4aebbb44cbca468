/// A suggestion whose label and attributes are all its origin's: an extractor with one origin
/// per lexicon entry and score (``SuggestionOrigin/init(extractor:version:score:forSpansLabelled:attributes:)``)
/// can hand its spans over as offsets and an index into its origins. Written from the origin's
/// cached JSON (``TextRecord/writeCanonicalJSON(spans:originSpans:origins:to:)``), such a span
/// is never made a ``Span``, which holds four references to retain, copy and release;
/// ``span(in:)`` is the span it stands for.
public struct OriginSpan: Sendable, Hashable, BitwiseCopyable {
    public var start: Int
    public var end: Int
    /// The index of its origin in the array it goes with.
    public var origin: Int

    public init(start: Int, end: Int, origin: Int) {
        self.start = start
        self.end = end
        self.origin = origin
    }

    /// The span this stands for, its origin taken from `origins` (each made with a label and
    /// attributes).
    public func span(in origins: [SuggestionOrigin]) -> Span {
        let o = origins[origin]
        return Span(start: start, end: end, label: o.box.label!, attributes: o.box.attributes, origin: o)
    }

    /// Calls `body` with each of `spans` and `originSpans` (each sorted canonically) in
    /// canonical order, stably, the origin spans first on ties: what sorting the origin spans
    /// followed by the spans would give. `body` gets the span's index, or the origin span's as
    /// `.origin`.
    @inline(__always)
    static func merge(
        _ spans: UnsafeBufferPointer<Span>, _ originSpans: UnsafeBufferPointer<OriginSpan>,
        origins: UnsafeBufferPointer<SuggestionOrigin>, _ body: (MergedIndex) -> Void
    ) {
        // Through a pointer to the span, never the span itself (a copy retains its references).
        merge(
            count: spans.count, originSpans, origins: origins,
            before: { i, c, label in
                let s = spans.baseAddress! + i
                return Span.canonicalOrder(s.pointee.start, s.pointee.end, s.pointee.label, c.start, c.end, label)
            }, body)
    }

    /// ``merge(_:_:origins:_:)`` over `count` spans of any kind, sorted canonically: `before(i,
    /// c, label)` says whether span `i` goes strictly before the origin span `c`, whose origin
    /// has `label`.
    @inline(__always)
    static func merge(
        count: Int, _ originSpans: UnsafeBufferPointer<OriginSpan>, origins: UnsafeBufferPointer<SuggestionOrigin>,
        before: (Int, OriginSpan, String) -> Bool, _ body: (MergedIndex) -> Void
    ) {
        var i = 0
        var k = 0
        while k < originSpans.count {
            let c = originSpans[k]
            if i < count, before(i, c, origins[c.origin].box.label!) {
                body(.span(i))
                i += 1
            } else {
                body(.origin(k))
                k += 1
            }
        }
        while i < count {
            body(.span(i))
            i += 1
        }
    }

    enum MergedIndex {
        case span(Int)
        case origin(Int)
    }

    /// Sorts origin spans into canonical order (start, end, label), stably.
    public static func sortCanonically(_ spans: inout [OriginSpan], origins: [SuggestionOrigin]) {
        let s = spans
        let order = Span.stableOrder(count: s.count) { i, j in
            Span.canonicalOrder(
                s[i].start, s[i].end, origins[s[i].origin].box.label!, s[j].start, s[j].end, origins[s[j].origin].box.label!)
        }
        // Rare (an extractor finds its spans in text order).
        if let order { spans = order.map { s[$0] } }
    }
}

extension Span {
    /// `spans` and `originSpans` (each sorted canonically) as one canonically sorted array of
    /// spans, as ``TextRecord/writeCanonicalJSON(spans:originSpans:origins:to:)`` writes them.
    public static func merging(_ spans: [Span], _ originSpans: [OriginSpan], origins: [SuggestionOrigin]) -> [Span] {
        guard !originSpans.isEmpty else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count + originSpans.count)
        spans.withUnsafeBufferPointer { s in
            originSpans.withUnsafeBufferPointer { c in
                origins.withUnsafeBufferPointer { o in
                    OriginSpan.merge(s, c, origins: o) { m in
                        switch m {
                        case .span(let i): out.append(s[i])
                        case .origin(let k): out.append(c[k].span(in: origins))
                        }
                    }
                }
            }
        }
        return out
    }
}
