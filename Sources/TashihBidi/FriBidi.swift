import CFriBidi
import TashihREPL

/// The Unicode bidirectional algorithm by GNU FriBidi: one logical line in, its visual order out,
/// with the map back to logical positions that `LineRenderer` uses to colour spans. The only Swift
/// file that imports fribidi.
///
/// - Harakat stay after their letter in visual order (`FRIBIDI_FLAG_REORDER_NSM`), so a terminal
///   draws them on the right letter.
/// - Brackets and other mirrored characters are swapped in right-to-left runs.
/// - With `shape` (the default), Arabic letters are replaced by their contextual presentation
///   forms, one for one, so terminals that do no shaping (xterm) join the letters. Display only:
///   nothing shaped is ever written back into data.
public struct FriBidi: BidiReordering {
    /// The paragraph direction: from the first strong character (`auto`), or forced.
    public enum Direction: Sendable { case auto, rightToLeft, leftToRight }

    public var direction: Direction
    public var shape: Bool

    public init(direction: Direction = .auto, shape: Bool = true) {
        self.direction = direction
        self.shape = shape
    }

    public func reorder(_ logical: [Unicode.Scalar]) -> VisualLine {
        reorder(logical, direction: direction)
    }

    public func reorder(_ logical: [Unicode.Scalar], rightToLeft: Bool) -> VisualLine {
        reorder(logical, direction: rightToLeft ? .rightToLeft : .leftToRight)
    }

    func reorder(_ logical: [Unicode.Scalar], direction: Direction) -> VisualLine {
        let n = logical.count
        guard n > 0 else { return VisualLine(scalars: [], logicalIndex: []) }
        let len = FriBidiStrIndex(n)
        var text = logical.map { FriBidiChar($0.value) }
        var types = [FriBidiCharType](repeating: FriBidiCharType(0), count: n)
        fribidi_get_bidi_types(text, len, &types)
        var brackets = [FriBidiBracketType](repeating: 0, count: n)
        fribidi_get_bracket_types(text, len, types, &brackets)
        var levels = [FriBidiLevel](repeating: 0, count: n)
        var base: FriBidiParType
        switch direction {
        case .auto: base = tashih_fribidi_par_on
        case .rightToLeft: base = tashih_fribidi_par_rtl
        case .leftToRight: base = tashih_fribidi_par_ltr
        }
        guard fribidi_get_par_embedding_levels_ex(types, brackets, len, &base, &levels) != 0 else {
            return VisualLine(scalars: logical, logicalIndex: Array(0..<n))
        }
        if shape {
            var joining = [FriBidiArabicProp](repeating: 0, count: n)
            fribidi_get_joining_types(text, len, &joining)
            fribidi_join_arabic(types, len, levels, &joining)
            fribidi_shape(tashih_fribidi_shape_flags, levels, len, &joining, &text)
        } else {
            fribidi_shape_mirroring(levels, len, &text)
        }
        var map = (0..<n).map { FriBidiStrIndex($0) }
        _ = fribidi_reorder_line(tashih_fribidi_reorder_flags, types, len, 0, base, &levels, &text, &map)
        let scalars = text.map { Unicode.Scalar($0) ?? "\u{FFFD}" }
        return VisualLine(scalars: scalars, logicalIndex: map.map { Int($0) })
    }
}
