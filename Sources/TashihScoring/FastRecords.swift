import Foundation
import TashihJSON
import TashihModel

#if canImport(Glibc)
    import Glibc
#endif

/// The fast way in for scoring: a JSONL file mapped into memory, cut into one run of lines per
/// core, each line read by a scanner that knows only the plain shapes of gold and prediction
/// records (`id`, `text`, `spans` of `start`/`end`/`label`; `text_hash` in predictions), and
/// checked as the general readers check it. It never reports a problem: a line of any other
/// shape, or anything wrong, makes it give up (nil), and the caller reads the file again with
/// the general reader, whose messages name the file, line, record and span.
enum FastRecords {
    /// A read-only memory map of a file (nil if it cannot be mapped or is empty).
    final class MappedFile: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let count: Int

        init?(path: String) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
            count = Int(st.st_size)
            // Pages are faulted in by the threads that read them, in parallel (populating the whole
            // map first, MAP_POPULATE, is one thread's work before any reading starts).
            guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
            _ = madvise(p, count, MADV_WILLNEED)
            base = p
        }

        deinit { munmap(base, count) }

        var bytes: UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
        }
    }

    /// A span as the scanner reads it.
    struct RawSpan {
        var start: Int
        var end: Int
        var label: String
        /// The label's place among the scanner's interned labels (-1: not interned).
        var slot: Int = -1
    }

    /// One record as the scanner reads it.
    struct RawRecord {
        var line: Int
        var id: String
        var text: String?
        var textHash: String?
        var spans: [RawSpan]
    }

    /// Runs `body` over every non-blank line of the file, one contiguous run of lines per
    /// thread; returns each run's records (the runs in file order) and the span labels the
    /// lines hold, or nil if any line was not read.
    static func scanParts<R>(
        _ file: MappedFile, threads: Int, _ body: @escaping @Sendable (inout LineScanner, Int) -> R?
    ) -> (parts: [[R]], labels: [String])? {
        var all = file.bytes
        // A byte-order mark is accepted (the general reader warns about it).
        var skip = 0
        if all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF { skip = 3 }
        all = UnsafeBufferPointer(rebasing: all[skip...])
        let n = all.count
        guard let base = all.baseAddress else { return nil }
        // Cut at line ends, about equal runs, and count the lines before each cut.
        // Sixteen runs per thread, handed out as threads come free, so that both finish together.
        let parts = max(1, min(threads * 16, n / (1 << 16) + 1))
        var cuts = [0]
        for k in 1..<parts {
            var c = n * k / parts
            if c <= cuts.last! { continue }
            if let nl = memchr(base + c, 0x0A, n - c) {
                c = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - base + 1
            } else {
                c = n
            }
            if c > cuts.last! && c < n { cuts.append(c) }
        }
        cuts.append(n)
        let runs = cuts.count - 1
        var results = [([R], [String])?](repeating: nil, count: runs)
        let ptr = UnsafeSendable(base)
        let cutsAt = cuts
        results.withUnsafeMutableBufferPointer { rb in
            do {
                let out = UnsafeSendable(rb)
                DispatchQueue.concurrentPerform(iterations: runs) { r in
                    // Lines are numbered within the run (the fast path reports none).
                    let cuts = cutsAt
                    var mine: [R] = []
                    var i = cuts[r]
                    let end = cuts[r + 1]
                    var line = 0
                    var failed = false
                    // One scanner per run, pointed at each line in turn: what it keeps (the
                    // labels met, its scratch buffer) carries over.
                    var scanner = LineScanner(UnsafeBufferPointer(start: ptr.value, count: 0))
                    while i < end {
                        let rest = end - i
                        let lineEnd: Int
                        if let nl = memchr(ptr.value + i, 0x0A, rest) {
                            lineEnd = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - ptr.value
                        } else {
                            lineEnd = end
                        }
                        line += 1
                        let bytes = UnsafeBufferPointer(start: ptr.value + i, count: lineEnd - i)
                        i = lineEnd + 1
                        // A line over the general reader's limit (1 GiB) is its to report.
                        if bytes.count >= 1 << 30 { failed = true }
                        if !failed && !isBlank(bytes) {
                            scanner.reset(bytes)
                            if let rec = body(&scanner, line) { mine.append(rec) } else { failed = true }
                        }
                    }
                    out.value[r] = failed ? nil : (mine, scanner.labelStrings + scanner.otherLabels)
                }
            }
        }
        var out: [[R]] = []
        var labels = LabelCollector()
        for r in 0..<runs {
            guard let part = results[r] else { return nil }
            out.append(part.0)
            for l in part.1 { labels.add(l) }
        }
        return (out, labels.labels)
    }

    /// Whether a line holds only whitespace (the general reader warns and skips it).
    static func isBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in b where c != 0x20 && c != 0x09 && c != 0x0D { return false }
        return true
    }

    /// Scalars in a string's UTF-8 (`RecordDecoder.countScalars`: bytes that are not continuation
    /// bytes, eight at a time).
    static func scalarCount(_ s: String) -> Int {
        s.utf8.withContiguousStorageIfAvailable { RecordDecoder.countScalars($0) } ?? s.unicodeScalars.count
    }
}

