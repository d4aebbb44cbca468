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

extension Pretagger {
    /// The streaming filter of `pretag --stdin`: each record of `input`, in order, with its
    /// suggestions added to its spans, as one line of canonical JSON handed to `write` (which
    /// appends it to the caller's buffer). Returns the reading report; a record with errors is
    /// not written, and the caller decides what the report's problems mean.
    ///
    /// On one thread (`input.workers == 1`), built-in extractors read records through
    /// ``RecordFile/readForTagging(_:)``: a record of only an id, a text and meta is tagged and
    /// written without its text ever becoming a `String`. With more threads, workers parse the
    /// records while this thread tags them. The output is the same either way.
    public func filter(
        _ input: RecordFile, write: (_ fill: (inout [UInt8]) -> Void) throws -> Void
    ) throws -> RecordFileReport {
        func emit(_ doc: Document, _ spans: [Span]) throws {
            var d = doc
            // Suggestions come sorted; merge only when the input record has spans of its own.
            d.spans = doc.spans.isEmpty ? spans : (doc.spans + spans).sorted(by: Span.canonicalOrder)
            try write { out in
                d.writeCanonicalJSON(to: &out)
                out.append(0x0A)
            }
        }
        if case .builtin(let suite) = choice, input.workers == 1 {
            // The numbers' and stance suggestions, written out as found: one buffer, reused.
            var written = WrittenSpans()
            return try input.readForTagging { record, _ in
                switch record {
                case .text(let r):
                    let actorSpans = suite.extractWritten(source: r.meta["source"]?.stringValue, values: r.values, into: &written)
                    try write { out in
                        r.writeCanonicalJSON(written: written, originSpans: actorSpans, origins: suite.actors.origins, to: &out)
                        out.append(0x0A)
                    }
                case .document(let doc):
                    try emit(doc, suite.extract(doc))
                }
            }
        }
        let report = ReportBox()
        try withoutActuallyEscaping(emit) { emit in
            try run(
                source: { send in report.value = try input.read { doc, _ in try send(doc) } },
                emit: emit)
        }
        return report.value
    }
}

/// The report of a read that runs inside a `@Sendable` closure.
private final class ReportBox: @unchecked Sendable {
    var value = RecordFileReport()
}
