import ArgumentParser
import TashihExtractors
import TashihGold
import TashihModel

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record and span of a dataset (or a JSONL file) against its text and the schema.",
        discussion: """
            Lists every problem as file:line: error|warning: record "id" span N (start..end LABEL): what
            is wrong (how to fix it). Exits 1 if there is any error (or any warning with --strict).
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "A dataset name, or a path to a JSONL file of records.")
    var target: String

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Print only problems and the summary line.")
    var quiet = false

    func run() throws {
        let (source, ws) = try RecordSource.resolve(target, options: workspaceOptions)
        defer { source.cleanUp() }
        let schema = ws?.schema ?? .default
        let file = source.recordFile(schema: schema)
        let report: RecordFileReport
        do {
            report = try file.check()
        } catch {
            throw CommandFailure("\(error)")
        }
        Output.report(report.problems, dropped: report.droppedProblems, errors: report.errorCount, warnings: report.warningCount)
        var errors = report.errorCount
        var warnings = report.warningCount
        var lines = [
            "\(file.displayName): \(Output.count(report.records)) record(s), \(Output.count(report.spans)) span(s), "
                + "\(report.errorCount) error(s), \(report.warningCount) warning(s)"
        ]
        if case .dataset(let ds) = source, !report.hasErrors {
            for path in ds.suggestionFiles() {
                let check = SuggestionCheck(dataset: ds, path: path)
                do {
                    let r = try check.run()
                    Output.report(r.problems, dropped: 0, errors: r.errors, warnings: r.warnings)
                    errors += r.errors
                    warnings += r.warnings
                    lines.append(
                        "\(check.displayName): \(Output.count(r.suggestions)) suggestion(s), \(r.errors) error(s), \(r.warnings) warning(s)"
                    )
                } catch {
                    Output.error("\(error)")
                    errors += 1
                }
            }
        }
        if case .dataset(let ds) = source, !report.hasErrors {
            // Journals: every line whole and valid, seq without gaps, torn tails reported.
            do {
                let j = try JournalCheck(dataset: ds).run()
                for e in j.errors { Output.error("\(e)") }
                for w in j.warnings { Output.error("warning: \(w)") }
                errors += j.errors.count
                warnings += j.warnings.count
                if !j.journals.isEmpty {
                    lines.append(
                        "datasets/\(ds.name)/journals: \(j.journals.count) journal(s), \(Output.count(j.events)) event(s), "
                            + "\(j.errors.count) error(s), \(j.warnings.count) warning(s)")
                }
            } catch {
                Output.error("\(error)")
                errors += 1
            }
        }
        if case .dataset(let ds) = source, !report.hasErrors {
            // Releases: each matches its hash, and re-folding the journals gives its bytes.
            for v in Release.versions(of: ds) {
                let problems = Release(dataset: ds, version: v).verify()
                for p in problems { Output.error("error: \(p)") }
                errors += problems.count
                lines.append(
                    "datasets/\(ds.name)/releases/v\(v): \(problems.isEmpty ? "matches its hash and its journals" : "\(problems.count) problem(s)")"
                )
            }
        }
        if let ws, case .dataset = source {
            for result in LexiconCheck.checkAll(directory: ws.root + "/datasets/lexicons", schema: ws.schema) {
                switch result.outcome {
                case .success(let summary): lines.append("\(result.file): \(summary)")
                case .failure(let e):
                    Output.error(e.description)
                    errors += 1
                }
            }
        }
        let failed = errors > 0 || (strict && warnings > 0)
        for l in lines {
            if failed { Output.error(l) } else { print(l + (quiet ? "" : " — ok")) }
        }
        if failed { throw ExitCode(1) }
    }
}
