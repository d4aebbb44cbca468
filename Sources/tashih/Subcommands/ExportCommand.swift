import ArgumentParser
import Foundation
import TashihGold
import TashihInterchange
import TashihModel

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export a gold release as training or exchange data (Prodigy, doccano, brat, Label Studio, WebAnno TSV, CoNLL, HF).",
        discussion: """
            Formats: prodigy, doccano, brat, label-studio, webanno (UTF-16 offsets), conll (CoNLL-2003), iob2, \
            bioes, hf (Hugging Face JSONL + labels.json + dataset card). Tokens are Tashih's tokenizer. A span \
            edge inside a token (a clitic) is split off (--clitics split) or widened (--clitics widen); token \
            formats resolve overlapping spans by --overlap. A summary of what was written, changed and dropped \
            follows every export. docs/FORMATS.md describes each mapping.
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The gold to export: NAME@vN, NAME@latest or NAME@working.")
    var reference: String

    @Option(help: "prodigy, doccano, brat, label-studio, webanno, conll, iob2, bioes or hf.")
    var format: String

    @Option(help: "Output folder (default: exports/NAME-vN-FORMAT in the workspace). Must not exist unless --force.")
    var out: String?

    @Flag(help: "Replace the output folder if it exists.")
    var force = false

    @Option(help: "Split shares, e.g. 80/10/10 (train/dev/test) or 90/10 (train/test).")
    var split: String?

    @Option(help: "Seed of the split.")
    var seed: UInt64 = 0

    @Option(help: "Keep records with the same value of this key in one split, e.g. meta.source.")
    var groupBy: String?

    @Option(help: "Export only this family's labels (repeatable).")
    var family: [String] = []

    @Option(help: "Export only this label (repeatable; adds to --family).")
    var label: [String] = []

    @Option(help: "Token formats: overlapping spans by priority (one file) or per-family (one file per family).")
    var overlap: String = "priority"

    @Option(help: "Labels first in the overlap priority, comma-separated (then the schema's order).")
    var priority: String?

    @Option(help: "A span edge inside a token: split (the clitic becomes its own token) or widen (to the whole token).")
    var clitics: String = "split"

    @Option(help: "doccano form: label ([[start,end,LABEL]]) or entities (with relations).")
    var doccanoForm: String = "label"

    @Option(help: "Licence named in the Hugging Face dataset card.")
    var license: String = "unknown"

    func validate() throws {
        guard InterchangeFormat(rawValue: format) != nil else {
            throw ValidationError(
                "unknown format '\(format)'; use one of: \(InterchangeFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard CliticPolicy(rawValue: clitics) != nil else {
            throw ValidationError("--clitics is split or widen, not '\(clitics)'")
        }
        guard OverlapPolicy(rawValue: overlap) != nil else {
            throw ValidationError("--overlap is priority or per-family, not '\(overlap)'")
        }
        guard DoccanoForm(rawValue: doccanoForm) != nil else {
            throw ValidationError("--doccano-form is label or entities, not '\(doccanoForm)'")
        }
        if let s = split, SplitSpec.parseRatios(s) == nil {
            throw ValidationError("--split takes 2 or 3 positive shares separated by '/', e.g. 80/10/10, not '\(s)'")
        }
        if groupBy != nil && split == nil { throw ValidationError("--group-by needs --split") }
    }

    func run() throws {
        let ws = try workspaceOptions.open()
        let fmt = InterchangeFormat(rawValue: format)!
        do {
            guard let ref = try GoldReference.parse(reference) else {
                throw CommandFailure("\"\(reference)\" names no release; use NAME@vN, NAME@latest or NAME@working")
            }
            for f in family where ws.schema.family(named: f) == nil {
                throw CommandFailure("unknown family \(f) (families: \(ws.schema.families.map(\.name).joined(separator: ", ")))")
            }
            let priorityLabels = priority.map { $0.split(separator: ",").map(String.init) } ?? []
            for l in label + priorityLabels where ws.schema.family(ofLabel: l) == nil {
                throw CommandFailure("unknown label \(l) (labels: \(ws.schema.allLabels.joined(separator: ", ")))")
            }
            let (path, shown, temporary) = try ref.resolve(in: ws)
            defer { if temporary { try? FileManager.default.removeItem(atPath: path) } }
            let safe = shown.replacingOccurrences(of: "@", with: "-")
            var o = ExportOptions(
                format: fmt, outDirectory: out ?? (ws.root + "/exports/\(safe)-\(format)"), schema: ws.schema, release: shown)
            o.clitics = CliticPolicy(rawValue: clitics)!
            o.overlap = OverlapPolicy(rawValue: overlap)!
            o.priority = priorityLabels
            o.families = family
            o.labels = label
            o.doccanoForm = DoccanoForm(rawValue: doccanoForm)!
            o.license = license
            o.force = force
            if let s = split { o.split = SplitSpec(ratios: SplitSpec.parseRatios(s)!, seed: seed, groupBy: groupBy) }
            if fmt == .labelStudio {
                o.predictions = try SuggestionIndex.load(paths: try ws.dataset(ref.dataset).suggestionFiles())
            }
            let summary = try Exporter(options: o).run(recordsPath: path)
            print("exported \(shown) as \(format) (offsets: \(fmt.offsetUnit)) → \(o.outDirectory)")
            print("files: " + (summary.files.count > 8 ? "\(summary.files.count) files" : summary.files.joined(separator: ", ")))
            print("clitic policy: \(clitics)" + (fmt.isTagged ? "; overlap policy: \(overlap)" : ""))
            for l in summary.lines { print(l) }
        } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        } catch let e as ExportError {
            throw CommandFailure(e.description)
        } catch let e as ImportError {
            throw CommandFailure(e.description)
        }
    }
}
