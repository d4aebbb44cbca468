import Foundation
import TashihJSON
import TashihModel

/// Brings spans read from another tool into a dataset, all or nothing as far as the disk allows:
///
/// 1. the records are added to `records.jsonl` (``DatasetImport``: a text already present is not
///    added again, and the spans go to the record that has it; an id already present must have
///    the same text);
/// 2. suggestions become `suggestions/<extractor>.jsonl` (replaced whole, like a `pretag` run),
///    with their origin (`extractor`, the file's model version or `import:<format>`);
/// 3. gold from a named annotator becomes that annotator's journal: one `add` event per span and
///    a `done` per record, so a release folds it like any annotator's work (`tashih blame`
///    shows the import as that annotator's decisions).
///
/// Every span is checked (against its text and the schema) before anything is written; the
/// records and the suggestion file are renamed into place only when complete; journal events
/// are validated in full before the first append.
public struct SpanImport {
    public struct Item: Sendable {
        public var document: Document
        public var gold: [Span]
        public var suggestions: [Span]
        public init(document: Document, gold: [Span], suggestions: [Span]) {
            self.document = document
            self.gold = gold
            self.suggestions = suggestions
        }
    }

    public struct Outcome: Sendable {
        public var recordsAdded = 0
        public var recordsMatched = 0
        public var suggestions = 0
        public var goldSpans = 0
        public var events = 0
        public var suggestionsPath: String?
        public var journalPath: String?
    }

    public let dataset: Dataset
    public var extractor: String?
    public var annotator: String?
    public var guidelines: String

    public init(dataset: Dataset, extractor: String?, annotator: String?, guidelines: String) {
        self.dataset = dataset
        self.extractor = extractor
        self.annotator = annotator
        self.guidelines = guidelines
    }

    /// The records of the dataset by id, in order.
    public func existing() throws -> (byID: [String: Document], order: [String]) {
        var by: [String: Document] = [:]
        var order: [String] = []
        if dataset.exists {
            let report = try dataset.records.read { d, _ in
                by[d.id.rawValue] = d
                order.append(d.id.rawValue)
            }
            if report.hasErrors {
                throw WorkspaceError(
                    "\(dataset.relativeRecordsPath) has \(report.errorCount) error(s); nothing was imported",
                    hint: "run `tashih verify \(dataset.name)` and fix them first")
            }
        }
        return (by, order)
    }

    /// Applies the import. `items` come in file order; ids must be unique among them.
    public func apply(_ items: [Item]) throws -> Outcome {
        if let annotator {
            do { try JournalWriter.validateAnnotator(annotator) } catch { throw WorkspaceError(error.description) }
        }
        var (byID, order) = try existing()
        var byHash: [String: String] = [:]
        for id in order where byHash[byID[id]!.textHash] == nil { byHash[byID[id]!.textHash] = id }
        // 1. Decide each item's record before writing anything.
        var targets: [String: (gold: [Span], suggestions: [Span])] = [:]
        var newDocs: [Document] = []
        var outcome = Outcome()
        for it in items {
            let id = it.document.id.rawValue
            let target: String
            if let have = byID[id] {
                guard have.textHash == it.document.textHash else {
                    throw WorkspaceError(
                        "record id \"\(id)\" is already in \(dataset.name) with another text",
                        hint: "rename the record in the file, or import into another dataset")
                }
                target = id
                outcome.recordsMatched += 1
            } else if let first = byHash[it.document.textHash] {
                target = first
                outcome.recordsMatched += 1
            } else {
                var d = it.document
                d.spans = []
                byID[id] = d
                byHash[d.textHash] = id
                order.append(id)
                newDocs.append(d)
                target = id
            }
            targets[target, default: ([], [])].gold += it.gold
            targets[target, default: ([], [])].suggestions += it.suggestions
        }
        do {
            try FileManager.default.createDirectory(atPath: dataset.directory, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError("cannot create \(dataset.directory): \(error.localizedDescription)")
        }
        // 2. Journal events, validated in full first.
        var events: [(JournalAction, Document)] = []
        var writer: JournalWriter?
        if let annotator {
            let journalExisted = FileManager.default.fileExists(atPath: dataset.journalPath(annotator: annotator))
            do {
                writer = try JournalWriter(dataset: dataset, annotator: annotator, guidelines: guidelines)
            } catch { throw WorkspaceError(error.description) }
            for id in order {
                guard let t = targets[id], let doc = byID[id] else { continue }
                var seen = Set<Span>()
                for s in t.gold.sorted(by: Span.canonicalOrder) {
                    var g = s
                    g.origin = nil
                    g.text = nil
                    if seen.insert(g).inserted { events.append((.add(g), doc)) }
                }
                events.append((.done, doc))
            }
            do {
                for (a, d) in events { try writer!.validate(a, record: d, suggestion: nil, textHash: nil) }
            } catch {
                writer!.close()
                if !journalExisted {
                    try? FileManager.default.removeItem(atPath: writer!.path)
                    try? FileManager.default.removeItem(atPath: writer!.lockPath)
                }
                throw WorkspaceError(error.description)
            }
        }
        // 3. Records, then suggestions, then the journal.
        if !newDocs.isEmpty {
            let session = try DatasetImport(dataset: dataset, keepDuplicateTexts: true)
            do {
                for d in newDocs { _ = try session.add(d) }
                try session.commit()
            } catch {
                session.abort()
                writer?.close()
                throw error
            }
            outcome.recordsAdded = newDocs.count
        }
        if let extractor {
            let sw = try SuggestionWriter(dataset: dataset, extractor: extractor)
            do {
                for id in order {
                    guard let t = targets[id], let doc = byID[id] else { continue }
                    let spans = t.suggestions.map {
                        var s = $0
                        s.text = nil
                        if s.origin == nil { s.origin = SuggestionOrigin(extractor: extractor, version: "import") }
                        s.origin!.extractor = extractor
                        return s
                    }
                    try sw.add(doc, spans)
                    outcome.suggestions += spans.count
                }
                try sw.commit()
            } catch {
                sw.abort()
                writer?.close()
                throw error
            }
            outcome.suggestionsPath = sw.path
        }
        if let writer {
            defer { writer.close() }
            do {
                for (a, d) in events { try writer.append(a, record: d) }
            } catch { throw WorkspaceError(error.description) }
            outcome.events = events.count
            outcome.goldSpans = events.filter { $0.0.kind == .add }.count
            outcome.journalPath = writer.path
        }
        return outcome
    }
}
