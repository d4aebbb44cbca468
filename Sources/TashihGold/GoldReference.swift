import Foundation
import TashihJSON
import TashihModel

/// A reference to gold data: `dataset@vN` (a release), `dataset@latest` (the newest release) or
/// `dataset@working` (the journals' gold as of now, as a release would cut it).
public struct GoldReference: Sendable, CustomStringConvertible {
    public enum Version: Sendable, Equatable {
        case release(Int)
        case latest
        case working
    }

    public var dataset: String
    public var version: Version

    public init(dataset: String, version: Version) {
        self.dataset = dataset
        self.version = version
    }

    /// Parses `name@vN`, `name@latest`, `name@working`; nil if `text` has no `@`.
    public static func parse(_ text: String) throws -> GoldReference? {
        guard let at = text.firstIndex(of: "@") else { return nil }
        let name = String(text[..<at])
        let v = String(text[text.index(after: at)...])
        switch v {
        case "latest": return GoldReference(dataset: name, version: .latest)
        case "working": return GoldReference(dataset: name, version: .working)
        default:
            guard v.hasPrefix("v"), let n = Int(v.dropFirst()), n >= 1 else {
                throw WorkspaceError("\"\(text)\" is not a gold reference", hint: "use NAME@vN, NAME@latest or NAME@working")
            }
            return GoldReference(dataset: name, version: .release(n))
        }
    }

    public var description: String {
        switch version {
        case .release(let n): return "\(dataset)@v\(n)"
        case .latest: return "\(dataset)@latest"
        case .working: return "\(dataset)@working"
        }
    }

    /// The records file holding this gold, and the name to show for it. For `@working` the
    /// snapshot is written to a temporary file (removed by the caller when done).
    public func resolve(in workspace: Workspace) throws -> (path: String, shown: String, temporary: Bool) {
        let ds = try workspace.dataset(dataset)
        switch version {
        case .release(let n):
            let r = Release(dataset: ds, version: n)
            guard FileManager.default.fileExists(atPath: r.recordsPath) else {
                let have = Release.versions(of: ds).map { "v\($0)" }
                throw WorkspaceError(
                    "\(self): no such release",
                    hint: have.isEmpty ? "`tashih release \(dataset)` cuts v1" : "releases: \(have.joined(separator: ", "))")
            }
            return (r.recordsPath, "\(dataset)@v\(n)", false)
        case .latest:
            guard let n = Release.versions(of: ds).last else {
                throw WorkspaceError("\(self): \(dataset) has no release yet", hint: "`tashih release \(dataset) -m …` cuts v1")
            }
            return (Release(dataset: ds, version: n).recordsPath, "\(dataset)@v\(n)", false)
        case .working:
            let snap = try Release.snapshot(dataset: ds, positions: nil)
            let path = NSTemporaryDirectory() + "/tashih-working-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
            do { try writeFileAtomically(snap.bytes, to: path) } catch { throw WorkspaceError(error.description) }
            return (path, "\(dataset)@working", true)
        }
    }
}
