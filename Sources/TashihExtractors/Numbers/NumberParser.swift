// Reads number expressions off the token stream of `NumberLexer`.
//
// For each token that can start a number (digits, a number word, a vague quantity, a counting
// dual) it parses the number itself (the "core"), then looks around it: the approximator before
// or after (qualifier), a second number (range), the percent marker or the unit (label), the
// counted noun, and the context words (category). Dates, clock times, years, ordinals and
// identifiers are filtered out before anything is emitted.
//
// Decisions (see also NumberExtractor.swift):
// - A lone `واحد/واحدة` is "one of", not a count; it counts only inside a compound (`واحد وعشرون`),
//   before a percent marker (`واحد في المئة`) or as part of a measure.
// - Definite numbers (`الـ23`, `الخمسة`) are ordinals or anaphora unless a unit (`الـ 72 ساعة`)
//   or a known countable noun follows.
// - Definite duals (`الجانبين`, `القريتين`) are anaphoric (and القريتين is also a town): no span.
//   A definite time dual followed by الماضيين/الأخيرين/المقبلين… is a duration (MEASURE 2).
// - Duals count only for people, fighters, vehicles/weapons and places (NumLexicon.dualNouns);
//   `هجومين` (two attacks) is an event, not a counted entity: no span. Ambiguous plural/dual
//   forms (`مقاتلين`, `مدنيين`, `مسلحين`) are plurals.
// - Fractions (`نصف`, `ثلث`, `ربع`) are no span on their own: `نصف المقاتلين` is a proportion of an
//   unknown total, not a count. They count before a multiplier (`نصف مليون` = 500000) and measure
//   before a unit (`نصف ساعة` = MEASURE 0.5); `مليون ونصف` = 1.5 million.
// - Vague quantities get ACLED's values (بضعة/عدة 3, عشرات 10, مئات 100, آلاف 1000) and `approx`
//   unless an explicit qualifier precedes; `عشرات الآلاف` = 10000.
// - `أو أكثر` after a number is `at_least` (the number itself is included); `ما يصل إلى` is `at_most`.
// - Category: an equipment noun wins (`1130 شاحنة`), then a casualty noun (`قتيل`, `جرحى`), then the
//   nearest context word within the clause (commas cost two words), then the noun's class.
//   Equipment words elsewhere in the clause (a car bomb) say how, not what was counted, so they do
//   not make a count of people "equipment". A place or event noun (قرية, هجوم) keeps `other`.
// - Not counts: 0; numbers naming a unit, resolution or road (`الفرقة 17`, `القرار 2254`); a
//   year-shaped number (1900–2099) with no qualifier, unit, percent or known counted noun
//   (`(2018)`, `منذ 2011`) — a real count of that size comes with its noun or approximator.
// - A MEASURE's `counted` attribute is its unit lemma (`ساعة`, `كم مربع`); a PERCENT has none.
// - `عدد من` (a number of) is not a vague quantity: it has no value to give.

struct NumberParser {
    let s: UnsafeBufferPointer<UInt32>
    /// The lexer's tokens, through a buffer pointer: read by index all through the parser, and
    /// an array checked the bounds of every read (every index is checked by the parser first).
    let t: UnsafeBufferPointer<NumToken>
    let triggers = NumLexicon.triggers
    var out: [NumberMatch] = []
    /// Remembers the cue of words over the texts of a run (nil: look every word up).
    let cueMemo: NumberScratch?

    init(_ s: UnsafeBufferPointer<UInt32>, _ t: UnsafeBufferPointer<NumToken>, cueMemo: NumberScratch? = nil) {
        self.s = s
        self.t = t
        self.cueMemo = cueMemo
    }

    struct Core {
        enum Form { case digits, words, vague, fraction, dualNoun, dualUnit }
        var first: Int
        var last: Int
        var value: Double
        var form: Form
        var multiplier: Double = 1
        var definite = false
        var isLoneOne = false
        var isLoneTwo = false
        var entry = -1
    }

    // MARK: Token helpers

    /// Token `i` exists, is on the same line as token i-1, and is not part of a hashtag/URL.
    @inline(__always) func inLine(_ i: Int) -> Bool { i >= 0 && i < t.count && !t[i].lineStart }

    /// The key of word token `i` if it continues the line.
    @inline(__always) func wordAfter(_ i: Int) -> UInt64? {
        guard inLine(i), t[i].kind == .word, !t[i].suppressed else { return nil }
        return t[i].key
    }

    /// The key of word token `i - 1` when token `i` continues its line.
    @inline(__always) func wordBefore(_ i: Int) -> UInt64? {
        guard i >= 1, i < t.count, !t[i].lineStart, t[i - 1].kind == .word else { return nil }
        return t[i - 1].key
    }

    @inline(__always) func isPunct(_ i: Int, _ v: UInt32) -> Bool {
        i >= 0 && i < t.count && t[i].kind == .punct && t[i].key == UInt64(v)
    }

    // MARK: Driver

