import Foundation
import TashihExtractors
import TashihJSON
import TashihModel

/// Why scoring cannot start: the problems found in the gold or the predictions, each naming
/// the file, line, record and span.
public struct ScoringInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var problems: [Problem]
    public init(_ message: String, problems: [Problem] = []) {
        self.message = message
        self.problems = problems
    }
    public var description: String { message }
}

/// The gold records of a run, sorted by id (UTF-8 bytes), with what the report names them by.
public struct GoldSet: Sendable {
    /// `hajin-2018@v2`, or the file's path.
    public var name: String
    /// `sha256:…` of the release's `records.jsonl` (its manifest's), or of the file's bytes.
    public var hash: String
    public var documents: [Document]
    var index: [String: Int] = [:]
    /// Each document's length in Unicode scalars.
    var scalarCounts: [Int] = []
    /// The span labels of the documents, when the reader collected them (the fast reader).
    var labelsRead: [String]?

    public init(name: String, hash: String, documents: [Document]) {
        self.init(name: name, hash: hash, parts: [documents.map { ($0, FastRecords.scalarCount($0.text)) }])
    }

    /// The documents read by ``FastRecords``, each with its length in scalars, one array per
    /// run of lines: each document is copied once, straight to its place in id order.
    init(name: String, hash: String, parts: consuming [[(Document, Int)]]) {
        self.name = name
        self.hash = hash
        // The documents moved out of the runs (from the end: no copies), then turned round.
        let total = parts.reduce(0) { $0 + $1.count }
        var read: [Document] = []
        var counts: [Int] = []
        read.reserveCapacity(total)
        counts.reserveCapacity(total)
        while var part = parts.popLast() {
            while let (d, n) = part.popLast() {
                read.append(d)
                counts.append(n)
            }
        }
        // On the buffer: `Array.reverse` swaps through a temporary copy of each document.
        read.withUnsafeMutableBufferPointer { $0.reverse() }
        counts.reverse()
        let ids = read.map(\.id.rawValue)
        var order = Array(ids.indices)
        if !zip(ids, ids.dropFirst()).allSatisfy({ utf8Order($0, $1) <= 0 }) {
            // Each id's first 16 bytes as two big-endian words: ids that differ there compare
            // as two integers; the others (equal prefixes) by all their bytes.
            let keys = ids.map(Self.prefixKey)
            order.sort {
                let a = keys[$0]
                let b = keys[$1]
                if a != b { return a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }
                let c = utf8Order(ids[$0], ids[$1])
                return c < 0 || (c == 0 && $0 < $1)
            }
        }
        // Into id order by swaps along the permutation's cycles, on the buffers (where a swap
        // moves the two values; `Array.swapAt` copies one through a temporary).
        var place = order
        read.withUnsafeMutableBufferPointer { docs in
            counts.withUnsafeMutableBufferPointer { counts in
                for start in place.indices where place[start] != start {
                    var i = start
                    while place[i] != start {
                        let j = place[i]
                        docs.swapAt(i, j)
                        counts.swapAt(i, j)
                        place[i] = i
                        i = j
                    }
                    place[i] = i
                }
            }
        }
        documents = read
        scalarCounts = counts
        index.reserveCapacity(ids.count)
        for (i, k) in order.enumerated() { index[ids[k]] = i }
    }

    /// The first 16 UTF-8 bytes of `s`, zero-padded, as two big-endian words: their order is
    /// the bytes' order wherever they differ.
    static func prefixKey(_ s: String) -> (UInt64, UInt64) {
        var s = s
        return s.withUTF8 { u in
            var hi: UInt64 = 0
            var lo: UInt64 = 0
            for i in 0..<16 {
                let b = i < u.count ? UInt64(u[i]) : 0
                if i < 8 { hi = hi << 8 | b } else { lo = lo << 8 | b }
            }
            return (hi, lo)
        }
    }

    public func document(_ id: String) -> Document? { index[id].map { documents[$0] } }

    /// Where the record with this id sits in ``documents``.
    public func position(_ id: String) -> Int? { index[id] }

    /// Reads a JSONL file of gold records (`id`, `text`, `spans`); `schema` nil accepts any
    /// label (gold made elsewhere). Any record problem is an error naming record and span.
    /// Plain files are read by ``FastRecords``' scanner; `fast: false` forces the general reader.
    public static func read(
        path: String, displayName: String, schema: Schema?, hash: String? = nil, fast: Bool = true
    ) throws -> GoldSet {
        if fast, let set = readFast(path: path, displayName: displayName, schema: schema, hash: hash) { return set }
        var docs: [Document] = []
        let report = try RecordFile(path: path, displayName: displayName, schema: schema).read { d, _ in docs.append(d) }
        let errors = report.problems.filter { $0.severity == .error }
        if report.hasErrors {
            throw ScoringInputError("\(displayName) has \(report.errorCount) error(s); nothing was scored", problems: errors)
        }
        let h: String
        if let hash {
            h = hash
        } else {
            do { h = "sha256:" + SHA256.hex(try readFileBytes(path)) } catch { throw ScoringInputError("\(error)") }
        }
        return GoldSet(name: displayName, hash: h, documents: docs)
    }
}

