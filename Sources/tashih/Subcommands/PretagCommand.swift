import ArgumentParser
import TashihExtractors
import TashihGold
import TashihJSON
import TashihModel

struct PretagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretag",
        abstract: "Suggest spans with the built-in extractors or an external command.",
        discussion: """
            With a dataset, suggestions go to datasets/NAME/suggestions/<extractor>.jsonl, kept apart
            from human decisions; a failed run leaves no partial file. With --stdin, JSONL records are
            read from standard input and written to standard output with the suggestions added to
            their spans: a streaming filter for GNU parallel, Spark's pipe or Hadoop streaming.
            --extractor: builtin (all three), actors, numbers, stance, or cmd:'COMMAND' (see
            docs/EXTRACTORS.md for the protocol).
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The dataset to pre-tag (omit with --stdin).")
    var dataset: String?

    @Flag(help: "Read records from standard input and write them with suggestions to standard output.")
    var stdin = false

    @Option(help: "builtin, actors, numbers, stance, or cmd:'COMMAND'.")
    var extractor: String = "builtin"

    @Option(help: "For cmd: the name suggestions are stored under (default: cmd:COMMAND).")
    var name: String?

    @Option(name: .customLong("extractor-version"), help: "For cmd: the version suggestions carry.")
    var extractorVersion: String = "unversioned"

    @Option(help: "For cmd: seconds the command may take to answer one record.")
    var timeout: Double = 60

    func validate() throws {
        if stdin == (dataset != nil) { throw ValidationError("give a dataset, or --stdin, not both") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        let ws = try? workspaceOptions.open()
        if !stdin && ws == nil { _ = try workspaceOptions.open() }  // rethrows the helpful error
        let schema = ws?.schema ?? .default
        let choice = try resolveExtractor(schema: schema, workspace: ws)
        let pretagger = Pretagger(choice)
        if stdin {
            try runFilter(pretagger, schema: schema)
        } else {
            try runDataset(pretagger, workspace: ws!)
        }
    }

    func resolveExtractor(schema: Schema, workspace: Workspace?) throws -> ExtractorChoice {
        if extractor.hasPrefix("cmd:") {
            let command = String(extractor.dropFirst(4))
            guard !command.isEmpty else { throw ValidationError("cmd: needs a command, e.g. cmd:'python3 my_ner.py'") }
            return .external(
                ExternalExtractor(command: command, name: name, version: extractorVersion, timeout: timeout, schema: schema))
        }
        do {
            let lexicons = (workspace?.root ?? ".") + "/datasets/lexicons"
            return .builtin(try BuiltinExtractors.resolve(extractor, lexiconDirectory: lexicons))
        } catch let e as BuiltinExtractors.UnknownExtractor {
            throw ValidationError(e.description)
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    func runDataset(_ pretagger: Pretagger, workspace: Workspace) throws {
        let ds: Dataset
        do { ds = try workspace.dataset(dataset!) } catch let e as WorkspaceError { throw CommandFailure(e.description) }
        let out: SuggestionWriter
        do { out = try SuggestionWriter(dataset: ds, extractor: pretagger.choice.name) } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        }
        let records = ds.records
        do {
            try pretagger.run(
                source: { send in
                    let report = try records.read { doc, _ in try send(doc) }
                    if report.hasErrors {
                        throw CommandFailure(
                            "\(records.displayName) has \(report.errorCount) error(s); run `tashih verify` first")
                    }
                },
                emit: { doc, spans in try out.add(doc, spans) })
            try out.commit()
        } catch {
            out.abort()
            throw CommandFailure("\(error)\nno suggestions were written")
        }
        let labels = out.spansPerLabel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print(
            "pretagged \(out.records) record(s) of \(ds.name) with \(pretagger.choice.name) (\(pretagger.choice.version)): "
                + "\(out.spans) suggestion(s)\(labels.isEmpty ? "" : " — \(labels)")")
        print(
            "→ \(ds.relativeRecordsPath.replacingOccurrences(of: Dataset.recordsFileName, with: ""))suggestions/\(Dataset.slug(forExtractor: pretagger.choice.name)).jsonl"
        )
    }

    func runFilter(_ pretagger: Pretagger, schema: Schema) throws {
        let stdout = StandardOutput()
        let input = RecordFile(path: "-", displayName: "<stdin>", schema: schema)
        do {
            let report = try pretagger.filter(input) { fill in try stdout.append(fill) }
            try stdout.flush()
            // No records is no output: an empty partition of a Spark or Hadoop job is not an error.
            let empty = report.problems.contains { $0.code == .emptyFile }
            if report.errorCount > (empty ? 1 : 0) {
                let first = report.problems.first { $0.severity == .error && $0.code != .emptyFile }
                throw CommandFailure("bad input record: \(first.map(\.description) ?? "")")
            }
        } catch let e as CommandFailure {
            throw e
        } catch {
            try? stdout.flush()
            throw CommandFailure("\(error)")
        }
    }
}