/// A JSON scanner for one line that accepts only what it fully understands.
struct LineScanner {
    var p: UnsafePointer<UInt8>
    var end: Int
    var i = 0
    /// Where unescaped strings are built.
    var scratch: [UInt8] = []

    init(_ b: UnsafeBufferPointer<UInt8>) {
        p = b.baseAddress!
        end = b.count
    }

    /// Points the scanner at another line.
    mutating func reset(_ b: UnsafeBufferPointer<UInt8>) {
        p = b.baseAddress!
        end = b.count
        i = 0
    }

    @inline(__always)
    mutating func ws() {
        while i < end {
            let c = p[i]
            guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { return }
            i += 1
        }
    }

    @inline(__always)
    mutating func eat(_ c: UInt8) -> Bool {
        ws()
        guard i < end, p[i] == c else { return false }
        i += 1
        return true
    }

    /// True at the end of the line (after whitespace).
    mutating func atEnd() -> Bool {
        ws()
        return i == end
    }

    /// A key: a string of ASCII letters and `_` (all keys the records use).
    mutating func key() -> UInt64? {
        ws()
        guard i < end, p[i] == 0x22 else { return nil }
        i += 1
        var h: UInt64 = 0
        var k = 0
        while i < end, p[i] != 0x22 {
            let c = p[i]
            guard (c >= 0x61 && c <= 0x7A) || c == 0x5F, k < 8 else { return nil }
            h = h << 8 | UInt64(c)
            k += 1
            i += 1
        }
        guard i < end else { return nil }
        i += 1
        guard eat(0x3A) else { return nil }
        return h
    }

    static let textHashKey = Array("\"text_hash\"".utf8)

    static func name(_ s: StaticString) -> UInt64 {
        var h: UInt64 = 0
        s.withUTF8Buffer { for c in $0 { h = h << 8 | UInt64(c) } }
        return h
    }

    /// A string value, unescaped and checked to be valid UTF-8 with no control characters.
    mutating func string() -> String? {
        ws()
        guard i < end, p[i] == 0x22 else { return nil }
        i += 1
        let s = i
        // Eight bytes at a time while none is a quote, a backslash or a control character.
        while i + 8 <= end && !Self.special(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) { i += 8 }
        while i < end {
            let c = p[i]
            if c == 0x22 {
                i += 1
                return Self.validString(UnsafeBufferPointer(start: p + s, count: i - 1 - s))
            }
            if c == 0x5C { break }
            if c < 0x20 { return nil }
            i += 1
        }
        guard i < end else { return nil }
        // Escapes: copy what came before and decode the rest.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: p + s, count: i - s))
        while i < end {
            let c = p[i]
            if c == 0x22 {
                i += 1
                return scratch.withUnsafeBufferPointer { Self.validString($0) }
            }
            if c < 0x20 { return nil }
            if c != 0x5C {
                scratch.append(c)
                i += 1
                continue
            }
            guard i + 1 < end else { return nil }
            let e = p[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: scratch.append(e)
            case 0x62: scratch.append(0x08)
            case 0x66: scratch.append(0x0C)
            case 0x6E: scratch.append(0x0A)
            case 0x72: scratch.append(0x0D)
            case 0x74: scratch.append(0x09)
            case 0x75:
                guard var u = hex4() else { return nil }
                if u >= 0xD800 && u < 0xDC00 {
                    // A high surrogate must be followed by a low one.
                    guard i + 1 < end, p[i] == 0x5C, p[i + 1] == 0x75 else { return nil }
                    i += 2
                    guard let lo = hex4(), lo >= 0xDC00 && lo < 0xE000 else { return nil }
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                } else if u >= 0xDC00 && u < 0xE000 {
                    return nil
                }
                guard let scalar = Unicode.Scalar(u) else { return nil }
                scratch.append(contentsOf: UTF8.encode(scalar)!)
            default: return nil
            }
        }
        return nil
    }

