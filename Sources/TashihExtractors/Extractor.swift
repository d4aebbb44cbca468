import TashihModel

/// Something that suggests spans for a document: a built-in extractor or an external program.
///
/// Suggestions carry the extractor's name and version (which includes the version of any
/// lexicon it reads) and a score, and are kept apart from human decisions.
public protocol Extractor: Sendable {
    /// A stable name, e.g. `builtin.numbers`.
    var name: String { get }
    /// The version, e.g. `1.0+lex.3f2a9c1d`; changes whenever output may change.
    var version: String { get }
    /// The spans suggested for `document`, each with its origin set.
    func extract(_ document: Document) -> [Span]
}
