import Foundation
import TashihJSON
import TashihModel
import TashihText

/// The formats `tashih export` writes (and `tashih import` reads).
public enum InterchangeFormat: String, Sendable, CaseIterable {
    case prodigy
    case doccano
    case brat
    case labelStudio = "label-studio"
    case webanno
    case conll
    case iob2
    case bioes
    case hf

    /// Whether the format has one tag per token (and so needs an overlap policy).
    public var isTagged: Bool { self == .conll || self == .iob2 || self == .bioes || self == .hf }

    /// The offset unit the format stores.
    public var offsetUnit: String {
        switch self {
        case .webanno: return "UTF-16 code units"
        case .conll, .iob2, .bioes, .hf: return "tokens (no offsets; aligned to the record text on import)"
        default: return "Unicode code points (scalars), end exclusive"
        }
    }
}

/// doccano's two JSONL forms.
public enum DoccanoForm: String, Sendable, CaseIterable {
    /// `{"text","label":[[start,end,"LABEL"],…]}` (sequence labelling projects).
    case label
    /// `{"text","entities":[{"id","start_offset","end_offset","label"}],"relations":[]}` (relations on).
    case entities
}

/// What to export and how.
public struct ExportOptions: Sendable {
    public var format: InterchangeFormat
    public var outDirectory: String
    public var schema: Schema
    /// The release exported, e.g. `hajin-2018@v1` (named in the card, the hashes' session and the manifest).
    public var release: String
    public var clitics: CliticPolicy = .split
    public var overlap: OverlapPolicy = .priority
    /// Labels in priority order (before the rest of the schema's order).
    public var priority: [String] = []
    public var families: [String] = []
    public var labels: [String] = []
    public var split: SplitSpec?
    public var doccanoForm: DoccanoForm = .label
    public var license: String = "unknown"
    /// Suggestions per ``SuggestionIndex/key(id:textHash:)`` (Label Studio `predictions`).
    public var predictions: [String: [Span]] = [:]
    /// Replace an existing output folder.
    public var force = false

    public init(format: InterchangeFormat, outDirectory: String, schema: Schema, release: String) {
        self.format = format
        self.outDirectory = outDirectory
        self.schema = schema
        self.release = release
    }

    /// The labels the export keeps (all, or the union of `families` and `labels`), in schema order.
    public var selectedLabels: [String] {
        if families.isEmpty && labels.isEmpty { return schema.allLabels }
        let fam = Set(families)
        let lab = Set(labels)
        return schema.families.flatMap { f in f.labels.filter { fam.contains(f.name) || lab.contains($0) } }
    }
}

/// An export that cannot be made: the message says what and how to fix it.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String
    public init(_ message: String, hint: String = "") {
        self.message = message
        self.hint = hint
    }
    public var description: String { hint.isEmpty ? message : "\(message) (\(hint))" }
}

/// A buffered file in the export's temporary folder.
final class OutFile {
    let path: String
    let fp: UnsafeMutablePointer<FILE>
    var buffer: [UInt8] = []

