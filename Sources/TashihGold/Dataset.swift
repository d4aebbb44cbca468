import Foundation
import TashihJSON
import TashihModel

/// A dataset: a folder under `datasets/` holding its records (`records.jsonl`: one canonical
/// JSON document per line, in import order). Journals and releases join it in later versions.
public struct Dataset: Sendable {
    public static let recordsFileName = "records.jsonl"

    public let name: String
    public let directory: String
    public let schema: Schema

    public var recordsPath: String { directory + "/" + Self.recordsFileName }

    public init(name: String, directory: String, schema: Schema) {
        self.name = name
        self.directory = directory
        self.schema = schema
    }

    /// Whether `name` is a name that becomes a file or folder name (datasets, annotators):
    /// lowercase ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most
    /// `maxBytes` long.
    static func isFileName(_ name: String, maxBytes: Int) -> Bool {
        !name.isEmpty && name.utf8.count <= maxBytes
            && name.utf8.enumerated().allSatisfy { i, b in
                (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (i > 0 && (b == 0x2E || b == 0x5F || b == 0x2D))
            }
    }

    /// Dataset names: lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    public static func validateName(_ name: String) throws {
        guard isFileName(name, maxBytes: 100) else {
            throw WorkspaceError(
                "\"\(name)\" is not a valid dataset name",
                hint: "use lowercase letters, digits, '.', '_' and '-', e.g. hajin-2018")
        }
    }

    /// Whether the dataset has a records file yet.
    public var exists: Bool { FileManager.default.fileExists(atPath: recordsPath) }

    /// The records file as a streaming reader.
    public var records: RecordFile {
        RecordFile(path: recordsPath, displayName: relativeRecordsPath, schema: schema)
    }

    /// The records path as shown to users: `datasets/NAME/records.jsonl`.
    public var relativeRecordsPath: String { "datasets/\(name)/\(Self.recordsFileName)" }
}

/// Adds documents to a dataset all at once or not at all.
///
/// The existing records are copied into a temporary file, the new ones appended after them,
/// and the file renamed into place on `commit()`; `abort()` (or an error) leaves the dataset
/// exactly as it was. Duplicate ids are refused; a text already present (same text hash) is
/// skipped and reported unless duplicates are kept.
public final class DatasetImport {
    public enum Outcome: Sendable, Equatable {
        case added
        /// Same text as the record with this id; skipped.
        case skippedDuplicateText(of: DocumentID)
        /// Same text as the record with this id; kept because duplicates are kept.
        case keptDuplicateText(of: DocumentID)
    }

    public let dataset: Dataset
    public let keepDuplicateTexts: Bool
    public private(set) var added = 0
    public private(set) var existing = 0
    var ids: Set<String> = []
    var textHashes: [String: DocumentID] = [:]
    let writer: AtomicFileWriter
    var line: [UInt8] = []

    public init(dataset: Dataset, keepDuplicateTexts: Bool = false) throws {
        self.dataset = dataset
        self.keepDuplicateTexts = keepDuplicateTexts
        do {
            writer = try AtomicFileWriter(path: dataset.recordsPath)
        } catch {
            throw WorkspaceError(error.description)
        }
        if dataset.exists {
            let w = writer
            var ids = Set<String>()
            var hashes: [String: DocumentID] = [:]
            var buf: [UInt8] = []
            let report = try dataset.records.read { doc, _ in
                ids.insert(doc.id.rawValue)
                if hashes[doc.textHash] == nil { hashes[doc.textHash] = doc.id }
                buf.removeAll(keepingCapacity: true)
                JSONWriter.write(doc.json, to: &buf)
                buf.append(0x0A)
                try w.write(buf)
            }
            if report.hasErrors {
                writer.abort()
                throw WorkspaceError(
                    "\(dataset.relativeRecordsPath) has \(report.errorCount) error(s); nothing was imported",
                    hint: "run `tashih verify \(dataset.name)` and fix them first")
            }
            self.ids = ids
            self.textHashes = hashes
            self.existing = report.records
        }
    }

    /// Adds one document. Throws if its id is already in the dataset or this import.
    public func add(_ doc: Document) throws -> Outcome {
        guard ids.insert(doc.id.rawValue).inserted else {
            throw WorkspaceError(
                "record id \"\(doc.id)\" is already in dataset \(dataset.name)",
                hint: "ids must be unique; rename the file or the record")
        }
        var outcome = Outcome.added
        if let first = textHashes[doc.textHash] {
            if !keepDuplicateTexts {
                ids.remove(doc.id.rawValue)
                return .skippedDuplicateText(of: first)
            }
            outcome = .keptDuplicateText(of: first)
        } else {
            textHashes[doc.textHash] = doc.id
        }
        line.removeAll(keepingCapacity: true)
        doc.writeCanonicalJSON(to: &line)
        line.append(0x0A)
        do { try writer.write(line) } catch { throw WorkspaceError(error.description) }
        added += 1
        return outcome
    }

    /// Makes the import visible: the new records file replaces the old one.
    public func commit() throws {
        do { try writer.commit() } catch { throw WorkspaceError(error.description) }
    }

    /// Drops the import; the dataset is unchanged.
    public func abort() { writer.abort() }
}