    mutating func run() -> [NumberMatch] {
        var i = 0
        while i < t.count {
            let tk = t[i]
            if tk.suppressed {
                i += 1
                continue
            }
            let kind = tk.kind.rawValue
            if kind == NumToken.Kind.punct.rawValue, tk.key == 0x25 || tk.key == 0x66A, let next = percentBefore(i) {
                i = next
                continue
            }
            if kind == NumToken.Kind.number.rawValue
                || (kind == NumToken.Kind.word.rawValue && tk.len <= NumFold.maxLetters && triggers.index(tk.key) >= 0)
            {
                if let next = match(i) {
                    i = max(next, i + 1)
                    continue
                }
            }
            i += 1
        }
        return out
    }

    // MARK: The number itself

    func parseCore(_ i: Int) -> Core? {
        guard i >= 0, i < t.count else { return nil }
        let tk = t[i]
        if tk.suppressed { return nil }
        switch tk.kind {
        case .number:
            if tk.notCount { return nil }
            var c = Core(first: i, last: i, value: tk.value, form: .digits)
            applyMultiplier(&c)
            if let w = wordBefore(i), NumLexicon.definiteMarkers.contains(w) { c.definite = true }
            return c
        case .word:
            guard let tr = triggers[tk.key] else { return nil }
            if tr.requiresTaMarbuta && !endsWithTaMarbuta(i) { return nil }
            switch tr.kind {
            case .unit, .teenHead, .ten, .hundred, .thousand, .million:
                return parseWords(i, tr)
            case .thousandsPlural, .millionsPlural, .vague:
                return parseVague(i, tr)
            case .fraction:
                return parseFraction(i, tr)
            case .dualNoun, .dualUnit:
                var c = Core(first: i, last: i, value: 2, form: tr.kind == .dualNoun ? .dualNoun : .dualUnit)
                c.definite = tr.article
                c.entry = tr.entry
                return c
            }
        default:
            return nil
        }
    }

    /// The bare multiplier word after a number: `20 ألف`, `37الف`, `5 ملايين`, `1.5 مليون`.
    func multiplierWord(_ i: Int) -> Trigger? {
        guard let key = wordAfter(i), let tr = triggers[key], tr.prefixLen == 0, tr.multiplier > 0 else { return nil }
        switch tr.kind {
        case .thousand, .thousandsPlural, .million, .millionsPlural: return tr
        default: return nil
        }
    }

    func applyMultiplier(_ c: inout Core) {
        guard let m = multiplierWord(c.last + 1) else { return }
        c.value *= m.multiplier
        c.multiplier = m.multiplier
        c.last += 1
        if let h = wordAfter(c.last + 1), NumLexicon.andHalf.contains(h) {
            c.value += 0.5 * m.multiplier
            c.last += 1
        }
    }

    func endsWithTaMarbuta(_ i: Int) -> Bool {
        var e = Int(t[i].end) - 1
        while e > Int(t[i].start) && NumFold.fold(s[e]).cls == .drop { e -= 1 }
        return s[e] == 0x629
    }

    /// Number words: units, teens, tens, hundreds, thousands, millions and their و compounds.
    func parseWords(_ i: Int, _ tr: Trigger) -> Core? {
        var total = 0.0
        var cur = 0.0
        var mag = 0  // what `cur` holds last: 1 a unit, 2 tens or a teen, 3 hundreds
        var lastMult = 0.0
        var j = i
        let teenFollows: (Int) -> Bool = { k in
            if let w = self.wordAfter(k + 1), NumLexicon.teenSuffix.contains(w) { return true }
            return false
        }
        switch tr.kind {
        case .unit:
            if tr.value <= 9 && teenFollows(j) {
                cur = 10 + tr.value
                mag = 2
                j += 1
            } else if tr.value >= 3 && tr.value <= 9, let w = wordAfter(j + 1), NumLexicon.hundredWord.contains(w) {
                cur = tr.value * 100
                mag = 3
                j += 1
            } else {
                // `التاسع عشر`, `الحادي عشر`: the عشر of an ordinal.
                if tr.value == 10, let w = wordBefore(i), NumLexicon.ordinals.contains(w) { return nil }
                cur = tr.value
                mag = 1
            }
        case .teenHead:
            guard teenFollows(j) else { return nil }
            cur = 10 + tr.value
            mag = 2
            j += 1
        case .ten:
            cur = tr.value
            mag = 2
        case .hundred:
            cur = tr.value
            mag = 3
        case .thousand:
            total = tr.value
            lastMult = 1000
        case .million:
            total = tr.value
            lastMult = tr.value >= 1e9 ? 1e9 : 1e6
        default:
            return nil
        }
        var applied = false
        loop: while true {
            let n = j + 1
            guard let key = wordAfter(n), let nt = triggers[key] else { break }
            if nt.prefixLen == 0, cur > 0, let m = multiplierWord(n) {
                guard lastMult == 0 || m.multiplier < lastMult else { break }
                total += cur * m.multiplier
                cur = 0
                mag = 0
                lastMult = m.multiplier
                applied = true
                j = n
                if let h = wordAfter(j + 1), NumLexicon.andHalf.contains(h) {
                    total += 0.5 * m.multiplier
                    j += 1
                    break
                }
                continue
            }
            if nt.kind == .fraction, lastMult > 0, cur == 0, NumLexicon.andHalf.contains(key) {
                total += 0.5 * lastMult
                j = n
                break
            }
            guard nt.prefixLen == 1, nt.conj, !nt.prep, !nt.article else { break }
            let afterBig = mag == 0 && total > 0 && cur == 0
            switch nt.kind {
            case .unit:
                guard mag == 3 || afterBig else { break loop }
                if nt.value <= 9 && teenFollows(n) {
                    cur += 10 + nt.value
                    mag = 2
                    j = n + 1
                } else {
                    cur += nt.value
                    mag = 1
                    j = n
                }
            case .teenHead:
                guard mag == 3 || afterBig, teenFollows(n) else { break loop }
                cur += 10 + nt.value
                mag = 2
                j = n + 1
            case .ten:
                let unitOnly = mag == 1 && cur.truncatingRemainder(dividingBy: 100) < 10
                guard unitOnly || mag == 3 || afterBig else { break loop }
                cur += nt.value
                mag = 2
                j = n
            case .hundred:
                guard afterBig else { break loop }
                cur = nt.value
                mag = 3
                j = n
            case .thousand:
                guard lastMult > 1000, cur == 0 else { break loop }
                total += nt.value
                lastMult = 1000
                j = n
            default:
                break loop
            }
        }
        var c = Core(first: i, last: j, value: total + cur, form: .words)
        c.definite = tr.article
        c.multiplier = applied ? lastMult : 1
        c.isLoneOne = tr.isOne && j == i
        c.isLoneTwo = tr.kind == .unit && tr.value == 2 && j == i
        return c
    }

