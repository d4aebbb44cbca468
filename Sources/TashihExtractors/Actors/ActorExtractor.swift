import TashihModel
import TashihText

/// The built-in actor extractor: finds the names of the actor lexicon in Arabic text.
///
/// - Names and text are compared after normalisation (alef variants, ى/ي, ة/ه, harakat,
///   tatweel, direction marks, digits), token by token, so `أميركا`/`امريكا` and `قسد`/`قسـد`
///   are one name. Stored text is never changed: spans are original scalar offsets.
/// - Longest match wins, left to right, whole tokens only.
/// - The first token may carry up to two proclitics (و/ف then ب/ل/ك; لل = ل + ال): `وداعش`,
///   `لقسد`, `بالتحالف`, `للتحالف`. The span covers the whole token, clitics included, as
///   Arabic NER corpora annotate; the lexicon decides whether a strip is real, so `بغداد` or
///   `وليد` are not misread. A detached preposition (`لـ«قسد»`) is its own token, outside the span.
/// - Transliterated person names also match by a phonetic key (ج غ ق ك folded into one class,
///   ا و ي dropped after the first letter, repeats collapsed): `ماكغورك` ≈ `مكجورك` ≈ `ماغروك`.
public struct ActorExtractor: Extractor {
    public let name = "builtin.actors"
    public let version: String
    let lexicon: ActorLexicon
    let index: NameIndex
    let tokenizer = Tokenizer()

    public static let algorithmVersion = "1.0"

    public init(lexicon: ActorLexicon) {
        self.lexicon = lexicon
        self.version = Self.algorithmVersion + "+" + lexicon.version
        self.index = NameIndex(lexicon: lexicon, tokenizer: tokenizer)
    }

    /// One name found: token range, lexicon entry, how it matched.
    public struct Match: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public var entry: Int
        public var cliticDepth: Int
        public var phonetic: Bool
    }

    public func extract(_ document: Document) -> [Span] {
        let scalars = Array(document.text.unicodeScalars)
        let tokens = tokenizer.tokenize(document.text)
        return matches(scalars: scalars, tokens: tokens).map { m in
            let e = lexicon.entries[m.entry]
            return Span(
                start: m.start, end: m.end, label: e.type, attributes: ["actor_id": .string(e.id)],
                origin: SuggestionOrigin(extractor: name, version: version, score: Self.score(m)))
        }
    }

    /// 0.9 for a name as listed, 0.85 behind proclitics, 0.7 by phonetic key only.
    static func score(_ m: Match) -> Double {
        var s = 0.9
        if m.cliticDepth > 0 { s -= 0.05 }
        if m.phonetic { s = 0.7 }
        return s
    }

    /// The names in a tokenised text, left to right, longest first, never overlapping.
    public func matches(scalars: [Unicode.Scalar], tokens: [Token]) -> [Match] {
        let keys: [String?] = tokens.map { t in
            t.kind == .word || t.kind == .number || t.kind == .punctuation ? NameIndex.key(scalars[t.start..<t.end]) : nil
        }
        var out: [Match] = []
        var i = 0
        while i < tokens.count {
            guard tokens[i].kind == .word, let whole = keys[i] else {
                i += 1
                continue
            }
            var best: (endToken: Int, entry: Int, depth: Int, phonetic: Bool)?
            func consider(_ firstKey: String, depth: Int) {
                guard let cands = index.byFirstToken[firstKey] else { return }
                for p in cands {
                    let pat = index.patterns[p]
                    let last = i + pat.tokens.count - 1
                    guard last < tokens.count else { continue }
                    var ok = true
                    var k = 1
                    while k < pat.tokens.count {
                        if keys[i + k] != pat.tokens[k] {
                            ok = false
                            break
                        }
                        k += 1
                    }
                    guard ok else { continue }
                    if best == nil || last > best!.endToken || (last == best!.endToken && depth < best!.depth) {
                        best = (last, pat.entry, depth, false)
                    }
                }
            }
            consider(whole, depth: 0)
            for split in tokenizer.proclitics(of: tokens[i], in: scalars) where split.depth > 0 {
                let stem = NameIndex.key(scalars[split.stemStart..<tokens[i].end])
                consider(stem, depth: split.depth)
                if split.articleElided { consider("ا" + stem, depth: split.depth) }
            }
            if best == nil, !index.byPhonetic.isEmpty {
                var phon: [String] = []
                var n = 0
                while n < index.maxPhoneticTokens && i + n < tokens.count {
                    guard tokens[i + n].kind == .word, let k = keys[i + n] else { break }
                    phon.append(NameIndex.phoneticKey(k))
                    if let e = index.byPhonetic[phon.joined(separator: " ")] {
                        best = (i + n, e, 0, true)
                    }
                    n += 1
                }
            }
            if let b = best {
                out.append(
                    Match(
                        start: tokens[i].start, end: tokens[b.endToken].end, entry: b.entry, cliticDepth: b.depth,
                        phonetic: b.phonetic))
                i = b.endToken + 1
            } else {
                i += 1
            }
        }
        return out
    }
}

/// The lexicon's Arabic names as token sequences of normalised keys.
struct NameIndex: Sendable {
    struct Pattern: Sendable {
        var tokens: [String]
        var entry: Int
    }

    var patterns: [Pattern] = []
    var byFirstToken: [String: [Int]] = [:]
    var byPhonetic: [String: Int] = [:]
    var maxPhoneticTokens = 0

    init(lexicon: ActorLexicon, tokenizer: Tokenizer) {
        var seen: Set<[String]> = []
        var phoneticAmbiguous: Set<String> = []
        for (ei, e) in lexicon.entries.enumerated() {
            for name in e.namesAR {
                let scalars = Array(name.unicodeScalars)
                let toks = tokenizer.tokenize(name).map { Self.key(scalars[$0.start..<$0.end]) }
                guard !toks.isEmpty, seen.insert(toks).inserted else { continue }  // first entry wins a shared name
                byFirstToken[toks[0], default: []].append(patterns.count)
                patterns.append(Pattern(tokens: toks, entry: ei))
                if e.type == "PERSON" {
                    let keys = toks.map(Self.phoneticKey)
                    let letters = keys.reduce(0) { $0 + $1.unicodeScalars.count }
                    // Short keys match too much (رايان → رن); only distinctive names go in.
                    guard letters >= 4, keys.allSatisfy({ $0.unicodeScalars.count >= 3 }) else { continue }
                    let k = keys.joined(separator: " ")
                    if let other = byPhonetic[k], other != ei { phoneticAmbiguous.insert(k) }
                    byPhonetic[k] = ei
                    maxPhoneticTokens = max(maxPhoneticTokens, toks.count)
                }
            }
        }
        for k in phoneticAmbiguous { byPhonetic.removeValue(forKey: k) }
    }

    /// The normalised form of a token, for lookup.
    static func key<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return Arabic.normalize(String(s))
    }

    /// The phonetic key of a normalised Arabic word: ج غ ق ك → ك; ا و ي dropped after the first
    /// letter; runs of one letter collapsed.
    static func phoneticKey(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        var last: Unicode.Scalar?
        for (i, s) in word.unicodeScalars.enumerated() {
            var c = s
            switch s.value {
            case 0x062C, 0x063A, 0x0642, 0x0643: c = "\u{0643}"
            case 0x0627, 0x0648, 0x064A: if i > 0 { continue }
            default: break
            }
            if c == last { continue }
            out.append(c)
            last = c
        }
        return String(out)
    }
}
