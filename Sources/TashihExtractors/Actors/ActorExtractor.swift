import TashihModel
import TashihText

/// The built-in actor extractor: finds the names of the actor lexicon in Arabic text.
///
/// - Names and text are compared after normalisation (alef variants, ى/ي, ة/ه, harakat,
///   tatweel, direction marks, digits), token by token, so `أميركا`/`امريكا` and `داعش`/`داعـــش`
///   are one name. Stored text is never changed: spans are original scalar offsets.
/// - Longest match wins, left to right, whole tokens only (`قوات الجيش السوري الحر` is the Free
///   Syrian Army, not `قوات الجيش`).
/// - The first token may carry up to two proclitics (و/ف then ب/ل/ك; لل = ل + ال): `وداعش`,
///   `لقسد`, `بالتحالف`, `للتحالف`. The span covers the whole token, clitics included, as
///   Arabic NER corpora annotate; the lexicon decides whether a strip is real, and the whole
///   word wins a tie, so `فرنسا` or `لبنان` are not misread. A detached preposition (`لـ«قسد»`)
///   is its own token, outside the span.
/// - A hashtag inside a multiword name is part of it (`قوات #سوريا الديمقراطية`).
/// - Transliterated person names also match by a phonetic key (ج غ ق ك folded, ا و ي dropped
///   after the first letter, repeats collapsed): `ماكغورك` ≈ `مكجورك` ≈ `ماغروك`.
///
/// Keys are 64-bit hashes of normalised scalars computed in place: no string is built per token.
public struct ActorExtractor: Extractor {
    /// The name suggestions carry (the origins are made before `self` is).
    static let extractorName = "builtin.actors"
    public let name = extractorName
    public let version: String
    public let lexicon: ActorLexicon
    let index: NameIndex

    public static let algorithmVersion = "1.0"

    /// Each entry's attributes, built once: a span then shares the dictionary (a retain)
    /// instead of hashing and allocating one.
    let entryAttributes: [[String: AttributeValue]]
    /// The origins of each entry's spans, built once per entry and score (see `score`):
    /// `origins[entry * 4 + scoreIndex]`. Each keeps the JSON its spans share written out —
    /// all of it but their offsets: the label is the entry's type, the attributes its own.
    let origins: [SuggestionOrigin]

    public init(lexicon: ActorLexicon) {
        self.lexicon = lexicon
        let version = Self.algorithmVersion + "+" + lexicon.version
        self.version = version
        self.index = NameIndex(lexicon: lexicon)
        entryAttributes = lexicon.entries.map { ["actor_id": .string($0.id)] }
        // One origin per type and score writes the pieces; each entry's share them.
        var byType: [String: [SuggestionOrigin]] = [:]
        var origins: [SuggestionOrigin] = []
        origins.reserveCapacity(lexicon.entries.count * Self.scores.count)
        for (k, e) in lexicon.entries.enumerated() {
            let base =
                byType[e.type]
                ?? Self.scores.map {
                    SuggestionOrigin(extractor: Self.extractorName, version: version, score: $0, forSpansLabelled: e.type)
                }
            byType[e.type] = base
            for o in base { origins.append(o.withSharedAttributes(entryAttributes[k])) }
        }
        self.origins = origins
    }

    /// One name found: scalar range, lexicon entry, how it matched.
    public struct Match: Sendable, Hashable {
        public var start: Int
        public var end: Int
        /// Token range, inclusive.
        public var firstToken: Int
        public var lastToken: Int
        public var entry: Int
        public var cliticDepth: Int
        public var phonetic: Bool
        /// Matched a machine-translation mangling (`mt_names_ar`).
        public var machineTranslated = false
    }

    public func extract(_ document: Document) -> [Span] {
        spans(for: matches(in: TextAnalysis(document.text)))
    }

    /// The spans of some matches.
    public func spans(for matches: [Match]) -> [Span] {
        var out: [Span] = []
        appendSpans(for: matches, to: &out)
        return out
    }

    /// Appends the spans of some matches to `out`.
    public func appendSpans(for matches: [Match], to out: inout [Span]) {
        out.reserveCapacity(out.count + matches.count)
        for m in matches { out.append(originSpan(m).span(in: origins)) }
    }

