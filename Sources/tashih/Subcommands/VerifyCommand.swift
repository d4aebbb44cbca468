import ArgumentParser
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
        let schema = ws?.schema ?? .default
        let file: RecordFile
        switch source {
        case .dataset(let d): file = d.records
        case .file(let path): file = RecordFile(path: path, schema: schema)
        }
        let report: RecordFileReport
        do {
            report = try file.read()
        } catch {
            throw CommandFailure("\(error)")
        }
        Output.report(report.problems, dropped: report.droppedProblems, errors: report.errorCount, warnings: report.warningCount)
        let summary =
            "\(file.displayName): \(Output.count(report.records)) record(s), \(Output.count(report.spans)) span(s), "
            + "\(report.errorCount) error(s), \(report.warningCount) warning(s)"
        if report.hasErrors || (strict && report.warningCount > 0) {
            Output.error(summary)
            throw ExitCode(1)
        }
        print(summary + (quiet ? "" : " — ok"))
    }
}
