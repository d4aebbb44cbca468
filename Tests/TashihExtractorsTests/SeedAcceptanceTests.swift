import Foundation
import TashihJSON
import TashihModel
import TashihText
import Testing

@testable import TashihExtractors

/// The built-in extractors against the standard they were built for: every worked example in
/// `guidelines/*.md` (a table row `` | `seed text` (seed NNN) | `span` | LABEL | attributes | ``)
/// and every name variant of ARABIC.md §6, on the shipped dataset `hajin-2018` with the shipped
/// lexicons.
@Suite struct SeedAcceptanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped dataset's documents.
    static let documents: [Document] = {
        var docs: [Document] = []
        let file = RecordFile(path: root.appendingPathComponent("datasets/hajin-2018/records.jsonl").path, schema: .default)
        _ = try! file.read { d, _ in docs.append(d) }
        return docs
    }()

    static let actors: ActorExtractor = {
        let lex = try! BuiltinExtractors.actorLexicon(root.appendingPathComponent("datasets/lexicons").path, schema: .default)
        return ActorExtractor(lexicon: lex)
    }()

    struct Example: CustomStringConvertible, Sendable {
        var file: String
        var line: Int
        var quote: String
        var seed: String
        var span: String
        var label: String
        var attributes: String
        var description: String { "\(file):\(line) «\(quote)» → \(span) \(label) \(attributes)" }
    }

    /// Every table row of the guidelines that gives a span.
    static let examples: [Example] = {
        var out: [Example] = []
        let dir = root.appendingPathComponent("guidelines")
        for name in ["actors.md", "numbers.md", "stance.md"] {
            let text = try! String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard cells.count >= 6, cells[1].hasPrefix("`"), let close = cells[1].range(of: "` (seed ") else { continue }
                let quote = String(cells[1][cells[1].index(after: cells[1].startIndex)..<close.lowerBound])
                let seed = String(cells[1][close.upperBound...].prefix(3))
                guard cells[2].hasPrefix("`"), cells[2].hasSuffix("`"), cells[2].count > 2 else { continue }
                let span = String(cells[2].dropFirst().dropLast())
                out.append(
                    Example(file: name, line: i + 1, quote: quote, seed: seed, span: span, label: cells[3], attributes: cells[4]))
            }
        }
        return out
    }()

    /// The document holding `quote` in seed `seed`, and the quote's scalar offset in it.
    static func locate(_ quote: String, seed: String) -> (Document, Int)? {
        for d in documents where d.id.rawValue.hasPrefix(seed) {
            let t = Array(d.text.unicodeScalars)
            let q = Array(quote.unicodeScalars)
            guard q.count <= t.count else { continue }
            for i in 0...(t.count - q.count) where t[i] == q[0] && Array(t[i..<i + q.count]) == q { return (d, i) }
        }
        return nil
    }

    static func scalarOffset(of needle: String, in hay: String) -> Int? {
        let h = Array(hay.unicodeScalars)
        let n = Array(needle.unicodeScalars)
        guard n.count <= h.count else { return nil }
        for i in 0...(h.count - n.count) where Array(h[i..<i + n.count]) == n { return i }
        return nil
    }

    static let actorLabels = Set(Schema.default.family(named: "actor")!.labels)

    @Test func theGuidelinesGiveManyActorExamples() {
        #expect(Self.examples.filter { Self.actorLabels.contains($0.label) }.count >= 100)
    }

    @Test(arguments: examples.filter { actorLabels.contains($0.label) })
    func everyActorExampleOfTheGuidelinesIsFound(_ ex: Example) throws {
        let (doc, at) = try #require(Self.locate(ex.quote, seed: ex.seed), "quote not in seed \(ex.seed): \(ex)")
        let within = try #require(Self.scalarOffset(of: ex.span, in: ex.quote), "span not in quote: \(ex)")
        let start = at + within
        let end = start + ex.span.unicodeScalars.count
        let id = ex.attributes.range(of: "actor_id ").map { r in
            String(ex.attributes[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        }
        let spans = Self.actors.extract(doc)
        let hit = spans.first { $0.start == start && $0.end == end }
        #expect(
            hit != nil,
            "not found: \(ex); found \(spans.map { "\($0.start)..\($0.end) \(doc.text.scalarSlice($0.start, $0.end)!)" })")
        #expect(hit?.label == ex.label, "\(ex)")
        if let id { #expect(hit?.attributes["actor_id"] == .string(id), "\(ex)") }
    }

    /// ARABIC.md §6: the aliases seen in the seeds, each found wherever it occurs, with its id.
    @Test(arguments: [
        ("داعش", "ISIS"), ("تنظيم الدولة", "ISIS"), ("الدولة الإسلامية", "ISIS"), ("التنظيم", "ISIS"),
        ("قوات سوريا الديمقراطية", "SDF"), ("قوات سورية الديمقراطية", "SDF"), ("القوات الديمقراطية السورية", "SDF"),
        ("قسد", "SDF"), ("قوات الدفاع الذاتي", "SDF"), ("قوات الدفاع الذاتى", "SDF"), ("قوات الدفاع الشعبي", "SDF"),
        ("قوات الدفاع الإسلامية", "SDF"),
        ("ماكغورك", "MCGURK"), ("ماغروك", "MCGURK"), ("مكجورك", "MCGURK"), ("ماكجورك", "MCGURK"),
        ("شون رايان", "RYAN_SEAN"), ("رايان", "RYAN_SEAN"), ("ريان", "RYAN_SEAN"),
        ("الجيش العربي السوري", "SAA"), ("جيش النظام", "SAA"), ("قوات الجيش", "SAA"),
        ("التحالف الدولي", "COALITION"), ("التحالف الأمريكي", "COALITION"), ("التحالف الأميركي", "COALITION"),
    ])
    func everyAliasOfSection6IsFoundWhereverItOccurs(alias: String, id: String) {
        var occurrences = 0
        for doc in Self.documents {
            let t = Array(doc.text.unicodeScalars)
            let a = Array(alias.unicodeScalars)
            guard a.count <= t.count else { continue }
            let spans = Self.actors.extract(doc)
            for i in 0...(t.count - a.count) where Array(t[i..<i + a.count]) == a {
                // Whole-word occurrences only (the alias may sit inside a longer name or word).
                let before = i == 0 ? " " : t[i - 1]
                let after = i + a.count == t.count ? " " : t[i + a.count]
                guard !before.properties.isAlphabetic || "وفبلك".unicodeScalars.contains(before),
                    !after.properties.isAlphabetic
                else { continue }
                occurrences += 1
                let covering = spans.first { $0.start <= i && $0.end >= i + a.count }
                #expect(
                    covering?.attributes["actor_id"] == .string(id),
                    "«\(alias)» at \(doc.id):\(i) → \(String(describing: covering))")
            }
        }
        #expect(occurrences > 0, "«\(alias)» does not occur in the seeds")
    }

    static let suite: BuiltinSuite = try! BuiltinExtractors.resolve(
        "builtin", lexiconDirectory: root.appendingPathComponent("datasets/lexicons").path)

    /// The built-in suite's suggestions for every document, in dataset order (the stance
    /// extractor reads earlier paragraphs of an article for context).
    static let suggestions: [DocumentID: [Span]] = {
        var out: [DocumentID: [Span]] = [:]
        for d in documents { out[d.id] = suite.extract(d) }
        return out
    }()

    /// The attributes a guideline row states: `value 40`, `value_max 1000`, `counted مقاتل`,
    /// `target ISIS`, and choice values in backticks (`at_least`, `killed`).
    static func statedAttributes(_ cell: String) -> [String: AttributeValue] {
        var out: [String: AttributeValue] = [:]
        for part in cell.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let p = part.trimmingCharacters(in: .whitespaces)
            let words = p.split(separator: " ", maxSplits: 1).map(String.init)
            if words.count == 2, ["value", "value_max"].contains(words[0]),
                let v = Double(words[1].prefix { $0.isNumber || $0 == "." })
            {
                out[words[0]] = .number(v)
            } else if words.count == 2, words[0] == "target" {
                out["target"] = .string(String(words[1].prefix { !$0.isWhitespace && $0 != "(" }))
            } else if words.count == 2, words[0] == "counted" {
                // A unit may be two words (`كم مربع`); a note in brackets may follow.
                out["counted"] = .string(String(words[1].prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces))
            } else if p.hasPrefix("`"), p.hasSuffix("`") {
                let v = String(p.dropFirst().dropLast())
                if Schema.qualifiers.contains(v) { out["qualifier"] = .string(v) }
                if Schema.countCategories.contains(v) { out["category"] = .string(v) }
            }
        }
        return out
    }

    static let otherLabels = Set(["COUNT", "PERCENT", "MEASURE", "HOSTILE", "SUPPORTIVE"])

    @Test func theGuidelinesGiveManyNumberAndStanceExamples() {
        #expect(Self.examples.filter { Self.otherLabels.contains($0.label) }.count >= 50)
    }

    @Test(arguments: examples.filter { otherLabels.contains($0.label) })
    func everyNumberAndStanceExampleOfTheGuidelinesIsFound(_ ex: Example) throws {
        let (doc, at) = try #require(Self.locate(ex.quote, seed: ex.seed), "quote not in seed \(ex.seed): \(ex)")
        let within = try #require(Self.scalarOffset(of: ex.span, in: ex.quote), "span not in quote: \(ex)")
        let start = at + within
        let end = start + ex.span.unicodeScalars.count
        let spans = Self.suggestions[doc.id] ?? []
        let hit = try #require(
            spans.first { $0.start == start && $0.end == end && $0.label == ex.label },
            "not found: \(ex); found \(spans.filter { Self.otherLabels.contains($0.label) }.map { "\(doc.text.scalarSlice($0.start, $0.end)!) \($0.label)" })"
        )
        let stated = Self.statedAttributes(ex.attributes)
        #expect(!stated.isEmpty, "no attributes read from \(ex)")
        for (k, v) in stated { #expect(hit.attributes[k] == v, "\(k): \(String(describing: hit.attributes[k])) ≠ \(v) in \(ex)") }
    }

    @Test func noStanceIsSuggestedOutsideTheGuidelinesExamples() {
        // Every cue the suite finds in the seeds is a worked example of guidelines/stance.md.
        let worked = Set(
            Self.examples.filter { ["HOSTILE", "SUPPORTIVE"].contains($0.label) }.compactMap { ex -> String? in
                guard let (doc, at) = Self.locate(ex.quote, seed: ex.seed), let w = Self.scalarOffset(of: ex.span, in: ex.quote)
                else { return nil }
                return "\(doc.id):\(at + w)"
            })
        // Cues the guidelines name in running text rather than in a table row.
        let alsoNamed: Set<String> = ["الميليشيا"]
        for d in Self.documents {
            for s in Self.suggestions[d.id] ?? [] where ["HOSTILE", "SUPPORTIVE"].contains(s.label) {
                let text = d.text.scalarSlice(s.start, s.end)!
                #expect(worked.contains("\(d.id):\(s.start)") || alsoNamed.contains(text), "unexpected cue «\(text)» in \(d.id)")
            }
        }
    }

    @Test func noActorIsSuggestedForAStateUsedAsAPlaceOrAnAdjective() {
        for (quote, seed, word) in [
            ("في شرق سوريا بالقرب من", "001", "سوريا"), ("على الحدود مع العراق", "000", "العراق"),
            ("ما لا يقل عن 40 مقاتلاً سورياً", "001", "سورياً"), ("ومقره بريطانيا", "001", "بريطانيا"),
        ] {
            guard let (doc, at) = Self.locate(quote, seed: seed), let w = Self.scalarOffset(of: word, in: quote) else {
                Issue.record("quote not found: \(quote)")
                continue
            }
            let spans = Self.actors.extract(doc)
            #expect(!spans.contains { $0.start == at + w }, "«\(word)» in «\(quote)» was tagged")
        }
    }
}
