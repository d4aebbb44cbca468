import Foundation
import TashihJSON
import TashihModel

/// An error about the workspace or a dataset: what is wrong and how to fix it.
public struct WorkspaceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String
    public init(_ message: String, hint: String = "") {
        self.message = message
        self.hint = hint
    }
    public var description: String { hint.isEmpty ? message : "\(message) (\(hint))" }
}

/// A workspace: a folder holding `tashih.json` and a `datasets/` folder, one sub-folder per
/// dataset. The repository itself is one (it ships the `hajin-2018` dataset).
///
/// `tashih.json`:
/// ```json
/// {"format":"tashih-workspace","version":1}
/// ```
/// with an optional `"schema"` object replacing the default schema (`tashih schema` prints
/// the default in that form).
public struct Workspace: Sendable {
    public static let configFileName = "tashih.json"
    public static let formatName = "tashih-workspace"

    /// The folder holding `tashih.json`.
    public let root: String
    /// The schema in force: the workspace's own, or the default.
    public let schema: Schema
    /// Whether `tashih.json` defines its own schema.
    public let hasCustomSchema: Bool

    public var configPath: String { root + "/" + Self.configFileName }
    public var datasetsDirectory: String { root + "/datasets" }

    /// Opens the workspace whose `tashih.json` is in `root`.
    public init(root: String) throws {
        self.root = root
        let path = root + "/" + Self.configFileName
        let bytes: [UInt8]
        do {
            bytes = try readFileBytes(path)
        } catch {
            throw WorkspaceError("no workspace at \(root): \(error.message)", hint: "run `tashih init` there first")
        }
        let value: JSONValue
        do {
            value = try bytes.withUnsafeBufferPointer { (b) throws(JSONLError) in try JSONParser.parse(b, file: path) }
        } catch {
            throw WorkspaceError("\(error)", hint: "fix tashih.json; `tashih init` writes a fresh one")
        }
        guard let o = value.objectValue, o["format"]?.stringValue == Self.formatName else {
            throw WorkspaceError("\(path): not a Tashih workspace file (\"format\" is not \"\(Self.formatName)\")")
        }
        if let sj = o["schema"] {
            do {
                schema = try Schema(json: sj)
                hasCustomSchema = true
            } catch {
                throw WorkspaceError(
                    "\(path): the schema is invalid: \(error.message)",
                    hint: "`tashih schema` prints the default schema to start from")
            }
        } else {
            schema = .default
            hasCustomSchema = false
        }
    }

    /// Finds the workspace holding `directory` (searching it and its parents).
    public static func find(from directory: String) throws -> Workspace {
        var dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        while true {
            if FileManager.default.fileExists(atPath: dir + "/" + configFileName) { return try Workspace(root: dir) }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { break }
            dir = parent
        }
        throw WorkspaceError(
            "no tashih.json in \(directory) or any folder above it",
            hint: "run `tashih init` to make a workspace, or pass --workspace DIR")
    }

    /// Makes a workspace in `directory` (created if missing). Refuses to overwrite one.
    @discardableResult
    public static func initialize(at directory: String) throws -> Workspace {
        let fm = FileManager.default
        let path = directory + "/" + configFileName
        if fm.fileExists(atPath: path) {
            throw WorkspaceError("\(path) already exists", hint: "this folder is already a workspace")
        }
        do {
            try fm.createDirectory(atPath: directory + "/datasets", withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError("cannot create \(directory)/datasets: \(error.localizedDescription)")
        }
        let config: JSONValue = ["format": .string(formatName), "version": 1]
        do {
            try writeFileAtomically(JSONWriter.bytes(config) + [0x0A], to: path)
        } catch {
            throw WorkspaceError(error.description)
        }
        return try Workspace(root: directory)
    }

    /// The dataset called `name` (it must exist).
    public func dataset(_ name: String) throws -> Dataset {
        try Dataset.validateName(name)
        let dir = datasetsDirectory + "/" + name
        guard FileManager.default.fileExists(atPath: dir + "/" + Dataset.recordsFileName) else {
            let known = datasetNames()
            throw WorkspaceError(
                "no dataset \"\(name)\" in \(root)",
                hint: known.isEmpty
                    ? "`tashih import \(name) FILES…` creates it" : "datasets here: \(known.joined(separator: ", "))")
        }
        return Dataset(name: name, directory: dir, schema: schema)
    }

    /// The dataset called `name`, created empty if it does not exist.
    public func datasetCreatingIfNeeded(_ name: String) throws -> Dataset {
        try Dataset.validateName(name)
        let dir = datasetsDirectory + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError("cannot create \(dir): \(error.localizedDescription)")
        }
        return Dataset(name: name, directory: dir, schema: schema)
    }

    /// The names of the datasets in this workspace, sorted.
    public func datasetNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: datasetsDirectory)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: datasetsDirectory + "/" + $0 + "/" + Dataset.recordsFileName)
        }.sorted()
    }
}
