import ArgumentParser
import Foundation
import TashihExtractors
import TashihGold
import TashihJSON
import TashihModel
import TashihScoring

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score an extractor (or a file of predictions) against gold: P/R/F1 with intervals, errors, correction cost.",
        discussion: """
            Gold is NAME@vN, NAME@latest, NAME@working, or --gold FILE.jsonl (records with id, text
            and spans; any label). Predictions come from --extractor (builtin, actors, numbers,
            stance, cmd:'COMMAND') run on the gold texts, or from --predictions FILE.jsonl (id,
            spans, and text or text_hash when echoed), paired with gold by record id.
            Figures: nervaluate 1.2.1's four schemes overall, per family, per label and
            clitic-relaxed for actors; seqeval 1.2.2's IOB2 token figures; attributes on matched
            spans; document-bootstrap 95% intervals. Every figure is defined in docs/SCORING.md.
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The gold: NAME@vN, NAME@latest or NAME@working (omit with --gold).")
    var reference: String?

    @Option(help: "Gold records from a JSONL file instead of a release (any label, no workspace needed).")
    var gold: String?

    @Option(help: "The extractor to score: builtin, actors, numbers, stance, or cmd:'COMMAND'.")
    var extractor: String?

    @Option(help: "A JSONL file of predictions to score instead of running an extractor.")
    var predictions: String?

    @Option(help: "Another extractor or predictions file to compare with (paired bootstrap).")
    var against: String?

    @Option(help: "Only spans of this family (repeatable or comma-separated).")
    var family: [String] = []

    @Option(help: "Only spans of this label (repeatable or comma-separated).")
    var label: [String] = []

    @Option(help: "Output format: table, markdown, json, csv or html.")
    var format: String = "table"

    @Option(name: [.short, .long], help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Bootstrap replicates over documents (0: no intervals).")
    var bootstrap: Int = 1000

    @Option(help: "The bootstrap's seed.")
    var seed: UInt64 = 1

    @Option(help: "Write each replicate's drawn document positions to this JSONL file.")
    var writeResamples: String?

    @Flag(help: "List false positives, misses, boundary and label errors with their context.")
    var errors = false

    @Option(help: "Scalars of context on each side of an error.")
    var context: Int = 30

    @Option(help: "Relative tolerance of the number-value figure (0.1 = within 10%).")
    var tolerance: Double = 0.1

    @Option(help: "With --gold: labels predictions may use besides the gold's (comma-separated).")
    var labels: [String] = []

    @Option(help: "A gold record without a prediction: error, empty (scored as predicting nothing) or skip.")
    var onMissing: String = "error"

    @Option(help: "A prediction for a record the gold lacks: error or ignore.")
    var onExtra: String = "error"

    @Option(help: "A prediction whose text differs from the gold's: error or skip.")
    var onTextMismatch: String = "error"

    @Option(help: "Name the predictions are reported under (default: their spans' extractor, or the file).")
    var name: String?

    @Option(name: .customLong("extractor-version"), help: "Version the predictions or the cmd: extractor are reported under.")
    var extractorVersion: String?

    @Option(help: "For cmd: seconds the command may take to answer one record.")
    var timeout: Double = 60

    @Option(help: "Write each record's tokens and IOB2 tags (the token view) to this JSONL file.")
    var writeIob2: String?

    static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; use table, markdown, json, csv or html")
        }
        if (reference == nil) == (gold == nil) {
            throw ValidationError("give the gold: NAME@vN (or @latest, @working), or --gold FILE.jsonl")
        }
        if (extractor == nil) == (predictions == nil) { throw ValidationError("give --extractor or --predictions, not both") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if tolerance < 0 { throw ValidationError("--tolerance must not be negative") }
        if PairingPolicy.Missing(rawValue: onMissing) == nil { throw ValidationError("--on-missing: error, empty or skip") }
        if PairingPolicy.Extra(rawValue: onExtra) == nil { throw ValidationError("--on-extra: error or ignore") }
        if PairingPolicy.Mismatch(rawValue: onTextMismatch) == nil { throw ValidationError("--on-text-mismatch: error or skip") }
        if against != nil && bootstrap == 0 { throw ValidationError("--against needs the bootstrap (--bootstrap 1000, say)") }
    }

    func run() throws {
        do { try score() } catch let e as ScoringInputError {
            for p in e.problems { Output.error(p.description) }
            throw CommandFailure(e.message)
        } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        } catch let e as ExtractorError {
            throw CommandFailure(e.description)
        }
    }

    func score() throws {
        Heap.growInSteps()  // the records read take a few hundred MB, from two threads
        let ws: Workspace? = gold == nil ? try workspaceOptions.open() : try? workspaceOptions.open()
        let schema = ws?.schema ?? .default
        var policy = PairingPolicy()
        policy.missing = PairingPolicy.Missing(rawValue: onMissing)!
        policy.extra = PairingPolicy.Extra(rawValue: onExtra)!
        policy.mismatch = PairingPolicy.Mismatch(rawValue: onTextMismatch)!

        // The gold, and for a dataset its journals' correction cost.
        let goldSet: GoldSet
        var cost: CorrectionCost?
        var costSource: String?
        if let path = gold {
            guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("\(path): no such file") }
            goldSet = try GoldSet.read(path: path, displayName: path, schema: nil)
        } else {
            guard let ref = try GoldReference.parse(reference!) else {
                throw ValidationError("\"\(reference!)\" is not a gold reference; use \(reference!)@v1, @latest or @working")
            }
            let (path, shown, temporary) = try ref.resolve(in: ws!)
            defer { if temporary { try? FileManager.default.removeItem(atPath: path) } }
            let ds = try ws!.dataset(ref.dataset)
            var hash: String?
            var positions: [String: Int]?
            if !temporary, let v = Int(shown.split(separator: "@").last?.dropFirst() ?? "") {
                let manifest = try Release(dataset: ds, version: v).manifest()
                hash = manifest["sha256"]?.stringValue
                var p: [String: Int] = [:]
                for e in manifest["positions"]?.objectValue ?? JSONObject() { p[e.key] = e.value.numberValue?.intValue ?? 0 }
                positions = p
                costSource = "the journals of \(ds.name) up to \(shown)'s positions"
            } else {
                costSource = "the journals of \(ds.name)"
            }
            goldSet = try GoldSet.read(path: path, displayName: shown, schema: schema, hash: hash)
            let journals = try JournalReader.readAll(dataset: ds)
            if !journals.isEmpty { cost = CorrectionCost.from(journals: journals.map(\.events), positions: positions) }
        }

        var allowed = Set(gold == nil ? schema.allLabels : [])
        if gold != nil {
            allowed.formUnion(goldSet.spanLabels)
            allowed.formUnion(Self.list(labels))
        }
        let system = try predictionsFor(
            extractor: extractor, file: predictions, gold: goldSet, workspace: ws, schema: schema, allowed: allowed,
            policy: policy,
            name: name, version: extractorVersion)
        let other = try against.map { spec -> PredictionSet in
            let isFile = spec.contains("/") || spec.hasSuffix(".jsonl")
            return try predictionsFor(
                extractor: isFile ? nil : spec, file: isFile ? spec : nil, gold: goldSet, workspace: ws, schema: schema,
                allowed: allowed, policy: policy, name: nil, version: nil)
        }

        var settings = ScoreSettings()
        settings.families = Self.list(family)
        settings.labels = Self.list(label)
        for f in settings.families where schema.family(named: f) == nil {
            throw ValidationError("unknown family '\(f)'; families: \(schema.families.map(\.name).joined(separator: ", "))")
        }
        settings.replicates = bootstrap
        settings.seed = seed
        settings.writeResamples = writeResamples
        settings.evaluation.collectErrors = errors
        settings.evaluation.contextScalars = context
        settings.evaluation.valueTolerance = tolerance
        settings.evaluation.keepTags = writeIob2 != nil
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let t = Double(epoch) {
            settings.date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: t))
        }
        var report = try Scoring.score(gold: goldSet, predictions: system, against: other, schema: schema, settings: settings)
        report.cost = cost
        report.costSource = costSource
        if let path = writeIob2 { try writeTags(report.evaluator, to: path) }

        let text = report.render(ReportFormat(rawValue: format)!)
        if let output {
            do { try writeFileAtomically(Array(text.utf8), to: output) } catch { throw CommandFailure("\(error)") }
            Output.error("wrote \(output)")
        } else {
            let out = StandardOutput()
            try out.write(Array(text.utf8))
            try out.flush()
        }
        // All is written. What is left is freeing every record and span one by one (a tenth
        // of a second on 100,000 records), which the system does at once when the process ends.
        // The gold and the predictions are kept to here: they would otherwise be freed right
        // after their last use, before the report is rendered.
        withExtendedLifetime((goldSet, system, other, report)) { Foundation.exit(0) }
    }

    func predictionsFor(
        extractor: String?, file: String?, gold: GoldSet, workspace: Workspace?, schema: Schema, allowed: Set<String>,
        policy: PairingPolicy, name: String?, version: String?
    ) throws -> PredictionSet {
        if let file {
            guard FileManager.default.fileExists(atPath: file) else { throw CommandFailure("\(file): no such file") }
            return try PredictionSet.read(
                path: file, displayName: file, gold: gold, schema: self.gold == nil ? schema : nil, labels: allowed,
                policy: policy,
                name: name, version: version)
        }
        let spec = extractor!
        let choice: ExtractorChoice
        if spec.hasPrefix("cmd:") {
            let command = String(spec.dropFirst(4))
            guard !command.isEmpty else { throw ValidationError("cmd: needs a command, e.g. cmd:'python3 my_ner.py'") }
            choice = .external(
                ExternalExtractor(
                    command: command, name: name, version: version ?? "unversioned", timeout: timeout,
                    schema: self.gold == nil ? schema : nil))
        } else {
            do {
                let lexicons = (workspace?.root ?? ".") + "/datasets/lexicons"
                choice = .builtin(try BuiltinExtractors.resolve(spec, lexiconDirectory: lexicons))
            } catch let e as BuiltinExtractors.UnknownExtractor {
                throw ValidationError(e.description)
            }
        }
        let set = try PredictionSet.run(choice, on: gold)
        for (id, spans) in set.spans {
            for (i, s) in spans.enumerated() where !allowed.contains(s.label) {
                throw CommandFailure(
                    "extractor \(set.name): record \"\(id)\" span \(i + 1) (\(s.start)..\(s.end) \(s.label)): unknown label \(s.label) (labels of the gold: \(allowed.sorted().joined(separator: ", ")); --labels adds more)"
                )
            }
        }
        return set
    }

    func writeTags(_ e: Evaluator, to path: String) throws {
        var bytes: [UInt8] = []
        for t in e.tagged {
            let o: JSONValue = [
                "id": .string(t.id), "tokens": .array(t.tokens.map { .string($0) }), "gold": .array(t.gold.map { .string($0) }),
                "predicted": .array(t.predicted.map { .string($0) }),
            ]
            JSONWriter.write(o, to: &bytes)
            bytes.append(0x0A)
        }
        do { try writeFileAtomically(bytes, to: path) } catch { throw CommandFailure("\(error)") }
    }
}