    /// بضعة, عدة, عشرات, مئات, آلاف — and their products: عشرات الآلاف, بضع مئات.
    func parseVague(_ i: Int, _ tr: Trigger) -> Core? {
        var v = tr.value
        var j = i
        var mult = 1.0
        if let key = wordAfter(i + 1), let nt = triggers[key], nt.multiplier > 0,
            nt.kind == .thousandsPlural || nt.kind == .millionsPlural
                || (nt.kind == .vague && nt.multiplier == 100 && tr.value < 100),
            nt.prefixLen == 0 || (nt.article && nt.prefixLen == 2)
        {
            v *= nt.multiplier
            mult = nt.multiplier
            j = i + 1
        }
        if tr.requiresTaMarbuta && j == i {
            // عدة needs its noun: عدة أحياء, لعدة ساعات.
            guard let key = wordAfter(i + 1), !NumLexicon.stopwords.contains(key), triggers[key] == nil else { return nil }
        }
        var c = Core(first: i, last: j, value: v, form: .vague)
        c.multiplier = mult
        c.definite = tr.article
        return c
    }

    /// نصف مليون, ربع ساعة; nothing on its own.
    func parseFraction(_ i: Int, _ tr: Trigger) -> Core? {
        guard !tr.article else { return nil }
        if let m = multiplierWord(i + 1), m.kind == .thousand || m.kind == .million {
            var c = Core(first: i, last: i + 1, value: tr.value * m.multiplier, form: .words)
            c.multiplier = m.multiplier
            return c
        }
        if let key = wordAfter(i + 1), NumLexicon.units[key] != nil {
            return Core(first: i, last: i, value: tr.value, form: .fraction)
        }
        return nil
    }

    // MARK: One expression

    /// Parses the expression starting at token `i`; returns the token index to continue from, or
    /// nil if no number starts here.
    mutating func match(_ i: Int) -> Int? {
        guard let c = parseCore(i) else { return nil }
        let skip = c.last + 1
        // Zero is never a count here: a lone 0 is a code or a list digit far more often.
        if c.value <= 0 { return skip }
        if c.form == .digits, let past = notACount(c) { return past }

        var qualifier = NumberQualifier.exact
        var qualStart = c.first
        let lb = lookBack(c.first)
        if let lb {
            qualifier = lb.qualifier
            qualStart = lb.start
        }
        var value = c.value
        var valueMax: Double? = nil
        var last = c.last
        if c.form == .digits || c.form == .words, let r = range(c, opener: lb) {
            value = r.low
            valueMax = r.high
            last = r.last
            qualifier = .range
        } else if let lb, lb.opener {
            qualifier = .exact
            qualStart = c.first
        }

        // Label: a percent marker, a unit, or a count.
        var label = NumberLabel.count
        var endTok = last
        var counted: String? = nil
        switch c.form {
        case .dualUnit:
            if c.definite {
                guard let w = wordAfter(c.last + 1), NumLexicon.durationAdjectives.contains(w) else { return skip }
            }
            label = .measure
            counted = NumLexicon.dualUnits[c.entry].unit
        case .dualNoun:
            if c.definite { return skip }
        default:
            if let p = percentEnd(last + 1) {
                label = .percent
                endTok = p
            } else if let u = unitEnd(last + 1) {
                label = .measure
                endTok = u.end
                counted = u.lemma
            }
        }
        if c.form == .fraction && label != .measure { return skip }
        if c.isLoneOne && label == .count { return skip }
        if c.isLoneTwo && label == .count, let w = wordBefore(c.first), w == NumLexicon.day { return skip }

        // Qualifier after the number, then the counted noun, then a qualifier after the noun.
        var k = endTok + 1
        var tail = endTok
        if let a = lookAhead(k) {
            if qualifier == .exact { qualifier = a.qualifier }
            k = a.end + 1
            tail = a.end
        }
        var noun: NounEntry? = nil
        var resume = endTok + 1
        if label == .count {
            if c.form == .dualNoun {
                noun = NumLexicon.dualNouns[c.entry].noun
                counted = noun!.lemma
                // جنديين اثنين: the number word repeats the dual.
                if let w = wordAfter(c.last + 1), let tr = triggers[w], tr.kind == .unit, tr.value == 2, tr.prefixLen == 0 {
                    tail = max(tail, c.last + 1)
                    resume = c.last + 2
                }
            } else if let cn = countedNoun(from: k) {
                counted = cn.lemma
                noun = cn.entry
                tail = max(tail, cn.index)
                if let a = lookAhead(cn.index + 1) ?? lookAhead(cn.index + 2) {
                    if qualifier == .exact { qualifier = a.qualifier }
                    tail = max(tail, a.end)
                }
            }
            if c.definite && (c.form == .digits || c.form == .words) && noun == nil { return skip }
        }
        if c.form == .vague && qualifier == .exact { qualifier = .approx }

        var category: CountCategory? = nil
        var cueFound = false
        if label == .count {
            let cat = categorize(noun: noun?.category, before: qualStart - 1, after: tail + 1)
            category = cat.category
            cueFound = cat.fromContext
        }

        var score: Double
        switch c.form {
        case .digits: score = 0.9
        case .words: score = 0.85
        case .vague: score = 0.7
        case .fraction: score = 0.75
        case .dualNoun: score = 0.8
        case .dualUnit: score = 0.8
        }
        switch label {
        case .percent: score += 0.05
        case .measure: break
        case .count:
            if noun != nil { score += 0.05 } else if counted == nil && !cueFound { score -= 0.15 }
        }
        if c.definite { score -= 0.1 }
        if qualifier == .range { score -= 0.05 }
        score = min(0.99, max(0.05, score))

        let start = Int(t[c.first].start)
        let end = Int(t[endTok].end)
        out.append(
            NumberMatch(
                label: label, start: start, end: end, text: text(start, end), value: value, valueMax: valueMax,
                qualifier: qualifier, counted: counted, category: category, score: (score * 100).rounded() / 100))
        return resume
    }

