import Foundation
import TashihJSON
import TashihModel
import TashihText

/// The token formats: CoNLL-2003 (`token -X- _ TAG`), IOB2 and BIOES (`token<TAB>TAG`), and
/// Hugging Face–ready JSONL (`{"id","tokens","ner_tags"}` with IOB2 tags as strings, plus
/// `labels.json` and a dataset card). One sentence per record, a blank line between; the CoNLL
/// files start with `-DOCSTART- -X- -X- O`. Tokens are Tashih's (never a whitespace split), cut
/// or widened at clitic edges by the stated policy; white space is not a token here. The record
/// ids go to `<file>.ids` beside each column file, one per sentence, so an import can align the
/// tokens back onto the record texts (the formats carry no text and no offsets).
public enum TaggedFormat {
    static func sentence(_ t: TokenizedRecord, _ tags: [String], conll2003: Bool) -> [UInt8] {
        var out: [UInt8] = []
        for (k, tok) in t.tokens.enumerated() where !tok.isSeparator {
            t.appendText(tok.start, tok.end, to: &out)
            out.append(contentsOf: conll2003 ? Array(" -X- _ ".utf8) : [0x09])
            out.append(contentsOf: tags[k].utf8)
            out.append(0x0A)
        }
        out.append(0x0A)
        return out
    }

    static func hfLine(id: String, _ t: TokenizedRecord, _ tags: [String]) -> [UInt8] {
        var tokens: [JSONValue] = []
        var ner: [JSONValue] = []
        for (k, tok) in t.tokens.enumerated() where !tok.isSeparator {
            tokens.append(.string(t.text(tok.start, tok.end)))
            ner.append(.string(tags[k]))
        }
        var out = JSONWriter.bytes(
            .object(JSONObject([("id", .string(id)), ("tokens", .array(tokens)), ("ner_tags", .array(ner))])))
        out.append(0x0A)
        return out
    }

    static func datasetCard(options: ExportOptions, tags: [String], summary: ExportSummary, splits: [String]) -> String {
        let files = splits.isEmpty ? ["data"] : splits
        var s = "---\nlicense: \(options.license)\nlanguage:\n- ar\ntask_categories:\n- token-classification\n"
        s += "pretty_name: \(options.release)\nconfigs:\n- config_name: default\n  data_files:\n"
        for f in files { s += "  - split: \(f == "data" ? "train" : f)\n    path: \(f).jsonl\n" }
        s += "---\n\n# \(options.release)\n\n"
        s += "Token classification data exported by `tashih export \(options.release) --format hf`.\n\n"
        s += "- Release: `\(options.release)`\n- Licence: \(options.license)\n"
        s +=
            "- Tokens: Tashih's tokenizer; clitic policy `\(options.clitics.rawValue)`; overlaps resolved by `\(options.overlap.rawValue)`\n"
        s += "- Records: \(summary.records)\n\n## Features\n\n"
        s += "`id` (string), `tokens` (list of string), `ner_tags` (list of string, IOB2). "
        s += "`labels.json` lists the tags in class order for a `ClassLabel`.\n\n## Label set\n\n| tag | index |\n|---|---|\n"
        for (i, t) in tags.enumerated() { s += "| \(t) | \(i) |\n" }
        s += "\n## Spans per label\n\n| label | spans |\n|---|---|\n"
        for (l, n) in summary.written.sorted(by: { $0.key < $1.key }) { s += "| \(l) | \(n) |\n" }
        if !summary.splits.isEmpty {
            s += "\n## Splits\n\n| split | records |\n|---|---|\n"
            for sp in summary.splits { s += "| \(sp.name) | \(sp.records) |\n" }
            if let spec = options.split {
                s += "\nRatios \(spec.ratios.map(String.init).joined(separator: "/")), seed \(spec.seed)"
                s += spec.groupBy.map { ", grouped by `\($0)`" } ?? ""
                s += "; near-duplicate texts kept together; see `splits.json`.\n"
            }
        }
        return s
    }

    // MARK: - Import

    /// Spans of one tagged sentence: IOB2, BIOES or IOB1-style tags (an `I-` after `O` or
    /// another label opens a span, as seqeval reads it).
    static func spans(tags: [(tag: Substring, line: Int)], path: String) throws -> [(first: Int, last: Int, label: String)] {
        var out: [(Int, Int, String)] = []
        var open: (Int, String)?
        func close(_ k: Int) {
            if let (s, l) = open { out.append((s, k, l)) }
            open = nil
        }
        for (k, t) in tags.enumerated() {
            let tag = t.tag
            if tag == "O" {
                close(k - 1)
                continue
            }
            guard tag.count > 2, let dash = tag.firstIndex(of: "-"), tag.distance(from: tag.startIndex, to: dash) == 1 else {
                throw ImportError(
                    file: path, line: t.line, message: "\"\(tag)\" is not a tag (O, B-X, I-X, E-X or S-X)",
                    hint: "the tag is the last column")
            }
            let p = tag.first!
            let label = String(tag[tag.index(after: dash)...])
            switch p {
            case "B", "S":
                close(k - 1)
                open = (k, label)
                if p == "S" { close(k) }
            case "I", "E":
                if open?.1 != label {
                    close(k - 1)
                    open = (k, label)
                }
                if p == "E" { close(k) }
            default:
                throw ImportError(
                    file: path, line: t.line, message: "\"\(tag)\" has an unknown prefix \(p)-", hint: "use B-, I-, E-, S-")
            }
        }
        close(tags.count - 1)
        return out
    }

