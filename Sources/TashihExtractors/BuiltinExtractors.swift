import TashihModel

/// The built-in extractors by name: `builtin` (all), `actors`, `numbers`, `stance`.
public enum BuiltinExtractors {
    public struct UnknownExtractor: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown extractor '\(name)'; use builtin, actors, numbers, stance, or cmd:'COMMAND'"
        }
    }

    /// The extractors `name` stands for; lexicons are read from `lexiconDirectory`.
    public static func resolve(_ name: String, lexiconDirectory: String) throws -> [any Extractor] {
        switch name {
        case "builtin", "actors", "numbers", "stance":
            throw UnknownExtractor(name: name + " (not built yet in this version)")
        default:
            throw UnknownExtractor(name: name)
        }
    }
}