    /// Whether any of the eight bytes is `"`, `\` or below 0x20 (the classic SWAR tests: a
    /// byte is zero after XOR with the one sought, or below n after subtracting it).
    @inline(__always)
    static func special(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let q = x ^ (ones &* 0x22)
        let b = x ^ (ones &* 0x5C)
        let zeroQ = (q &- ones) & ~q
        let zeroB = (b &- ones) & ~b
        let control = (x &- ones &* 0x20) & ~x
        return (zeroQ | zeroB | control) & high != 0
    }

    /// The bytes as a String, nil unless they are valid UTF-8: decoding replaces each bad
    /// sequence with U+FFFD, so the bytes come back unchanged exactly when they were valid.
    static func validString(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var s = String(decoding: b, as: UTF8.self)
        let same = s.withUTF8 { u in u.count == b.count && (b.count == 0 || memcmp(u.baseAddress!, b.baseAddress!, b.count) == 0)
        }
        return same ? s : nil
    }

    mutating func hex4() -> UInt32? {
        guard i + 4 <= end else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// A non-negative integer literal (no sign, fraction or exponent; at most 15 digits).
    mutating func int() -> Int? {
        ws()
        let s = i
        var v = 0
        while i < end, p[i] >= 0x30 && p[i] <= 0x39 {
            v = v * 10 + Int(p[i] - 0x30)
            i += 1
        }
        let digits = i - s
        guard digits > 0, digits <= 15, !(digits > 1 && p[s] == 0x30) else { return nil }
        if i < end, p[i] == 0x2E || p[i] == 0x65 || p[i] == 0x45 { return nil }
        return v
    }

    /// Labels read so far, by their bytes (up to 16, no escapes): a run has a handful of
    /// labels, each met a million times, and the String is made once.
    var labelKeys: [(UInt64, UInt64, Int)] = []
    var labelStrings: [String] = []
    /// Whether the caller accepts each interned label (nil: not asked yet).
    var labelVerdicts: [Bool?] = []
    /// The slot of the label last read by ``internedLabel()`` (-1: not interned).
    var lastSlot = -1
    /// Labels read that are not interned (escaped, long, or past the table's 64), each once.
    var otherLabels: [String] = []

    /// A label string: the one made before for the same bytes, or a new one.
    mutating func internedLabel() -> String? {
        ws()
        // The 16 bytes after the opening quote, read as two words when the line has them.
        lastSlot = -1
        guard i + 17 <= end, p[i] == 0x22 else { return string() }
        let q = UnsafeRawPointer(p + i + 1)
        let w0 = q.loadUnaligned(as: UInt64.self)
        let w1 = q.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        // The closing quote: the first 0x22 byte (little-endian: lowest byte first).
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func quoteAt(_ w: UInt64) -> Int? {
            let x = w ^ (ones &* 0x22)
            let z = (x &- ones) & ~x & high
            return z == 0 ? nil : z.trailingZeroBitCount / 8
        }
        let n: Int
        if let k = quoteAt(w0) {
            n = k
        } else if let k = quoteAt(w1) {
            n = 8 + k
        } else {
            return string()
        }
        @inline(__always) func mask(_ bytes: Int) -> UInt64 { bytes >= 8 ? ~0 : bytes <= 0 ? 0 : (1 << (8 * UInt64(bytes))) - 1 }
        let a = w0 & mask(n)
        let b = w1 & mask(n - 8)
        for x in labelKeys.indices where labelKeys[x].0 == a && labelKeys[x].1 == b && labelKeys[x].2 == n {
            i += n + 2
            lastSlot = x
            return labelStrings[x]
        }
        guard let made = string() else { return nil }
        // Only labels read plainly (no escapes: the raw bytes are the label's) are kept.
        if labelKeys.count < 64, made.utf8.count == n {
            labelKeys.append((a, b, n))
            labelStrings.append(made)
            labelVerdicts.append(nil)
            lastSlot = labelKeys.count - 1
        }
        return made
    }

    /// Whether `check` accepts the span's label, asked once per interned label.
    mutating func accepts(_ span: FastRecords.RawSpan, _ check: (String) -> Bool) -> Bool {
        guard span.slot >= 0 else { return check(span.label) }
        if let v = labelVerdicts[span.slot] { return v }
        let v = check(span.label)
        labelVerdicts[span.slot] = v
        return v
    }

    /// `[{"start": …, "end": …, "label": …}, …]` with exactly those keys.
    mutating func spans() -> [FastRecords.RawSpan]? {
        guard eat(0x5B) else { return nil }
        var out: [FastRecords.RawSpan] = []
        if eat(0x5D) { return out }
        out.reserveCapacity(16)
        let kStart = Self.name("start")
        let kEnd = Self.name("end")
        let kLabel = Self.name("label")
        repeat {
            guard eat(0x7B) else { return nil }
            var start: Int?
            var end: Int?
            var label: String?
            var slot = -1
            if !eat(0x7D) {
                repeat {
                    guard let k = key() else { return nil }
                    switch k {
                    case kStart where start == nil:
                        start = int()
                        if start == nil { return nil }
                    case kEnd where end == nil:
                        end = int()
                        if end == nil { return nil }
                    case kLabel where label == nil:
                        label = internedLabel()
                        guard let l = label else { return nil }
                        slot = lastSlot
                        if slot < 0 && !otherLabels.contains(l) { otherLabels.append(l) }
                    default: return nil
                    }
                } while eat(0x2C)
                guard eat(0x7D) else { return nil }
            }
            guard let start, let end, let label else { return nil }
            out.append(FastRecords.RawSpan(start: start, end: end, label: label, slot: slot))
        } while eat(0x2C)
        guard eat(0x5D) else { return nil }
        return out
    }

    /// A whole record line: `id` (a string), `spans`, and `text` / `text_hash` where `allowed`.
    mutating func record(line: Int, textHash allowHash: Bool) -> FastRecords.RawRecord? {
        guard eat(0x7B) else { return nil }
        var id: String?
        var text: String?
        var hash: String?
        var spans: [FastRecords.RawSpan]?
        let kID = Self.name("id")
        let kText = Self.name("text")
        let kSpans = Self.name("spans")
        if !eat(0x7D) {
            repeat {
                ws()
                // "text_hash" is nine letters: read it apart.
                if allowHash, i + 11 <= end, Self.textHashKey.withUnsafeBufferPointer({ memcmp(p + i, $0.baseAddress!, 11) }) == 0
                {
                    i += 11
                    guard eat(0x3A), hash == nil, let h = string() else { return nil }
                    hash = h
                    continue
                }
                guard let k = key() else { return nil }
                switch k {
                case kID where id == nil:
                    id = string()
                    if id == nil { return nil }
                case kText where text == nil:
                    text = string()
                    if text == nil { return nil }
                case kSpans where spans == nil:
                    spans = self.spans()
                    if spans == nil { return nil }
                default: return nil
                }
            } while eat(0x2C)
            guard eat(0x7D) else { return nil }
        }
        guard atEnd(), let id, !id.isEmpty else { return nil }
        return FastRecords.RawRecord(line: line, id: id, text: text, textHash: hash, spans: spans ?? [])
    }
}

extension GoldSet {
    /// The fast reader of a gold file (see ``FastRecords``): nil when the general reader must
    /// read it (another shape, or any problem, which the general reader then reports).
    static func readFast(path: String, displayName: String, schema: Schema?, hash: String?) -> GoldSet? {
        guard let file = FastRecords.MappedFile(path: path) else { return nil }
        let labelOK: @Sendable (String) -> Bool = { l in schema.map { $0.family(ofLabel: l) != nil } ?? true }
        let fileHash = Box<String?>(hash)
        let read = FastRecords.scanParts(file, threads: Scoring.threads) { s, line -> (Document, Int)? in
            guard let r = s.record(line: line, textHash: false), let text = r.text else { return nil }
            let n = FastRecords.scalarCount(text)
            var spans: [Span] = []
            spans.reserveCapacity(r.spans.count)
            for x in r.spans {
                guard x.start < x.end, x.end <= n, s.accepts(x, labelOK) else { return nil }
                spans.append(Span(start: x.start, end: x.end, label: x.label))
            }
            return (Document(id: DocumentID(r.id), text: text, spans: spans), n)
        }
        guard let (parts, labels) = consume read else { return nil }
        // The file's hash on a thread of its own while this one puts the records in order (it
        // would take a core from the reading threads if it ran beside them).
        let hashed = DispatchGroup()
        if hash == nil {
            DispatchQueue.global().async(group: hashed) {
                fileHash.value = "sha256:" + SHA256.hexString(SHA256.digest(UnsafeRawBufferPointer(file.bytes)))
            }
        }
        var set = GoldSet(name: displayName, hash: "", parts: consume parts)
        set.labelsRead = labels
        hashed.wait()
        guard let h = fileHash.value else { return nil }
        set.hash = h
        // Duplicate ids: the general reader names them.
        guard !set.documents.isEmpty, set.index.count == set.documents.count else { return nil }
        return set
    }
}

extension PredictionSet {
    /// The fast reader of a predictions file (see ``FastRecords``): nil when the general reader
    /// must read it (another shape, or any problem, which the general reader then reports).
    static func readFast(
        path: String, gold: GoldSet, schema: Schema?, labels: Set<String>, policy: PairingPolicy, name: String, version: String
    ) -> PredictionSet? {
        guard let file = FastRecords.MappedFile(path: path) else { return nil }
        enum Outcome {
            /// The spans, and the gold record's position.
            case spans([Span], Int)
            case extra
            case mismatched
        }
        let labelOK: @Sendable (String) -> Bool = { l in
            labels.contains(l) && (schema.map { $0.family(ofLabel: l) != nil } ?? true)
        }
        let extraIsError = policy.extra == .error
        let mismatchIsError = policy.mismatch == .error
        let records = FastRecords.scanParts(file, threads: Scoring.threads) { s, line -> (String, Outcome)? in
            guard let r = s.record(line: line, textHash: true) else { return nil }
            guard let at = gold.position(r.id) else { return extraIsError ? nil : (r.id, .extra) }
            if let t = r.text {
                if !t.utf8.elementsEqual(gold.documents[at].text.utf8) { return mismatchIsError ? nil : (r.id, .mismatched) }
            } else if let h = r.textHash, h != gold.documents[at].textHash {
                return mismatchIsError ? nil : (r.id, .mismatched)
            }
            let n = gold.scalarCounts[at]
            var spans: [Span] = []
            spans.reserveCapacity(r.spans.count)
            for x in r.spans {
                guard x.start < x.end, x.end <= n, s.accepts(x, labelOK) else { return nil }
                spans.append(Span(start: x.start, end: x.end, label: x.label))
            }
            return (r.id, .spans(spans, at))
        }
        guard let (read, labels) = records else { return nil }
        var parts = read
        let total = parts.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        var out = PredictionSet(name: name, version: version)
        out.spans.reserveCapacity(total)
        var byGold = [[Span]?](repeating: nil, count: gold.documents.count)
        // Records are moved out from the end (no copy of each record's spans, no release of
        // the lists'), so the left-out lists are built backwards and turned round.
        while var part = parts.popLast() {
            while let (id, outcome) = part.popLast() {
                switch outcome {
                case .spans(let s, let at):
                    // A second prediction for a record: the general reader names both lines.
                    guard out.spans.updateValue(s, forKey: id) == nil else { return nil }
                    byGold[at] = s
                case .extra: out.extra.append(id)
                case .mismatched: out.mismatched.append(id)
                }
            }
        }
        out.extra.reverse()
        out.mismatched.reverse()
        // The labels read are those of the records kept only when none was left out.
        if out.extra.isEmpty && out.mismatched.isEmpty { out.labelsRead = consume labels }
        out.byGold = byGold
        // Duplicates among left-out records, or between them and scored ones.
        let leftOut = out.extra + out.mismatched
        guard Set(leftOut).count == leftOut.count, !leftOut.contains(where: { out.spans[$0] != nil }) else { return nil }
        return out
    }
}

/// A value the tasks of one `concurrentPerform` hand back (each task writes its own box).
final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