    /// The spans of `matches` as offsets and an index into ``origins``, each of which holds its
    /// spans' label and attributes (the entry's type and id) and writes them.
    func appendOriginSpans(for matches: [Match], to out: inout [OriginSpan]) {
        out.reserveCapacity(out.count + matches.count)
        for m in matches { out.append(originSpan(m)) }
    }

    @inline(__always)
    func originSpan(_ m: Match) -> OriginSpan {
        OriginSpan(start: m.start, end: m.end, origin: m.entry * Self.scores.count + Self.scoreIndex(m))
    }

    /// Whether a token carries tanween (U+064B-U+064D), which proper names do not take.
    static func hasTanween(_ s: [UInt32], _ t: Token) -> Bool {
        var i = t.start
        while i < t.end {
            let v = s[i]
            if v >= 0x064B && v <= 0x064D { return true }
            i += 1
        }
        return false
    }

    /// Whether a state name at token `first` is used as a place: after a locative word (`في`,
    /// `شرق`, `إلى`, `الحدود مع` …) or with the preposition ب attached (`بسوريا`, "in Syria").
    func isLocation(_ s: [UInt32], _ tokens: [Token], _ keys: [UInt64], first: Int, depth: Int) -> Bool {
        if depth > 0 {
            var p = tokens[first].start
            if s[p] == 0x0648 || s[p] == 0x0641 { p += 1 }
            if p < tokens[first].end && s[p] == 0x0628 { return true }
        }
        var j = first - 1
        while j >= 0 && tokens[j].kind == .punctuation && tokens[j].end - tokens[j].start == 1 { j -= 1 }  // quote marks
        guard j >= 0 else { return false }
        if index.locativeWords.contains(keys[j]) { return true }
        // `على الحدود مع العراق`, `والحدود المشتركة مع العراق`
        guard keys[j] == index.withKey else { return false }
        return (j >= 1 && index.borderKeys.contains(keys[j - 1])) || (j >= 2 && index.borderKeys.contains(keys[j - 2]))
    }

    static func isOpeningQuote(_ s: [UInt32], _ t: Token) -> Bool {
        guard t.kind == .punctuation && t.end - t.start == 1 else { return false }
        switch s[t.start] {
        case 0x201C, 0x00AB, 0x0022, 0x2018, 0x201D, 0x2039, 0x0027: return true  // “ « " ‘ ” ‹ '
        default: return false
        }
    }

    static func isClosingQuote(_ s: [UInt32], _ t: Token) -> Bool {
        guard t.kind == .punctuation && t.end - t.start == 1 else { return false }
        switch s[t.start] {
        case 0x201D, 0x00BB, 0x0022, 0x2019, 0x201C, 0x203A, 0x0027: return true  // ” » " ’ “ › '
        default: return false
        }
    }

    /// 0.9 for a name as listed, 0.85 behind proclitics, 0.7 by phonetic key only, 0.5 for a
    /// machine-translation mangling.
    static let scores: [Double] = [0.9, 0.85, 0.7, 0.5]

    static func scoreIndex(_ m: Match) -> Int {
        if m.machineTranslated { return 3 }
        if m.phonetic { return 2 }
        return m.cliticDepth > 0 ? 1 : 0
    }

    static func score(_ m: Match) -> Double { scores[scoreIndex(m)] }

    /// The best name found so far at one token: its last token, entry and how it matched.
    struct Best {
        var end = -1
        var entry = 0
        var depth = 0
        var machineTranslated = false
    }

    /// Tries the names whose first token has key `firstKey` at token `i` (read with `depth`
    /// proclitics stripped): the longest wins, then the shallowest reading.
    @inline(__always)
    static func consider(
        _ index: NameIndex, _ firstKey: UInt64, depth: Int, at i: Int, keys: [UInt64], tokens: [Token], best: inout Best
    ) {
        guard let cands = index.candidates(firstKey) else { return }
        let n = tokens.count
        for c in cands {
            let p = Int(index.candidateIDs[c])
            let length = index.length(p)
            let last = i + length - 1
            guard last < n, last > best.end || (last == best.end && depth < best.depth) else { continue }
            var k = 1
            while k < length && keys[i + k] == index.token(p, k) { k += 1 }
            guard k == length, tokens[last].kind != .hashtag || last == i else { continue }
            best = Best(end: last, entry: index.entry(p), depth: depth, machineTranslated: index.machineTranslated(p))
        }
    }

