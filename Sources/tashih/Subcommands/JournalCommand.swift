import ArgumentParser
import Foundation
import TashihGold
import TashihJSON
import TashihModel

#if canImport(Glibc)
    import Glibc
#endif

/// `tashih journal …`: low-level journal tools, hidden from help. They drive real processes in
/// the crash, concurrency and write-failure tests (`scripts/chaos/journal`) and the benchmark
/// (`scripts/bench/journal`); the REPL is the annotator's way to write events.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Journal tools for tests and benchmarks (append synthetic events, check, replay).",
        shouldDisplay: false,
        subcommands: [Append.self, Check.self, Replay.self])

    static func guidelineVersion(_ ws: Workspace) -> String {
        let path = ws.root + "/guidelines/" + Guidelines.versionFileName
        guard let b = try? readFileBytes(path) else { return "0" }
        let v = String(decoding: b, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return v.isEmpty ? "0" : v
    }

    /// `tashih journal append DS --as NAME --events N`: appends N synthetic but valid events,
    /// cycling over the records, printing each seq on stdout once it is on disk.
    struct Append: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append N synthetic events as ANNOTATOR; print each seq once it is fsynced.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @Argument(help: "The dataset.") var dataset: String
        @Option(name: .customLong("as"), help: "The annotator.") var annotator: String
        @Option(help: "How many events.") var events: Int = 100
        @Option(help: "Pause between events, in milliseconds.") var delayMs: Int = 0
        @Option(help: "Only records whose id starts with this (annotators on disjoint records).")
        var recordPrefix: String?

        func run() throws {
            let ws = try workspaceOptions.open()
            let ds: Dataset
            do { ds = try ws.dataset(dataset) } catch { throw CommandFailure("\(error)") }
            var docs: [Document] = []
            do { _ = try ds.records.read { d, _ in docs.append(d) } } catch { throw CommandFailure("\(error)") }
            if let p = recordPrefix { docs = docs.filter { $0.id.rawValue.hasPrefix(p) } }
            guard !docs.isEmpty else {
                throw CommandFailure("dataset \(dataset) has no records\(recordPrefix.map { " starting with \($0)" } ?? "")")
            }
            let writer: JournalWriter
            do {
                writer = try JournalWriter(dataset: ds, annotator: annotator, guidelines: JournalCommand.guidelineVersion(ws))
            } catch {
                throw CommandFailure("\(error)")
            }
            for t in writer.tornLines { Output.error(t.description) }
            let labels = ws.schema.allLabels
            for i in 0..<events {
                let doc = docs[(writer.lastSeq + i) % docs.count]
                let n = doc.text.unicodeScalars.count
                let seqBefore = writer.lastSeq
                let action: JournalAction
                switch (seqBefore + 1) % 5 {
                case 0 where seqBefore > 0: action = .flag(note: "سؤال رقم ٣: هل هذا فاعل؟ 🤔")
                case 1 where n >= 2:
                    let s = (seqBefore * 7) % (n - 1)
                    action = .add(Span(start: s, end: min(n, s + 1 + (seqBefore % 5)), label: labels[seqBefore % labels.count]))
                case 2: action = .done
                case 3: action = .skip
                default: action = .flag(note: "تـــأكيد")
                }
                do {
                    let e = try writer.append(action, record: doc)
                    // Straight to fd 1 (no stdio buffer): the line is out as soon as the event is stored.
                    var line = Array("\(e.seq)\n".utf8)
                    _ = line.withUnsafeMutableBytes { write(1, $0.baseAddress!, $0.count) }
                } catch {
                    throw CommandFailure("\(error)")
                }
                if delayMs > 0 { usleep(UInt32(delayMs) * 1000) }
            }
            writer.close()
        }
    }

    /// `tashih journal check DS`: checks every journal; `--summary` prints one line per journal:
    /// `annotator<TAB>events<TAB>last_seq<TAB>torn(0|1)`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the journals of a dataset.")
        @OptionGroup var workspaceOptions: WorkspaceOptions
        @Argument(help: "The dataset.") var dataset: String
        @Flag(help: "One tab-separated line per journal: annotator, events, last seq, torn lines.") var summary = false

        func run() throws {
            let ws = try workspaceOptions.open()
            let ds: Dataset
            do { ds = try ws.dataset(dataset) } catch { throw CommandFailure("\(error)") }
            let r: JournalCheck.Report
            do { r = try JournalCheck(dataset: ds).run() } catch { throw CommandFailure("\(error)") }
            for e in r.errors { Output.error(e.description) }
            for w in r.warnings { Output.error(w) }
            for j in r.journals {
                if summary {
                    print("\(j.annotator)\t\(j.events)\t\(j.lastSeq)\t\(j.torn == nil ? 0 : 1)")
                } else {
                    print(
                        "\(j.file): \(Output.count(j.events)) event(s), last seq \(j.lastSeq)\(j.torn == nil ? "" : ", 1 torn last line")"
                    )
                }
            }
            if !summary && !r.setAside.isEmpty {
                print("torn lines set aside earlier: \(r.setAside.count) (\(r.setAside.joined(separator: ", ")))")
            }
            if r.hasErrors { throw CommandFailure("the journals of \(dataset) have \(r.errors.count) error(s)") }
        }
    }

    /// `tashih journal replay DS`: builds the working state and prints counts and the time.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fold suggestions and journals; print counts and time.")
        @OptionGroup var workspaceOptions: WorkspaceOptions
        @Argument(help: "The dataset.") var dataset: String

        func run() throws {
            let ws = try workspaceOptions.open()
            let ds: Dataset
            do { ds = try ws.dataset(dataset) } catch { throw CommandFailure("\(error)") }
            let t0 = DispatchTime.now().uptimeNanoseconds
            let (state, report): (WorkingState, WorkingState.LoadReport)
            do { (state, report) = try WorkingState.load(dataset: ds) } catch { throw CommandFailure("\(error)") }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            var gold = 0
            var conflicts = 0
            var flags = 0
            for r in state.records.values {
                gold += r.gold.count
                conflicts += r.conflicts.count
                flags += r.flags.count
            }
            for t in report.torn { Output.error(t.description) }
            for e in report.errors { Output.error(e.description) }
            print(
                "records=\(report.records) journals=\(report.journals.count) events=\(report.events) gold_spans=\(gold) "
                    + "flags=\(flags) conflicts=\(conflicts) torn=\(report.torn.count) ms=\(String(format: "%.1f", ms))")
        }
    }
}
