/// Offset conversions for one text, between the project's unit — Unicode scalar offsets, end
/// exclusive — and the units other tools store: UTF-16 code units (INCEpTION, JavaScript),
/// UTF-8 bytes, and grapheme clusters (what a user sees as one character).
///
/// Built once per text in O(n); each conversion is O(1) or O(log n). A conversion from an
/// offset that falls inside a unit of the other kind (the middle of a surrogate pair, of a
/// UTF-8 sequence, of a grapheme cluster) returns nil rather than rounding silently.
///
/// ```swift
/// let t = TextOffsets("مدنياً 🙂")
/// t.scalarCount            // 8
/// t.utf16(fromScalar: 8)   // 9: the emoji is two UTF-16 units
/// ```
public struct TextOffsets: Sendable {
    /// Number of Unicode scalars in the text.
    public let scalarCount: Int
    /// UTF-8 byte offset of each scalar offset 0...scalarCount.
    let utf8Offsets: [Int32]
    /// UTF-16 offset of each scalar offset 0...scalarCount.
    let utf16Offsets: [Int32]
    /// Scalar offsets of grapheme-cluster boundaries, ascending, including 0 and scalarCount.
    let graphemeBoundaries: [Int32]

    public init(_ text: String) {
        var u8: [Int32] = [0]
        var u16: [Int32] = [0]
        var b8: Int32 = 0
        var b16: Int32 = 0
        u8.reserveCapacity(text.utf8.count + 1)
        u16.reserveCapacity(text.utf8.count + 1)
        for s in text.unicodeScalars {
            b8 += Int32(UTF8.width(s))
            b16 += Int32(UTF16.width(s))
            u8.append(b8)
            u16.append(b16)
        }
        scalarCount = u8.count - 1
        utf8Offsets = u8
        utf16Offsets = u16
        var g: [Int32] = [0]
        var at: Int32 = 0
        for ch in text {
            at += Int32(ch.unicodeScalars.count)
            g.append(at)
        }
        graphemeBoundaries = g
    }

    /// Number of UTF-16 code units in the text.
    public var utf16Count: Int { Int(utf16Offsets[scalarCount]) }
    /// Number of UTF-8 bytes in the text.
    public var utf8Count: Int { Int(utf8Offsets[scalarCount]) }
    /// Number of grapheme clusters in the text.
    public var graphemeCount: Int { graphemeBoundaries.count - 1 }

    /// The UTF-16 offset of scalar offset `s` (0...scalarCount), or nil if out of range.
    public func utf16(fromScalar s: Int) -> Int? {
        guard s >= 0 && s <= scalarCount else { return nil }
        return Int(utf16Offsets[s])
    }

    /// The scalar offset of UTF-16 offset `u`, or nil if out of range or inside a surrogate pair.
    public func scalar(fromUTF16 u: Int) -> Int? { Self.exactIndex(of: u, in: utf16Offsets) }

    /// The UTF-8 byte offset of scalar offset `s`, or nil if out of range.
    public func utf8(fromScalar s: Int) -> Int? {
        guard s >= 0 && s <= scalarCount else { return nil }
        return Int(utf8Offsets[s])
    }

    /// The scalar offset of UTF-8 byte offset `b`, or nil if out of range or inside a sequence.
    public func scalar(fromUTF8 b: Int) -> Int? { Self.exactIndex(of: b, in: utf8Offsets) }

    /// The grapheme offset of scalar offset `s`, or nil if `s` is out of range or splits a cluster.
    public func grapheme(fromScalar s: Int) -> Int? { Self.exactIndex(of: s, in: graphemeBoundaries) }

    /// The scalar offset of grapheme offset `g`, or nil if out of range.
    public func scalar(fromGrapheme g: Int) -> Int? {
        guard g >= 0 && g < graphemeBoundaries.count else { return nil }
        return Int(graphemeBoundaries[g])
    }

    /// Whether scalar offset `s` falls between two grapheme clusters (not between a letter and
    /// its haraka, nor inside an emoji sequence).
    public func isGraphemeBoundary(_ s: Int) -> Bool { grapheme(fromScalar: s) != nil }

    /// The UTF-16 range of scalar range `r`, or nil if it is out of range.
    public func utf16Range(fromScalar r: Range<Int>) -> Range<Int>? {
        guard let lo = utf16(fromScalar: r.lowerBound), let hi = utf16(fromScalar: r.upperBound) else { return nil }
        return lo..<hi
    }

    /// The scalar range of UTF-16 range `r`, or nil if an edge is out of range or inside a
    /// surrogate pair.
    public func scalarRange(fromUTF16 r: Range<Int>) -> Range<Int>? {
        guard let lo = scalar(fromUTF16: r.lowerBound), let hi = scalar(fromUTF16: r.upperBound) else { return nil }
        return lo..<hi
    }

    /// The UTF-8 byte range of scalar range `r`, or nil if it is out of range.
    public func utf8Range(fromScalar r: Range<Int>) -> Range<Int>? {
        guard let lo = utf8(fromScalar: r.lowerBound), let hi = utf8(fromScalar: r.upperBound) else { return nil }
        return lo..<hi
    }

    /// The scalar range of UTF-8 byte range `r`, or nil if an edge is out of range or inside a
    /// multi-byte sequence.
    public func scalarRange(fromUTF8 r: Range<Int>) -> Range<Int>? {
        guard let lo = scalar(fromUTF8: r.lowerBound), let hi = scalar(fromUTF8: r.upperBound) else { return nil }
        return lo..<hi
    }

    /// The grapheme range of scalar range `r`, or nil if an edge is out of range or splits a
    /// cluster (a span ending between a letter and its haraka).
    public func graphemeRange(fromScalar r: Range<Int>) -> Range<Int>? {
        guard let lo = grapheme(fromScalar: r.lowerBound), let hi = grapheme(fromScalar: r.upperBound) else { return nil }
        return lo..<hi
    }

    /// The scalar range of grapheme range `r`, or nil if it is out of range.
    public func scalarRange(fromGrapheme r: Range<Int>) -> Range<Int>? {
        guard let lo = scalar(fromGrapheme: r.lowerBound), let hi = scalar(fromGrapheme: r.upperBound) else { return nil }
        return lo..<hi
    }

    static func exactIndex(of value: Int, in table: [Int32]) -> Int? {
        guard value >= 0, let last = table.last, value <= Int(last) else { return nil }
        var lo = 0
        var hi = table.count - 1
        let v = Int32(value)
        while lo <= hi {
            let mid = (lo + hi) / 2
            if table[mid] == v {
                // Several scalars can share one offset only if widths were 0, which they never are.
                return mid
            } else if table[mid] < v {
                lo = mid + 1
            } else {
                hi = mid - 1
            }
        }
        return nil
    }
}

extension String {
    /// The number of Unicode scalars (the project's offset unit). Never `count`, which counts
    /// grapheme clusters.
    @inlinable public var scalarCount: Int {
        var n = 0
        for b in utf8 where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The scalars in `r` as a string; nil if the range is out of bounds.
    public func scalarSlice(_ r: Range<Int>) -> String? { scalarSlice(r.lowerBound, r.upperBound) }

    /// The scalars in `[start, end)` as a string; nil if the range is out of bounds.
    public func scalarSlice(_ start: Int, _ end: Int) -> String? {
        guard start >= 0, start <= end else { return nil }
        let scalars = unicodeScalars
        guard let from = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex),
            let to = scalars.index(from, offsetBy: end - start, limitedBy: scalars.endIndex)
        else { return nil }
        return String(scalars[from..<to])
    }
}
