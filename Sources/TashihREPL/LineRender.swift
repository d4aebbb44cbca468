import TashihTerminal

/// How Arabic reaches the screen (`tashih annotate --bidi`).
///
/// - `app`: the application reorders each line into visual order (libfribidi, in the
///   `TashihBidi` target) and sends `CSI 8 l`, for terminals that do no bidi (xterm, tmux, kitty,
///   Alacritty, foot, WezTerm). The default on a tty.
/// - `terminal`: lines are sent in logical order for terminals that reorder themselves (VTE,
///   Konsole, mlterm, macOS Terminal); no two Arabic table cells are put side by side.
/// - `none`: logical order, no escape sequences: pipes, files and scripted sessions.
public enum BidiMode: String, CaseIterable, Sendable {
    case app, terminal, none
}

/// One line in visual order, left to right, as a bidi engine gives it.
public struct VisualLine: Equatable, Sendable {
    /// The scalars in visual order (mirrored brackets already swapped).
    public var scalars: [Unicode.Scalar]
    /// `logicalIndex[v]` is the logical position of the scalar shown at visual position `v`.
    public var logicalIndex: [Int]

    public init(scalars: [Unicode.Scalar], logicalIndex: [Int]) {
        self.scalars = scalars
        self.logicalIndex = logicalIndex
    }
}

/// Reorders one logical line for display. `TashihBidi.FriBidi` is the real one (libfribidi);
/// tests may pass their own.
public protocol BidiReordering: Sendable {
    /// The visual order, the paragraph direction taken from the line's first strong character.
    func reorder(_ logical: [Unicode.Scalar]) -> VisualLine
    /// The visual order in a paragraph of the given direction: a wrapped line of an Arabic record
    /// stays right-to-left even when it starts with a Latin name or a number.
    func reorder(_ logical: [Unicode.Scalar], rightToLeft: Bool) -> VisualLine
}

extension BidiReordering {
    public func reorder(_ logical: [Unicode.Scalar], rightToLeft: Bool) -> VisualLine { reorder(logical) }
}

/// A range of a logical line to draw with an SGR style (`"1;33"`: bold yellow).
public struct Highlight: Equatable, Sendable {
    /// Logical scalar offsets in the line, end exclusive.
    public var range: Range<Int>
    /// The SGR parameters, without `ESC [` and `m`.
    public var sgr: String

    public init(range: Range<Int>, sgr: String) {
        self.range = range
        self.sgr = sgr
    }
}

/// Turns one logical line and its highlights into what is written to the terminal.
///
/// In `app` mode the line is reordered first and every visual position is styled by the
/// highlight its *logical* index falls in, so a span that crosses an embedded left-to-right run
/// (a Latin name, a number) becomes several visual runs, each coloured. Without colour
/// (`NO_COLOR`, a pipe, `--bidi none`) no escape sequence is written at all; spans stay readable
/// through the numbered brackets the screen puts around them.
public struct LineRenderer: Sendable {
    public var mode: BidiMode
    public var colour: Bool
    public var engine: (any BidiReordering)?

    public init(mode: BidiMode, colour: Bool, engine: (any BidiReordering)? = nil) {
        self.mode = mode
        self.colour = colour && mode != .none
        self.engine = engine
    }

    /// The escape sequence `app` mode sends once at start: "the application reorders" (the
    /// terminal-wg bidi recommendation; VTE honours it, the others ignore it).
    public static let applicationReordersSequence = "\u{1B}[8l"

    /// - Parameters:
    ///   - rightToLeft: the paragraph's direction when known (an Arabic record's text); nil takes
    ///     it from the line's first strong character.
    ///   - width: in `app` mode, a line of a right-to-left paragraph (`rightToLeft` true) is
    ///     padded on the left to this many columns, so it reads from the right edge as it would in
    ///     a terminal that reorders.
    public func render(
        _ line: [Unicode.Scalar], highlights: [Highlight] = [], rightToLeft: Bool? = nil, width: Int? = nil
    ) -> String {
        let order: [Int]
        let shown: [Unicode.Scalar]
        var pad = 0
        if mode == .app, let engine {
            let v = rightToLeft.map { engine.reorder(line, rightToLeft: $0) } ?? engine.reorder(line)
            if let width, rightToLeft == true {
                pad = max(0, width - line.reduce(0) { $0 + DisplayWidth.of($1) })
            }
            order = v.logicalIndex
            shown = v.scalars
        } else {
            order = Array(line.indices)
            shown = line
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: repeatElement(" ", count: pad))
        var current: String? = nil
        for (v, u) in shown.enumerated() {
            if colour {
                let logical = order[v]
                let style = highlights.last(where: { $0.range.contains(logical) })?.sgr
                if style != current {
                    if current != nil { out.append(contentsOf: "\u{1B}[0m".unicodeScalars) }
                    if let style { out.append(contentsOf: "\u{1B}[\(style)m".unicodeScalars) }
                    current = style
                }
            }
            out.append(u)
        }
        if current != nil { out.append(contentsOf: "\u{1B}[0m".unicodeScalars) }
        return String(out)
    }
}
