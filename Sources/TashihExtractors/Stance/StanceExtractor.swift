import TashihModel
import TashihText

/// What the built-in extractors remember of an article while they go through its paragraphs
/// in order: the actors named so far and the targets cues took, so that a cue with no actor
/// in its own paragraph (`وذكر المصدر أن العدوان وقع`) can find the one the article means.
public struct ArticleContext: Sendable {
    /// The article (`meta.source`) this context is for; a new one resets it.
    public private(set) var source: String?
    /// Actors named so far, in order: (actor_id, label).
    var actors: [(id: String, label: String)] = []
    /// The last target each cue took, by the cue's name (``StanceExtractor/cueNames``): an
    /// integer key, not the Arabic name, whose hashing normalises it first.
    var lastTargetByCue: [Int: String] = [:]
    /// Mentions of each armed group so far (confident matches only).
    /// (An article names a handful: a list searched in order, where a dictionary hashed the id
    /// on every mention.)
    var armedGroupMentions: [(id: String, count: Int)] = []

    /// Counts a mention of armed group `id`.
    mutating func countMention(_ id: String) { Self.count(id, in: &armedGroupMentions) }

    static func count(_ id: String, in counts: inout [(id: String, count: Int)]) {
        if let k = counts.firstIndex(where: { $0.id == id }) { counts[k].count += 1 } else { counts.append((id, 1)) }
    }

    /// The armed group named most so far, counting `extra` mentions too (ties: the first named).
    func mainArmedGroup(adding extra: [ActorLexicon.Entry]) -> String? {
        var counts = armedGroupMentions
        for e in extra where e.type == "ARMED_GROUP" { Self.count(e.id, in: &counts) }
        let order = actors.map(\.id) + extra.map(\.id)
        return counts.max { a, b in
            a.count != b.count ? a.count < b.count : (order.firstIndex(of: a.id) ?? 0) > (order.firstIndex(of: b.id) ?? 0)
        }?.id
    }

    public init() {}

    /// Starts a new article unless `source` is the current one (nil always starts anew).
    public mutating func enter(source: String?) {
        if source == nil || source != self.source {
            // Emptied in place: the storage an article grew is kept for the next one (a
            // corpus changes article every few records).
            actors.removeAll(keepingCapacity: true)
            actors.reserveCapacity(32)  // an article names dozens: grown once, not five times
            lastTargetByCue.removeAll(keepingCapacity: true)
            armedGroupMentions.removeAll(keepingCapacity: true)
            self.source = source
        }
    }
}

/// The built-in stance extractor: framing cues from the stance lexicon and the actor each one
/// frames (the `target`), following guidelines/stance.md.
///
/// - Cues match like names: normalised, whole tokens, up to two proclitics (`باستشهاد`, `لنظام`),
///   longest first; a cue inside an actor's name (`جيش الثوار`) is not a cue.
/// - The target is found by the cue's `attach` (see `StanceLexicon.Attach`); a cue whose target
///   cannot be found is not suggested (guidelines: no identifiable actor, no stance span),
///   except that a cue on the dead (`باستشهاد 11 مدنيا`) targets `CIVILIANS`.
/// - Media are never targets (they report, they are not framed), nor is a state named inside a
///   leader phrase (`الذي تقوده أميركا`) — the phrase describes the actor before it.
public struct StanceExtractor: Sendable {
    /// The name suggestions carry (the origins are made before `self` is).
    static let extractorName = "builtin.stance"
    public let name = extractorName
    public let version: String
    public let lexicon: StanceLexicon
    let actorLexicon: ActorLexicon
    var patterns: [(tokens: [UInt64], cue: Int)] = []
    var byFirstToken = KeyMap<[Int]>()
    let blockers: KeySet
    let leaderWords: KeySet
    let civilianWords: KeySet
    let selfWords: KeySet
    /// Words that are cues on their own (one-token forms).
    var singleTokenCues = KeySet()
    /// Generic group nouns (`الجماعة`): a cue on one frames the article's main armed group.
    let groupNouns: KeySet
    /// The key of `من`, which does not block a target after a cue when `allowMin`.
    let minKey: UInt64
    /// For each cue of the lexicon, the index of the first cue with its name (`cue`): cues
    /// that share a name share their last target.
    let cueNames: [Int]
    /// The origins of each cue's spans (its polarity is their label), for a target found
    /// directly (score 0.8) and through the article (0.6).
    let cueOrigins: [(direct: SuggestionOrigin, indirect: SuggestionOrigin)]

