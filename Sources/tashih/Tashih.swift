import ArgumentParser

/// The `tashih` command: a thin front over the Tashih libraries.
@main
struct Tashih: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "tashih",
        abstract: "Build gold datasets from Arabic conflict news: pre-tag, correct, release, score, export.",
        discussion: """
            Offsets are Unicode scalar (code point) offsets, end exclusive, everywhere.
            Exit codes: 0 success; 1 the data or a file has problems (each is listed); 64 bad usage.
            """,
        version: version,
        subcommands: [
            InitCommand.self, ImportCommand.self, PretagCommand.self, StatsCommand.self, VerifyCommand.self, SchemaCommand.self,
            JournalCommand.self, ReleaseCommand.self, DiffCommand.self, BlameCommand.self, AnnotateCommand.self,
            ExportCommand.self, ScoreCommand.self,
        ]
    )
}
