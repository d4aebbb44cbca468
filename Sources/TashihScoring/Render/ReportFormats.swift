import TashihJSON
import TashihTerminal

/// The output formats of a score report.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, markdown, json, csv, html
}

extension ScoreReport {
    /// The report in `format`.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: return renderTable()
        case .markdown: return renderMarkdown()
        case .json: return JSONWriter.string(json) + "\n"
        case .csv: return renderCSV()
        case .html: return renderHTML()
        }
    }

    var title: String { "\(system.name) (\(system.version)) against \(goldName)" }

    /// Plain text for terminals: a table per section, each after its title and definition.
    func renderTable() -> String {
        // Key and value, values left-aligned (a table would push the counts to the right edge of
        // a column as wide as the extractor's version string).
        let keyWidth = headerRows.map { DisplayWidth.of($0[0]) }.max() ?? 0
        var out = title + "\n\n"
        for r in headerRows {
            out += r[0] + String(repeating: " ", count: keyWidth - DisplayWidth.of(r[0])) + "  " + r[1] + "\n"
        }
        for s in sections where !s.rows.isEmpty {
            out += "\n" + s.title + "\n" + Self.wrap(s.note, width: 100) + "\n"
            out += Table([s.header] + s.rows).render()
        }
        return out
    }

    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { "  " + $0 }.joined(separator: "\n")
    }

    func renderMarkdown() -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        func table(_ header: [String], _ rows: [[String]]) -> String {
            var t = "| " + header.map(cell).joined(separator: " | ") + " |\n"
            t += "|" + String(repeating: "---|", count: header.count) + "\n"
            for r in rows { t += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
            return t
        }
        var out = "# Score: \(title)\n\n" + table(["", ""], headerRows)
        for s in sections where !s.rows.isEmpty {
            out += "\n## \(s.title)\n\n\(s.note)\n\n" + table(s.header, s.rows)
        }
        return out
    }

    /// One figure per row: `section,scope,scheme,metric,value,ci_low,ci_high`.
    func renderCSV() -> String {
        var rows: [[String]] = [["section", "scope", "scheme", "metric", "value", "ci_low", "ci_high"]]
        for r in headerRows { rows.append(["meta", "", "", r[0], r[1], "", ""]) }
        let layout = evaluator.layout
        func figure(_ section: String, _ scope: String, _ scheme: String, _ key: String) {
            for (m, name) in [("p", "precision"), ("r", "recall"), ("f1", "f1")] {
                let i = interval("\(key)/\(m)")
                rows.append([
                    section, scope, scheme, name, Self.number(values["\(key)/\(m)"] ?? 0), i.map { Self.number($0.low) } ?? "",
                    i.map { Self.number($0.high) } ?? "",
                ])
            }
        }
        for s in 0..<layout.count where hasData(s) {
            let section = s == layout.overall ? "span" : s >= layout.relaxedFamily ? "span-relaxed" : "span"
            for scheme in Evaluator.schemes {
                let c = evaluator.counts(scope: s, scheme: scheme)
                for (name, v) in [
                    ("COR", c.correct), ("INC", c.incorrect), ("PAR", c.partial), ("MIS", c.missed), ("SPU", c.spurious),
                    ("POS", c.possible), ("ACT", c.actual),
                ] {
                    rows.append([section, scopeKey(s), scheme.rawValue, name, String(v), "", ""])
                }
                figure(section, scopeKey(s), scheme.rawValue, "span/\(scheme.rawValue)/\(scopeKey(s))")
            }
        }
        for scheme in Evaluator.schemes {
            for a in ["macro", "weighted"] { figure("span-average", a, scheme.rawValue, "span/\(scheme.rawValue)/\(a)") }
        }
        for (l, t) in evaluator.tokenCounts.enumerated() where t.gold > 0 || t.predicted > 0 {
            let scope = "label:" + labels.labels[l]
            for (name, v) in [("TP", t.truePositives), ("predicted", t.predicted), ("gold", t.gold)] {
                rows.append(["token", scope, "iob2", name, String(v), "", ""])
            }
            figure("token", scope, "iob2", "token/\(scope)")
        }
        for a in ["micro", "macro", "weighted"] { figure("token", a, "iob2", "token/\(a)") }
        rows.append(["token", "dropped", "iob2", "gold", String(evaluator.tokenDropped.gold), "", ""])
        rows.append(["token", "dropped", "iob2", "predicted", String(evaluator.tokenDropped.predicted), "", ""])
        rows.append(["token", "widened", "iob2", "gold", String(evaluator.tokenWidened.gold), "", ""])
        rows.append(["token", "widened", "iob2", "predicted", String(evaluator.tokenWidened.predicted), "", ""])
        for r in evaluator.attributes.rows {
            let scope = "family:\(r.family)"
            for (m, v) in [("compared", r.compared), ("correct", r.correct), ("missing", r.missing), ("extra", r.extra)] {
                rows.append(["attribute", scope, r.attribute, m, String(v), "", ""])
            }
            rows.append(["attribute", scope, r.attribute, "accuracy", Self.number(r.accuracy), "", ""])
        }
        for (k, c) in (bootstrap?.comparisons ?? [:]).sorted(by: { $0.key < $1.key }) {
            rows.append([
                "against", k, "", "delta", Self.number(c.delta), Self.number(c.interval.low), Self.number(c.interval.high),
            ])
            rows.append(["against", k, "", "p", Self.number(c.p), "", ""])
        }
        for r in cost?.rows ?? [] {
            let scope = "\(r.extractor) \(r.version)"
            for (m, v) in [
                ("answered", r.answered), ("accepted as is", r.acceptedAsIs), ("rejected", r.rejected),
                ("relabelled", r.relabelled),
                ("moved", r.moved), ("attributes edited", r.attributesEdited), ("spans added", r.added),
            ] {
                rows.append(["correction-cost", scope, "", m, String(v), "", ""])
            }
        }
        let cl = confusionLabels
        let width = labels.labels.count + 1
        func name(_ l: Int) -> String { l < labels.labels.count ? labels.labels[l] : "none" }
        for r in cl {
            for c in cl where evaluator.confusion[r * width + c] > 0 {
                rows.append([
                    "confusion", "gold:\(name(r))", "", "predicted:\(name(c))", String(evaluator.confusion[r * width + c]), "",
                    "",
                ])
            }
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The shortest decimal that reads back as the same double.
    static func number(_ x: Double) -> String { JSONNumber(x).literal }

    /// The report as one JSON object (figures at full precision).
    public var json: JSONValue {
        let layout = evaluator.layout
        func num(_ x: Double) -> JSONValue { .number(JSONNumber(x)) }
        func int(_ x: Int) -> JSONValue { .number(JSONNumber(x)) }
        func prf(_ key: String) -> JSONObject {
            var o = JSONObject()
            for m in ["p", "r", "f1"] {
                o[m == "p" ? "precision" : m == "r" ? "recall" : "f1"] = num(values["\(key)/\(m)"] ?? 0)
                if let i = interval("\(key)/\(m)") {
                    o[(m == "p" ? "precision" : m == "r" ? "recall" : "f1") + "_ci"] = .array([num(i.low), num(i.high)])
                }
            }
            return o
        }
        func scope(_ s: Int) -> JSONValue {
            var o = JSONObject()
            for scheme in Evaluator.schemes {
                let c = evaluator.counts(scope: s, scheme: scheme)
                var x = prf("span/\(scheme.rawValue)/\(scopeKey(s))")
                for (k, v) in [
                    ("correct", c.correct), ("incorrect", c.incorrect), ("partial", c.partial), ("missed", c.missed),
                    ("spurious", c.spurious), ("possible", c.possible), ("actual", c.actual),
                ] {
                    x[k] = int(v)
                }
                o[scheme.rawValue] = .object(x)
            }
            return .object(o)
        }
        var families = JSONObject()
        for (f, n) in labels.families.enumerated() where hasData(layout.family(f)) { families[n] = scope(layout.family(f)) }
        var perLabel = JSONObject()
        for (l, n) in labels.labels.enumerated() where hasData(layout.label(l)) { perLabel[n] = scope(layout.label(l)) }
        var relaxed = JSONObject()
        if hasData(layout.relaxedFamily), let rf = settings.evaluation.relaxedFamily {
            relaxed[rf] = scope(layout.relaxedFamily)
            for (l, n) in labels.labels.enumerated() where hasData(layout.relaxedLabel(l)) {
                relaxed[n] = scope(layout.relaxedLabel(l))
            }
        }
        var averages = JSONObject()
        for scheme in Evaluator.schemes {
            averages[scheme.rawValue] = [
                "micro": .object(prf("span/\(scheme.rawValue)/overall")), "macro": .object(prf("span/\(scheme.rawValue)/macro")),
                "weighted": .object(prf("span/\(scheme.rawValue)/weighted")),
            ]
        }
        var tokenLabels = JSONObject()
        for (l, t) in evaluator.tokenCounts.enumerated() where t.gold > 0 || t.predicted > 0 {
            var o = prf("token/label:\(labels.labels[l])")
            o["true_positives"] = int(t.truePositives)
            o["predicted"] = int(t.predicted)
            o["gold"] = int(t.gold)
            tokenLabels[labels.labels[l]] = .object(o)
        }
        let tokens: JSONValue = [
            "definition": "IOB2 over TashihText.Tokenizer tokens, seqeval 1.2.2 default mode", "labels": .object(tokenLabels),
            "micro": .object(prf("token/micro")), "macro": .object(prf("token/macro")),
            "weighted": .object(prf("token/weighted")),
            "dropped": ["gold": int(evaluator.tokenDropped.gold), "predicted": int(evaluator.tokenDropped.predicted)],
            "widened": ["gold": int(evaluator.tokenWidened.gold), "predicted": int(evaluator.tokenWidened.predicted)],
        ]
        let at = evaluator.attributes
        var attributes: [JSONValue] = at.rows.map {
            [
                "family": .string($0.family), "attribute": .string($0.attribute), "compared": int($0.compared),
                "correct": int($0.correct), "missing": int($0.missing), "extra": int($0.extra), "accuracy": num($0.accuracy),
            ]
        }
        let link = at.linking
        attributes.append([
            "family": "actor", "attribute": "(span, actor_id) pairs", "gold": int(at.linkingGold),
            "predicted": int(at.linkingPredicted),
            "both": int(at.linkingBoth), "precision": num(link.precision), "recall": num(link.recall), "f1": num(link.f1),
        ])
        attributes.append([
            "family": "stance", "attribute": "polarity", "compared": int(at.polarityCompared), "correct": int(at.polaritySame),
            "accuracy": num(at.polarityAccuracy),
        ])
        var o = JSONObject()
        o["format"] = "tashih-score"
        o["gold"] = ["name": .string(goldName), "sha256": .string(goldHash)]
        o["extractor"] = ["name": .string(system.name), "version": .string(system.version)]
        if let other { o["against"] = ["name": .string(other.name), "version": .string(other.version)] }
        o["date"] = .string(settings.date)
        o["definitions"] = "docs/SCORING.md; nervaluate 1.2.1 and seqeval 1.2.2 definitions"
        o["records"] = int(evaluator.documents)
        o["gold_spans"] = int(evaluator.goldSpans)
        o["predicted_spans"] = int(evaluator.predictedSpans)
        o["left_out"] = [
            "missing": .array(missing.map { .string($0) }), "extra": .array(extra.map { .string($0) }),
            "text_mismatch": .array(mismatched.map { .string($0) }),
        ]
        if let b = bootstrap {
            o["bootstrap"] = [
                "replicates": int(b.replicates), "seed": .number(JSONNumber(validatedLiteral: String(b.seed))),
                "unit": "document", "interval": "95% percentile",
            ]
        }
        o["spans"] = [
            "overall": scope(layout.overall), "families": .object(families), "labels": .object(perLabel),
            "clitic_relaxed": .object(relaxed), "averages": .object(averages),
        ]
        o["tokens"] = tokens
        o["attributes"] = .array(attributes)
        if let cs = bootstrap?.comparisons, !cs.isEmpty {
            var c = JSONObject()
            for (k, v) in cs.sorted(by: { $0.key < $1.key }) {
                c[k] = [
                    "this": num(values[k] ?? 0), "other": num(otherValues[k] ?? 0), "delta": num(v.delta),
                    "delta_ci": [num(v.interval.low), num(v.interval.high)], "p": num(v.p),
                ]
            }
            o["comparison"] = .object(c)
        }
        if let cost {
            o["correction_cost"] = [
                "source": .string(costSource ?? ""), "events": int(cost.events), "spans_added": int(cost.addedTotal),
                "extractors": .array(
                    cost.rows.map {
                        [
                            "extractor": .string($0.extractor), "version": .string($0.version), "answered": int($0.answered),
                            "accepted_as_is": int($0.acceptedAsIs), "rejected": int($0.rejected),
                            "relabelled": int($0.relabelled),
                            "moved": int($0.moved), "attributes_edited": int($0.attributesEdited), "spans_added": int($0.added),
                        ]
                    }),
            ]
        }
        if settings.evaluation.collectErrors {
            o["errors"] = .array(
                sortedErrors.map { e in
                    var x = JSONObject()
                    x["kind"] = .string(e.kind.rawValue)
                    x["record"] = .string(e.record)
                    if let g = e.gold { x["gold"] = ["start": int(g.start), "end": int(g.end), "label": .string(g.label)] }
                    if let p = e.predicted {
                        x["predicted"] = ["start": int(p.start), "end": int(p.end), "label": .string(p.label)]
                    }
                    x["context"] = ["before": .string(e.before), "span": .string(e.inside), "after": .string(e.after)]
                    return .object(x)
                })
        }
        let cl = confusionLabels
        let width = labels.labels.count + 1
        func name(_ l: Int) -> String { l < labels.labels.count ? labels.labels[l] : "" }
        o["confusion"] = [
            "labels": .array(cl.map { .string(name($0)) }),
            "counts": .array(cl.map { r in .array(cl.map { int(evaluator.confusion[r * width + $0]) }) }),
        ]
        return .object(o)
    }
}
