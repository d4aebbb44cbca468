import TashihModel

/// What `--extractor` names: built-in extractors run in-process, or an external command.
public enum ExtractorChoice: Sendable {
    case builtin(BuiltinSuite)
    case external(ExternalExtractor)

    /// The name suggestions are stored under.
    public var name: String {
        switch self {
        case .builtin(let suite): return suite.name
        case .external(let e): return e.name
        }
    }

    /// The version suggestions are stored under.
    public var version: String {
        switch self {
        case .builtin(let suite): return suite.version
        case .external(let e): return e.version
        }
    }
}

/// Runs an extractor over a stream of documents, in order.
public struct Pretagger: Sendable {
    public var choice: ExtractorChoice

    public init(_ choice: ExtractorChoice) { self.choice = choice }

    /// Feeds the documents `source` sends through the extractor; `emit` gets each document with
    /// its suggestions (sorted by start, end, label), in the order they were sent. Built-in extractors run on this thread;
    /// an external one runs as a child process fed from a writer thread.
    public func run(
        source: @escaping @Sendable (_ send: (Document) throws -> Void) throws -> Void,
        emit: (Document, [Span]) throws -> Void
    ) throws {
        switch choice {
        case .builtin(let suite):
            try withoutActuallyEscaping(emit) { emit in
                try source { doc in try emit(doc, suite.extract(doc)) }
            }
        case .external(let ext):
            // An external program's spans come in its order; callers get them sorted.
            try ext.run(documents: source) { doc, spans in try emit(doc, spans.sorted(by: Span.canonicalOrder)) }
        }
    }
}