    /// Places tokens in a text: each token is found at or after the end of the one before
    /// (anything in between must be separators). Without a text the tokens are joined by spaces.
    static func align(tokens: [Substring], text: String?, path: String, line: Int, id: String) throws -> (
        text: String, ranges: [Range<Int>]
    ) {
        guard let text else {
            var ranges: [Range<Int>] = []
            var pos = 0
            for t in tokens {
                let n = t.unicodeScalars.count
                ranges.append(pos..<pos + n)
                pos += n + 1
            }
            return (tokens.joined(separator: " "), ranges)
        }
        let s = Array(text.unicodeScalars)
        var pos = 0
        var ranges: [Range<Int>] = []
        for t in tokens {
            let ts = Array(t.unicodeScalars)
            while pos < s.count && (s[pos].properties.isWhitespace || Arabic.isDirectionMark(s[pos])) { pos += 1 }
            guard pos + ts.count <= s.count, Array(s[pos..<pos + ts.count]) == ts else {
                throw ImportError(
                    file: path, line: line,
                    message: "token \"\(t)\" does not continue the text of record \(id) at code point \(pos)",
                    hint: "the tokens must be the record's text in order; was the file exported from this record?")
            }
            ranges.append(pos..<pos + ts.count)
            pos += ts.count
        }
        return (text, ranges)
    }

    static func record(
        id: String?, tokens: [Substring], tags: [(tag: Substring, line: Int)], path: String, line: Int, reader: InterchangeReader,
        index: Int
    ) throws -> ImportedRecord {
        let rid = id ?? "\(idFromFileName(path)):s\(index)"
        let (text, ranges) = try align(tokens: tokens, text: id.flatMap(reader.existingText), path: path, line: line, id: rid)
        var spans: [Span] = []
        for (f, l, label) in try self.spans(tags: tags, path: path) {
            let s = Span(start: ranges[f].lowerBound, end: ranges[l].upperBound, label: label)
            try reader.check(s, n: text.scalarCount, file: path, line: tags[f].line, unit: "code points")
            spans.append(s)
        }
        return ImportedRecord(document: Document(id: DocumentID(rid), text: text), spans: spans, file: path, line: line)
    }

    /// Reads CoNLL-2003 (4 columns), IOB2 or BIOES (2 columns); ids from `<file>.ids` if present.
    static func readColumns(path: String, reader: InterchangeReader, into result: inout InterchangeReadResult) throws {
        let need = reader.format == .conll ? 4 : 2
        let base = (path as NSString).deletingPathExtension
        let ids: [String]? = (try? readText(base + ".ids")).map { $0.split(separator: "\n").map(String.init) }
        var tokens: [Substring] = []
        var tags: [(tag: Substring, line: Int)] = []
        var startLine = 0
        var n = 0
        func flush() throws {
            guard !tokens.isEmpty else { return }
            let id = ids.flatMap { n < $0.count ? $0[n] : nil }
            result.records.append(
                try record(id: id, tokens: tokens, tags: tags, path: path, line: startLine, reader: reader, index: n + 1))
            n += 1
            tokens = []
            tags = []
        }
        var lineNo = 0
        for raw in try readText(path).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                try flush()
                continue
            }
            if line.hasPrefix("-DOCSTART-") {
                try flush()
                continue
            }
            let cols = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard cols.count >= need else {
                throw ImportError(
                    file: path, line: lineNo,
                    message: "expected \(need) columns (\(need == 4 ? "token POS chunk TAG" : "token TAG")), found \(cols.count)",
                    hint: "columns are separated by spaces or tabs; a sentence ends with a blank line")
            }
            if tokens.isEmpty { startLine = lineNo }
            tokens.append(cols[0])
            tags.append((cols[cols.count - 1], lineNo))
        }
        try flush()
        if let ids, ids.count != n {
            result.notes.append("\(base).ids: note: \(ids.count) id(s) for \(n) sentence(s)")
        }
    }

    /// Reads Hugging Face JSONL: `tokens` and `ner_tags` (strings, or class indices looked up in
    /// `labels.json` beside the file).
    static func readHF(path: String, reader: InterchangeReader, into result: inout InterchangeReadResult) throws {
        let labelsPath = (path as NSString).deletingLastPathComponent + "/labels.json"
        var names: [String]?
        if FileManager.default.fileExists(atPath: labelsPath) {
            let v = try? JSONParser.parse(try readText(labelsPath), file: labelsPath)
            names = v?.arrayValue?.compactMap(\.stringValue)
        }
        var n = 0
        try forEachJSONLine(path: path) { o, line in
            n += 1
            guard let toks = o["tokens"]?.arrayValue, let tags = o["ner_tags"]?.arrayValue, toks.count == tags.count else {
                throw ImportError(
                    file: path, line: line, message: "a line needs \"tokens\" and \"ner_tags\" lists of the same length")
            }
            var tagList: [(tag: Substring, line: Int)] = []
            for t in tags {
                if let s = t.stringValue {
                    tagList.append((Substring(s), line))
                } else if let i = t.intValue, let names, i >= 0, i < names.count {
                    tagList.append((Substring(names[i]), line))
                } else {
                    throw ImportError(
                        file: path, line: line, message: "ner_tags holds \(t), which is neither a tag nor an index of labels.json"
                    )
                }
            }
            let id = o["id"]?.stringValue ?? o["id"]?.numberValue?.literal
            result.records.append(
                try record(
                    id: id, tokens: toks.map { Substring($0.stringValue ?? "") }, tags: tagList, path: path, line: line,
                    reader: reader, index: n))
        }
    }
}