    /// The names in an analysed text, left to right, longest first, never overlapping.
    /// `memo` remembers, across the texts of one run, the words that start nothing as they stand
    /// (most words): they are looked up by key instead of being re-read scalar by scalar.
    public func matches(in a: TextAnalysis, memo: ActorWordMemo? = nil) -> [Match] {
        let s = a.values
        let tokens = a.tokens
        let n = tokens.count
        let keys = a.keys
        // A local copy, read once: through `self` the loop reloaded (and spilled) every field of
        // the index for each word.
        let index = self.index
        var out: [Match] = []
        out.reserveCapacity(n / 8 + 4)  // about one name in ten tokens: few regrowths
        var i = 0
        while i < n {
            guard tokens[i].kind == .word else {
                i += 1
                continue
            }
            // A word known to start nothing as it stands (no name, no force phrase, no phonetic
            // key): only its proclitic readings are tried, and a word without any is skipped.
            let dead = memo?.cannotStart(keys[i]) == true
            if dead && a.stemStarts[i] == a.stemStarts[i + 1] {
                i += 1
                continue
            }
            var best = Best()
            if !dead { Self.consider(index, keys[i], depth: 0, at: i, keys: keys, tokens: tokens, best: &best) }
            var r = Int(a.stemStarts[i])
            while r < Int(a.stemStarts[i + 1]) {
                Self.consider(index, a.stemKeys[r], depth: Int(a.stemDepths[r]), at: i, keys: keys, tokens: tokens, best: &best)
                r += 1
            }
            var bestEnd = best.end
            var bestEntry = best.entry
            let bestDepth = best.depth
            let bestMT = best.machineTranslated
            var phonetic = false
            // A name in quotes after its kind word: `تنظيم “الدولة”` is the name تنظيم الدولة,
            // and the span is the quoted part only (guidelines, actors B4).
            if bestEnd < 0, !dead, i + 2 < n, Self.isOpeningQuote(s, tokens[i + 1]), let cands = index.candidates(keys[i]) {
                for c in cands {
                    let p = Int(index.candidateIDs[c])
                    let length = index.length(p)
                    let last = i + length
                    guard length >= 2, last + 1 < n, Self.isClosingQuote(s, tokens[last + 1]) else { continue }
                    var k = 1
                    while k < length && keys[i + 1 + k] == index.token(p, k) { k += 1 }
                    guard k == length else { continue }
                    out.append(
                        Match(
                            start: tokens[i + 2].start, end: tokens[last].end, firstToken: i + 2, lastToken: last,
                            entry: index.entry(p), cliticDepth: 0, phonetic: false, machineTranslated: index.machineTranslated(p))
                    )
                    bestEnd = last
                    break
                }
                if bestEnd >= 0 {
                    i = bestEnd + 1
                    continue
                }
            }
            // A force phrase split by a framing cue: `قوات الاحتلال الأمريكي والفرنسي` — the
            // nationality words are the actors (the forces of those states), the cue is stance's.
            if bestEnd < 0, !dead, keys[i] == index.forcesKey, i + 2 < n, index.forceSplittingCues.contains(keys[i + 1]) {
                var j = i + 2
                while j < n, tokens[j].kind == .word {
                    var stem = tokens[j].start
                    if j > i + 2 {
                        guard s[stem] == 0x0648 else { break }  // و joins the next one
                        stem += 1
                    }
                    let feminine = MatchKey.of(s, stem, tokens[j].end, appending: 0x0647)  // الأمريكي → الأمريكيه
                    guard let e = index.forcesByNationality[feminine] else { break }
                    out.append(
                        Match(
                            start: tokens[j].start, end: tokens[j].end, firstToken: j, lastToken: j,
                            entry: e, cliticDepth: j > i + 2 ? 1 : 0, phonetic: false))
                    j += 1
                }
                if j > i + 2 {
                    i = j
                    continue
                }
            }
            if bestEnd < 0, !dead, index.maxPhoneticTokens > 0 {
                var key: UInt64 = 0
                var k = 0
                while k < index.maxPhoneticTokens && i + k < n && tokens[i + k].kind == .word {
                    let (pk, letters) = MatchKey.phonetic(s, tokens[i + k].start, tokens[i + k].end)
                    if k == 0 && (letters < 3 || index.phoneticFirstMap[pk] == nil) {
                        // Remembered only if the word starts no name or force phrase either.
                        if let memo, keys[i] != index.forcesKey, index.candidates(keys[i]) == nil {
                            memo.recordCannotStart(keys[i])
                        }
                        break
                    }
                    if letters < 3 { break }
                    key = k == 0 ? pk : MatchKey.combine(key, pk)
                    if let e = index.phoneticMap[key] {
                        bestEnd = i + k
                        bestEntry = Int(e)
                        phonetic = true
                    }
                    k += 1
                }
            }
            if bestEnd >= 0, Self.hasTanween(s, tokens[bestEnd]) {
                bestEnd = -1  // `سورياً` in `مقاتلاً سورياً` is an adjective: names take no tanween
            }
            if bestEnd >= 0, lexicon.entries[bestEntry].type == "STATE", isLocation(s, tokens, keys, first: i, depth: bestDepth) {
                i = bestEnd + 1  // `في شرق سوريا`: a state named as a place is not an actor (guidelines)
                continue
            }
            if bestEnd >= 0 {
                out.append(
                    Match(
                        start: tokens[i].start, end: tokens[bestEnd].end, firstToken: i, lastToken: bestEnd,
                        entry: bestEntry, cliticDepth: bestDepth, phonetic: phonetic, machineTranslated: bestMT))
                i = bestEnd + 1
            } else {
                i += 1
            }
        }
        return out
    }
}

