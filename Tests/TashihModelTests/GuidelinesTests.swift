import TashihJSON
import Testing

@testable import TashihModel

/// The repository root, three levels above this file (`Tests/TashihModelTests/…`).
private let repoRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()
private let guidelinesDirectory = repoRoot + "/guidelines"
/// The seed articles live beside the repository, in `shared/seeds`.
private let seedsDirectory = repoRoot + "/../shared/seeds"
private let seedsArePresent = (try? listDirectory(seedsDirectory)) != nil

private func loadGuidelines() throws -> Guidelines { try Guidelines(directory: guidelinesDirectory) }

/// How often `needle` occurs in `haystack`, byte for byte (no canonical equivalence, no
/// normalisation: a quote must be the seed's exact characters).
private func occurrences(of needle: String, in haystack: String) -> Int {
    let n = Array(needle.utf8), h = Array(haystack.utf8)
    guard !n.isEmpty, n.count <= h.count else { return 0 }
    var count = 0
    for start in 0...(h.count - n.count) where h[start] == n[0] {
        if h[start..<(start + n.count)].elementsEqual(n) { count += 1 }
    }
    return count
}

/// The default schema plus `label` in the number family, or an extra qualifier `value`.
private func numberFamilyVariant(extraLabel: String? = nil, extraQualifier: String? = nil) throws -> Schema {
    var families = Schema.default.families
    let i = try #require(families.firstIndex { $0.name == "number" })
    if let extraLabel { families[i].labels.append(extraLabel) }
    if let extraQualifier {
        let a = try #require(families[i].attributes.firstIndex { $0.name == "qualifier" })
        families[i].attributes[a].kind = .choice(Schema.qualifiers + [extraQualifier])
    }
    return try Schema(families: families)
}

@Suite struct GuidelinesTests {
    @Test func theGuidelinesCoverEveryLabelAttributeAndValueOfTheDefaultSchema() throws {
        let g = try loadGuidelines()
        #expect(g.missingEntries(for: .default) == [])
    }

    @Test func theVersionIsReadFromTheVersionFile() throws {
        #expect(try loadGuidelines().version == "1.0")
    }

    @Test func theChangelogHasAnEntryForTheCurrentVersion() throws {
        let g = try loadGuidelines()
        let readme = try #require(g.files.first { $0.name == "README.md" })
        #expect(Guidelines.linesOutsideFences(readme.text).contains { $0.1 == "### \(g.version)" })
    }

    @Test func aLabelSectionStandsAloneFromItsHeadingToTheNextLevelTwoHeading() throws {
        let g = try loadGuidelines()
        let count = try #require(g.section(forLabel: "COUNT"))
        #expect(count.hasPrefix("## COUNT\n"))
        #expect(count.contains("qualifier"))
        #expect(!count.contains("\n## "))
        #expect(!count.contains("## PERCENT"))
        #expect(g.section(forLabel: "FOO") == nil)
    }

