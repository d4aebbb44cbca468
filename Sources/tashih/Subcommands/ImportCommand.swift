import ArgumentParser
import TashihGold
import TashihInterchange
import TashihModel

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import files into a dataset (created if new): plain-text articles, JSONL records, or spans from other tools.",
        discussion: """
            Plain text: one article per file; each non-blank line becomes a record with id \
            <file-stem>:p<N> and meta {source, para, line}. JSONL: one {"id","text","meta","spans"} \
            object per line, checked against the schema. The import is all or nothing: on any \
            error nothing is written. A text already in the dataset (same text hash) is skipped \
            and reported, unless --keep-duplicates.

            Other tools (--format prodigy, doccano, brat, label-studio, webanno, conll, iob2, bioes, hf): the \
            spans come in as suggestions of a named extractor (--as-suggestions NAME) or as gold from a named \
            annotator (--as-gold NAME: journal events); Label Studio predictions go to --as-suggestions and its \
            annotations to --as-gold. Each format's offset unit is converted to code points.
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The dataset to import into.")
    var dataset: String

    @Argument(help: "The files to import.")
    var files: [String]

    @Option(
        help:
            "text, jsonl (default: from each file's extension), or prodigy, doccano, brat, label-studio, webanno, conll, iob2, bioes, hf."
    )
    var format: String?

    @Option(help: "Other tools' spans become suggestions of this extractor.")
    var asSuggestions: String?

    @Option(help: "Other tools' spans become gold: journal events of this annotator.")
    var asGold: String?

    @Flag(help: "Keep records whose text is already in the dataset.")
    var keepDuplicates = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import") }
        if let f = format, ImportFormat(rawValue: f) == nil, InterchangeFormat(rawValue: f) == nil {
            let all = ImportFormat.allCases.map(\.rawValue) + InterchangeFormat.allCases.map(\.rawValue)
            throw ValidationError("unknown format '\(f)'; use one of: \(all.joined(separator: ", "))")
        }
        try validateInterchange()
    }

    func run() throws {
        if let f = format, let other = InterchangeFormat(rawValue: f) { return try runInterchange(other) }
        let ws = try workspaceOptions.open()
        let ds: Dataset
        let session: DatasetImport
        do {
            ds = try ws.datasetCreatingIfNeeded(dataset)
            session = try DatasetImport(dataset: ds, keepDuplicateTexts: keepDuplicates)
        } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        }
        var skipped: [String] = []
        var failed = false
        for file in files {
            let fmt = format.flatMap(ImportFormat.init(rawValue:)) ?? ImportFormat.guess(path: file)
            do {
                switch fmt {
                case .text:
                    for doc in try PlainTextImporter.read(path: file) {
                        note(try session.add(doc), doc, &skipped)
                    }
                case .jsonl:
                    let report = try JSONLImporter.read(path: file, schema: ws.schema) { doc in
                        note(try session.add(doc), doc, &skipped)
                    }
                    let errorsOnly = report.problems.filter { $0.severity == .error }
                    if !errorsOnly.isEmpty || report.droppedProblems > 0 {
                        Output.report(
                            report.problems, dropped: report.droppedProblems, errors: report.errorCount,
                            warnings: report.warningCount)
                        failed = true
                    }
                }
            } catch let e as ImportError {
                Output.error(e.description)
                failed = true
            } catch let e as WorkspaceError {
                Output.error("\(file): error: \(e.description)")
                failed = true
            } catch {
                Output.error("\(error)")
                failed = true
            }
        }
        if failed {
            session.abort()
            throw CommandFailure("nothing was imported into \(dataset): fix the problems above and run the import again")
        }
        do { try session.commit() } catch let e as WorkspaceError { throw CommandFailure(e.description) }
        for s in skipped { Output.error(s) }
        print(
            "imported \(session.added) record(s) into \(dataset) (\(session.existing + session.added) in all)"
                + (skipped.isEmpty ? "" : "; skipped \(skipped.count) duplicate text(s)"))
    }

    func note(_ outcome: DatasetImport.Outcome, _ doc: Document, _ skipped: inout [String]) {
        switch outcome {
        case .added: break
        case .skippedDuplicateText(let first):
            skipped.append("note: record \"\(doc.id)\" skipped: same text as \"\(first)\" (use --keep-duplicates to keep it)")
        case .keptDuplicateText(let first):
            Output.error("note: record \"\(doc.id)\" has the same text as \"\(first)\" (kept)")
        }
    }
}