/// The words, by token key, that start nothing as they stand — no name of the lexicon begins
/// with them, they are not `قوات`, and their phonetic key is short or starts no name —
/// remembered over the texts of one run: all three depend only on the word's normalised
/// scalars, which its token key stands for, so a word seen once is never re-read scalar by
/// scalar, and one without proclitic readings is skipped at once. A fixed table (a key per slot, the newest wins), so memory stays
/// flat however large the corpus; a miss only costs the computation it saves. Not thread-safe:
/// one per pipeline (``BuiltinSuite`` holds one).
public final class ActorWordMemo: @unchecked Sendable {
    let table = WordSlots()

    public init() {}

    /// Whether the word with token key `key` is known to start nothing as it stands.
    @inline(__always) func cannotStart(_ key: UInt64) -> Bool { table.holds(key) }

    @inline(__always) func recordCannotStart(_ key: UInt64) { table.put(key) }
}

/// The lexicon's Arabic names as sequences of token keys.
struct NameIndex: Sendable {
    struct Pattern: Sendable {
        var tokens: [UInt64]
        var entry: Int
        var machineTranslated = false
    }

    var patterns: [Pattern] = []
    /// Patterns flattened for the hot loop (no array retained per lookup): the tokens of
    /// pattern p are `flatTokens[starts[p] ..< starts[p] + lengths[p]]`.
    var flatTokens: [UInt64] = []
    var starts: [Int32] = []
    var lengths: [Int32] = []
    var entries: [Int32] = []
    var mtFlags: [Bool] = []
    /// Candidate patterns per first-token key, as (offset << 32 | count) into `candidateIDs`.
    var byFirstToken = KeyMap<UInt64>()
    var candidateIDs: [Int32] = []

    @inline(__always) func candidates(_ key: UInt64) -> Range<Int>? {
        guard let packed = byFirstToken[key] else { return nil }
        let offset = Int(packed >> 32)
        return offset..<offset + Int(packed & 0xFFFF_FFFF)
    }
    @inline(__always) func length(_ p: Int) -> Int { Int(lengths[p]) }
    @inline(__always) func token(_ p: Int, _ k: Int) -> UInt64 { flatTokens[Int(starts[p]) + k] }
    @inline(__always) func entry(_ p: Int) -> Int { Int(entries[p]) }
    @inline(__always) func machineTranslated(_ p: Int) -> Bool { mtFlags[p] }
    var byPhonetic: [UInt64: Int] = [:]
    var phoneticFirst: Set<UInt64> = []
    /// `byPhonetic` and `phoneticFirst` as key maps, for the hot loop.
    var phoneticMap = KeyMap<Int32>()
    var phoneticFirstMap = KeyMap<Bool>()
    var maxPhoneticTokens = 0
    /// `قوات` and the cues that split a force phrase (`الاحتلال`, `المحتل`).
    let forcesKey: UInt64
    /// Words after which a state's name is a place.
    let locativeWords: KeySet
    let withKey: UInt64
    let borderKeys: KeySet
    let forceSplittingCues: KeySet
    /// Forces by their nationality adjective in the feminine, from names `القوات X`
    /// (`القوات الأمريكية` → US_MIL).
    var forcesByNationality: [UInt64: Int] = [:]

