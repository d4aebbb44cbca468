import Foundation
import TashihJSON
import TashihModel

/// An immutable gold release `vN` of a dataset: `datasets/<name>/releases/vN/` with
///
/// - `records.jsonl` — the records that have human decisions, sorted by id (UTF-8 bytes), each
///   with its gold spans (no suggestion origins), canonical JSON, one per line;
/// - `manifest.json` — `{"format":"tashih-release","version":N,"parent":N-1|null,"time",
///   "message","records","spans","spans_per_label":{…},"annotators":[…],"guidelines",
///   "schema_hash","positions":{"<annotator>":<seq>},"policy","sha256"}`, where `positions` are
///   the journal positions folded in (the event with seq n is line n of its journal) and
///   `sha256` is the hash of `records.jsonl`.
///
/// The folder is built under a temporary name and renamed into place, then its files are made
/// read-only; `verify` checks the hash and that re-folding the journals up to `positions` gives
/// the same bytes. Each release adds an entry to the dataset's `CHANGELOG.md`.
public struct Release: Sendable {
    /// How a record that several annotators decided gets its gold.
    public enum Policy: Sendable, Equatable, CustomStringConvertible {
        /// One annotator per record; a record with more is listed and the release refused.
        case single
        /// The gold a strict majority of the record's annotators produced identically.
        case majority
        /// The adjudicator's gold wherever they decided the record.
        case adjudicated(by: String)

        public var description: String {
            switch self {
            case .single: return "single"
            case .majority: return "majority"
            case .adjudicated(let who): return "adjudicated:\(who)"
            }
        }

        /// Parses `single`, `majority`, `adjudicated:NAME`.
        public init?(_ text: String) {
            switch text {
            case "single": self = .single
            case "majority": self = .majority
            default:
                guard text.hasPrefix("adjudicated:"), text.count > 12 else { return nil }
                self = .adjudicated(by: String(text.dropFirst(12)))
            }
        }
    }

    public let dataset: Dataset
    public let version: Int
    public var directory: String { dataset.directory + "/releases/v\(version)" }
    public var recordsPath: String { directory + "/records.jsonl" }
    public var manifestPath: String { directory + "/manifest.json" }

    public init(dataset: Dataset, version: Int) {
        self.dataset = dataset
        self.version = version
    }

