import TashihJSON
import TashihModel
import TashihText

/// A lexicon problem: file, line, what is wrong, how to fix it.
public typealias LexiconError = LocatedError

/// A lexicon file read whole: its records, the JSON-level problems met (every line is read),
/// and its version (`lex.` + the first 12 hex digits of its SHA-256).
struct LexiconFile {
    var records: [JSONLRecord] = []
    var errors: [LexiconError] = []
    var version: String

    init(path: String, displayName shown: String) throws {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch {
            throw LexiconError(file: shown, line: 0, message: error.message, hint: "the lexicons ship in datasets/lexicons/")
        }
        var h = SHA256()
        bytes.withUnsafeBytes { h.update($0) }
        version = "lex." + String(SHA256.hexString(h.finalize()).prefix(12))
        let reader = try JSONLReader(path: path, displayName: shown)
        while true {
            do {
                guard let rec = try reader.next() else { break }
                records.append(rec)
            } catch {
                if error.code == .io { throw error }
                errors.append(LexiconError(file: shown, line: error.line, message: error.message, hint: error.hint))
            }
        }
    }
}

/// The actor lexicon, `datasets/lexicons/actors.jsonl`: one record per actor, its canonical
/// identity kept apart from the names used for it and from any framing.
///
/// ```json
/// {"id":"SDF","type":"ARMED_GROUP","names_ar":["قوات سوريا الديمقراطية","قسد"],"mt_names_ar":["قوات الدفاع الذاتي"],
///  "names_en":["SDF"],"acled_inter":2,"parent":null}
/// ```
public struct ActorLexicon: Sendable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        /// An actor label of the schema (STATE, ARMED_GROUP, PERSON, …).
        public var type: String
        public var namesAR: [String]
        /// Machine-translation manglings of the name (seed 001's `قوات الدفاع الذاتي` for the
        /// SDF): matched at a low score for an annotator to confirm, never aliases.
        public var mtNamesAR: [String] = []
        public var namesEN: [String]
        public var acledInter: Int?
        public var parent: String?
    }

    public var entries: [Entry]
    /// `lex.` and the first 12 hex digits of the file's SHA-256: part of the extractor's version.
    public var version: String

    public init(entries: [Entry], version: String) {
        self.entries = entries
        self.version = version
    }

    /// The entry with this id.
    public func entry(id: String) -> Entry? { entries.first { $0.id == id } }

    /// Loads and checks the lexicon: every line a record with a unique identifier `id`, a
    /// `type` among the actor labels, at least one Arabic name, parents that exist. All
    /// problems are collected; any one makes the load fail.
    public static func load(path: String, displayName: String? = nil, actorLabels: [String]) throws -> ActorLexicon {
        let shown = displayName ?? path
        let file = try LexiconFile(path: path, displayName: shown)
        var errors = file.errors
        var entries: [Entry] = []
        var lines: [String: Int] = [:]
        for rec in file.records {
            let o = rec.object
            func err(_ m: String, _ h: String = "") {
                errors.append(LexiconError(file: shown, line: rec.line, message: m, hint: h))
            }
            guard let id = o["id"]?.stringValue, isIdentifier(id) else {
                err("\"id\" must be an identifier string (A-Z, 0-9, _)", "e.g. \"SDF\"")
                continue
            }
            if let first = lines[id] { err("id \(id) is defined twice (first on line \(first))") }
            lines[id] = rec.line
            guard let type = o["type"]?.stringValue, actorLabels.contains(type) else {
                err("actor \(id): \"type\" must be one of \(actorLabels.joined(separator: ", "))")
                continue
            }
            let ar = (o["names_ar"]?.arrayValue ?? []).compactMap(\.stringValue)
            if ar.isEmpty { err("actor \(id) has no Arabic names", "add \"names_ar\": [\"…\"]") }
            let en = (o["names_en"]?.arrayValue ?? []).compactMap(\.stringValue)
            let mt = (o["mt_names_ar"]?.arrayValue ?? []).compactMap(\.stringValue)
            var inter: Int?
            if let a = o["acled_inter"], a != .null {
                guard let i = a.numberValue?.intValue, (1...8).contains(i) else {
                    err("actor \(id): \"acled_inter\" must be an integer 1-8 or null")
                    continue
                }
                inter = i
            }
            var parent: String?
            if let p = o["parent"], p != .null {
                guard let ps = p.stringValue else { err("actor \(id): \"parent\" must be an id or null"); continue }
                parent = ps
            }
            entries.append(Entry(id: id, type: type, namesAR: ar, mtNamesAR: mt, namesEN: en, acledInter: inter, parent: parent))
        }
        for e in entries {
            if let p = e.parent, lines[p] == nil {
                errors.append(
                    LexiconError(file: shown, line: lines[e.id] ?? 0, message: "actor \(e.id): parent \(p) is not in the lexicon")
                )
            }
        }
        if entries.isEmpty && errors.isEmpty {
            errors.append(LexiconError(file: shown, line: 0, message: "the lexicon is empty"))
        }
        if let first = errors.first {
            throw LexiconErrors(errors: errors, first: first)
        }
        return ActorLexicon(entries: entries, version: file.version)
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F }
    }
}

/// Several lexicon problems at once.
public struct LexiconErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [LexiconError]
    public var first: LexiconError
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
