/// A shadow copy of a text for matching, with a map from every shadow index back to the
/// original scalar offset.
///
/// The normalisation follows CAMeL Tools (`normalize.py`, `dediac.py`) with the project's
/// additions:
///
/// | original | shadow |
/// |---|---|
/// | أ إ آ ٱ (U+0623 U+0625 U+0622 U+0671) | ا |
/// | ى | ي |
/// | ة | ه |
/// | harakat U+064B–U+0652, U+0670 | dropped |
/// | tatweel U+0640 | dropped |
/// | RLM U+200F, LRM U+200E, ALM U+061C | dropped |
/// | digits U+0660–U+0669, U+06F0–U+06F9 | 0–9 |
/// | decomposed ا + U+0653/U+0654/U+0655 | ا (the mark is absorbed) |
/// | decomposed و + U+0654, ي + U+0654 | ؤ, ئ (as their composed forms) |
///
/// Everything else is kept as it is. The stored text is never changed: extractors run over
/// ``scalars`` and report spans through ``originalRange(_:)``, which never ends a span between a
/// letter and its harakat.
///
/// ```swift
/// let n = NormalizedText("وبِالـرَّقَّة")   // 13 scalars
/// n.string                              // "وبالرقه" (7 scalars)
/// n.originalOffsets                     // [0, 1, 3, 4, 6, 9, 12]
/// n.originalRange(2..<7)                // 3..<13: "الـرَّقَّة"
/// n.originalRange(2..<6)                // 3..<12: "الـرَّقَّ", with the shadda and fatha of ق
/// ```
public struct NormalizedText: Sendable, Hashable {
    /// The normalised scalar values, for automata and lexicon lookups.
    public let scalars: [UInt32]
    /// For each index of ``scalars``, the scalar offset in the original text it comes from;
    /// strictly increasing.
    public let originalOffsets: [Int]
    /// The number of scalars of the original text.
    public let originalCount: Int
    /// Original offsets of the dropped direction marks, ascending (a span is not extended over
    /// them).
    let droppedDirectionMarks: [Int]

    /// Normalises `text`.
    public init(_ text: String) {
        let values = Scalars.values(of: text)
        let n = values.count
        var out = [UInt32](repeating: 0, count: n)
        var map = [Int](repeating: 0, count: n)
        var marks: [Int] = []
        var k = 0
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                map.withUnsafeMutableBufferPointer { mp in
                    for i in 0..<n {
                        let v = src[i]
                        if v &- 0x0653 < 3, k > 0 {
                            // A decomposed madda or hamza joins the letter before it.
                            let last = dst[k - 1]
                            if last == 0x0627 { continue }
                            if v == 0x0654 && last == 0x0648 {
                                dst[k - 1] = 0x0624
                                continue
                            }
                            if v == 0x0654 && last == 0x064A {
                                dst[k - 1] = 0x0626
                                continue
                            }
                        }
                        switch Arabic.fold(v) {
                        case .keep(let w):
                            dst[k] = w
                            mp[k] = i
                            k += 1
                        case .drop:
                            if Arabic.isDirectionMark(v) { marks.append(i) }
                        }
                    }
                }
            }
        }
        out.removeLast(n - k)
        map.removeLast(n - k)
        scalars = out
        originalOffsets = map
        originalCount = n
        droppedDirectionMarks = marks
    }

    /// The number of normalised scalars.
    public var count: Int { scalars.count }

    /// The normalised text as a string (for lexicon keys and display in tests).
    public var string: String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.count * 2)
        for v in scalars {
            if let s = Unicode.Scalar(v) { utf8.append(contentsOf: UTF8.encode(s)!) }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The original offset of normalised index `i` (0...count); `count` maps to the original
    /// text's end.
    public func originalOffset(_ i: Int) -> Int {
        precondition(i >= 0 && i <= count, "normalised index \(i) is outside 0...\(count)")
        return i < count ? originalOffsets[i] : originalCount
    }

    /// The original scalar range of the normalised range `r`.
    ///
    /// The start is the original offset of `r.lowerBound`; the end is one past the original
    /// offset of the last normalised scalar, extended over the harakat, tatweel and absorbed
    /// marks dropped after it (but not over a dropped direction mark), so a span never ends
    /// between a letter and its haraka. An empty `r` maps to an empty range.
    public func originalRange(_ r: Range<Int>) -> Range<Int> {
        precondition(r.lowerBound >= 0 && r.upperBound <= count, "normalised range \(r) is outside 0..<\(count)")
        if r.isEmpty {
            let o = originalOffset(r.lowerBound)
            return o..<o
        }
        let start = originalOffsets[r.lowerBound]
        var end = originalOffsets[r.upperBound - 1] + 1
        let limit = r.upperBound < count ? originalOffsets[r.upperBound] : originalCount
        if end < limit {
            let m = Self.lowerBound(of: end, in: droppedDirectionMarks)
            end = m < droppedDirectionMarks.count ? min(limit, droppedDirectionMarks[m]) : limit
        }
        return start..<end
    }

    /// The normalised range of the scalars whose original offsets lie in `original` (an
    /// original range that starts or ends on a dropped mark maps to the kept scalars inside it).
    public func normalizedRange(_ original: Range<Int>) -> Range<Int> {
        let lo = Self.lowerBound(of: original.lowerBound, in: originalOffsets)
        let hi = Self.lowerBound(of: original.upperBound, in: originalOffsets)
        return lo..<max(lo, hi)
    }

    /// The first index of `table` (ascending) whose value is `>= value`.
    static func lowerBound(of value: Int, in table: [Int]) -> Int {
        var lo = 0
        var hi = table.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if table[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
