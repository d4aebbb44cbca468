import TashihModel

extension Session: CompletionSource {
    /// Tab completion: command names for the first word; labels after `l N`, `n`, `gl`;
    /// attribute names (`name=`) after `= N`; values after `name=` — choices, and actor ids for
    /// identifier attributes, an Arabic name prefix matched without harakat or tatweel. The
    /// candidates replace `word`; when readline splits words at `=`, `word` is the value alone.
    public func completions(line: String, word: String) -> [String] {
        let before = String(line.unicodeScalars.dropLast(word.unicodeScalars.count))
        let prior = (try? CommandParser.words(before)) ?? before.split(separator: " ").map(String.init)
        let startsWord = before.isEmpty || before.unicodeScalars.last!.properties.isWhitespace
        // A value typed after `name=` (the word holds it, or only the value after a split at '=').
        if let eq = word.firstIndex(of: "=") {
            let name = String(word[..<eq])
            let value = String(word[word.index(after: eq)...])
            return values(for: name, prefix: value, prior: prior).map { name + "=" + $0 }
        }
        if !startsWord, before.hasSuffix("=") {
            let name = String(before.dropLast().split(separator: " ").last ?? "")
            return values(for: name, prefix: word, prior: prior + [name + "="])
        }
        guard let first = prior.first else {
            return CommandSpec.allNames.filter { $0.hasPrefix(word.lowercased()) }.sorted()
        }
        guard let spec = CommandSpec.named(first) else { return [] }
        let argIndex = prior.count  // index of the word being typed among the arguments (1-based)
        func labels() -> [String] { schema.allLabels.filter { $0.hasPrefix(word.uppercased()) } }
        switch spec.long {
        case "relabel": return argIndex == 2 ? labels() : []
        case "add":
            if argIndex == 1 { return labels() }
            if argIndex >= 3, let l = schema.allLabels.first(where: { $0.caseInsensitiveCompare(prior[1]) == .orderedSame }) {
                return attributeNames(l).filter { $0.hasPrefix(word) }
            }
            return []
        case "guideline": return argIndex == 1 ? labels() : []
        case "help": return argIndex == 1 ? CommandSpec.allNames.filter { $0.hasPrefix(word.lowercased()) }.sorted() : []
        case "set":
            guard argIndex >= 2, let n = CommandParser.integer(prior[1]), let v = view, n >= 1, n <= v.rows.count else {
                return []
            }
            return attributeNames(v.rows[n - 1].span.label).filter { $0.hasPrefix(word) }
        default: return []
        }
    }

    func attributeNames(_ label: String) -> [String] {
        schema.attributes(forLabel: label).map { $0.name + "=" }
    }

    func values(for name: String, prefix: String, prior: [String]) -> [String] {
        // The label: span N's for `set`, the typed label for `add`.
        var label: String?
        if let first = prior.first, let spec = CommandSpec.named(first) {
            if spec.long == "set", prior.count > 1, let n = CommandParser.integer(prior[1]), let v = view, n >= 1,
                n <= v.rows.count
            {
                label = v.rows[n - 1].span.label
            } else if spec.long == "add", prior.count > 1 {
                label = schema.allLabels.first { $0.caseInsensitiveCompare(prior[1]) == .orderedSame }
            }
        }
        let attribute: Schema.Attribute?
        if let label {
            attribute = schema.attribute(name, forLabel: label)
        } else {
            attribute = schema.families.flatMap(\.attributes).first { $0.name == name }
        }
        guard let a = attribute else { return [] }
        switch a.kind {
        case .choice(let values): return values.filter { $0.hasPrefix(prefix.lowercased()) }
        case .identifier: return actors.ids(matching: prefix)
        default: return []
        }
    }
}
