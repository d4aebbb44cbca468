import TashihJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The annotation guidelines: a folder of Markdown files and a `VERSION` file, read so that the
/// REPL can print the section of one label or attribute and the tests can hold the guidelines
/// and a ``Schema`` together.
///
/// The folder's layout (see `guidelines/README.md`):
/// - `VERSION` holds the version, e.g. `1.0`, and a newline — the one place it is written.
/// - One Markdown file per family. Each label has a level-2 heading that is exactly `## LABEL`;
///   each attribute a level-3 heading `### name`; each value of a choice attribute a list item
///   in that attribute's section that starts with the value in backticks (`` - `at_least` — … ``).
/// - `README.md` and `CHEATSHEET.md` are loaded but never searched for sections.
/// - A quote from the seed articles is written `` `…` (seed 002) ``; ``seedQuotes`` finds them.
///
/// Headings inside fenced code blocks do not count.
public struct Guidelines: Sendable {
    /// One Markdown file of the folder.
    public struct File: Sendable, Hashable {
        /// The file name, e.g. `numbers.md`.
        public var name: String
        /// The file's text.
        public var text: String
    }

    /// A quote from a seed article, written `` `…` (seed NNN) `` in a guideline file.
    public struct SeedQuote: Sendable, Hashable {
        /// The guideline file it is in.
        public var file: String
        /// Its 1-based line in that file.
        public var line: Int
        /// The quoted text, between the backticks.
        public var text: String
        /// The seed number as written, e.g. `002`.
        public var seed: String
    }

    /// The file that holds the version.
    public static let versionFileName = "VERSION"
    /// Files that are read but never searched for label and attribute sections.
    public static let overviewFileNames: Set<String> = ["README.md", "CHEATSHEET.md"]

    /// The folder the guidelines were read from.
    public let directory: String
    /// The version, from `VERSION` (e.g. `1.0`).
    public let version: String
    /// Every Markdown file of the folder, sorted by name.
    public let files: [File]

