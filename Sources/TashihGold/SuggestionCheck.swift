import TashihJSON
import TashihModel

/// Checks a suggestions file against its dataset's records in one streaming pass: every line
/// names a record of the dataset (in record order, as `pretag` writes them), carries that
/// record's current text hash (else the suggestions are stale), and holds valid spans with an
/// extractor origin.
public struct SuggestionCheck {
    public let dataset: Dataset
    public let path: String
    public let displayName: String

    public init(dataset: Dataset, path: String) {
        self.dataset = dataset
        self.path = path
        let file = path.split(separator: "/").last.map(String.init) ?? path
        self.displayName = "datasets/\(dataset.name)/suggestions/\(file)"
    }

    /// Runs the check, returning the problems found and the number of suggestions.
    public func run(maxProblems: Int = 1000) throws -> (problems: [Problem], suggestions: Int, errors: Int, warnings: Int) {
        var problems: [Problem] = []
        var errors = 0
        var warnings = 0
        var suggestions = 0
        func add(_ p: Problem) {
            if p.severity == .error { errors += 1 } else { warnings += 1 }
            if problems.count < maxProblems { problems.append(p) }
        }
        let records = try JSONLReader(path: dataset.recordsPath, displayName: dataset.relativeRecordsPath)
        let reader = try JSONLReader(path: path, displayName: displayName)
        let decoder = RecordDecoder(schema: dataset.schema)
        while true {
            let rec: JSONLRecord?
            do { rec = try reader.next() } catch {
                if error.code == .io || error.code == .lineTooLong { throw error }
                add(Problem(.error, .json, file: displayName, line: error.line, message: error.message, hint: error.hint))
                continue
            }
            guard let rec else { break }
            guard let id = rec.object["id"]?.stringValue ?? rec.object["id"]?.numberValue?.literal else {
                add(Problem(.error, .missingField, file: displayName, line: rec.line, message: "the line has no \"id\""))
                continue
            }
            // Walk the records forward to this id.
            var record: JSONObject?
            while let r = try? records.next() {
                let rid = r.object["id"]?.stringValue ?? r.object["id"]?.numberValue?.literal
                if rid == id {
                    record = r.object
                    break
                }
            }
            guard let record, let text = record["text"]?.stringValue else {
                add(
                    Problem(
                        .error, .missingField, file: displayName, line: rec.line, recordID: id,
                        message: "no such record in the dataset, or not in record order",
                        hint: "re-run `tashih pretag \(dataset.name)`"))
                return (problems, suggestions, errors, warnings)  // the walk cannot recover its place
            }
            let hash = textHash(text)
            if rec.object["text_hash"]?.stringValue != hash {
                add(
                    Problem(
                        .warning, .textHashMismatch, file: displayName, line: rec.line, recordID: id,
                        message: "the suggestions were made for another version of the text (stale)",
                        hint: "re-run `tashih pretag \(dataset.name)`"))
                continue
            }
            var check = JSONObject([("id", .string(id)), ("text", .string(text))])
            check["spans"] = rec.object["spans"] ?? .array([])
            let (doc, ps) = decoder.decode(check, file: displayName, line: rec.line)
            for p in ps { add(p) }
            for (i, s) in (doc?.spans ?? []).enumerated() where s.origin == nil {
                add(
                    Problem(
                        .error, .missingField, file: displayName, line: rec.line, recordID: id, spanIndex: i,
                        message: "a suggestion has no \"extractor\"", hint: "suggestions name the extractor that made them"))
            }
            suggestions += doc?.spans.count ?? 0
        }
        return (problems, suggestions, errors, warnings)
    }
}
