import ArgumentParser
import TashihGold
import TashihJSON
import TashihModel

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count records, tokens and spans per family and label of a dataset (or a JSONL file).")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "A dataset name, or a path to a JSONL file of records.")
    var target: String

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("unknown format '\(format)'; use table or json") }
    }

    func run() throws {
        let (source, ws) = try RecordSource.resolve(target, options: workspaceOptions)
        defer { source.cleanUp() }
        let schema = ws?.schema ?? .default
        let file = source.recordFile(schema: schema)
        var stats = CorpusStats()
        let report: RecordFileReport
        do {
            report = try file.read { doc, _ in stats.add(doc) }
        } catch {
            throw CommandFailure("\(error)")
        }
        if case .dataset(let ds) = source {
            for path in ds.suggestionFiles() {
                do { try stats.addSuggestions(path: path) } catch { throw CommandFailure("\(error)") }
            }
        }
        if report.hasErrors {
            Output.report(
                report.problems, dropped: report.droppedProblems, errors: report.errorCount, warnings: report.warningCount)
            throw CommandFailure(
                "\(file.displayName) has \(report.errorCount) error(s); the counts would be wrong (see `tashih verify`)")
        }
        let rows = stats.labelRows(schema: schema)
        if format == "json" {
            var labels = JSONObject()
            for r in rows {
                labels[r.label] = [
                    "family": .string(r.family), "gold": .number(JSONNumber(r.gold)),
                    "suggested": .number(JSONNumber(r.suggested)),
                ]
            }
            var sources = JSONObject()
            for (k, v) in stats.recordsPerSource { sources[k] = .number(JSONNumber(v)) }
            let out: JSONValue = [
                "file": .string(file.displayName), "records": .number(JSONNumber(stats.records)),
                "tokens": .number(JSONNumber(stats.tokens)), "scalars": .number(JSONNumber(stats.scalars)),
                "gold_spans": .number(JSONNumber(stats.goldSpans)), "suggestions": .number(JSONNumber(stats.suggestions)),
                "labels": .object(labels), "sources": .object(sources),
            ]
            print(JSONWriter.string(out))
            return
        }
        var out = "\(file.displayName)\n"
        out += Output.table([
            ["records", Output.count(stats.records)],
            ["sources", Output.count(stats.recordsPerSource.count)],
            ["tokens", Output.count(stats.tokens)],
            ["characters (scalars)", Output.count(stats.scalars)],
            ["gold spans", Output.count(stats.goldSpans)],
            ["suggested spans", Output.count(stats.suggestions)],
            ["suggestion files", Output.count(stats.suggestionFiles)],
        ])
        out += "\n"
        out += Output.table(
            [["family", "label", "gold", "suggested"]]
                + rows.map { [$0.family, $0.label, Output.count($0.gold), Output.count($0.suggested)] })
        print(out, terminator: "")
    }
}
