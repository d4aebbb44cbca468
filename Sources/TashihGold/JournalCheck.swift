import Foundation
import TashihJSON
import TashihModel

/// Checks every journal of a dataset, for `verify` and `tashih journal check`.
///
/// Per journal: every line is an event of the journal's annotator, line n holds seq n, times
/// never decrease (see `JournalReader`); a torn last line is a warning (never an error: it
/// does not stop the dataset from opening). Against the records: an event about a record the
/// dataset does not have is an error; one made on another text of its record (a different
/// `text_hash`) is a warning (stale: the working state does not apply it). Files set aside
/// earlier (`*.jsonl.torn-*`) are listed so they are never forgotten.
public struct JournalCheck {
    public struct Report: Sendable {
        public var journals: [JournalReadReport] = []
        public var errors: [JournalError] = []
        /// Torn last lines and stale events, as printable warnings.
        public var warnings: [String] = []
        /// Torn lines set aside by writers earlier (paths).
        public var setAside: [String] = []
        public var events: Int { journals.reduce(0) { $0 + $1.events } }
        public var hasErrors: Bool { !errors.isEmpty }
    }

    public let dataset: Dataset
    public init(dataset: Dataset) { self.dataset = dataset }

    public func run() throws -> Report {
        var report = Report()
        var hashes: [String: String] = [:]
        if dataset.exists {
            _ = try RecordFile(path: dataset.recordsPath, displayName: dataset.relativeRecordsPath, schema: nil).read {
                doc, _ in hashes[doc.id.rawValue] = doc.textHash
            }
        }
        for f in dataset.journalFiles() {
            let shown = "datasets/\(dataset.name)/journals/\(f.annotator).jsonl"
            var unknown = 0
            var stale = 0
            var firstUnknown: (Int, String)?
            let r = try JournalReader.read(path: f.path, displayName: shown, annotator: f.annotator) { e, line, _ in
                guard let h = hashes[e.record.rawValue] else {
                    unknown += 1
                    if firstUnknown == nil { firstUnknown = (line, e.record.rawValue) }
                    return
                }
                if h != e.textHash { stale += 1 }
            }
            report.journals.append(r)
            report.errors.append(contentsOf: r.errors)
            if let t = r.torn { report.warnings.append(t.description) }
            if let (line, id) = firstUnknown {
                report.errors.append(
                    JournalError(
                        .corrupt, file: shown, line: line,
                        message: "\(unknown) event(s) about records not in the dataset (first: \"\(id)\")",
                        hint: "were records removed or renamed? restore them, or the events cannot apply"))
            }
            if stale > 0 {
                report.warnings.append(
                    "\(shown): warning: \(stale) event(s) made on another text of their record (stale; not applied)")
            }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dataset.journalsDirectory)) ?? []
        report.setAside = names.filter { $0.contains(".jsonl.torn-") }.sorted().map {
            "datasets/\(dataset.name)/journals/\($0)"
        }
        return report
    }
}
