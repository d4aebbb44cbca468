import ArgumentParser
import TashihGold
import TashihModel

struct BlameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blame",
        abstract: "For each gold span of a record: who decided it, when, from which suggestion, through which events.")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The dataset.")
    var dataset: String

    @Argument(help: "The record id.")
    var record: String

    func run() throws {
        let ws = try workspaceOptions.open()
        let ds: Dataset
        do { ds = try ws.dataset(dataset) } catch let e as WorkspaceError { throw CommandFailure(e.description) }
        let (state, _) = try WorkingState.load(dataset: ds)
        guard let r = state.record(record) else {
            throw CommandFailure("no record \"\(record)\" in \(dataset)")
        }
        // Every event of the record, by annotator and seq.
        var events: [EventID: JournalEvent] = [:]
        for (_, list) in try JournalReader.readAll(dataset: ds) {
            for e in list where e.record.rawValue == record { events[EventID(annotator: e.annotator, seq: e.seq)] = e }
        }
        print("\(dataset) \(record): \(r.gold.count) gold span(s), \(r.openSuggestions.count) open suggestion(s)")
        for g in r.gold.sorted(by: { Span.canonicalOrder($0.span, $1.span) }) {
            let attrs = g.span.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            print("\(g.span.start)..\(g.span.end) \(g.span.label)\(attrs.isEmpty ? "" : " " + attrs)")
            if let s = g.suggestion {
                print("  from suggestion \(s.extractor) \(s.version) \(s.start)..\(s.end) \(s.label)")
            } else if g.events.isEmpty {
                print("  imported with the record")
            } else {
                print("  added by hand")
            }
            for id in g.events {
                if let e = events[id] {
                    print("  \(id) \(e.time) \(e.kind.rawValue)")
                } else {
                    print("  \(id)")
                }
            }
            if let last = g.events.last { print("  decided by \(last.annotator)") }
        }
        for c in r.conflicts { print("conflict: \(c)") }
        for f in r.flags { print("flag \(f.event): \(f.note)") }
    }
}