    /// `%50`: a percent sign written before its number.
    mutating func percentBefore(_ i: Int) -> Int? {
        let n = i + 1
        guard n < t.count, t[n].kind == .number, t[n].glued, !t[n].suppressed, !t[n].notCount, t[n].value > 0 else { return nil }
        if i > 0 && t[i].glued && t[i - 1].kind == .number { return nil }
        var q = NumberQualifier.exact
        if let lb = lookBack(i), !lb.opener { q = lb.qualifier }
        let start = Int(t[i].start)
        let end = Int(t[n].end)
        out.append(
            NumberMatch(
                label: .percent, start: start, end: end, text: text(start, end), value: t[n].value, qualifier: q, score: 0.9))
        return n + 1
    }

    func text(_ a: Int, _ b: Int) -> String {
        guard a < b else { return "" }
        // Encoded straight into the string's storage: appending scalars to a view one by one
        // cost more than the rest of building the span.
        return String(unsafeUninitializedCapacity: 4 * (b - a)) { out in
            var n = 0
            for k in a..<b {
                let v = s[k]
                if v < 0x80 {
                    out[n] = UInt8(v)
                    n += 1
                } else if v < 0x800 {
                    out[n] = UInt8(0xC0 | (v >> 6))
                    out[n + 1] = UInt8(0x80 | (v & 0x3F))
                    n += 2
                } else if v < 0x1_0000 {
                    out[n] = UInt8(0xE0 | (v >> 12))
                    out[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    out[n + 2] = UInt8(0x80 | (v & 0x3F))
                    n += 3
                } else {
                    out[n] = UInt8(0xF0 | (v >> 18))
                    out[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    out[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    out[n + 3] = UInt8(0x80 | (v & 0x3F))
                    n += 4
                }
            }
            return n
        }
    }

    // MARK: Not a count: times, years, dates, identifiers

    /// If the digits of `c` are a clock time, a year, a day of a date or an identifier, the
    /// token index to continue from; nil if they may be a count.
    func notACount(_ c: Core) -> Int? {
        let i = c.first
        let tk = t[i]
        let v = tk.value
        let past = c.last + 1
        let integer = !tk.hasDecimal && !tk.hasGroup
        let prev = wordBefore(i)
        if let prev {
            if NumLexicon.clockBefore.contains(prev) && v < 25 { return past }
            if NumLexicon.idWords.contains(prev) { return past }
            let first = NumFold.letter(prev, 0)
            if t[i - 1].len >= 4 && t[i - 1].len <= NumFold.maxLetters,
                first == 0x48 - 0x20 || first == 0x41 - 0x20 || first == 0x28 - 0x20 || first == 0x44 - 0x20,
                NumLexicon.idWords.contains(NumFold.dropFirst(prev, 1))
            {
                return past
            }
        }
        if c.last == i, v <= 24, let w = wordAfter(i + 1), NumLexicon.clockAfter.contains(w) { return past }
        guard integer, c.last == i else { return nil }
        if let prev, NumLexicon.yearWords.contains(prev), v <= 2100 { return yearTail(i) }
        // 2018م, 1440هـ: a year with its era.
        if tk.len == 4, v >= 1300, v <= 2100, let w = wordAfter(i + 1), NumLexicon.eraWords.contains(w) { return i + 2 }
        let yearShaped = tk.len == 4 && v >= 1900 && v <= 2099
        if yearShaped {
            if monthNear(before: i, within: 4) { return yearTail(i) }
            // 2017 و2018, 2018-2019: two years joined, with no noun or unit after the second.
            let tail = yearTail(i)
            if tail > i + 1, unitEnd(tail) == nil, countedNoun(from: tail)?.entry == nil { return tail }
            if let w = wordAfter(i + 1), NumLexicon.arabicMonths.contains(w) { return yearTail(i) }
            if let prev, NumLexicon.weakYearWords.contains(prev), unitEnd(i + 1) == nil, countedNoun(from: i + 1)?.entry == nil {
                return yearTail(i)
            }
            // A bare year-shaped number — no qualifier, no unit or percent, no known noun — is a
            // year: (2018), ٢٠١٤ شهد. A count of that size comes with its noun or its approximator.
            if lookBack(i) == nil, percentEnd(i + 1) == nil, unitEnd(i + 1) == nil, multiplierWord(i + 1) == nil,
                countedNoun(from: i + 1)?.entry == nil, lookAhead(i + 1) == nil
            {
                return past
            }
        }
        if v >= 1 && v <= 31 && tk.len <= 2 {
            if let w = wordAfter(i + 1) {
                if NumLexicon.arabicMonths.contains(w) { return past }
                if w == NumLexicon.min, let w2 = wordAfter(i + 2),
                    NumLexicon.arabicMonths.contains(w2) || NumLexicon.monthWord.contains(w2)
                {
                    return past
                }
            }
            if inLine(i + 1), t[i + 1].kind == .latin, NumLexicon.latinMonths.contains(t[i + 1].key) { return past }
            if monthNear(before: i, within: 1) { return past }
        }
        return nil
    }

    /// A month name among the `within` words before token `i` (punctuation skipped).
    func monthNear(before i: Int, within: Int) -> Bool {
        var j = i - 1
        var words = 0
        while j >= 0 && words < within {
            if t[j + 1].lineStart { return false }
            let tk = t[j]
            switch tk.kind {
            case .word:
                if NumLexicon.arabicMonths.contains(tk.key) { return true }
                words += 1
            case .latin:
                if NumLexicon.latinMonths.contains(tk.key) { return true }
                words += 1
            case .number:
                words += 1
            case .punct:
                break
            }
            j -= 1
        }
        return false
    }

    /// After a year, also skip a second year joined to it: `2017 و2018`, `2018-2019`.
    func yearTail(_ i: Int) -> Int {
        var j = i + 1
        guard inLine(j) else { return j }
        if t[j].kind == .word && (t[j].key == NumLexicon.wa || NumLexicon.to.contains(t[j].key)) || isPunct(j, 0x2D)
            || isPunct(j, 0x2013)
        {
            j += 1
        }
        if inLine(j), t[j].kind == .number, t[j].len == 4, t[j].value >= 1900, t[j].value <= 2099 { return j + 1 }
        return i + 1
    }

    // MARK: Qualifiers and ranges

    struct LookBack {
        var qualifier: NumberQualifier
        var start: Int
        var opener: Bool
        var between: Bool
    }

    func lookBack(_ first: Int) -> LookBack? {
        guard first > 0, !t[first].lineStart, t[first - 1].kind == .word,
            NumLexicon.beforeLastWords.index(t[first - 1].key) >= 0
        else { return nil }
        let lastKey = t[first - 1].key
        // Through a buffer pointer: iterating the patterns would copy (retain) each one.
        return NumLexicon.before.withUnsafeBufferPointer { ps in
            for pi in ps.indices {
                let n = ps[pi].words.count
                let s0 = first - n
                if s0 < 0 { continue }
                // The word before the number first: most patterns fail there.
                if n > 1 ? lastKey != ps[pi].words[n - 1] : !ps[pi].firstVariantTable.contains(lastKey) { continue }
                var ok = true
                for m in 0..<n {
                    let tk = t[s0 + m]
                    if tk.kind != .word || (m > 0 && tk.lineStart) {
                        ok = false
                        break
                    }
                    if m == 0 ? !ps[pi].firstVariantTable.contains(tk.key) : tk.key != ps[pi].words[m] {
                        ok = false
                        break
                    }
                }
                if ok {
                    let p = ps[pi]
                    return LookBack(
                        qualifier: p.qualifier, start: s0, opener: p.rangeOpener, between: p.rangeOpener && p.qualifier == .range)
                }
            }
            return nil
        }
    }

    func lookAhead(_ k: Int) -> (qualifier: NumberQualifier, end: Int)? {
        guard inLine(k), t[k].kind == .word, NumLexicon.afterFirstWords.index(t[k].key) >= 0 else { return nil }
        return NumLexicon.after.withUnsafeBufferPointer { ps in
            for pi in ps.indices {
                let n = ps[pi].words.count
                var ok = true
                for m in 0..<n {
                    let j = k + m
                    guard inLine(j), t[j].kind == .word else {
                        ok = false
                        break
                    }
                    if m == 0 ? !ps[pi].firstVariantTable.contains(t[j].key) : t[j].key != ps[pi].words[m] {
                        ok = false
                        break
                    }
                }
                if ok { return (ps[pi].qualifier, k + n - 1) }
            }
            return nil
        }
    }

    /// A second number after `c`: `بين 800 و1000`, `من 10 إلى 15`, `5 أو 6`, `10-15`.
    func range(_ c: Core, opener: LookBack?) -> (low: Double, high: Double, last: Int)? {
        let j = c.last + 1
        guard inLine(j), !t[j].suppressed else { return nil }
        let between = opener?.between ?? false
        var second: Core? = nil
        switch t[j].kind {
        case .word:
            let key = t[j].key
            if key == NumLexicon.wa {
                guard between else { return nil }
                second = inLine(j + 1) ? parseCore(j + 1) : nil
            } else if let tr = triggers[key], tr.prefixLen == 1, tr.conj, !tr.prep, !tr.article {
                guard between else { return nil }
                second = parseCore(j)
            } else if NumLexicon.to.contains(key) {
                let fromOpener = opener?.opener ?? false
                guard inLine(j + 1), let s2 = parseCore(j + 1) else { return nil }
                guard fromOpener || (c.form == .digits && s2.form == .digits) else { return nil }
                second = s2
            } else if key == NumLexicon.or {
                second = inLine(j + 1) ? parseCore(j + 1) : nil
            }
        case .punct:
            guard isPunct(j, 0x2D) || isPunct(j, 0x2013), c.form == .digits, inLine(j + 1), t[j + 1].kind == .number else {
                return nil
            }
            // 2018-11-27 or 27/11/2018: a date, not a range.
            if isPunct(j + 2, 0x2D) || isPunct(j + 2, 0x2F) || (c.first > 0 && (isPunct(c.first - 1, 0x2D) && t[c.first].glued)) {
                return nil
            }
            second = parseCore(j + 1)
        default:
            return nil
        }
        guard let s2 = second, s2.form == .digits || s2.form == .words else { return nil }
        if s2.form == .digits, notACount(s2) != nil { return nil }
        var low = c.value
        if s2.multiplier > 1 && c.multiplier == 1 && low * s2.multiplier <= s2.value { low *= s2.multiplier }
        guard s2.value > low else { return nil }
        return (low, s2.value, s2.last)
    }

    // MARK: Percent and units

    func percentEnd(_ k: Int) -> Int? {
        guard inLine(k) else { return nil }
        let tk = t[k]
        if tk.kind == .punct {
            let v = tk.key
            return v == 0x25 || v == 0x66A || v == 0xFF05 || v == 0xFE6A ? k : nil
        }
        guard tk.kind == .word else { return nil }
        if NumLexicon.percentSingle.contains(tk.key) { return k }
        if tk.key == NumLexicon.fi, let w = wordAfter(k + 1), NumLexicon.percentAfterFi.contains(w) { return k + 1 }
        return nil
    }

    func unitEnd(_ k: Int) -> (end: Int, lemma: String)? {
        guard let key = wordAfter(k), let u = NumLexicon.units[key] else { return nil }
        var e = k
        var lemma = u.lemma
        if u.isKilo {
            if let w = wordAfter(k + 1), NumLexicon.meterWords.contains(w) { e = k + 1 } else { lemma = "كيلو" }
        }
        if u.takesSquare, let w = wordAfter(e + 1), NumLexicon.squareWords.contains(w) {
            e += 1
            lemma += " مربع"
        }
        return (e, lemma)
    }

    // MARK: Counted noun

    /// The counted noun at `k` (or after `من` at `k`): its token, lemma and lexicon entry.
    func countedNoun(from k: Int) -> (index: Int, lemma: String, entry: NounEntry?)? {
        guard var key = wordAfter(k) else { return nil }
        var j = k
        var viaMin = false
        if key == NumLexicon.min {
            j += 1
            viaMin = true
            guard let k2 = wordAfter(j) else { return nil }
            key = k2
        }
        if NumLexicon.stopwords.contains(key) || triggers[key] != nil || NumLexicon.units[key] != nil
            || NumLexicon.arabicMonths.contains(key)
        {
            return nil
        }
        let len = Int(t[j].len)
        if len <= NumFold.maxLetters {
            if let e = lexiconNoun(key, len) { return (j, e.lemma, e) }
            // و/ف before an unknown word starts a new clause (قتل خمسة وجرح ثلاثة), not a noun.
            let first = NumFold.letter(key, 0)
            if first == 0x48 - 0x20 || first == 0x41 - 0x20 { return nil }
            // A past-tense plural verb (قتلوا, فروا) is not a noun.
            if len >= 3 && NumFold.letter(key, len - 1) == NumFold.alef && NumFold.letter(key, len - 2) == 0x48 - 0x20 {
                return nil
            }
        }
        return (j, genericLemma(j, viaMin: viaMin), nil)
    }

    func lexiconNoun(_ key: UInt64, _ len: Int) -> NounEntry? {
        if let e = NumLexicon.nouns[key] { return e }
        for (pk, pl) in [(UInt64(0), 0)] + NumLexicon.articleKeys where len - pl >= 2 {
            if pl > 0 && NumFold.prefix(key, pl) != pk { continue }
            let stem = NumFold.dropFirst(key, pl)
            let sl = len - pl
            if let e = NumLexicon.nouns[stem] { return e }
            for (sk, skl) in NumLexicon.pronounSuffixKeys where sl - skl >= 3 {
                if NumFold.dropFirst(stem, sl - skl) == sk, let e = NumLexicon.nouns[NumFold.prefix(stem, sl - skl)] { return e }
            }
        }
        return nil
    }

    /// A lemma for a noun the lexicon lacks: drop the article, a pronoun, a plural or
    /// accusative ending; the letters are the original ones (hamza and ة as written).
    func genericLemma(_ j: Int, viaMin: Bool) -> String {
        var codes: [UInt8] = []
        var orig: [Int] = []
        for x in Int(t[j].start)..<Int(t[j].end) {
            let f = NumFold.fold(s[x])
            if f.cls == .letter {
                codes.append(f.payload)
                orig.append(x)
            }
        }
        let alef = NumFold.alef, lam: UInt8 = 0x44 - 0x20, yeh = NumFold.yeh, heh = NumFold.heh
        let noon: UInt8 = 0x46 - 0x20, waw: UInt8 = 0x48 - 0x20, teh: UInt8 = 0x2A - 0x20, meem: UInt8 = 0x45 - 0x20
        var a = 0
        var b = codes.count
        func at(_ i: Int) -> UInt8 { i >= a && i < b ? codes[i] : 0 }
        if b - a >= 5 {
            if at(0) == alef && at(1) == lam {
                a = 2
            } else if [waw, 0x41 - 0x20, 0x28 - 0x20, 0x43 - 0x20].contains(at(0)) && at(1) == alef && at(2) == lam {
                a = 3
            } else if at(0) == lam && at(1) == lam {
                a = 2
            }
        }
        if b - a >= 5 && at(b - 3) == yeh && at(b - 2) == heh && (at(b - 1) == alef || at(b - 1) == meem) { b -= 2 }
        var addTa = false
        if b - a >= 5 && at(b - 2) == yeh && at(b - 1) == noon {
            b -= 2
        } else if b - a >= 5 && at(b - 2) == waw && at(b - 1) == noon {
            b -= 2
        } else if b - a >= 5 && at(b - 2) == alef && at(b - 1) == teh {
            b -= 2
            addTa = true
        } else if b - a >= 4 && at(b - 1) == alef {
            b -= 1
        } else if viaMin && b - a >= 5 && at(b - 1) == yeh {
            b -= 1
        } else if b - a >= 5 && at(b - 1) == waw {
            b -= 1
        }
        var v = String.UnicodeScalarView()
        for i in a..<b { v.append(Unicode.Scalar(s[orig[i]])!) }
        if addTa { v.append("\u{629}") }
        return String(v)
    }

    // MARK: Category

    func categorize(noun: NumCategory?, before: Int, after: Int) -> (category: CountCategory, fromContext: Bool) {
        if let n = noun {
            switch n {
            case .equipment, .other, .killed, .wounded, .captured, .missing, .displaced, .surrendered:
                return (CountCategory(n), false)
            case .fighters, .civilians, .generic:
                break
            }
        }
        if let cue = nearestCue(before: before, after: after) {
            // Fighters fleeing a battle are `fighters`; `displaced` is for people leaving homes.
            if cue == .displaced && noun == .fighters { return (.fighters, true) }
            return (CountCategory(cue), true)
        }
        if let n = noun { return (CountCategory(n), false) }
        return (.other, false)
    }

    static let window = 5

    @inline(__always) func clauseStop(_ v: UInt64) -> Bool {
        v == 0x2E || v == 0x21 || v == 0x3F || v == 0x61F || v == 0x61B || v == 0x3B || v == 0x3A || v == 0x6D4
    }

    @inline(__always) func isComma(_ v: UInt64) -> Bool { v == 0x2C || v == 0x60C }

    func nearestCue(before: Int, after: Int) -> NumCategory? {
        var best: (Int, NumCategory)? = nil
        // Backward.
        var d = 0
        var j = before
        while j >= 0 && j < t.count && d <= Self.window {
            let tk = t[j]
            if tk.kind == .punct {
                if clauseStop(tk.key) { break }
                if isComma(tk.key) { d += 2 }
            } else if tk.kind == .word {
                if let c = cue(j) {
                    best = (d, c)
                    break
                }
                d += 1
            } else {
                d += 1
            }
            if tk.lineStart { break }
            j -= 1
        }
        // Forward.
        d = 0
        j = after
        while j < t.count && j >= 0 && d <= Self.window && !t[j].lineStart {
            if let b = best, d >= b.0 { break }
            let tk = t[j]
            if tk.kind == .punct {
                if clauseStop(tk.key) { break }
                if isComma(tk.key) { d += 2 }
            } else if tk.kind == .word {
                if let c = cue(j) {
                    if best == nil || d < best!.0 { best = (d, c) }
                    break
                }
                d += 1
            } else {
                d += 1
            }
            j += 1
        }
        return best?.1
    }

    /// The category a context word gives, after stripping proclitics and a verb/pronoun suffix.
    func cue(_ j: Int) -> NumCategory? {
        let key = t[j].key
        let len = Int(t[j].len)
        guard len <= NumFold.maxLetters else { return nil }
        guard let memo = cueMemo else { return lookUpCue(j, key: key, len: len).category }
        if let known = memo[key] { return known }
        let (category, contextual) = lookUpCue(j, key: key, len: len)
        if !contextual { memo[key] = category }
        return category
    }

    /// ``cue(_:)`` looked up in the lexicon; `contextual` when the answer depended on the words
    /// after token `j` (a hand-over verb needs أنفسهم after it), so it is not the word's alone.
    func lookUpCue(_ j: Int, key: UInt64, len: Int) -> (category: NumCategory?, contextual: Bool) {
        if let c = NumLexicon.exactCues[key] { return (c, false) }
        var contextual = false
        // No stripped prefix first, then each proclitic/article prefix — none of which can match
        // a word that does not start with the first letter of one.
        let prefixes = NumLexicon.cuePrefixKeys
        let mayHavePrefix = (NumLexicon.cuePrefixFirstLetters &>> UInt64(NumFold.letter(key, 0))) & 1 != 0
        for p in -1..<(mayHavePrefix ? prefixes.count : 0) {
            let (pk, pl) = p < 0 ? (UInt64(0), 0) : prefixes[p]
            guard len - pl >= 2 else { continue }
            if pl > 0 && NumFold.prefix(key, pl) != pk { continue }
            let stem = NumFold.dropFirst(key, pl)
            let sl = len - pl
            if let c = NumLexicon.cues[stem] { return (c, contextual) }
            if NumLexicon.handOver.contains(stem) {
                contextual = true
                if selfFollows(j) { return (.surrendered, true) }
            }
            for (sk, skl) in NumLexicon.cueSuffixKeys where sl - skl >= 2 {
                guard NumFold.dropFirst(stem, sl - skl) == sk else { continue }
                let base = NumFold.prefix(stem, sl - skl)
                if let c = NumLexicon.cues[base] { return (c, contextual) }
                if NumLexicon.handOver.contains(base) {
                    contextual = true
                    if selfFollows(j) { return (.surrendered, true) }
                }
            }
        }
        return (nil, contextual)
    }

    /// سلموا أنفسهم, سلم 20 مسلحا أنفسهم: أنفس/نفس within the three words after token `j`.
    func selfFollows(_ j: Int) -> Bool {
        for x in (j + 1)...(j + 3) {
            guard inLine(x) else { return false }
            guard let w = wordAfter(x) else { continue }
            let l = Int(t[x].len)
            if (l >= 3 && NumFold.prefix(w, 3) == NumLexicon.selfStem)
                || (l >= 4 && NumFold.prefix(w, 4) == NumLexicon.selvesStem)
            {
                return true
            }
        }
        return false
    }
}

extension CountCategory {
    init(_ c: NumCategory) {
        switch c {
        case .killed: self = .killed
        case .wounded: self = .wounded
        case .captured: self = .captured
        case .missing: self = .missing
        case .fighters: self = .fighters
        case .civilians: self = .civilians
        case .displaced: self = .displaced
        case .surrendered: self = .surrendered
        case .equipment: self = .equipment
        case .other, .generic: self = .other
        }
    }
}

/// What the numbers extractor keeps over the texts of one run; not thread-safe: one per
/// pipeline (``BuiltinSuite`` holds one).
///
/// - The cue category of words (``NumberParser/cue(_:)``) by packed key: the words around
///   numbers repeat, and each look-up tries every proclitic and suffix. Only answers that depend
///   on the word alone are kept (not a hand-over verb's, which depends on the words after it).
///   A fixed table (a key per slot, the newest wins), so memory stays flat.
/// - The lexer's token buffer, reused from text to text (grown to the longest text so far).
final class NumberScratch: @unchecked Sendable {
    static let slots = 1 << 12
    /// 0: empty (a word's packed key is never 0: letter codes are not).
    let keys: UnsafeMutablePointer<UInt64>
    /// The category's raw value, or `none` for no cue.
    let values: UnsafeMutablePointer<UInt8>
    static let none: UInt8 = 0xFF

    init() {
        keys = .allocate(capacity: Self.slots)
        keys.initialize(repeating: 0, count: Self.slots)
        values = .allocate(capacity: Self.slots)
        values.initialize(repeating: Self.none, count: Self.slots)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
        tokens.deallocate()
    }

    /// Room for the lexer's tokens: `UnsafeMutableBufferPointer(start: nil, count: 0)` at first.
    private(set) var tokens = UnsafeMutableBufferPointer<NumToken>(start: nil, count: 0)

    /// The token buffer with room for at least `count` tokens (its contents undefined).
    func tokenBuffer(count: Int) -> UnsafeMutableBufferPointer<NumToken> {
        if tokens.count < count {
            tokens.deallocate()
            tokens = .allocate(capacity: max(count, 2 * tokens.count))
        }
        return tokens
    }

    @inline(__always) func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key ^ (key >> 23) ^ (key >> 41)) & UInt64(Self.slots - 1))
    }

    /// nil: not known; `.some(nil)`: known to be no cue.
    subscript(key: UInt64) -> NumCategory?? {
        get {
            let i = slot(key)
            guard key != 0, keys[i] == key else { return nil }
            return .some(values[i] == Self.none ? nil : NumCategory(rawValue: values[i]))
        }
        set {
            guard key != 0, let category = newValue else { return }
            let i = slot(key)
            keys[i] = key
            values[i] = category?.rawValue ?? Self.none
        }
    }
}