    public static let algorithmVersion = "1.0"
    /// The target of cues on civilians (not an actor of the lexicon: guidelines/stance.md).
    public static let civilians = "CIVILIANS"

    public init(lexicon: StanceLexicon, actorLexicon: ActorLexicon) {
        self.lexicon = lexicon
        self.actorLexicon = actorLexicon
        version = Self.algorithmVersion + "+" + lexicon.version + "+" + actorLexicon.version
        var firstByName: [String: Int] = [:]
        cueNames = lexicon.cues.indices.map { i in
            if let first = firstByName[lexicon.cues[i].cue] { return first }
            firstByName[lexicon.cues[i].cue] = i
            return i
        }
        let version = version
        cueOrigins = lexicon.cues.map { c in
            (
                SuggestionOrigin(extractor: Self.extractorName, version: version, score: 0.8, forSpansLabelled: c.polarity),
                SuggestionOrigin(extractor: Self.extractorName, version: version, score: 0.6, forSpansLabelled: c.polarity)
            )
        }
        var seen: Set<[UInt64]> = []
        for (ci, c) in lexicon.cues.enumerated() {
            for form in c.forms {
                let a = TextAnalysis(form)
                let toks = a.tokens.map { MatchKey.of(a.values, $0.start, $0.end) }
                guard !toks.isEmpty, seen.insert(toks).inserted else { continue }
                byFirstToken[toks[0]] = (byFirstToken[toks[0]] ?? []) + [patterns.count]
                patterns.append((toks, ci))
                if toks.count == 1 { singleTokenCues.insert(toks[0]) }
            }
        }
        func keys(_ words: [String]) -> KeySet {
            KeySet(
                words.map { w in
                    let s = scalarValues(of: w)
                    return MatchKey.of(s, 0, s.count)
                })
        }
        blockers = keys(["على", "ضد", "في", "إلى", "الى", "عن", "مع", "من", "بين"])
        leaderWords = keys(["تقوده", "يقوده", "تقودها", "يقودها", "بقيادة", "وبقيادة"])
        civilianWords = keys(["مدني", "مدنيا", "مدنياً", "مدنيين", "مدنيون", "المدنيين", "المدنيون", "مدنية", "أطفال", "نساء"])
        selfWords = keys(["نفسها", "نفسه", "ذاتها", "ذاته"])
        groupNouns = keys(["الجماعة", "المجموعة", "الجماعات", "المجموعات", "الفصيل", "الفصائل", "التنظيم", "التنظيمات"])
        let min = scalarValues(of: "من")
        minKey = MatchKey.of(min, 0, min.count)
    }

    /// Whether some cue form starts with the word of key `key`.
    @inline(__always) func startsACue(_ key: UInt64) -> Bool { byFirstToken[key] != nil }

    /// A cue found in the text: token range, scalar range, which cue.
    struct CueMatch {
        var first: Int
        var last: Int
        var start: Int
        var end: Int
        var cue: Int
        /// The first token of the matched form, head included.
        var headStart: Int
    }

    /// The best cue form found so far at one token.
    struct CueBest {
        var last = -1
        var cue = 0
        var depth = 0
    }

    /// Tries the cue forms whose first token has key `key` at token `i`: longest, then shallowest.
    @inline(__always)
    static func considerCue(
        _ byFirstToken: KeyMap<[Int]>, _ patterns: [(tokens: [UInt64], cue: Int)], _ key: UInt64, depth: Int, at i: Int,
        keys: [UInt64], insideActor: [Bool], best: inout CueBest
    ) {
        guard let cands = byFirstToken[key] else { return }
        let n = keys.count
        for p in cands {
            let pat = patterns[p]
            let last = i + pat.tokens.count - 1
            guard last < n, last > best.last || (last == best.last && depth < best.depth) else { continue }
            var k = 1
            while k < pat.tokens.count && keys[i + k] == pat.tokens[k] && !insideActor[i + k] { k += 1 }
            if k == pat.tokens.count { best = CueBest(last: last, cue: pat.cue, depth: depth) }
        }
    }

