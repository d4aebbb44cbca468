import ArgumentParser
import TashihGold
import TashihInterchange
import TashihModel

/// `tashih import --format prodigy|doccano|brat|label-studio|webanno|conll|iob2|bioes|hf`.
extension ImportCommand {
    func validateInterchange() throws {
        guard let f = format, let fmt = InterchangeFormat(rawValue: f) else {
            if asSuggestions != nil || asGold != nil {
                throw ValidationError("--as-suggestions and --as-gold are for other tools' formats (e.g. --format prodigy)")
            }
            return
        }
        if asSuggestions == nil && asGold == nil {
            throw ValidationError(
                "say what the spans of \(fmt.rawValue) are: --as-suggestions EXTRACTOR or --as-gold ANNOTATOR")
        }
        if fmt != .labelStudio && asSuggestions != nil && asGold != nil {
            throw ValidationError("give one of --as-suggestions or --as-gold (both only for label-studio)")
        }
    }

    func runInterchange(_ fmt: InterchangeFormat) throws {
        let ws = try workspaceOptions.open()
        // Not created until the files are read and checked: a failed import leaves no trace.
        do { try Dataset.validateName(dataset) } catch let e as WorkspaceError { throw CommandFailure(e.description) }
        let ds = Dataset(name: dataset, directory: ws.datasetsDirectory + "/" + dataset, schema: ws.schema)
        let importer = SpanImport(
            dataset: ds, extractor: asSuggestions, annotator: asGold, guidelines: JournalCommand.guidelineVersion(ws))
        let existing: [String: Document]
        do { existing = try importer.existing().byID } catch let e as WorkspaceError { throw CommandFailure(e.description) }
        var reader = InterchangeReader(format: fmt, schema: ws.schema, existingText: { existing[$0]?.text })
        reader.extractor = asSuggestions ?? "import"
        Output.error("reading \(fmt.rawValue): offsets in \(fmt.offsetUnit), converted to code points")
        let read: InterchangeReadResult
        do { read = try reader.read(paths: files) } catch let e as ImportError {
            Output.error(e.description)
            throw CommandFailure("nothing was imported into \(dataset): fix the problem above and run the import again")
        }
        for n in read.notes { Output.error(n) }
        var seen = Set<String>()
        var items: [SpanImport.Item] = []
        var leftOut = 0
        for r in read.records {
            guard seen.insert(r.document.id.rawValue).inserted else {
                Output.error("\(r.file):\(r.line): error: record id \"\(r.document.id)\" appears twice in the input")
                throw CommandFailure("nothing was imported into \(dataset): ids must be unique")
            }
            var gold: [Span] = []
            var suggestions: [Span] = []
            if fmt == .labelStudio {
                if asGold != nil { gold = r.spans } else { leftOut += r.spans.count }
                if asSuggestions != nil { suggestions = r.predictions } else { leftOut += r.predictions.count }
            } else if asGold != nil {
                gold = r.spans
            } else {
                suggestions = r.spans.map {
                    var s = $0
                    s.origin = SuggestionOrigin(extractor: asSuggestions!, version: "import:\(fmt.rawValue)")
                    return s
                }
            }
            items.append(SpanImport.Item(document: r.document, gold: gold, suggestions: suggestions))
        }
        if leftOut > 0 {
            Output.error(
                "note: \(leftOut) Label Studio span(s) not imported: annotations need --as-gold, predictions --as-suggestions")
        }
        let outcome: SpanImport.Outcome
        do { outcome = try importer.apply(items) } catch let e as WorkspaceError {
            throw CommandFailure("\(e.description); nothing was imported into \(dataset)")
        }
        print(
            "imported \(read.records.count) record(s) from \(fmt.rawValue) into \(dataset): \(outcome.recordsAdded) new, "
                + "\(outcome.recordsMatched) already there")
        if let p = outcome.suggestionsPath { print("suggestions: \(outcome.suggestions) span(s) → \(p) (replaced whole)") }
        if let p = outcome.journalPath {
            print("gold: \(outcome.goldSpans) span(s) as \(outcome.events) journal event(s) of \(asGold!) → \(p)")
        }
    }
}
