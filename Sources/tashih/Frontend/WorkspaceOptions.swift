import ArgumentParser
import Foundation
import TashihGold
import TashihModel

/// `--workspace DIR`: where to find `tashih.json` (default: the current folder or a parent).
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace folder (default: the nearest folder with a tashih.json, from here up).")
    var workspace: String?

    func open() throws -> Workspace {
        do {
            if let w = workspace { return try Workspace(root: w) }
            if let env = ProcessInfo.processInfo.environment["TASHIH_WORKSPACE"], !env.isEmpty {
                return try Workspace(root: env)
            }
            return try Workspace.find(from: FileManager.default.currentDirectoryPath)
        } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        }
    }
}

/// What a command reads: a dataset of the workspace, or a JSONL file given by path.
enum RecordSource {
    case dataset(Dataset)
    case file(path: String)
    /// Gold named by a reference (`NAME@vN`, `@latest`, `@working`).
    case gold(path: String, shown: String)

    /// The records to read: the dataset's file, or the given file checked against `schema`.
    func recordFile(schema: Schema) -> RecordFile {
        switch self {
        case .dataset(let d): return d.records
        case .file(let path): return RecordFile(path: path, schema: schema)
        case .gold(let path, let shown): return RecordFile(path: path, displayName: shown, schema: schema)
        }
    }

    /// Removes the temporary snapshot of `@working`, if this source is one.
    func cleanUp() {
        if case .gold(let path, let shown) = self, shown.hasSuffix("@working") {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// A path (contains `/` or ends in `.jsonl`) is a file; `NAME@vN`, `NAME@latest`,
    /// `NAME@working` name gold; anything else names a dataset.
    static func resolve(_ argument: String, options: WorkspaceOptions) throws -> (RecordSource, Workspace?) {
        let looksLikePath = argument.contains("/") || argument.hasSuffix(".jsonl") || argument.hasSuffix(".ndjson")
        if looksLikePath {
            guard FileManager.default.fileExists(atPath: argument) else {
                throw CommandFailure("\(argument): no such file")
            }
            // A file is checked against the workspace's schema when there is one, else the default.
            let ws = try? options.open()
            return (.file(path: argument), ws)
        }
        let ws = try options.open()
        do {
            if let ref = try GoldReference.parse(argument) {
                let (path, shown, _) = try ref.resolve(in: ws)
                return (.gold(path: path, shown: shown), ws)
            }
            return (.dataset(try ws.dataset(argument)), ws)
        } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        }
    }
}
