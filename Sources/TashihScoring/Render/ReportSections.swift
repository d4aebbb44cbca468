/// A report as a list of titled tables, each with the definition it follows: what the table,
/// Markdown and HTML renderers print.
public struct ReportSection: Sendable {
    public var id: String
    public var title: String
    /// The definition behind the figures (named, with the reference tool and version).
    public var note: String
    public var header: [String]
    public var rows: [[String]]
}

extension ScoreReport {
    static func f(_ x: Double) -> String { String(format: "%.4f", x) }

    func ci(_ key: String) -> String {
        guard let i = interval(key) else { return "" }
        return "[\(Self.f(i.low)), \(Self.f(i.high))]"
    }

    static func counts(_ c: SchemeCounts) -> [String] {
        [c.correct, c.incorrect, c.partial, c.missed, c.spurious, c.possible, c.actual].map(String.init)
    }

    static let countHeader = ["COR", "INC", "PAR", "MIS", "SPU", "POS", "ACT", "P", "R", "F1"]

    /// The name of a scope in figure keys.
    func scopeKey(_ s: Int) -> String {
        let l = evaluator.layout
        if s == l.overall { return "overall" }
        if s < l.label(0) { return "family:" + labels.families[s - 1] }
        if s < l.relaxedFamily { return "label:" + labels.labels[s - l.label(0)] }
        if s == l.relaxedFamily { return "relaxed" }
        return "relaxed-label:" + labels.labels[s - l.relaxedLabel(0)]
    }

    func hasData(_ scope: Int) -> Bool {
        let c = evaluator.counts(scope: scope, scheme: .strict)
        return c.possible > 0 || c.actual > 0
    }

    func schemeRow(_ first: [String], scope: Int, scheme: SpanMatching.Scheme) -> [String] {
        let c = evaluator.counts(scope: scope, scheme: scheme)
        let x = SpanMatching.prf(c, scheme)
        let key = "span/\(scheme.rawValue)/\(scopeKey(scope))/f1"
        return first + Self.counts(c) + [Self.f(x.precision), Self.f(x.recall), Self.f(x.f1)]
            + (bootstrap == nil ? [] : [ci(key)])
    }

    var ciHeader: [String] { bootstrap == nil ? [] : ["F1 95% CI"] }

    /// The header lines: gold release and hash, system and version, date, what was scored.
    public var headerRows: [[String]] {
        var rows: [[String]] = [
            ["gold", goldName], ["gold sha256", goldHash], ["extractor", system.name], ["extractor version", system.version],
        ]
        if let o = other { rows += [["against", o.name], ["against version", o.version]] }
        rows += [
            ["date", settings.date], ["records scored", String(evaluator.documents)],
            ["gold spans", String(evaluator.goldSpans)], ["predicted spans", String(evaluator.predictedSpans)],
        ]
        if !settings.families.isEmpty || !settings.labels.isEmpty {
            rows.append(["only", (settings.families.map { "family \($0)" } + settings.labels).joined(separator: ", ")])
        }
        if !missing.isEmpty { rows.append(["gold records without prediction (left out)", String(missing.count)]) }
        if !extra.isEmpty { rows.append(["predictions without gold record (ignored)", String(extra.count)]) }
        if !mismatched.isEmpty { rows.append(["predictions with another text (left out)", String(mismatched.count)]) }
        rows.append(
            [
                "bootstrap",
                bootstrap.map { "\($0.replicates) replicates over documents, seed \($0.seed)" } ?? "off (--bootstrap 0)",
            ])
        rows.append(["definitions", "docs/SCORING.md"])
        return rows
    }

