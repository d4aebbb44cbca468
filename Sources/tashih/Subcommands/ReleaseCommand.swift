import ArgumentParser
import TashihGold
import TashihModel

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Cut an immutable gold release vN of a dataset from its annotators' journals.",
        discussion: """
            Writes datasets/NAME/releases/vN/ (records.jsonl: the records with human decisions, sorted
            by id, with their gold spans; manifest.json: version, parent, message, counts, annotators,
            guideline version, schema hash, journal positions, SHA-256) read-only, and an entry in
            datasets/NAME/CHANGELOG.md. Policies for a record several annotators decided: single (it is
            listed and the release refused), majority (the gold a strict majority produced identically),
            adjudicated:NAME (NAME's gold where NAME decided it).
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The dataset.")
    var dataset: String

    @Option(name: .short, help: "What this release is.")
    var message: String

    @Option(help: "How a record several annotators decided gets its gold: single (refuse it), majority, adjudicated:NAME.")
    var policy: String = "single"

    func validate() throws {
        guard Release.Policy(policy) != nil else {
            throw ValidationError("unknown policy '\(policy)'; use single, majority or adjudicated:NAME")
        }
        guard !message.isEmpty else { throw ValidationError("give the release a message with -m") }
    }

    func run() throws {
        let ws = try workspaceOptions.open()
        do {
            let ds = try ws.dataset(dataset)
            let guidelines = (try? Guidelines(directory: ws.root + "/guidelines").version) ?? "unknown"
            let r = try Release.cut(dataset: ds, message: message, guidelines: guidelines, policy: Release.Policy(policy)!)
            let m = try r.manifest()
            print(
                "released \(dataset)@v\(r.version): \(m["records"]?.numberValue?.literal ?? "?") record(s), "
                    + "\(m["spans"]?.numberValue?.literal ?? "?") span(s), \(m["sha256"]?.stringValue ?? "")")
            print("→ datasets/\(dataset)/releases/v\(r.version)/")
        } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        }
    }
}