    /// The stance spans of an analysed document, given its actor matches; updates `context`
    /// with this paragraph's actors and targets.
    public func spans(analysis a: TextAnalysis, actors: [ActorExtractor.Match], context: inout ArticleContext) -> [Span] {
        let s = a.values
        let tokens = a.tokens
        let n = tokens.count
        let keys = a.keys
        /// The key of token `t` without its proclitics (the deepest split), for single-cue checks.
        func stemKey(_ t: Int) -> UInt64 {
            var deepest: ProcliticSplit?
            Tokenizer().forEachProcliticSplit(of: tokens[t], inValues: s) { deepest = $0 }
            guard let last = deepest, last.depth > 0 else { return keys[t] }
            return MatchKey.of(s, last.stemStart, tokens[t].end)
        }
        var insideActor = [Bool](copyingScratch: n) { b, count in  // not `repeating:`: see `copyingScratch`
            b.initialize(repeating: false)
            count = n
        }
        for m in actors { for t in m.firstToken...m.lastToken { insideActor[t] = true } }

        // 1. The cues. The cue map read through a local: through `self`, the loop reloaded its
        // fields for every word.
        let byFirst = byFirstToken
        let patterns = self.patterns
        var cues: [CueMatch] = []
        var i = 0
        while i < n {
            guard tokens[i].kind == .word, !insideActor[i] else {
                i += 1
                continue
            }
            var best = CueBest()
            Self.considerCue(byFirst, patterns, keys[i], depth: 0, at: i, keys: keys, insideActor: insideActor, best: &best)
            var r = Int(a.stemStarts[i])
            while r < Int(a.stemStarts[i + 1]) {
                Self.considerCue(
                    byFirst, patterns, a.stemKeys[r], depth: Int(a.stemDepths[r]), at: i, keys: keys, insideActor: insideActor,
                    best: &best)
                r += 1
            }
            if best.last >= 0 {
                let b = best
                // A form with a neutral head (`التنظيمات الإرهابية`, `مجموعات إرهابية`): the head
                // only helps find the target; the span is the cue word (guidelines S1).
                var first = i
                while first < b.last && !singleTokenCues.contains(keys[first]) && !singleTokenCues.contains(stemKey(first)) {
                    first += 1
                }
                if first == b.last && b.last > i && !singleTokenCues.contains(keys[first]) { first = i }
                cues.append(
                    CueMatch(
                        first: first, last: b.last, start: tokens[first].start, end: tokens[b.last].end, cue: b.cue, headStart: i)
                )
                i = b.last + 1
            } else {
                i += 1
            }
        }

        // 2. Their targets.
        let sentences = cues.isEmpty ? [] : Segmenter.sentences(values: a.values, tokens: a.tokens)
        func sentence(of offset: Int) -> Range<Int> {
            sentences.first { $0.lowerBound <= offset && offset < $0.upperBound } ?? 0..<s.count
        }
        func usable(_ m: ActorExtractor.Match) -> Bool {
            if actorLexicon.entries[m.entry].type == "MEDIA" { return false }
            // `التحالف الذي تقوده أميركا`: the state describes the coalition, it is not framed.
            var j = m.firstToken - 1
            while j >= 0 && tokens[j].kind == .punctuation { j -= 1 }
            return !(j >= 0 && leaderWords.contains(keys[j]))
        }
        func following(_ c: CueMatch, maxGap: Int, allowMin: Bool) -> ActorExtractor.Match? {
            let sent = sentence(of: c.start)
            for m in actors where m.start >= c.end && m.start < sent.upperBound {
                var words = 0
                var blocked = false
                for t in (c.last + 1)..<m.firstToken where tokens[t].kind == .word {
                    words += 1
                    if blockers.contains(keys[t]) && !(allowMin && keys[t] == minKey) { blocked = true }
                }
                if words > maxGap || blocked { return nil }
                if usable(m) { return m }
            }
            return nil
        }
        func preceding(_ c: CueMatch, maxGap: Int?) -> ActorExtractor.Match? {
            let sent = sentence(of: c.start)
            for m in actors.reversed() where m.end <= c.start && m.start >= sent.lowerBound {
                if let maxGap {
                    let words = (m.lastToken + 1..<c.first).filter { tokens[$0].kind == .word }.count
                    if words > maxGap { return nil }
                }
                if usable(m) { return m }
            }
            return nil
        }
        func id(_ m: ActorExtractor.Match) -> String { actorLexicon.entries[m.entry].id }
        /// The article's last usable actor before this cue: this paragraph first, then earlier ones.
        func lastInArticle(before offset: Int, label: String? = nil) -> String? {
            for m in actors.reversed() where m.end <= offset && usable(m) {
                if label == nil || actorLexicon.entries[m.entry].type == label { return id(m) }
            }
            for a in context.actors.reversed() where label == nil || a.label == label { return a.id }
            return nil
        }

        var out: [Span] = []
        var targets: [(end: Int, sentence: Range<Int>, target: String)] = []
        for c in cues {
            let cue = lexicon.cues[c.cue]
            var target: String?
            var direct = true
            let sent = sentence(of: c.start)
            switch cue.attach {
            case .ruler:
                if let m = following(c, maxGap: 0, allowMin: false), actorLexicon.entries[m.entry].type == "PERSON" {
                    target = actorLexicon.entries[m.entry].parent
                }
            case .followingActor:
                if let m = following(c, maxGap: 1, allowMin: false) {
                    target = id(m)
                } else if cue.polarity == "SUPPORTIVE",
                    (c.last + 1..<min(n, c.last + 4)).contains(where: { civilianWords.contains(keys[$0]) })
                {
                    target = Self.civilians  // `باستشهاد 11 مدنيا`: the side of the dead
                } else if c.last + 1 < n, selfWords.contains(keys[c.last + 1]) {
                    target = context.lastTargetByCue[cueNames[c.cue]]  // `الميليشيا نفسها`
                    direct = false
                }
            case .precedingActor:
                if c.first > 0, groupNouns.contains(keys[c.first - 1]), !insideActor[c.first - 1],
                    let main = context.mainArmedGroup(
                        adding: actors.filter { $0.end <= c.start && !$0.machineTranslated }.map {
                            actorLexicon.entries[$0.entry]
                        })
                {
                    target = main  // `الجماعة المتطرفة`: the group the article is about
                    direct = false
                } else if let m = preceding(c, maxGap: nil) {
                    target = id(m)
                }
            case .samePhrase:
                if let m = following(c, maxGap: 1, allowMin: true) ?? preceding(c, maxGap: 1) {
                    target = id(m)
                } else {
                    target = lastInArticle(before: c.start, label: "ARMED_GROUP")  // `للتنظيمات الإرهابية`
                    direct = false
                }
            case .eventAgent:
                let token = tokens[c.last]
                let tail = Array(s[max(token.start, token.end - 2)..<token.end])
                let possessive = tail == [0x0647, 0x0627] || tail == [0x0647, 0x0645]  // -ها, -هم
                if possessive, let t = targets.last(where: { $0.sentence == sent })?.target {
                    target = t  // `اعتداءاتها`: "its attacks", the actor the sentence just framed
                } else if let m = following(c, maxGap: 1, allowMin: false) ?? preceding(c, maxGap: nil) {
                    target = id(m)
                } else {
                    target = lastInArticle(before: c.start)
                    direct = false
                }
            }
            guard let target else { continue }
            context.lastTargetByCue[cueNames[c.cue]] = target
            targets.append((c.end, sent, target))
            out.append(
                Span(
                    start: c.start, end: c.end, label: cue.polarity, attributes: ["target": .string(target)],
                    origin: direct ? cueOrigins[c.cue].direct : cueOrigins[c.cue].indirect))
        }
        for m in actors where usable(m) {
            let id = actorLexicon.entries[m.entry].id
            let type = actorLexicon.entries[m.entry].type
            context.actors.append((id, type))
            if type == "ARMED_GROUP" && !m.machineTranslated { context.countMention(id) }
        }
        return out
    }
}
