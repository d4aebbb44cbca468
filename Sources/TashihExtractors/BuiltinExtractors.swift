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

    /// The suite `name` stands for; lexicons are read from `lexiconDirectory`.
    public static func resolve(_ name: String, lexiconDirectory: String, schema: Schema = .default) throws -> BuiltinSuite {
        guard names.contains(name) else { throw UnknownExtractor(name: name) }
        let actors = ActorExtractor(lexicon: try actorLexicon(lexiconDirectory, schema: schema))
        let numbers = name == "builtin" || name == "numbers" ? NumberExtractor() : nil
        var stance: StanceExtractor?
        if name == "builtin" || name == "stance" {
            stance = StanceExtractor(lexicon: try stanceLexicon(lexiconDirectory, schema: schema), actorLexicon: actors.lexicon)
        }
        return BuiltinSuite(actors: actors, numbers: numbers, stance: stance, emitsActors: name == "builtin" || name == "actors")
    }

    static func stanceLexicon(_ dir: String, schema: Schema) throws -> StanceLexicon {
        try StanceLexicon.load(
            path: dir + "/stance.jsonl", displayName: "datasets/lexicons/stance.jsonl",
            stanceLabels: schema.family(named: "stance")?.labels ?? [])
    }

    static func actorLexicon(_ dir: String, schema: Schema) throws -> ActorLexicon {
        let path = dir + "/actors.jsonl"
        return try ActorLexicon.load(
            path: path, displayName: "datasets/lexicons/actors.jsonl", actorLabels: schema.family(named: "actor")?.labels ?? [])
    }
}
