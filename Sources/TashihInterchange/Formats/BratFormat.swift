import Foundation
import TashihJSON
import TashihModel
import TashihText

/// brat standoff: `<stem>.txt` (the exact text) and `<stem>.ann`. Offsets: code points, end
/// exclusive. The stem is the record id with every byte outside `[A-Za-z0-9._-]` written `%XX`
/// (so `002_…:p3` is `002_…%3Ap3`); the import decodes it back.
///
/// - `T1	LABEL 5 19	القوات الروسية` — a span (the text column has tabs and line breaks as spaces);
/// - `A1	qualifier T2 exact` — a choice or number attribute;
/// - `N1	Reference T1 actor_id:RUSSIA_MIL	القوات الروسية` — an identifier attribute (actor ids,
///   stance targets) as a normalisation whose database is the attribute name;
/// - `#1	AnnotatorNotes T2	counted=مدنياً` — a text attribute as `name=value`.
///
/// `annotation.conf` lists the labels and attributes for a brat server.
public enum BratFormat {
    /// The file stem of a record id.
    public static func fileStem(_ id: String) -> String {
        var out = ""
        for b in id.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D {
                out.append(c)
            } else {
                out += "%" + String(format: "%02X", b)
            }
        }
        return out
    }

    static func flat(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }

    static func ann(_ doc: Document, schema: Schema) -> [UInt8] {
        var out = ""
        var a = 0
        var n = 0
        var note = 0
        for (i, s) in doc.spans.sorted(by: Span.canonicalOrder).enumerated() {
            let t = "T\(i + 1)"
            let text = flat(doc.text.scalarSlice(s.start, s.end) ?? "")
            out += "\(t)\t\(s.label) \(s.start) \(s.end)\t\(text)\n"
            for (k, v) in s.attributes.sorted(by: { $0.key < $1.key }) {
                switch schema.attribute(k, forLabel: s.label)?.kind {
                case .identifier:
                    n += 1
                    out += "N\(n)\tReference \(t) \(k):\(v)\t\(text)\n"
                case .text, nil:
                    note += 1
                    out += "#\(note)\tAnnotatorNotes \(t)\t\(k)=\(flat(v.description))\n"
                default:
                    a += 1
                    out += "A\(a)\t\(k) \(t) \(v)\n"
                }
            }
        }
        return Array(out.utf8)
    }

    static func annotationConf(_ schema: Schema, labels: [String]) -> String {
        var s = "# brat configuration for a Tashih export\n[entities]\n"
        for l in labels { s += l + "\n" }
        s += "\n[relations]\n\n[events]\n\n[attributes]\n"
        for f in schema.families {
            let ls = f.labels.filter { labels.contains($0) }
            if ls.isEmpty { continue }
            for at in f.attributes {
                let args = (at.labels ?? ls).filter { ls.contains($0) }.joined(separator: "|")
                if args.isEmpty { continue }
                switch at.kind {
                case .choice(let values): s += "\(at.name)\tArg:\(args), Value:\(values.joined(separator: "|"))\n"
                case .number: s += "# \(at.name): a number, written as A lines (Arg:\(args))\n"
                case .identifier: s += "# \(at.name): written as N (normalisation) lines, database \(at.name)\n"
                case .text: s += "# \(at.name): written as AnnotatorNotes \(at.name)=…\n"
                }
            }
        }
        return s
    }

    /// The `.ann` files under `path` (a file, or a folder searched recursively), sorted.
    static func annFiles(_ path: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ImportError(file: path, message: "no such file or folder")
        }
        if !isDir.boolValue {
            if path.hasSuffix(".txt") {
                throw ImportError(file: path, message: "a brat import names the .ann files (or their folder), not the .txt")
            }
            return [path]
        }
        let all = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        return all.filter { $0.hasSuffix(".ann") }.sorted().map { path + "/" + $0 }
    }

    static func read(path: String, reader: InterchangeReader, into result: inout InterchangeReadResult) throws {
        for ann in try annFiles(path) {
            let txtPath = String(ann.dropLast(4)) + ".txt"
            guard FileManager.default.fileExists(atPath: txtPath) else {
                throw ImportError(
                    file: ann, message: "no \((txtPath as NSString).lastPathComponent) beside it",
                    hint: "brat keeps the text in a .txt of the same name; copy it next to the .ann")
            }
            let text = try readText(txtPath)
            let n = text.scalarCount
            var spans: [(id: String, span: Span, line: Int)] = []
            var byID: [String: Int] = [:]
            var attrs: [(target: String, name: String, value: String, line: Int)] = []
            var lineNo = 0
            for raw in try readText(ann).split(separator: "\n", omittingEmptySubsequences: false) {
                lineNo += 1
                var line = Substring(raw)
                if line.hasSuffix("\r") { line = line.dropLast() }
                if line.isEmpty { continue }
                let cols = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                let id = cols[0]
                func bad(_ m: String) -> ImportError {
                    ImportError(file: ann, line: lineNo, message: m, hint: "see brat's standoff format")
                }
                switch id.first {
                case "T":
                    guard cols.count >= 2 else { throw bad("a T line needs ID, TYPE START END and the text, tab-separated") }
                    let head = cols[1].split(separator: " ", maxSplits: 1).map(String.init)
                    guard head.count == 2 else { throw bad("expected \"LABEL START END\" after \(id)") }
                    var lo = Int.max
                    var hi = Int.min
                    let frags = head[1].split(separator: ";")
                    for f in frags {
                        let se = f.split(separator: " ").compactMap { Int($0) }
                        guard se.count == 2 else { throw bad("\"\(f)\" is not a START END pair of offsets") }
                        lo = min(lo, se[0])
                        hi = max(hi, se[1])
                    }
                    if frags.count > 1 {
                        result.notes.append(
                            "\(ann):\(lineNo): note: discontinuous \(id) imported as its covering span \(lo)..\(hi)")
                    }
                    let s = Span(start: lo, end: hi, label: head[0])
                    guard s.start >= 0, s.end <= n, s.start < s.end else {
                        throw ImportError(
                            file: ann, line: lineNo,
                            message:
                                "\(id) \(lo)..\(hi) is not inside the text of \((txtPath as NSString).lastPathComponent) (0..\(n) code points)",
                            hint: "brat offsets are code points of the .txt, end exclusive; is this the right .txt?")
                    }
                    byID[id] = spans.count
                    spans.append((id, s, lineNo))
                case "A", "M":
                    let p = (cols.count > 1 ? cols[1] : "").split(separator: " ").map(String.init)
                    guard p.count >= 2 else { throw bad("an A line needs NAME TARGET [VALUE]") }
                    attrs.append((p[1], p[0], p.count > 2 ? p[2] : "true", lineNo))
                case "N":
                    let p = (cols.count > 1 ? cols[1] : "").split(separator: " ").map(String.init)
                    guard p.count >= 3, let colon = p[2].firstIndex(of: ":") else {
                        throw bad("an N line needs Reference TARGET DB:ID")
                    }
                    attrs.append((p[1], String(p[2][..<colon]), String(p[2][p[2].index(after: colon)...]), lineNo))
                case "#":
                    let p = (cols.count > 1 ? cols[1] : "").split(separator: " ").map(String.init)
                    let body = cols.count > 2 ? cols[2] : ""
                    if p.count >= 2, let eq = body.firstIndex(of: "=") {
                        attrs.append((p[1], String(body[..<eq]), String(body[body.index(after: eq)...]), lineNo))
                    } else {
                        result.notes.append(
                            "\(ann):\(lineNo): note: the note on \(p.last ?? "?") is not NAME=VALUE; not imported")
                    }
                case "R", "E", "*":
                    result.notes.append("\(ann):\(lineNo): note: \(id) (relation or event) not imported")
                default:
                    throw bad("\"\(id)\" is not a brat annotation id (T, A, M, N, R, E, # or *)")
                }
            }
            for at in attrs {
                guard let k = byID[at.target] else {
                    throw ImportError(
                        file: ann, line: at.line, message: "\(at.target) is not a text-bound annotation of this file")
                }
                let label = spans[k].span.label
                let name = reader.attributeName(at.name, label: label)
                spans[k].span.attributes[name] = reader.attributeValue(name, at.value, label: label)
            }
            for s in spans { try reader.check(s.span, n: n, file: ann, line: s.line, unit: "code points") }
            result.records.append(
                ImportedRecord(
                    document: Document(id: DocumentID(idFromFileName(ann)), text: text), spans: spans.map(\.span), file: ann,
                    line: 0))
        }
    }
}
