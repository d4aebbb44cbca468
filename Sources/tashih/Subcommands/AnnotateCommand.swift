import ArgumentParser
import Foundation
import TashihGold
import TashihModel
import TashihREPL

#if canImport(Glibc)
    import Glibc
#endif

extension QueueKind: ExpressibleByArgument {}
extension BidiMode: ExpressibleByArgument {}

/// `tashih annotate DATASET --as NAME`: the annotation REPL (docs/REPL.md).
struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Correct suggestions record by record in the annotation REPL; every decision goes to your journal.",
        discussion: """
            Commands are listed by `h` in the REPL and in docs/REPL.md. When standard input is not \
            a terminal, commands are read line by line (scripted mode): bad commands are reported \
            on stderr as stdin:LINE and the exit code is 1 if any failed.
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The dataset.")
    var dataset: String

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Your annotator name (your journal: datasets/DATASET/journals/NAME.jsonl).", valueName: "name"))
    var annotator: String

    @Option(help: "Which records: not done yet, flagged, lowest suggestion score first, or where annotators disagree.")
    var queue: QueueKind = .unfinished

    @Option(help: "Only records with a suggestion or span of this label.")
    var label: String?

    @Option(help: "Only records with a suggestion or span of this family.")
    var family: String?

    @Option(help: "Arabic display: app (the program reorders; default on a terminal), terminal (the terminal reorders), none.")
    var bidi: BidiMode?

    func validate() throws {
        if label != nil && family != nil { throw ValidationError("give --label or --family, not both") }
    }

    func run() throws {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let ws = try workspaceOptions.open()
        let ds: Dataset
        do { ds = try ws.dataset(dataset) } catch let e as WorkspaceError { throw CommandFailure(e.description) }
        if let l = label, ws.schema.family(ofLabel: l) == nil {
            throw ValidationError("unknown label \(l) (labels: \(ws.schema.allLabels.joined(separator: ", ")))")
        }
        if let f = family, ws.schema.family(named: f) == nil {
            throw ValidationError("unknown family \(f) (families: \(ws.schema.families.map(\.name).joined(separator: ", ")))")
        }
        let guidelines = try? Guidelines(directory: ws.root + "/guidelines")
        let writer: JournalWriter
        do {
            writer = try JournalWriter(dataset: ds, annotator: annotator, guidelines: JournalCommand.guidelineVersion(ws))
        } catch {
            throw CommandFailure("\(error)")
        }
        let store: AnnotationStore
        do { store = try AnnotationStore(dataset: ds) } catch { throw CommandFailure("\(error)") }
        let actors = (try? ActorNames(path: ws.datasetsDirectory + "/lexicons/actors.jsonl")) ?? ActorNames()

        let interactive = isatty(0) == 1
        let stdoutTTY = isatty(1) == 1
        let mode = bidi ?? (stdoutTTY ? .app : .none)
        let colour = stdoutTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        var options = SessionOptions(annotator: annotator)
        options.queue = queue
        options.label = label
        options.family = family
        options.interactive = interactive && stdoutTTY
        options.width = Self.terminalWidth(tty: stdoutTTY)
        options.renderer = LineRenderer(mode: mode, colour: colour, engine: mode == .app ? makeBidiEngine() : nil)

        let session = Session(
            store: store, writer: writer, options: options, guidelines: guidelines, actors: actors, output: Self.write)
        var timing: ((Double, String) -> Void)?
        if let path = ProcessInfo.processInfo.environment["TASHIH_REPL_TIMING"], !path.isEmpty {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if fd >= 0 {
                timing = { ms, line in
                    let s = Array((String(format: "%.3f ", ms) + line + "\n").utf8)
                    _ = s.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
                }
            }
        }
        if mode == .app && stdoutTTY { Self.write(LineRenderer.applicationReordersSequence) }
        do { try session.start() } catch { throw CommandFailure("\(error)") }
        // The time to open: workspace, journals, the record index, the queue and the first screen.
        timing?(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6, "(open)")
        let failures: Int
        if interactive {
            let history = ws.root + "/.tashih/history"
            try? FileManager.default.createDirectory(atPath: ws.root + "/.tashih", withIntermediateDirectories: true)
            var reader = makeLineReader(historyFile: history, completion: session)
            failures = session.run(reader: &reader, prompt: "\(annotator)> ", timing: timing)
        } else {
            var reader = PlainLineReader()
            failures = session.run(reader: &reader, errors: { Output.error($0) }, timing: timing)
        }
        writer.close()
        if failures > 0 && !interactive { throw ExitCode(1) }
    }

    /// Columns of the terminal (TIOCGWINSZ), else $COLUMNS, else 100.
    static func terminalWidth(tty: Bool) -> Int {
        if tty {
            var w = winsize()
            if ioctl(1, UInt(TIOCGWINSZ), &w) == 0 && w.ws_col > 0 { return Int(w.ws_col) }
        }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c), n > 0 { return n }
        return 100
    }

    /// Straight to fd 1, unbuffered: an acknowledgement is out as soon as its event is on disk.
    static func write(_ text: String) {
        var s = text
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(1, buf.baseAddress! + off, buf.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                off += n
            }
        }
    }
}