    /// Reads the guidelines in `directory`: `VERSION` and every `*.md` file.
    public init(directory: String) throws(FileError) {
        self.directory = directory
        let versionPath = directory + "/" + Self.versionFileName
        let raw = try Self.readText(versionPath)
        let version = Self.trimmed(raw)
        guard !version.isEmpty, version.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }),
            version.utf8.first != 0x2E, version.utf8.last != 0x2E
        else {
            throw FileError(
                path: versionPath, message: "VERSION must hold a version such as 1.0, found \"\(version)\"",
                hint: "write the version alone on one line")
        }
        self.version = version
        var files: [File] = []
        for name in try listDirectory(directory) where name.hasSuffix(".md") && !name.hasPrefix(".") {
            files.append(File(name: name, text: try Self.readText(directory + "/" + name)))
        }
        self.files = files
    }

    /// The files that hold label and attribute sections: all but README.md and CHEATSHEET.md.
    public var familyFiles: [File] { files.filter { !Self.overviewFileNames.contains($0.name) } }

    /// The Markdown of `label`'s section: its `## LABEL` heading and everything up to the next
    /// level-1 or level-2 heading, from whichever family file has it; nil if none has.
    public func section(forLabel label: String) -> String? {
        for f in familyFiles {
            if let s = Self.section(in: f.text, level: 2, title: label) { return s }
        }
        return nil
    }

    /// The Markdown of the attribute's section: its `### name` heading and everything up to the
    /// next heading of level 3 or less, from whichever family file has it; nil if none has.
    public func section(forAttribute name: String) -> String? {
        for f in familyFiles {
            if let s = Self.section(in: f.text, level: 3, title: name) { return s }
        }
        return nil
    }

    /// Every label, attribute and choice value of `schema` that has no section or entry, as
    /// sentences naming what is missing and where it was looked for. Empty when the guidelines
    /// cover the schema.
    ///
    /// A family's files are those holding a section of one of its labels; its attributes must have
    /// their `### name` section in one of those, and every value of a choice attribute a list item
    /// starting with the value in backticks inside that section.
    public func missingEntries(for schema: Schema) -> [String] {
        var missing: [String] = []
        for family in schema.families {
            var homes: [File] = []
            for label in family.labels {
                if let f = familyFiles.first(where: { Self.section(in: $0.text, level: 2, title: label) != nil }) {
                    if !homes.contains(f) { homes.append(f) }
                } else {
                    missing.append(
                        "label \(label) (family \(family.name)): no \"## \(label)\" section in any file of \(directory)")
                }
            }
            for attribute in family.attributes {
                guard let text = homes.lazy.compactMap({ Self.section(in: $0.text, level: 3, title: attribute.name) }).first
                else {
                    let whereLooked =
                        homes.isEmpty
                        ? "no file has a section for a label of family \(family.name)"
                        : "looked in " + homes.map(\.name).joined(separator: ", ")
                    missing.append(
                        "attribute \(attribute.name) (family \(family.name)): no \"### \(attribute.name)\" section"
                            + " (\(whereLooked))")
                    continue
                }
                if case .choice(let values) = attribute.kind {
                    for value in values where !Self.hasListEntry(text, value: value) {
                        missing.append(
                            "value \(value) of attribute \(attribute.name) (family \(family.name)): no list item starting with \"- `\(value)`\" in the \"### \(attribute.name)\" section"
                        )
                    }
                }
            }
        }
        return missing
    }

    /// Every seed quote (`` `…` (seed NNN) ``) in every file, in file and line order.
    public var seedQuotes: [SeedQuote] {
        var quotes: [SeedQuote] = []
        for f in files {
            for (i, line) in Self.linesOutsideFences(f.text) {
                for (text, seed) in Self.seedQuotes(inLine: line) {
                    quotes.append(SeedQuote(file: f.name, line: i + 1, text: text, seed: seed))
                }
            }
        }
        return quotes
    }

    // MARK: - Markdown

    /// The section under the heading of `level` whose title is exactly `title`, up to the next
    /// heading of that level or a higher one; trailing blank lines are dropped.
    static func section(in text: String, level: Int, title: String) -> String? {
        let lines = splitLines(text)
        var fence = false
        var start: Int?
        var end = lines.count
        for (i, line) in lines.enumerated() {
            if isFence(line) { fence.toggle() }
            if fence { continue }
            guard let h = heading(line) else { continue }
            if start == nil {
                if h.level == level && h.title == title { start = i }
            } else if h.level <= level {
                end = i
                break
            }
        }
        guard let start else { return nil }
        var body = Array(lines[start..<end])
        while let last = body.last, trimmed(last).isEmpty { body.removeLast() }
        return body.joined(separator: "\n")
    }

    /// The level and title of an ATX heading (`## COUNT` → 2, "COUNT"), or nil.
    static func heading(_ line: String) -> (level: Int, title: String)? {
        let scalars = Array(line.unicodeScalars)
        var level = 0
        while level < scalars.count && scalars[level] == "#" { level += 1 }
        guard (1...6).contains(level), level < scalars.count, scalars[level] == " " else { return nil }
        var title = String(String.UnicodeScalarView(scalars[(level + 1)...]))
        title = trimmed(title)
        return (level, title)
    }

    /// Whether `section` has a list item that starts with `value` in backticks.
    static func hasListEntry(_ section: String, value: String) -> Bool {
        splitLines(section).contains { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            return t.hasPrefix("- `\(value)`") || t.hasPrefix("* `\(value)`")
        }
    }

    /// The lines of `text` that are outside fenced code blocks, with their 0-based index.
    static func linesOutsideFences(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var fence = false
        for (i, line) in splitLines(text).enumerated() {
            if isFence(line) {
                fence.toggle()
                continue
            }
            if !fence { out.append((i, line)) }
        }
        return out
    }

    /// The `` `text` (seed NNN) `` quotes of one line.
    static func seedQuotes(inLine line: String) -> [(text: String, seed: String)] {
        let s = Array(line.unicodeScalars)
        let marker = Array(" (seed ".unicodeScalars)
        var out: [(String, String)] = []
        var i = 0
        while i + marker.count < s.count {
            // A marker right after a closing backtick.
            guard s[i] == "`", Array(s[(i + 1)..<min(s.count, i + 1 + marker.count)]) == marker else {
                i += 1
                continue
            }
            let digitsStart = i + 1 + marker.count
            var j = digitsStart
            while j < s.count && s[j].properties.numericType == .decimal && s[j].isASCII { j += 1 }
            guard j > digitsStart, j < s.count, s[j] == ")" else {
                i += 1
                continue
            }
            // The opening backtick is the previous one on the line.
            var k = i - 1
            while k >= 0 && s[k] != "`" { k -= 1 }
            if k >= 0 && k + 1 < i {
                let text = String(String.UnicodeScalarView(s[(k + 1)..<i]))
                let seed = String(String.UnicodeScalarView(s[digitsStart..<j]))
                out.append((text, seed))
            }
            i = j + 1
        }
        return out
    }

    static func isFence(_ line: String) -> Bool {
        let t = line.drop { $0 == " " }
        return t.hasPrefix("```") || t.hasPrefix("~~~")
    }

    static func splitLines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
    }

    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    static func readText(_ path: String) throws(FileError) -> String {
        let bytes = try readFileBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileError(path: path, message: "the file is not valid UTF-8", hint: "save it as UTF-8")
        }
        return text
    }
}

/// The names of the entries of `directory` (not `.` and `..`), sorted by UTF-8 bytes.
func listDirectory(_ directory: String) throws(FileError) -> [String] {
    guard let dir = opendir(directory) else {
        throw FileError.errno(directory, "cannot read the folder")
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}