/// What to do with records that do not pair up.
public struct PairingPolicy: Sendable, Hashable {
    /// A gold record without a prediction: an error, scored as predicting nothing, or left out.
    public enum Missing: String, Sendable, CaseIterable { case error, empty, skip }
    /// A prediction for a record the gold does not have: an error, or ignored.
    public enum Extra: String, Sendable, CaseIterable { case error, ignore }
    /// A prediction whose text differs from the gold's (byte for byte): an error, or left out.
    public enum Mismatch: String, Sendable, CaseIterable { case error, skip }

    public var missing: Missing = .error
    public var extra: Extra = .error
    public var mismatch: Mismatch = .error
    public init() {}
}

/// One system's predictions, by record id, with its name and version for the report.
public struct PredictionSet: Sendable {
    public var name: String
    public var version: String
    public var spans: [String: [Span]] = [:]
    /// Records of the predictions that are not in the gold (ignored), and gold records left out.
    public var extra: [String] = []
    public var missing: [String] = []
    public var mismatched: [String] = []
    /// The span labels of `spans`, when the reader collected them (the fast reader).
    var labelsRead: [String]?
    /// `spans` by the position of the gold record in its set, when the reader paired them so
    /// (the fast reader): scoring then reads them by position, with no look-up by id.
    var byGold: [[Span]?]?

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// Reads predictions from a JSONL file: one object per record with `id` and `spans`
    /// (offsets in Unicode scalars, end exclusive, as everywhere), and `text` or `text_hash`
    /// when the system echoes them — then they must be the gold's, byte for byte (NFC and NFD
    /// differ). Spans are checked against the gold record's text and `labels`; every problem is
    /// reported with file, line, record and span, and any error stops the run. Spans carrying
    /// `extractor`/`version` name the system unless `name` is given. Plain files are read by
    /// ``FastRecords``' scanner (`fast: false`: never), others by the general reader.
    public static func read(
        path: String, displayName: String, gold: GoldSet, schema: Schema?, labels: Set<String>, policy: PairingPolicy,
        name: String? = nil, version: String? = nil, fast: Bool = true
    ) throws -> PredictionSet {
        if fast,
            var set = readFast(
                path: path, gold: gold, schema: schema, labels: labels, policy: policy, name: name ?? displayName,
                version: version ?? "unversioned")
        {
            try set.pair(with: gold, policy: policy, file: displayName)
            return set
        }
        let reader: JSONLReader
        do { reader = try JSONLReader(path: path, displayName: displayName) } catch { throw ScoringInputError("\(error)") }
        let decoder = RecordDecoder(schema: schema)
        var out = PredictionSet(name: name ?? displayName, version: version ?? "unversioned")
        var origin: SuggestionOrigin?
        var problems: [Problem] = []
        var errorCount = 0
        func add(_ p: Problem) {
            errorCount += 1
            if problems.count < 1000 { problems.append(p) }
        }
        var seen: [String: Int] = [:]
        while true {
            let record: JSONLRecord?
            do { record = try reader.next() } catch {
                if error.code == .io || error.code == .lineTooLong { throw ScoringInputError("\(error)") }
                add(Problem(.error, .json, file: error.file, line: error.line, message: error.message, hint: error.hint))
                continue
            }
            guard let record else { break }
            let o = record.object
            guard let id = o["id"]?.stringValue ?? o["id"]?.numberValue?.literal else {
                add(
                    Problem(
                        .error, .missingField, file: displayName, line: record.line, message: "the prediction has no \"id\"",
                        hint: "predictions are paired with gold records by id"))
                continue
            }
            if let first = seen[id] {
                add(
                    Problem(
                        .error, .duplicateID, file: displayName, line: record.line, recordID: id,
                        message: "a second prediction for this record (first on line \(first))"))
                continue
            }
            seen[id] = record.line
            guard let doc = gold.document(id) else {
                if policy.extra == .error {
                    add(
                        Problem(
                            .error, .missingField, file: displayName, line: record.line, recordID: id,
                            message: "no gold record has this id",
                            hint: "predictions pair with gold by id; --on-extra ignore leaves such records out"))
                }
                out.extra.append(id)
                continue
            }
            var mismatch: String?
            if let t = o["text"] {
                if t.stringValue.map({ !$0.utf8.elementsEqual(doc.text.utf8) }) ?? true {
                    mismatch = "its text differs from the gold record's (compared byte for byte: NFC and NFD differ)"
                }
            } else if let h = o["text_hash"], h.stringValue != doc.textHash {
                mismatch = "its text_hash differs from the gold record's (the text changed)"
            }
            if let mismatch {
                if policy.mismatch == .error {
                    add(
                        Problem(
                            .error, .textHashMismatch, file: displayName, line: record.line, recordID: id, message: mismatch,
                            hint:
                                "score against the gold the predictions were made for; --on-text-mismatch skip leaves such records out"
                        ))
                }
                out.mismatched.append(id)
                continue
            }
            var checked = JSONObject([("id", .string(id)), ("text", .string(doc.text))])
            if let s = o["spans"] { checked["spans"] = s }
            let (decoded, found) = decoder.decode(checked, file: displayName, line: record.line)
            var ok = decoded != nil
            for p in found where p.severity == .error { add(p) }
            guard ok, var spans = decoded?.spans else { continue }
            for (i, s) in spans.enumerated() where !labels.contains(s.label) {
                add(
                    Problem(
                        .error, .unknownLabel, file: displayName, line: record.line, recordID: id, spanIndex: i,
                        spanSummary: "\(s.start)..\(s.end) \(s.label)", message: "unknown label \(s.label)",
                        hint: "labels of the gold: \(labels.sorted().joined(separator: ", ")); --labels adds more"))
                ok = false
            }
            guard ok else { continue }
            if origin == nil { origin = spans.first(where: { $0.origin != nil })?.origin }
            for i in spans.indices { spans[i].origin = nil }
            out.spans[id] = spans
        }
        if errorCount > 0 {
            throw ScoringInputError(
                "\(displayName): \(errorCount) malformed prediction(s); nothing was scored"
                    + (errorCount > problems.count ? " (the first \(problems.count) are listed)" : ""), problems: problems)
        }
        if name == nil, let origin {
            out.name = origin.extractor
            if version == nil { out.version = origin.version }
        }
        try out.pair(with: gold, policy: policy, file: displayName)
        return out
    }

