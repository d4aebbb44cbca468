import Foundation
import TashihJSON
import TashihModel
import TashihText

/// WebAnno TSV 3.3 (INCEpTION): one file per record, the record one sentence. Offsets: **UTF-16
/// code units** (a character from U+10000 counts 2). The span layer is
/// `webanno.custom.Tashih` with the feature `label` and one feature per attribute:
///
/// ```
/// #FORMAT=WebAnno TSV 3.3
/// #T_SP=webanno.custom.Tashih|label|actor_id|…
///
///
/// #Text=قصفت القوات الروسية …
/// 1-1	0-4	قصفت	_	_
/// 1-2	5-11	القوات	ARMED_GROUP[1]	RUSSIA_MIL[1]
/// ```
///
/// `[N]` ties the tokens of one multi-token annotation; stacked annotations on one token are
/// joined by `|`; `*` is an annotation without that feature. Escapes: in `#Text=` and the token
/// column `\\`, `\t`, `\n`, `\r` (a CRLF text stays on one line); in feature values also `\[`,
/// `\]`, `\|`, `\_`, `\->`, `\;`, `\*`. Tokens are Tashih's, cut at span edges under the clitic
/// policy, so every span lies on token edges.
public enum WebAnnoFormat {
    public static let layer = "webanno.custom.Tashih"

