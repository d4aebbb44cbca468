import Foundation
import TashihModel

/// The built-in extractors by name: `builtin` (all three), `actors`, `numbers`, `stance`.
public enum BuiltinExtractors {
    public struct UnknownExtractor: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown extractor '\(name)'; use builtin, actors, numbers, stance, or cmd:'COMMAND'"
        }
    }

    public static let names = ["builtin", "actors", "numbers", "stance"]

    /// The extractors `name` stands for; lexicons are read from `lexiconDirectory`.
    public static func resolve(_ name: String, lexiconDirectory: String, schema: Schema = .default) throws -> [any Extractor] {
        guard names.contains(name) else { throw UnknownExtractor(name: name) }
        var out: [any Extractor] = []
        if name == "builtin" || name == "actors" {
            out.append(ActorExtractor(lexicon: try actorLexicon(lexiconDirectory, schema: schema)))
        }
        return out
    }

    static func actorLexicon(_ dir: String, schema: Schema) throws -> ActorLexicon {
        let path = dir + "/actors.jsonl"
        return try ActorLexicon.load(
            path: path, displayName: "datasets/lexicons/actors.jsonl", actorLabels: schema.family(named: "actor")?.labels ?? [])
    }
}