    /// Applies the policy to gold records without predictions.
    mutating func pair(with gold: GoldSet, policy: PairingPolicy, file: String) throws {
        // Both lists hold distinct gold ids: when they add up to the gold, none is absent.
        let absent =
            spans.count + mismatched.count == gold.documents.count
            ? [] : gold.documents.map(\.id.rawValue).filter { spans[$0] == nil && !mismatched.contains($0) }
        if !absent.isEmpty && policy.missing == .error {
            throw ScoringInputError(
                "\(file): \(absent.count) gold record(s) have no prediction: "
                    + absent.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ") + (absent.count > 5 ? ", …" : "")
                    + " (--on-missing empty scores them as predicting nothing, --on-missing skip leaves them out)")
        }
        if policy.missing == .empty {
            for id in absent { spans[id] = [] }
            if byGold != nil { for id in absent { if let at = gold.position(id) { byGold![at] = [] } } }
        } else {
            missing = absent
        }
    }

    /// Runs an extractor over the gold texts (their spans are not shown to it). Documents go
    /// in article order — by `meta.source`, then `meta.para`, then id — as the built-in stance
    /// extractor carries actors from one paragraph to the next.
    public static func run(_ choice: ExtractorChoice, on gold: GoldSet) throws -> PredictionSet {
        var out = PredictionSet(name: choice.name, version: choice.version)
        let docs = gold.documents.map { d -> Document in
            var x = d
            x.spans = []
            return x
        }
        let order = docs.indices.sorted { a, b in
            let x = docs[a].meta
            let y = docs[b].meta
            let sx = x["source"]?.stringValue ?? ""
            let sy = y["source"]?.stringValue ?? ""
            if sx != sy { return sx < sy }
            let px = x["para"]?.numberValue?.intValue ?? 0
            let py = y["para"]?.numberValue?.intValue ?? 0
            if px != py { return px < py }
            return docs[a].id < docs[b].id
        }
        let ordered = order.map { docs[$0] }
        var spans: [String: [Span]] = [:]
        try Pretagger(choice).run(
            source: { send in for d in ordered { try send(d) } },
            emit: { d, s in
                spans[d.id.rawValue] = s.map {
                    var x = $0
                    x.origin = nil
                    return x
                }
            })
        out.spans = spans
        return out
    }
}