    static func escapeText(_ s: String) -> String {
        var o = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": o += "\\\\"
            case "\t": o += "\\t"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            default: o.unicodeScalars.append(c)
            }
        }
        return o
    }

    static func escapeValue(_ s: String) -> String {
        var o = ""
        let a = Array(s.unicodeScalars)
        var i = 0
        while i < a.count {
            let c = a[i]
            switch c {
            case "\\": o += "\\\\"
            case "\t": o += "\\t"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "[", "]", "|", "_", ";", "*":
                o += "\\"
                o.unicodeScalars.append(c)
            case "-" where i + 1 < a.count && a[i + 1] == ">":
                o += "\\->"
                i += 1
            default: o.unicodeScalars.append(c)
            }
            i += 1
        }
        return o
    }

    static func unescape(_ s: Substring) -> String {
        var o = ""
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            guard c == "\\" else {
                o.unicodeScalars.append(c)
                continue
            }
            guard let n = it.next() else {
                o += "\\"
                break
            }
            switch n {
            case "t": o += "\t"
            case "n": o += "\n"
            case "r": o += "\r"
            default: o.unicodeScalars.append(n)
            }
        }
        return o
    }

    /// The attribute names of the selected labels, in schema order.
    static func attributeNames(_ schema: Schema, labels: [String]) -> [String] {
        var seen: [String] = []
        for f in schema.families where f.labels.contains(where: labels.contains) {
            for a in f.attributes where !seen.contains(a.name) { seen.append(a.name) }
        }
        return seen
    }

    static func document(_ t: TokenizedRecord, schema: Schema, labels: [String]) -> [UInt8] {
        let attrs = attributeNames(schema, labels: labels)
        let offsets = TextOffsets(t.text(0, t.scalarCount))
        var out = "#FORMAT=WebAnno TSV 3.3\n#T_SP=\(layer)|label" + attrs.map { "|" + $0 }.joined() + "\n\n\n"
        out += "#Text=" + escapeText(t.text(0, t.scalarCount)) + "\n"
        var multiID: [Int: Int] = [:]
        var next = 1
        for (i, r) in t.tokenRanges.enumerated() where r.filter({ !t.tokens[$0].isSeparator }).count > 1 {
            multiID[i] = next
            next += 1
        }
        var covering = [[Int]](repeating: [], count: t.tokens.count)
        for (i, r) in t.tokenRanges.enumerated() { for k in r { covering[k].append(i) } }
        var n = 0
        for (k, tok) in t.tokens.enumerated() where !tok.isSeparator {
            n += 1
            let b = offsets.utf16(fromScalar: tok.start)!
            let e = offsets.utf16(fromScalar: tok.end)!
            var line = "1-\(n)\t\(b)-\(e)\t\(escapeText(t.text(ofToken: k)))"
            let here = covering[k]
            func col(_ value: (Span) -> String?) -> String {
                if here.isEmpty { return "_" }
                return here.map { i in
                    let v = value(t.spans[i]).map(escapeValue) ?? "*"
                    return v + (multiID[i].map { "[\($0)]" } ?? "")
                }.joined(separator: "|")
            }
            line += "\t" + col { $0.label }
            for a in attrs { line += "\t" + col { $0.attributes[a]?.description } }
            out += line + "\n"
        }
        out += "\n"
        return Array(out.utf8)
    }

    /// Splits on `sep` where it is not escaped.
    static func splitUnescaped(_ s: Substring, _ sep: Unicode.Scalar) -> [Substring] {
        var parts: [Substring] = []
        var start = s.startIndex
        var i = s.startIndex
        var esc = false
        while i < s.endIndex {
            let c = s.unicodeScalars[i]
            if esc {
                esc = false
            } else if c == "\\" {
                esc = true
            } else if c == sep {
                parts.append(s[start..<i])
                start = s.unicodeScalars.index(after: i)
            }
            i = s.unicodeScalars.index(after: i)
        }
        parts.append(s[start..<s.endIndex])
        return parts
    }

    /// `VALUE[N]` → (VALUE, N); an escaped `\]` is not a suffix.
    static func stripID(_ s: Substring) -> (Substring, Int?) {
        guard s.hasSuffix("]"), let open = s.lastIndex(of: "[") else { return (s, nil) }
        if open > s.startIndex, s[s.index(before: open)] == "\\" { return (s, nil) }
        guard let n = Int(s[s.index(after: open)..<s.index(before: s.endIndex)]) else { return (s, nil) }
        return (s[..<open], n)
    }

    static func read(path: String, reader: InterchangeReader, into result: inout InterchangeReadResult) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ImportError(file: path, message: "no such file or folder")
        }
        let files =
            isDir.boolValue
            ? ((FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []).filter { $0.hasSuffix(".tsv") }
                .sorted().map { path + "/" + $0 } : [path]
        for f in files { try readFile(f, reader: reader, into: &result) }
    }

    static func readFile(_ path: String, reader: InterchangeReader, into result: inout InterchangeReadResult) throws {
        let lines = try readText(path).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard let first = lines.first, first.hasPrefix("#FORMAT=WebAnno TSV 3") else {
            throw ImportError(
                file: path, line: 1,
                message: "wrong header: expected \"#FORMAT=WebAnno TSV 3.3\", found \"\(lines.first.map(String.init) ?? "")\"",
                hint: "export from INCEpTION as \"WebAnno TSV v3.3\"")
        }
        var columns = 0
        var labelColumn: Int?
        var attrColumns: [(Int, String)] = []
        var sentences: [(text: String, firstBegin: Int?)] = []
        struct Ann {
            var label: String
            var begin: Int
            var end: Int
            var attrs: [String: String]
            var line: Int
        }
        var anns: [String: Ann] = [:]
        var order: [String] = []
        var inText = false
        for (k, line) in lines.enumerated() {
            let no = k + 1
            if line.hasPrefix("#T_SP=") || line.hasPrefix("#T_CH=") || line.hasPrefix("#T_RL=") {
                let parts = line.dropFirst(6).split(separator: "|", omittingEmptySubsequences: false)
                let feats = parts.dropFirst().map(String.init)
                if line.hasPrefix("#T_SP="), labelColumn == nil,
                    let li = feats.firstIndex(where: { $0 == "label" || $0 == "value" })
                {
                    labelColumn = columns + li
                    for (j, f) in feats.enumerated() where j != li { attrColumns.append((columns + j, f)) }
                }
                columns += feats.count + (line.hasPrefix("#T_RL=") ? 1 : 0)
                continue
            }
            if line.hasPrefix("#Text=") {
                let t = unescape(line.dropFirst(6))
                if inText, !sentences.isEmpty {
                    sentences[sentences.count - 1].text += "\n" + t
                } else {
                    sentences.append((t, nil))
                }
                inText = true
                continue
            }
            inText = false
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 3 + columns else {
                throw ImportError(
                    file: path, line: no,
                    message:
                        "expected \(3 + columns) tab-separated columns (index, offsets, token, \(columns) feature(s)), found \(cols.count)",
                    hint: "the #T_SP/#T_RL headers must match the token lines")
            }
            let be = cols[1].split(separator: "-").compactMap { Int($0) }
            guard be.count == 2, be[0] <= be[1] else {
                throw ImportError(file: path, line: no, message: "\"\(cols[1])\" is not BEGIN-END (UTF-16 offsets)")
            }
            if sentences.isEmpty { sentences.append(("", nil)) }
            if sentences[sentences.count - 1].firstBegin == nil { sentences[sentences.count - 1].firstBegin = be[0] }
            guard let lc = labelColumn else { continue }
            let labelField = cols[3 + lc]
            if labelField == "_" { continue }
            let items = splitUnescaped(labelField, "|")
            let attrItems = attrColumns.map { (name: $0.1, items: splitUnescaped(cols[3 + $0.0], "|")) }
            for (j, item) in items.enumerated() {
                let (label, nid) = stripID(item)
                if label == "*" || label.isEmpty { continue }
                let key = nid.map { "m\($0)" } ?? "s\(no):\(j)"
                if anns[key] == nil {
                    var attrs: [String: String] = [:]
                    for a in attrItems where j < a.items.count {
                        let (v, _) = stripID(a.items[j])
                        if v != "*" && v != "_" && !v.isEmpty { attrs[a.name] = unescape(v) }
                    }
                    anns[key] = Ann(label: unescape(label), begin: be[0], end: be[1], attrs: attrs, line: no)
                    order.append(key)
                } else {
                    anns[key]!.begin = min(anns[key]!.begin, be[0])
                    anns[key]!.end = max(anns[key]!.end, be[1])
                }
            }
        }
        // The text: sentences placed at their first token's offset.
        var text = ""
        var units = 0
        for s in sentences {
            if let b = s.firstBegin, b > units {
                text += "\n" + String(repeating: " ", count: b - units - 1)
                units = b
            }
            text += s.text
            units += s.text.utf16.count
        }
        let offsets = TextOffsets(text)
        var spans: [Span] = []
        for key in order {
            let a = anns[key]!
            guard a.end <= offsets.utf16Count else {
                throw ImportError(
                    file: path, line: a.line,
                    message: "offsets \(a.begin)-\(a.end) are past the text (\(offsets.utf16Count) UTF-16 units)",
                    hint: "WebAnno TSV offsets are UTF-16 code units of the #Text lines")
            }
            guard let r = offsets.scalarRange(fromUTF16: a.begin..<a.end) else {
                throw ImportError(
                    file: path, line: a.line, message: "offsets \(a.begin)-\(a.end) fall inside a surrogate pair",
                    hint: "WebAnno TSV offsets are UTF-16 code units; an emoji counts 2")
            }
            var s = Span(start: r.lowerBound, end: r.upperBound, label: a.label)
            for (k, v) in a.attrs {
                let name = reader.attributeName(k, label: a.label)
                s.attributes[name] = reader.attributeValue(name, v, label: a.label)
            }
            try reader.check(s, n: offsets.scalarCount, file: path, line: a.line, unit: "code points")
            spans.append(s)
        }
        result.records.append(
            ImportedRecord(
                document: Document(id: DocumentID(idFromFileName(path)), text: text), spans: spans, file: path, line: 0))
    }
}