    /// The versions released so far, ascending.
    public static func versions(of dataset: Dataset) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dataset.directory + "/releases")) ?? []
        return names.compactMap { $0.hasPrefix("v") ? Int($0.dropFirst()) : nil }.sorted()
    }

    /// The manifest, parsed.
    public func manifest() throws -> JSONObject {
        let bytes = try readFileBytes(manifestPath)
        guard
            let o = try bytes.withUnsafeBufferPointer({ (b) throws(JSONLError) in try JSONParser.parse(b, file: manifestPath) })
                .objectValue
        else { throw WorkspaceError("\(manifestPath): not a JSON object") }
        return o
    }

    /// The canonical bytes of a release of the working state as of `positions`: records with
    /// human decisions, sorted by id, with their gold spans. Also returns the counts the manifest
    /// needs. Records of `policy single` that more than one annotator decided are returned in
    /// `undecided` (the caller refuses the release).
    static func snapshot(dataset: Dataset, positions: [String: Int]?, policy: Policy = .single) throws
        -> (
            bytes: [UInt8], records: Int, spansPerLabel: [String: Int], annotators: [String], positions: [String: Int],
            undecided: [String], annotatorOf: [String: String], gold: [String: [Span]]
        )
    {
        let (state, report) = try WorkingState.load(dataset: dataset, positions: positions)
        if let e = report.errors.first {
            throw WorkspaceError("\(e)", hint: "fix the journal first (`tashih verify \(dataset.name)`)")
        }
        var documents: [String: Document] = [:]
        _ = try dataset.records.read { doc, _ in documents[doc.id.rawValue] = doc }
        var ids: [String] = []
        var undecided: [String] = []
        var annotators = Set<String>()
        var annotatorOf: [String: String] = [:]
        // Each annotator's own gold (their events alone), loaded when a policy needs it.
        var own: [String: WorkingState] = [:]
        func ownGold(_ annotator: String, _ id: String) throws -> [Span] {
            if own[annotator] == nil {
                let limit = positions?[annotator] ?? state.positions[annotator] ?? 0
                own[annotator] = try WorkingState.load(dataset: dataset, positions: [annotator: limit]).0
            }
            return (own[annotator]?.record(id)?.goldSpans ?? []).map {
                var s = $0
                s.origin = nil
                return s
            }
        }
        var decided: [String: [Span]] = [:]
        for (id, r) in state.records where r.applied > 0 || !r.done.isEmpty {
            var who = Set(r.gold.flatMap { $0.events.map(\.annotator) })
            who.formUnion(r.done.keys)
            if let one = who.sorted().first { annotatorOf[id] = one }
            if who.count > 1 {
                switch policy {
                case .single:
                    undecided.append(id)
                case .majority:
                    var groups: [[Span]: Int] = [:]
                    for a in who { groups[try ownGold(a, id), default: 0] += 1 }
                    if let (spans, n) = groups.max(by: { $0.value < $1.value }), n * 2 > who.count {
                        decided[id] = spans
                        annotatorOf[id] = "majority"
                    } else {
                        undecided.append(id)
                    }
                case .adjudicated(let lead):
                    if who.contains(lead) {
                        decided[id] = try ownGold(lead, id)
                        annotatorOf[id] = lead
                    } else {
                        undecided.append(id)
                    }
                }
            }
            annotators.formUnion(who)
            ids.append(id)
        }
        ids.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var bytes: [UInt8] = []
        var perLabel: [String: Int] = [:]
        var gold: [String: [Span]] = [:]
        for id in ids {
            guard var doc = documents[id], let r = state.record(id) else { continue }
            doc.spans =
                decided[id]
                ?? r.goldSpans.map {
                    var s = $0
                    s.origin = nil
                    return s
                }
            gold[id] = doc.spans
            for s in doc.spans { perLabel[s.label, default: 0] += 1 }
            doc.writeCanonicalJSON(to: &bytes)
            bytes.append(0x0A)
        }
        return (bytes, ids.count, perLabel, annotators.sorted(), state.positions, undecided.sorted(), annotatorOf, gold)
    }

    /// Cuts the next release of `dataset` from all its journals (policy `single`: a record decided
    /// by more than one annotator is listed and the release refused).
    public static func cut(
        dataset: Dataset, message: String, guidelines: String, policy: Policy = .single, now: Date = Date()
    ) throws -> Release {
        let previous = versions(of: dataset).last
        let version = (previous ?? 0) + 1
        let snap = try snapshot(dataset: dataset, positions: nil, policy: policy)
        guard snap.undecided.isEmpty else {
            let why: String
            switch policy {
            case .single: why = "were decided by more than one annotator"
            case .majority: why = "have no majority among their annotators"
            case .adjudicated(let lead): why = "were decided by more than one annotator and not by \(lead)"
            }
            throw WorkspaceError(
                "\(snap.undecided.count) record(s) \(why): \(snap.undecided.prefix(10).joined(separator: ", "))",
                hint: "adjudicate them, or choose another policy (--policy single|majority|adjudicated:NAME)")
        }
        guard snap.records > 0 else {
            throw WorkspaceError("no record of \(dataset.name) has a human decision yet", hint: "annotate first")
        }
        let release = Release(dataset: dataset, version: version)
        let fm = FileManager.default
        let releases = dataset.directory + "/releases"
        let temp = releases + "/.v\(version).tmp-\(getpid())"
        do {
            try fm.createDirectory(atPath: temp, withIntermediateDirectories: true)
            try writeFileAtomically(snap.bytes, to: temp + "/records.jsonl", mode: 0o444)
            var perLabel = JSONObject()
            for (k, v) in snap.spansPerLabel.sorted(by: { $0.key < $1.key }) { perLabel[k] = .number(JSONNumber(v)) }
            var positions = JSONObject()
            for (k, v) in snap.positions.sorted(by: { $0.key < $1.key }) { positions[k] = .number(JSONNumber(v)) }
            let manifest: JSONValue = [
                "format": "tashih-release", "version": .number(JSONNumber(version)),
                "parent": previous.map { .number(JSONNumber($0)) } ?? .null,
                "time": .string(ISO8601DateFormatter().string(from: now)), "message": .string(message),
                "records": .number(JSONNumber(snap.records)),
                "spans": .number(JSONNumber(snap.spansPerLabel.values.reduce(0, +))), "spans_per_label": .object(perLabel),
                "annotators": .array(snap.annotators.map { .string($0) }), "guidelines": .string(guidelines),
                "schema_hash": .string(dataset.schema.hash), "positions": .object(positions),
                "policy": .string(policy.description),
                "sha256": .string("sha256:" + SHA256.hex(snap.bytes)),
            ]
            try writeFileAtomically(JSONWriter.bytes(manifest) + [0x0A], to: temp + "/manifest.json", mode: 0o444)
            try fm.moveItem(atPath: temp, toPath: release.directory)
            try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: release.directory)
        } catch let e as WorkspaceError {
            try? fm.removeItem(atPath: temp)
            throw e
        } catch {
            try? fm.removeItem(atPath: temp)
            throw WorkspaceError("cannot write release v\(version): \(error)")
        }
        try appendChangelog(
            dataset: dataset, version: version, message: message, now: now, perLabel: snap.spansPerLabel, gold: snap.gold,
            annotatorOf: snap.annotatorOf, parent: previous.map { Release(dataset: dataset, version: $0) })
        return release
    }

    /// Adds the release's entry to `CHANGELOG.md`: spans per label, and the spans added, removed
    /// and changed since the parent per label and annotator (under policy single, a record's
    /// changes are its one annotator's).
    static func appendChangelog(
        dataset: Dataset, version: Int, message: String, now: Date, perLabel: [String: Int], gold: [String: [Span]],
        annotatorOf: [String: String], parent: Release?
    ) throws {
        var before: [String: [Span]] = [:]
        if let parent {
            _ = try? RecordFile(path: parent.recordsPath, schema: nil).read { d, _ in before[d.id.rawValue] = d.spans }
        }
        let diff = GoldDiff.compare(before, gold)
        // label → annotator → (added, removed, changed)
        var counts: [String: [String: (added: Int, removed: Int, changed: Int)]] = [:]
        for r in diff.records {
            let who = annotatorOf[r.id] ?? "-"
            for c in r.changes {
                var t = counts[c.label, default: [:]][who, default: (0, 0, 0)]
                switch c {
                case .added: t.added += 1
                case .removed: t.removed += 1
                default: t.changed += 1
                }
                counts[c.label, default: [:]][who] = t
            }
        }
        var entry = "## v\(version) — \(ISO8601DateFormatter().string(from: now))\n\n\(message)\n\n"
        entry += "| label | spans | annotator | added | removed | changed |\n|---|---|---|---|---|---|\n"
        for label in Set(perLabel.keys).union(counts.keys).sorted() {
            let who = counts[label] ?? [:]
            if who.isEmpty { entry += "| \(label) | \(perLabel[label] ?? 0) | — | 0 | 0 | 0 |\n" }
            for (name, t) in who.sorted(by: { $0.key < $1.key }) {
                entry += "| \(label) | \(perLabel[label] ?? 0) | \(name) | \(t.added) | \(t.removed) | \(t.changed) |\n"
            }
        }
        let path = dataset.directory + "/CHANGELOG.md"
        let old = (try? readFileBytes(path)) ?? Array("# Changelog of \(dataset.name)\n\n".utf8)
        do { try writeFileAtomically(old + Array((entry + "\n").utf8), to: path) } catch {
            throw WorkspaceError(error.description)
        }
    }

    /// Checks the release: its records hash to the manifest's `sha256`, and re-folding the
    /// journals up to its `positions` gives the same bytes. Returns the problems found.
    public func verify() -> [String] {
        var problems: [String] = []
        let shown = "datasets/\(dataset.name)/releases/v\(version)"
        let manifest: JSONObject
        do { manifest = try self.manifest() } catch { return ["\(shown)/manifest.json: \(error)"] }
        guard let bytes = try? readFileBytes(recordsPath) else { return ["\(shown)/records.jsonl: cannot be read"] }
        let hash = "sha256:" + SHA256.hex(bytes)
        if manifest["sha256"]?.stringValue != hash {
            problems.append(
                "\(shown)/records.jsonl: does not match its manifest's sha256 (the release was changed after it was cut)")
        }
        var positions: [String: Int] = [:]
        for e in manifest["positions"]?.objectValue ?? JSONObject() { positions[e.key] = e.value.numberValue?.intValue ?? 0 }
        let policy = manifest["policy"]?.stringValue.flatMap(Policy.init) ?? .single
        do {
            let snap = try Self.snapshot(dataset: dataset, positions: positions, policy: policy)
            if snap.bytes != bytes {
                problems.append(
                    "\(shown): re-folding the journals up to its positions gives different records (journals or records changed under it)"
                )
            }
        } catch {
            problems.append("\(shown): cannot re-fold: \(error)")
        }
        return problems
    }
}