    static func key(_ word: String) -> UInt64 {
        let s = scalarValues(of: word)
        return MatchKey.of(s, 0, s.count)
    }

    init(lexicon: ActorLexicon) {
        forcesKey = Self.key("قوات")
        locativeWords = KeySet(
            [
                "في", "فى", "شرق", "شرقي", "غرب", "غربي", "شمال", "شمالي", "جنوب", "جنوبي", "وسط", "داخل", "خارج", "أنحاء",
                "إلى", "الى", "نحو", "وفي", "مقره", "ومقره", "ريف", "بادية", "أراضي", "حدود", "عبر", "مدن", "محافظات", "مناطق",
            ].map(Self.key))
        withKey = Self.key("مع")
        borderKeys = [Self.key("الحدود"), Self.key("حدود"), Self.key("والحدود")]
        forceSplittingCues = [Self.key("الاحتلال"), Self.key("المحتل"), Self.key("المحتلة")]
        let theForces = Self.key("القوات")
        var seen: Set<[UInt64]> = []
        var firstTokenLists: [UInt64: [Int32]] = [:]
        var phoneticAmbiguous: Set<UInt64> = []
        let tokenizer = Tokenizer()
        for (ei, e) in lexicon.entries.enumerated() {
            for (name, mt) in e.namesAR.map({ ($0, false) }) + e.mtNamesAR.map({ ($0, true) }) {
                let a = TextAnalysis(name, tokenizer: tokenizer)
                let toks = a.tokens.map { t in
                    t.kind == .hashtag ? MatchKey.of(a.values, t.start + 1, t.end) : MatchKey.of(a.values, t.start, t.end)
                }
                // The first entry wins a name two entries share.
                guard !toks.isEmpty, a.tokens[0].kind == .word, seen.insert(toks).inserted else { continue }
                if toks.count == 2, toks[0] == theForces, !mt, e.type == "STATE_FORCE", forcesByNationality[toks[1]] == nil {
                    forcesByNationality[toks[1]] = ei
                }
                firstTokenLists[toks[0], default: []].append(Int32(patterns.count))
                patterns.append(Pattern(tokens: toks, entry: ei, machineTranslated: mt))
                guard !mt, e.type == "PERSON", a.tokens.allSatisfy({ $0.kind == .word }) else { continue }
                let keys = a.tokens.map { MatchKey.phonetic(a.values, $0.start, $0.end) }
                // Short keys match too much (رايان → رن); only distinctive names go in.
                guard keys.allSatisfy({ $0.letters >= 3 }), keys.reduce(0, { $0 + $1.letters }) >= 4 else { continue }
                var k = keys[0].key
                for x in keys.dropFirst() { k = MatchKey.combine(k, x.key) }
                if let other = byPhonetic[k], other != ei { phoneticAmbiguous.insert(k) }
                byPhonetic[k] = ei
                phoneticFirst.insert(keys[0].key)
                maxPhoneticTokens = max(maxPhoneticTokens, keys.count)
            }
        }
        for k in phoneticAmbiguous { byPhonetic.removeValue(forKey: k) }
        for (k, e) in byPhonetic { phoneticMap[k] = Int32(e) }
        for k in phoneticFirst { phoneticFirstMap[k] = true }
        for p in patterns {
            starts.append(Int32(flatTokens.count))
            lengths.append(Int32(p.tokens.count))
            flatTokens += p.tokens
            entries.append(Int32(p.entry))
            mtFlags.append(p.machineTranslated)
        }
        for (key, list) in firstTokenLists {
            byFirstToken[key] = UInt64(candidateIDs.count) << 32 | UInt64(list.count)
            candidateIDs += list
        }
    }
}