    @Test func anAttributeSectionListsEveryValueOfItsChoice() throws {
        let g = try loadGuidelines()
        let qualifier = try #require(g.section(forAttribute: "qualifier"))
        #expect(qualifier.hasPrefix("### qualifier\n"))
        for value in Schema.qualifiers { #expect(qualifier.contains("- `\(value)`"), "qualifier value \(value)") }
        let category = try #require(g.section(forAttribute: "category"))
        #expect(!category.contains("### qualifier"))
    }

    @Test func everyLabelSectionNamesTheAttributesItsLabelTakes() throws {
        let g = try loadGuidelines()
        for label in Schema.default.allLabels {
            let section = try #require(g.section(forLabel: label), "no section for \(label)")
            for attribute in Schema.default.attributes(forLabel: label) {
                #expect(section.contains(attribute.name), "## \(label) does not mention \(attribute.name)")
            }
        }
    }

    @Test func anExtraLabelIsReportedMissing() throws {
        let g = try loadGuidelines()
        let missing = g.missingEntries(for: try numberFamilyVariant(extraLabel: "FOO"))
        #expect(missing.count == 1)
        #expect(missing.first?.hasPrefix("label FOO (family number)") == true)
    }

    @Test func anExtraChoiceValueIsReportedMissing() throws {
        let g = try loadGuidelines()
        let missing = g.missingEntries(for: try numberFamilyVariant(extraQualifier: "roughly"))
        #expect(missing.count == 1)
        #expect(missing.first?.hasPrefix("value roughly of attribute qualifier") == true)
    }

    @Test func aFamilyWithoutAnySectionReportsItsLabelsAndAttributes() throws {
        let g = try loadGuidelines()
        let schema = try Schema(families: [
            .init(name: "event", labels: ["ATTACK"], attributes: [.init(name: "weapon", kind: .choice(["gun"]))])
        ])
        let missing = g.missingEntries(for: schema)
        #expect(missing.count == 2)
        #expect(missing.contains { $0.hasPrefix("label ATTACK") })
        #expect(missing.contains { $0.hasPrefix("attribute weapon (family event)") })
    }

    @Test func theCheatSheetNamesEveryLabelAttributeAndChoiceValue() throws {
        let g = try loadGuidelines()
        let sheet = try #require(g.files.first { $0.name == "CHEATSHEET.md" })
        #expect(Guidelines.splitLines(sheet.text).count <= 60, "the cheat sheet must fit one screen")
        for family in Schema.default.families {
            for label in family.labels { #expect(sheet.text.contains("`\(label)`"), "cheat sheet lacks \(label)") }
            for attribute in family.attributes {
                #expect(sheet.text.contains("`\(attribute.name)`"), "cheat sheet lacks \(attribute.name)")
                if case .choice(let values) = attribute.kind {
                    for v in values { #expect(sheet.text.contains("`\(v)`"), "cheat sheet lacks \(attribute.name)=\(v)") }
                }
            }
        }
    }

    @Test func seedQuotesAreFoundInTheirMarkedForm() {
        let quotes = Guidelines.seedQuotes(inLine: "| `ما لا يقل عن 40 مقاتلاً` (seed 001) | `40` | and `لـ«قسد»` (seed 002).")
        #expect(quotes.map(\.text) == ["ما لا يقل عن 40 مقاتلاً", "لـ«قسد»"])
        #expect(quotes.map(\.seed) == ["001", "002"])
        #expect(Guidelines.seedQuotes(inLine: "`40` (seeds) and `x` (seed )").isEmpty)
    }

    @Test(.enabled(if: seedsArePresent, "the seed articles (../shared/seeds beside the repository) are absent"))
    func everySeedQuoteOccursVerbatimInItsSeed() throws {
        let g = try loadGuidelines()
        let seedFiles = try listDirectory(seedsDirectory).filter { $0.hasSuffix(".txt") }
        var seedText: [String: String] = [:]
        for name in seedFiles {
            let number = String(name.prefix { $0 != "_" })
            seedText[number] = try Guidelines.readText(seedsDirectory + "/" + name)
        }
        let quotes = g.seedQuotes
        #expect(quotes.count >= 150, "expected the guidelines to quote the seeds throughout")
        for q in quotes {
            let text = try #require(seedText[q.seed], "\(q.file):\(q.line): no seed \(q.seed) in \(seedsDirectory)")
            let found = occurrences(of: q.text, in: text) > 0
            #expect(found, "\(q.file):\(q.line): not in seed \(q.seed): \(q.text)")
        }
        // Every seed is quoted somewhere.
        #expect(Set(quotes.map(\.seed)) == Set(seedText.keys))
        // A marker wrapped onto the next line would hide its quote from this check.
        for f in g.files {
            for (i, line) in Guidelines.linesOutsideFences(f.text) where line.hasPrefix("(seed ") {
                Issue.record("\(f.name):\(i + 1): a (seed NNN) marker starts the line; keep it beside its quote")
            }
        }
    }

    @Test func everyExampleSpanOccursExactlyOnceInItsSeedText() throws {
        let g = try loadGuidelines()
        var rows = 0
        for f in g.familyFiles {
            for (i, line) in Guidelines.linesOutsideFences(f.text) where line.hasPrefix("| `") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                    Guidelines.trimmed(String($0))
                }
                guard cells.count >= 3, let quote = Guidelines.seedQuotes(inLine: cells[1]).first,
                    cells[2].hasPrefix("`"), cells[2].hasSuffix("`"), cells[2].count >= 3
                else { continue }
                let span = String(cells[2].dropFirst().dropLast())
                rows += 1
                // The guidelines promise the span occurs exactly once in its seed text, so it is unambiguous.
                let found = occurrences(of: span, in: quote.text)
                #expect(found == 1, "\(f.name):\(i + 1): span \(span) occurs \(found) times in \(quote.text)")
            }
        }
        #expect(rows >= 100, "expected worked-example tables in every family file")
    }
}