    /// Every section of the report, in order.
    public var sections: [ReportSection] {
        var out: [ReportSection] = []
        let layout = evaluator.layout
        out.append(
            ReportSection(
                id: "overall", title: "Spans, overall — nervaluate 1.2.1",
                note:
                    "nervaluate 1.2.1's four schemes (SemEval-2013 Task 9.1), code-point spans [start, end): strict = same boundaries and label; exact = same boundaries; partial = same boundaries, overlap is PAR; ent_type = overlap and same label. P = COR/ACT, R = COR/POS (partial, ent_type: COR + ½PAR). Counts are summed over records, then P/R/F1. Overall = the matching on all spans at once (nervaluate's `overall`; the micro average).",
                header: ["scheme"] + Self.countHeader + ciHeader,
                rows: Evaluator.schemes.map { schemeRow([$0.rawValue], scope: layout.overall, scheme: $0) }))
        var fam: [[String]] = []
        for (f, name) in labels.families.enumerated() where hasData(layout.family(f)) {
            for s in Evaluator.schemes { fam.append(schemeRow([name, s.rawValue], scope: layout.family(f), scheme: s)) }
        }
        out.append(
            ReportSection(
                id: "families", title: "Spans per family",
                note:
                    "The matching re-run on each family's spans alone (stance spans sit inside or around actor spans, so these are the meaningful figures).",
                header: ["family", "scheme"] + Self.countHeader + ciHeader, rows: fam))
        let present = labels.labels.indices.filter { hasData(layout.label($0)) }
        out.append(
            ReportSection(
                id: "labels", title: "Spans per label — strict",
                note:
                    "nervaluate's per-label figures: the matching re-run on each label's spans alone, so a same-span wrong-label prediction is INC overall but MIS + SPU here.",
                header: ["label", "family"] + Self.countHeader + ciHeader,
                rows: present.map {
                    schemeRow(
                        [labels.labels[$0], labels.families[labels.familyOf[$0]]], scope: layout.label($0), scheme: .strict)
                }))
        out.append(
            ReportSection(
                id: "labels-schemes", title: "F1 per label and scheme", note: "Per-label F1 under each nervaluate scheme.",
                header: ["label"] + Evaluator.schemes.map(\.rawValue),
                rows: present.map { l in
                    [labels.labels[l]]
                        + Evaluator.schemes.map {
                            Self.f(SpanMatching.prf(evaluator.counts(scope: layout.label(l), scheme: $0), $0).f1)
                        }
                }))
        var avg: [[String]] = []
        for s in Evaluator.schemes {
            for a in ["micro", "macro", "weighted"] {
                let base = a == "micro" ? "span/\(s.rawValue)/overall" : "span/\(s.rawValue)/\(a)"
                avg.append(
                    [s.rawValue, a] + ["p", "r", "f1"].map { Self.f(values["\(base)/\($0)"] ?? 0) }
                        + (bootstrap == nil ? [] : [ci("\(base)/f1")]))
            }
        }
        out.append(
            ReportSection(
                id: "averages", title: "Averages over labels",
                note:
                    "micro = from summed counts (the overall matching); macro = unweighted mean of the per-label P, R and F1 over labels with gold or predicted spans (macro F1 = mean of per-label F1s); weighted = mean weighted by gold spans (POS).",
                header: ["scheme", "average", "P", "R", "F1"] + ciHeader, rows: avg))
        if let rf = settings.evaluation.relaxedFamily, labels.families.contains(rf), hasData(layout.relaxedFamily) {
            var rows = Evaluator.schemes.map { schemeRow([rf, $0.rawValue], scope: layout.relaxedFamily, scheme: $0) }
            for l in labels.labels.indices where labels.families[labels.familyOf[l]] == rf && hasData(layout.relaxedLabel(l)) {
                rows.append(schemeRow([labels.labels[l], "strict"], scope: layout.relaxedLabel(l), scheme: .strict))
            }
            out.append(
                ReportSection(
                    id: "relaxed", title: "Actors, clitic-relaxed boundaries",
                    note:
                        "As above, after moving every \(rf) span's start that lies at a proclitic boundary of its word (و ف ب ل ك, لل) to the word's start: `قسد` and `لقسد` have the same boundaries.",
                    header: ["scope", "scheme"] + Self.countHeader + ciHeader, rows: rows))
        }
        var tok: [[String]] = []
        for (l, t) in evaluator.tokenCounts.enumerated() where t.gold > 0 || t.predicted > 0 {
            let x = t.prf
            tok.append(
                [labels.labels[l], String(t.truePositives), String(t.predicted), String(t.gold)]
                    + [x.precision, x.recall, x.f1].map(Self.f)
                    + (bootstrap == nil ? [] : [ci("token/label:\(labels.labels[l])/f1")]))
        }
        for a in ["micro", "macro", "weighted"] {
            tok.append(
                ["(\(a))", "", "", ""] + ["p", "r", "f1"].map { Self.f(values["token/\(a)/\($0)"] ?? 0) }
                    + (bootstrap == nil ? [] : [ci("token/\(a)/f1")]))
        }
        let d = evaluator.tokenDropped
        let w = evaluator.tokenWidened
        out.append(
            ReportSection(
                id: "tokens", title: "Tokens — IOB2, seqeval 1.2.2",
                note:
                    "Each record is one sequence of the project's tokens (TashihText.Tokenizer); spans become IOB2 tags and seqeval 1.2.2's default mode (conlleval) reads the entities back; exact match of (record, type, first token, last token). Nested or overlapping spans cannot be written as IOB2: the token view dropped \(d.gold) gold and \(d.predicted) predicted span(s), and widened \(w.gold) gold and \(w.predicted) predicted span(s) whose edge fell inside a token. Never mixed with the code-point figures above.",
                header: ["label", "TP", "predicted", "gold", "P", "R", "F1"] + ciHeader, rows: tok))
        let at = evaluator.attributes
        var attr: [[String]] = at.rows.sorted { ($0.family, $0.attribute) < ($1.family, $1.attribute) }.map {
            [
                $0.family, $0.attribute, String($0.compared), String($0.correct), String($0.missing), String($0.extra),
                Self.f($0.accuracy),
            ]
        }
        if at.linkingGold > 0 || at.linkingPredicted > 0 {
            let x = at.linking
            attr.append([
                "actor", "(span, actor_id) pairs", String(at.linkingGold), String(at.linkingBoth), "",
                String(at.linkingPredicted),
                "P \(Self.f(x.precision)) R \(Self.f(x.recall)) F1 \(Self.f(x.f1))",
            ])
        }
        if at.polarityCompared > 0 {
            attr.append([
                "stance", "polarity (label on same boundaries)", String(at.polarityCompared), String(at.polaritySame), "", "",
                Self.f(at.polarityAccuracy),
            ])
        }
        out.append(
            ReportSection(
                id: "attributes", title: "Attributes on matched spans",
                note:
                    "On strict matches (same boundaries and label): of the pairs whose gold span has the attribute (compared), how many predictions have the same value (correct), none (missing); extra = only the prediction has it. value ±t: |predicted − gold| ≤ t·|gold|. (span, actor_id) pairs: exact (start, end, actor_id) triples over all actor spans — compared = gold triples, correct = in both, extra column = predicted triples. Polarity: stance spans with the gold span's boundaries (exact scheme), same label.",
                header: ["family", "attribute", "compared", "correct", "missing", "extra", "accuracy"], rows: attr))
        if let other, otherEvaluator != nil {
            var cmp: [[String]] = []
            var keys = Evaluator.schemes.map { "span/\($0.rawValue)/overall/f1" }
            keys += labels.families.indices.filter { hasData(layout.family($0)) }.map {
                "span/strict/family:\(labels.families[$0])/f1"
            }
            keys += present.map { "span/strict/label:\(labels.labels[$0])/f1" }
            keys += ["span/strict/macro/f1", "token/micro/f1"]
            for k in keys {
                guard let c = bootstrap?.comparisons[k] else { continue }
                cmp.append([
                    k, Self.f(values[k] ?? 0), Self.f(otherValues[k] ?? 0), Self.f(c.delta),
                    "[\(Self.f(c.interval.low)), \(Self.f(c.interval.high))]", Self.f(c.p),
                ])
            }
            out.append(
                ReportSection(
                    id: "against", title: "Against \(other.name) (\(other.version)) — paired bootstrap",
                    note:
                        "Both systems on the same \(bootstrap?.replicates ?? 0) document resamples (seed \(settings.seed)). δ = this − other on the full sample; p = fraction of replicates with δ_b > 2δ (Berg-Kirkpatrick et al. 2012).",
                    header: ["figure", "this", "other", "δ", "δ 95% CI", "p"], rows: cmp))
        }
        if let cost {
            out.append(
                ReportSection(
                    id: "cost", title: "What annotators had to fix",
                    note:
                        "From \(costSource ?? "the journals") (\(cost.events) events of \(cost.annotators.count) annotator(s); undone events left out). Per suggestion and annotator: accepted as is, rejected (last decision), relabelled / moved / attributes edited (any such event); spans added = add events on the records where that version's suggestions were answered.",
                    header: [
                        "extractor", "version", "answered", "accepted as is", "rejected", "relabelled", "moved",
                        "attributes edited", "spans added",
                    ],
                    rows: cost.rows.map {
                        [
                            $0.extractor, $0.version, String($0.answered), String($0.acceptedAsIs), String($0.rejected),
                            String($0.relabelled),
                            String($0.moved), String($0.attributesEdited), String($0.added),
                        ]
                    }))
        }
        if settings.evaluation.collectErrors {
            var groups: [String: Int] = [:]
            for e in evaluator.errors { groups[e.kind.rawValue + "\u{0}" + e.label, default: 0] += 1 }
            out.append(
                ReportSection(
                    id: "error-counts", title: "Errors by kind and label",
                    note:
                        "From the overall strict matching: false positive = SPU, miss = MIS; an INC is a label error (same boundaries), a boundary error (same label) or both. Grouped by the gold label (a false positive's own label).",
                    header: ["kind", "label", "count"],
                    rows: groups.sorted { $0.key < $1.key }.map {
                        let p = $0.key.split(separator: "\u{0}", omittingEmptySubsequences: false)
                        return [String(p[0]), String(p[1]), String($0.value)]
                    }))
            out.append(
                ReportSection(
                    id: "errors", title: "Errors", note: "Each error with its context; ⟦ ⟧ marks the scalars the spans cover.",
                    header: ["kind", "label", "record", "gold", "predicted", "context"],
                    rows: sortedErrors.map { e in
                        [
                            e.kind.rawValue, e.label, e.record, e.gold.map { "\($0.start)..\($0.end) \($0.label)" } ?? "—",
                            e.predicted.map { "\($0.start)..\($0.end) \($0.label)" } ?? "—", "\(e.before)⟦\(e.inside)⟧\(e.after)",
                        ]
                    }))
        }
        let cl = confusionLabels
        let width = labels.labels.count + 1
        out.append(
            ReportSection(
                id: "confusion", title: "Label confusion",
                note:
                    "Rows: gold label; columns: predicted label. A cell counts gold spans matched by a prediction in the overall strict matching (COR, or INC: same boundaries or overlapping); — is no span (a miss in the last column, a false positive in the last row).",
                header: ["gold \\ predicted"] + cl.map { $0 < labels.labels.count ? labels.labels[$0] : "—" },
                rows: cl.map { r in
                    [r < labels.labels.count ? labels.labels[r] : "—"] + cl.map { String(evaluator.confusion[r * width + $0]) }
                }))
        return out
    }

    /// Errors grouped by kind, then label, then record and offset.
    public var sortedErrors: [ScoringError] {
        let kinds = ScoringError.Kind.allCases
        return evaluator.errors.sorted { a, b in
            let ka = kinds.firstIndex(of: a.kind)!
            let kb = kinds.firstIndex(of: b.kind)!
            if ka != kb { return ka < kb }
            if a.label != b.label { return a.label < b.label }
            if a.record != b.record { return a.record < b.record }
            return (a.gold?.start ?? a.predicted?.start ?? 0) < (b.gold?.start ?? b.predicted?.start ?? 0)
        }
    }

    /// The labels that appear in the confusion matrix (and the "none" index last).
    public var confusionLabels: [Int] {
        let n = labels.labels.count
        let width = n + 1
        var used = (0..<n).filter { l in
            (0..<width).contains { evaluator.confusion[l * width + $0] > 0 || evaluator.confusion[$0 * width + l] > 0 }
        }
        used.append(n)
        return used
    }
}
