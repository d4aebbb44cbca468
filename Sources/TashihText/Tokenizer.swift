/// A token: a scalar range of the text, end exclusive.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case word, number, punctuation, symbol
    }

    public var start: Int
    public var end: Int
    public var kind: Kind

    public init(start: Int, end: Int, kind: Kind) {
        self.start = start
        self.end = end
        self.kind = kind
    }
}

/// Splits text into tokens on white space and punctuation, and between digits and letters
/// (`نحو200` → `نحو`, `200`). Letters keep their harakat and tatweel; a number keeps its
/// decimal and thousands separators when a digit follows them (`15،000`, `1.5`, `١٬٢٣٤`).
/// Proclitics stay inside their word token (the text layer exposes them separately).
public struct Tokenizer: Sendable {
    public init() {}

    enum Class { case space, letter, digit, punct, mark }

    static func classify(_ s: Unicode.Scalar) -> Class {
        let v = s.value
        if v == 0x0640 { return .letter }  // tatweel joins a word
        if (0x064B...0x065F).contains(v) || v == 0x0670 || (0x06D6...0x06ED).contains(v) { return .mark }
        if (0x0660...0x0669).contains(v) || (0x06F0...0x06F9).contains(v) || (0x30...0x39).contains(v) { return .digit }
        if v == 0x200C || v == 0x200D { return .mark }  // ZWNJ/ZWJ stay inside a token
        if v == 0x200E || v == 0x200F || v == 0x061C { return .space }  // direction marks separate nothing visible
        let p = s.properties
        if p.isWhitespace { return .space }
        if p.isAlphabetic { return .letter }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .decimalNumber: return .digit
        default: return .punct
        }
    }

    /// Tokens of `text`, in order, with scalar offsets.
    public func tokenize(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        let n = scalars.count
        while i < n {
            let c = Self.classify(scalars[i])
            switch c {
            case .space:
                i += 1
            case .letter, .mark:
                let start = i
                i += 1
                while i < n {
                    let k = Self.classify(scalars[i])
                    if k == .letter || k == .mark { i += 1 } else { break }
                }
                tokens.append(Token(start: start, end: i, kind: .word))
            case .digit:
                let start = i
                i += 1
                while i < n {
                    let k = Self.classify(scalars[i])
                    if k == .digit || k == .mark {
                        i += 1
                    } else if Self.isNumberSeparator(scalars[i]), i + 1 < n, Self.classify(scalars[i + 1]) == .digit {
                        i += 2
                    } else {
                        break
                    }
                }
                tokens.append(Token(start: start, end: i, kind: .number))
            case .punct:
                // Non-BMP symbols (emoji) and other symbols are single tokens; keep any
                // following marks (variation selectors, skin tones) with them.
                let start = i
                i += 1
                while i < n, Self.classify(scalars[i]) == .mark { i += 1 }
                let kind: Token.Kind = scalars[start].properties.generalCategory == .otherSymbol ? .symbol : .punctuation
                tokens.append(Token(start: start, end: i, kind: kind))
            }
        }
        return tokens
    }

    static func isNumberSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2E, 0x2C, 0x066B, 0x066C, 0x060C: return true  // . , ٫ ٬ ،
        default: return false
        }
    }
}