    init(path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard let f = fopen(path, "wb") else { throw ExportError("cannot create \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        fp = f
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func write(_ s: String) throws { try write(Array(s.utf8)) }

    func flush() throws {
        if buffer.isEmpty { return }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress!, 1, $0.count, fp) }
        let want = buffer.count
        buffer.removeAll(keepingCapacity: true)
        if n != want { throw ExportError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    func close() throws {
        try flush()
        if fclose(fp) != 0 { throw ExportError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }
}

/// Writes a release in one of the interchange formats.
///
/// Records stream from the release file in its order (one pass; two with `--split`, the first
/// only collecting ids, groups, text hashes and label counts), so memory stays flat for CoNLL,
/// Prodigy and every per-line format. The files are written into `OUT.tmp-<pid>/` and renamed to
/// `OUT` at the end: an export that fails leaves nothing.
public final class Exporter {
    public let options: ExportOptions
    public private(set) var summary = ExportSummary()
    let tmp: String
    var files: [String: OutFile] = [:]
    var rank: [String: Int] = [:]
    let selected: Set<String>
    var lsTaskID = 0
    var lsFirst: Set<String> = []
    var started: Set<String> = []
    var brat: [String: Int] = [:]
    /// Split name per record (when split).
    var splitOf: [String: Int] = [:]

    public init(options: ExportOptions) {
        self.options = options
        tmp = options.outDirectory + ".tmp-\(getpid())"
        selected = Set(options.selectedLabels)
        var r = 0
        for l in options.priority {
            if rank[l] == nil {
                rank[l] = r
                r += 1
            }
        }
        for l in options.schema.allLabels where rank[l] == nil {
            rank[l] = r
            r += 1
        }
    }

    /// Exports the records of `recordsPath` (a release's `records.jsonl`).
    public func run(recordsPath: String) throws -> ExportSummary {
        let fm = FileManager.default
        if fm.fileExists(atPath: options.outDirectory) && !options.force {
            throw ExportError(
                "\(options.outDirectory) already exists", hint: "choose another --out, or pass --force to replace it")
        }
        try? fm.removeItem(atPath: tmp)
        do {
            try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        } catch {
            throw ExportError("cannot create \(tmp): \(error.localizedDescription)")
        }
        do {
            try export(recordsPath: recordsPath)
            for f in files.values { try f.close() }
            files = [:]
            if fm.fileExists(atPath: options.outDirectory) {
                let old = options.outDirectory + ".old-\(getpid())"
                try fm.moveItem(atPath: options.outDirectory, toPath: old)
                try fm.moveItem(atPath: tmp, toPath: options.outDirectory)
                try? fm.removeItem(atPath: old)
            } else {
                try fm.moveItem(atPath: tmp, toPath: options.outDirectory)
            }
        } catch {
            for f in files.values { try? f.close() }
            try? fm.removeItem(atPath: tmp)
            if let e = error as? ExportError { throw e }
            throw ExportError("\(error)")
        }
        summary.files.sort()
        return summary
    }

    func file(_ relative: String) throws -> OutFile {
        if let f = files[relative] { return f }
        let f = try OutFile(path: tmp + "/" + relative)
        files[relative] = f
        summary.files.append(relative)
        return f
    }

    /// Streams the records of a release, which are sorted by id (UTF-8 bytes): an id not after
    /// the one before is a duplicate or a file that is not a release. Memory stays flat (the
    /// reader's own duplicate-id table is not needed).
    func readRecords(_ path: String, _ body: (Document) throws -> Void) throws {
        var file = RecordFile(path: path, schema: options.schema)
        file.checksDuplicateIDs = false
        var previous: DocumentID?
        let report = try file.read { d, line in
            if let p = previous, !(p < d.id) {
                throw ExportError(
                    "\(path):\(line): record \"\(d.id)\" does not come after \"\(p)\": a release is sorted by id, without duplicates",
                    hint: "export a release (NAME@vN) or run `tashih verify` on it")
            }
            previous = d.id
            try body(d)
        }
        if report.hasErrors {
            let first = report.problems.first.map { "\($0)" } ?? ""
            throw ExportError(
                "\(path) has \(report.errorCount) error(s), e.g. \(first)", hint: "run `tashih verify` on the dataset")
        }
    }

    func export(recordsPath: String) throws {
        var splitNames: [String] = []
        if let spec = options.split {
            var items: [SplitItem] = []
            try readRecords(recordsPath) { d in
                var labels: [String: Int] = [:]
                for s in d.spans where selected.contains(s.label) { labels[s.label, default: 0] += 1 }
                items.append(
                    SplitItem(
                        id: d.id.rawValue, group: spec.groupBy.flatMap { Splitter.groupValue(d, path: $0) },
                        textKey: Splitter.textKey(d.text), labels: labels))
            }
            let (assigned, groups, merged) = Splitter.assign(items, spec: spec)
            splitNames = spec.names
            if options.format == .hf, splitNames.count == 3 { splitNames[1] = "validation" }
            var perSplit = [[JSONValue]](repeating: [], count: splitNames.count)
            var spansPer = [[String: Int]](repeating: [:], count: splitNames.count)
            for (i, it) in items.enumerated() {
                splitOf[it.id] = assigned[i]
                perSplit[assigned[i]].append(.string(it.id))
                for (l, c) in it.labels { spansPer[assigned[i]][l, default: 0] += c }
            }
            summary.splits = splitNames.enumerated().map { ($0.element, perSplit[$0.offset].count) }
            var splits = JSONObject()
            for (k, name) in splitNames.enumerated() {
                splits[name] = .object(
                    JSONObject([
                        ("records", .number(JSONNumber(perSplit[k].count))),
                        ("spans_per_label", .object(JSONObject(spansPer[k].map { ($0.key, .number(JSONNumber($0.value))) }))),
                        ("ids", .array(perSplit[k])),
                    ]))
            }
            let manifest = JSONObject([
                ("release", .string(options.release)),
                ("ratios", .array(spec.ratios.map { .number(JSONNumber($0)) })),
                ("seed", .number(JSONNumber(Double(spec.seed)))),
                ("group_by", spec.groupBy.map { .string($0) } ?? .null),
                ("near_duplicates", .string("records with the same normalised-text FNV-1a 64 hash share a split")),
                ("groups", .number(JSONNumber(groups))),
                ("merged_as_near_duplicates", .number(JSONNumber(merged))),
                ("splits", .object(splits)),
            ])
            try file("splits.json").write(JSONWriter.bytes(.object(manifest)) + [0x0A])
        }
        let families: [Schema.Family?] =
            (options.format.isTagged && options.overlap == .perFamily)
            ? options.schema.families.filter { f in f.labels.contains { selected.contains($0) } } : [nil]
        try readRecords(recordsPath) { doc in
            summary.records += 1
            var d = doc
            var spans: [Span] = []
            for s in d.spans {
                if selected.contains(s.label) { spans.append(s) } else { summary.notSelected += 1 }
            }
            d.spans = spans
            let split = splitNames.isEmpty ? nil : splitNames[splitOf[d.id.rawValue] ?? 0]
            for fam in families {
                var one = d
                if let fam { one.spans = d.spans.filter { fam.labels.contains($0.label) } }
                try write(one, split: split, family: fam?.name)
            }
        }
        try finish(splitNames: splitNames.isEmpty ? [nil] : splitNames.map { $0 }, families: families.map { $0?.name })
    }

    // MARK: - Per record

    func base(_ split: String?, _ family: String?) -> String {
        var p = ""
        if let family { p += family + "/" }
        return p + (split ?? "data")
    }

    func write(_ doc: Document, split: String?, family: String?) throws {
        let name = base(split, family)
        switch options.format {
        case .prodigy:
            let t = TokenizedRecord.make(text: doc.text, spans: doc.spans, clitics: options.clitics, summary: &summary)
            count(t.spans)
            try file(name + ".jsonl").write(ProdigyFormat.line(doc, t, session: options.release))
        case .doccano:
            count(doc.spans)
            try file(name + ".jsonl").write(DoccanoFormat.line(doc, form: options.doccanoForm))
        case .brat:
            count(doc.spans)
            let stem = BratFormat.fileStem(doc.id.rawValue)
            let dir = split.map { $0 + "/" } ?? ""
            let txt = try file(dir + stem + ".txt")
            try txt.write(Array(doc.text.utf8))
            try file(dir + stem + ".ann").write(BratFormat.ann(doc, schema: options.schema))
        case .labelStudio:
            count(doc.spans)
            let preds = (options.predictions[SuggestionIndex.key(id: doc.id.rawValue, textHash: doc.textHash)] ?? []).filter {
                selected.contains($0.label)
            }
            summary.predictions += preds.count
            lsTaskID += 1
            let f = try file(name + ".json")
            try f.write(lsFirst.insert(name).inserted ? "[\n" : ",\n")
            try f.write(LabelStudioFormat.task(doc, predictions: preds, id: lsTaskID, schema: options.schema))
        case .webanno:
            let t = TokenizedRecord.make(text: doc.text, spans: doc.spans, clitics: options.clitics, summary: &summary)
            count(t.spans)
            let dir = split.map { $0 + "/" } ?? ""
            try file(dir + BratFormat.fileStem(doc.id.rawValue) + ".tsv").write(
                WebAnnoFormat.document(t, schema: options.schema, labels: options.selectedLabels))
        case .conll, .iob2, .bioes, .hf:
            let t = TokenizedRecord.make(text: doc.text, spans: doc.spans, clitics: options.clitics, summary: &summary)
            let kept = t.resolveOverlaps(rank: { self.rank[$0] ?? Int.max }, summary: &summary)
            count(kept.map { t.spans[$0] })
            let tags = t.tags(for: kept, scheme: options.format == .bioes ? .bioes : .iob2)
            switch options.format {
            case .hf:
                try file(name + ".jsonl").write(TaggedFormat.hfLine(id: doc.id.rawValue, t, tags))
            default:
                let ext = options.format == .conll ? ".conll" : options.format == .iob2 ? ".iob" : ".bioes"
                let f = try file(name + ext)
                if started.insert(name + ext).inserted && options.format == .conll { try f.write("-DOCSTART- -X- -X- O\n\n") }
                try f.write(TaggedFormat.sentence(t, tags, conll2003: options.format == .conll))
                try file(name + ".ids").write(Array((doc.id.rawValue + "\n").utf8))
            }
        }
    }

    func count(_ spans: [Span]) {
        for s in spans { summary.written[s.label, default: 0] += 1 }
    }

    func finish(splitNames: [String?], families: [String?]) throws {
        // Every split has its file, even an empty one: consumers name them all.
        let ext: [InterchangeFormat: String] = [
            .prodigy: ".jsonl", .doccano: ".jsonl", .hf: ".jsonl", .conll: ".conll", .iob2: ".iob", .bioes: ".bioes",
        ]
        if let e = ext[options.format] {
            for fam in families {
                for sp in splitNames {
                    let name = base(sp, fam)
                    let f = try file(name + e)
                    if options.format == .conll && started.insert(name + e).inserted { try f.write("-DOCSTART- -X- -X- O\n\n") }
                    if [.conll, .iob2, .bioes].contains(options.format) { _ = try file(name + ".ids") }
                }
            }
        }
        switch options.format {
        case .labelStudio:
            for name in lsFirst { try file(name + ".json").write("\n]\n") }
            for s in splitNames where !lsFirst.contains(base(s, nil)) { try file(base(s, nil) + ".json").write("[]\n") }
            try file("label_config.xml").write(LabelStudioFormat.labelConfig(options.schema, labels: options.selectedLabels))
        case .brat:
            try file("annotation.conf").write(BratFormat.annotationConf(options.schema, labels: options.selectedLabels))
        case .hf:
            for fam in families {
                let labels = fam.flatMap { options.schema.family(named: $0)?.labels } ?? options.selectedLabels
                let names = ["O"] + labels.filter { selected.contains($0) }.flatMap { ["B-" + $0, "I-" + $0] }
                let prefix = fam.map { $0 + "/" } ?? ""
                try file(prefix + "labels.json").write(JSONWriter.bytes(.array(names.map { .string($0) })) + [0x0A])
                try file(prefix + "README.md").write(
                    TaggedFormat.datasetCard(
                        options: options, tags: names, summary: summary, splits: splitNames.compactMap { $0 }))
            }
        default: break
        }
    }
}

/// Suggestions of a dataset's suggestion files, per record, for Label Studio `predictions`.
public enum SuggestionIndex {
    /// The key of a record's suggestions: its id and text hash (stale suggestions never match).
    public static func key(id: String, textHash: String) -> String { id + "\u{1F}" + textHash }

    /// Reads `suggestions/<extractor>.jsonl` files (`{"id","text_hash","spans"}` lines).
    public static func load(paths: [String]) throws -> [String: [Span]] {
        var out: [String: [Span]] = [:]
        for p in paths {
            try forEachJSONLine(path: p) { o, line in
                guard let id = o["id"]?.stringValue ?? o["id"]?.numberValue?.literal, let h = o["text_hash"]?.stringValue else {
                    throw ImportError(file: p, line: line, message: "a suggestion line needs \"id\" and \"text_hash\"")
                }
                var spans: [Span] = []
                for v in o["spans"]?.arrayValue ?? [] {
                    guard let so = v.objectValue, let s = so["start"]?.intValue, let e = so["end"]?.intValue,
                        let l = so["label"]?.stringValue
                    else { continue }
                    let origin = SuggestionOrigin(
                        extractor: so["extractor"]?.stringValue ?? "unknown", version: so["version"]?.stringValue ?? "unknown",
                        score: so["score"]?.numberValue?.doubleValue)
                    spans.append(
                        Span(
                            start: s, end: e, label: l, attributes: attributes(from: so["attributes"]?.objectValue),
                            origin: origin))
                }
                out[key(id: id, textHash: h), default: []].append(contentsOf: spans)
            }
        }
        return out
    }
}
