import TashihText

/// One command of the REPL language (docs/REPL.md), parsed but not yet checked against a record.
public enum Command: Equatable, Sendable {
    public enum Edge: String, Sendable { case start, end }
    public enum Unit: String, Sendable { case token, character }
    /// Where a new or moved span lies.
    public enum Place: Equatable, Sendable {
        /// Tokens, 1-based, inclusive.
        case tokens(Int, Int)
        /// Scalar offsets, end exclusive.
        case offsets(Int, Int)
        /// The `occurrence`-th (1-based) match of the text, harakat and tatweel ignored.
        case text(String, occurrence: Int)
    }
    public enum Target: Equatable, Sendable {
        case id(String)
        case position(Int)
    }

    case acceptAll
    case accept([Int])
    case reject([Int])
    case delete([Int])
    case relabel(Int, String)
    case set(Int, [(String, String)])
    case done
    case skip
    case flag(String)
    /// Moves one edge of span N by K tokens or characters; `outward` extends the span.
    case step(span: Int, edge: Edge, outward: Bool, unit: Unit, count: Int)
    case move(Int, Place)
    case add(label: String, Place, [(String, String)])
    case undo
    case redo
    case next
    case prev
    case goto(Target)
    case find(String)
    case tokens
    case show
    case guideline(String)
    case help(String?)
    case summary
    case quit

    public static func == (a: Command, b: Command) -> Bool {
        switch (a, b) {
        case (.set(let n1, let p1), .set(let n2, let p2)):
            return n1 == n2 && p1.map { $0.0 + "=" + $0.1 } == p2.map { $0.0 + "=" + $0.1 }
        case (.add(let l1, let w1, let p1), .add(let l2, let w2, let p2)):
            return l1 == l2 && w1 == w2 && p1.map { $0.0 + "=" + $0.1 } == p2.map { $0.0 + "=" + $0.1 }
        default:
            return String(describing: a) == String(describing: b)
        }
    }
}

/// What a command line could not be parsed into, with the help to give.
public struct CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The command names: short and long forms, usage and a one-line summary (`help`).
public struct CommandSpec: Sendable {
    public var long: String
    public var short: [String]
    public var usage: String
    public var summary: String

    public var names: [String] { short + [long] }

    public static let all: [CommandSpec] = [
        CommandSpec(
            long: "accept-all", short: ["aa"], usage: "aa", summary: "accept every open suggestion, mark done, next record"),
        CommandSpec(long: "accept", short: ["a"], usage: "a N…", summary: "accept suggestions N (e.g. a 1 3 5-7)"),
        CommandSpec(long: "reject", short: ["r"], usage: "r N…", summary: "reject suggestions N (a gold span is deleted)"),
        CommandSpec(long: "delete", short: ["d"], usage: "d N…", summary: "delete gold spans N (or reject open suggestions)"),
        CommandSpec(long: "relabel", short: ["l"], usage: "l N LABEL", summary: "give span N another label"),
        CommandSpec(long: "set", short: ["="], usage: "= N name=value…", summary: "set attributes of span N (name= removes one)"),
        CommandSpec(long: "done", short: ["ok"], usage: "ok", summary: "mark the record done, next record"),
        CommandSpec(long: "skip", short: ["sk"], usage: "sk", summary: "skip the record, next record"),
        CommandSpec(long: "flag", short: ["f"], usage: "f NOTE", summary: "flag the record with a question for the lead"),
        CommandSpec(long: "extend-start", short: ["+s"], usage: "+s N [K]", summary: "start of span N K tokens earlier"),
        CommandSpec(long: "shrink-start", short: ["-s"], usage: "-s N [K]", summary: "start of span N K tokens later"),
        CommandSpec(long: "extend-end", short: ["+e"], usage: "+e N [K]", summary: "end of span N K tokens later"),
        CommandSpec(long: "shrink-end", short: ["-e"], usage: "-e N [K]", summary: "end of span N K tokens earlier"),
        CommandSpec(
            long: "extend-start-char", short: ["+sc"], usage: "+sc N [K]", summary: "start of span N K characters earlier"),
        CommandSpec(long: "shrink-start-char", short: ["-sc"], usage: "-sc N [K]", summary: "start of span N K characters later"),
        CommandSpec(long: "extend-end-char", short: ["+ec"], usage: "+ec N [K]", summary: "end of span N K characters later"),
        CommandSpec(long: "shrink-end-char", short: ["-ec"], usage: "-ec N [K]", summary: "end of span N K characters earlier"),
        CommandSpec(long: "move", short: ["m"], usage: "m N T1-T2 | m N S..E", summary: "new boundaries: tokens or offsets"),
        CommandSpec(
            long: "add", short: ["n"], usage: "n LABEL T1-T2 | n LABEL \"text\" [K] | n LABEL S..E [name=value…]",
            summary: "add a span by tokens, by text (K-th occurrence) or by offsets"),
        CommandSpec(long: "undo", short: ["u"], usage: "u", summary: "undo your last command"),
        CommandSpec(long: "redo", short: ["rd"], usage: "rd", summary: "redo what the last undo undid"),
        CommandSpec(long: "next", short: ["j"], usage: "j", summary: "next record of the queue not done yet"),
        CommandSpec(long: "prev", short: ["k"], usage: "k", summary: "previous record of the queue"),
        CommandSpec(long: "goto", short: ["g"], usage: "g ID | g #P", summary: "go to a record id, or queue position P"),
        CommandSpec(long: "find", short: ["/"], usage: "/TEXT", summary: "next record containing TEXT (harakat ignored)"),
        CommandSpec(long: "tokens", short: ["t"], usage: "t", summary: "show or hide the token-numbered view"),
        CommandSpec(long: "show", short: ["p"], usage: "p", summary: "print the record again"),
        CommandSpec(long: "guideline", short: ["gl"], usage: "gl LABEL | gl N", summary: "the guideline section of a label"),
        CommandSpec(long: "help", short: ["h", "?"], usage: "h [COMMAND]", summary: "this list, or one command's usage"),
        CommandSpec(long: "summary", short: ["st"], usage: "st", summary: "the session summary so far"),
        CommandSpec(long: "quit", short: ["q"], usage: "q", summary: "session summary, then leave (Ctrl-D too)"),
    ]

    /// Every name, short and long.
    public static let allNames: [String] = all.flatMap(\.names)

    static let byName: [String: CommandSpec] = {
        var d: [String: CommandSpec] = [:]
        for s in all { for n in s.names { d[n] = s } }
        return d
    }()

    public static func named(_ name: String) -> CommandSpec? { byName[name.lowercased()] }

    /// The command name nearest to a mistyped one (edit distance at most 2, or a prefix), if any.
    public static func nearest(to word: String) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        var best: (Int, String)?
        for s in all {
            for n in [s.long] + s.short {
                let d = editDistance(w, Array(n.unicodeScalars))
                let limit = n.unicodeScalars.count <= 2 ? 1 : 2
                if d <= limit, best == nil || d < best!.0 { best = (d, s.long) }
            }
            if w.count >= 3, s.long.unicodeScalars.starts(with: w), best == nil { best = (3, s.long) }
        }
        return best?.1
    }

    /// Optimal string alignment distance (insertions, deletions, substitutions, transpositions).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

/// Parses command lines (docs/REPL.md). Pure: no record, no journal.
public enum CommandParser {
    /// Splits a line into words: white space separates, `"…"` and `'…'` quote (quotes removed).
    public static func words(_ line: String) throws(CommandError) -> [String] {
        var out: [String] = []
        var cur = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar?
        for u in line.unicodeScalars {
            if let q = quote {
                if u == q { quote = nil } else { cur.append(u) }
                continue
            }
            if u == "\"" || u == "'" {
                quote = u
                inWord = true
            } else if u.properties.isWhitespace {
                if inWord { out.append(String(cur)) }
                cur = String.UnicodeScalarView()
                inWord = false
            } else {
                cur.append(u)
                inWord = true
            }
        }
        if quote != nil { throw CommandError("unclosed quote \(quote!) (close it, e.g. n ARMED_GROUP \"قسد\")") }
        if inWord { out.append(String(cur)) }
        return out
    }

    /// A number typed with ASCII or Arabic-Indic digits.
    public static func integer(_ s: String) -> Int? {
        guard !s.isEmpty, s.unicodeScalars.count <= 9 else { return nil }
        var v = 0
        for u in s.unicodeScalars {
            guard let d = Arabic.digitValue(u) else { return nil }
            v = v * 10 + d
        }
        return v
    }

    /// `3`, `3-5` (inclusive) or `3..5` (end exclusive, offsets).
    static func range(_ s: String) -> (Int, Int, offsets: Bool)? {
        if let r = s.range(of: "..") {
            guard let a = integer(String(s[..<r.lowerBound])), let b = integer(String(s[r.upperBound...])) else { return nil }
            return (a, b, true)
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 1, let a = integer(s) { return (a, a, false) }
        if parts.count == 2, let a = integer(String(parts[0])), let b = integer(String(parts[1])) { return (a, b, false) }
        return nil
    }

    static func spanNumbers(_ args: ArraySlice<String>, _ spec: CommandSpec) throws(CommandError) -> [Int] {
        guard !args.isEmpty else {
            throw CommandError(
                "\(spec.long) needs span numbers: \(spec.usage)\(spec.long == "accept" ? " (aa accepts all)" : "")")
        }
        var out: [Int] = []
        for a in args {
            guard let (x, y, off) = range(a), !off, x >= 1, y >= x, y - x < 10_000 else {
                throw CommandError("\"\(a)\" is not a span number or range (e.g. 2 or 1-3): \(spec.usage)")
            }
            for n in x...y where !out.contains(n) { out.append(n) }
        }
        return out
    }

    static func spanNumber(_ a: String?, _ spec: CommandSpec) throws(CommandError) -> Int {
        guard let a else { throw CommandError("\(spec.long) needs a span number: \(spec.usage)") }
        guard let n = integer(a), n >= 1 else { throw CommandError("\"\(a)\" is not a span number: \(spec.usage)") }
        return n
    }

    static func assignments(_ args: ArraySlice<String>, _ spec: CommandSpec) throws(CommandError) -> [(String, String)] {
        var out: [(String, String)] = []
        for a in args {
            guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
                throw CommandError("\"\(a)\" is not name=value: \(spec.usage)")
            }
            out.append((String(a[..<eq]), String(a[a.index(after: eq)...])))
        }
        return out
    }

    static func place(_ args: inout ArraySlice<String>, quoted: Bool, _ spec: CommandSpec) throws(CommandError) -> Command.Place {
        guard let first = args.popFirst() else { throw CommandError("\(spec.long) needs where: \(spec.usage)") }
        if !quoted, let (a, b, off) = range(first) {
            if off {
                guard a < b else { throw CommandError("offsets \(first): the start must be before the end (end exclusive)") }
                return .offsets(a, b)
            }
            guard a >= 1, b >= a else { throw CommandError("tokens \(first): token numbers start at 1, first ≤ last") }
            return .tokens(a, b)
        }
        guard !first.isEmpty else { throw CommandError("the quoted text is empty") }
        var k = 1
        if let next = args.first, let n = integer(next) {
            guard n >= 1 else { throw CommandError("occurrence \(next): occurrences are counted from 1") }
            k = n
            args = args.dropFirst()
        }
        return .text(first, occurrence: k)
    }

    /// Parses one line. Empty lines are not commands (the caller skips them).
    public static func parse(_ line: String) throws(CommandError) -> Command {
        let trimmed = line.trimmingSpaces
        if trimmed.unicodeScalars.first == "/" {
            let rest = String(String.UnicodeScalarView(trimmed.unicodeScalars.dropFirst())).trimmingSpaces
            guard !rest.isEmpty else { throw CommandError("find needs a text: /TEXT") }
            return .find(rest)
        }
        // A flag's note and a find's text are the rest of the line as typed (quotes included).
        let u = trimmed.unicodeScalars
        let cut = u.firstIndex { $0.properties.isWhitespace } ?? u.endIndex
        let head = String(u[..<cut])
        let rest = String(u[cut...]).trimmingSpaces
        if let spec = CommandSpec.named(head), spec.long == "flag" || spec.long == "find" {
            guard !rest.isEmpty else {
                throw CommandError(
                    spec.long == "flag" ? "flag needs a note: f NOTE (say what is unclear)" : "find needs a text: /TEXT")
            }
            return spec.long == "flag" ? .flag(rest) : .find(rest)
        }
        let ws = try words(trimmed)
        guard let name = ws.first else { throw CommandError("empty command") }
        // Quoted-ness of the third word, for `add LABEL "12"` (text) against `add LABEL 12` (token).
        let quotedThird: Bool = {
            var i = 0
            var inWord = false
            var quote: Unicode.Scalar?
            for u in trimmed.unicodeScalars {
                if let q = quote {
                    if u == q { quote = nil }
                    continue
                }
                if u.properties.isWhitespace {
                    inWord = false
                    continue
                }
                if !inWord {
                    i += 1
                    inWord = true
                    if i == 3 { return u == "\"" || u == "'" }
                }
                if u == "\"" || u == "'" { quote = u }
            }
            return false
        }()
        guard let spec = CommandSpec.named(name) else {
            if let near = CommandSpec.nearest(to: name) {
                throw CommandError("unknown command \"\(name)\" — did you mean \"\(near)\"? (h lists the commands)")
            }
            throw CommandError("unknown command \"\(name)\" (h lists the commands)")
        }
        var args = ws.dropFirst()
        func noArgs(_ c: Command) throws(CommandError) -> Command {
            guard args.isEmpty else { throw CommandError("\(spec.long) takes no argument: \(spec.usage)") }
            return c
        }
        func count() throws(CommandError) -> Int {
            guard let k = args.dropFirst().first else { return 1 }
            guard args.count == 2, let n = integer(k), n >= 1 else {
                throw CommandError("\(spec.long): \"\(k)\" is not a count: \(spec.usage)")
            }
            return n
        }
        switch spec.long {
        case "accept-all": return try noArgs(.acceptAll)
        case "accept": return .accept(try spanNumbers(args, spec))
        case "reject": return .reject(try spanNumbers(args, spec))
        case "delete": return .delete(try spanNumbers(args, spec))
        case "relabel":
            let n = try spanNumber(args.first, spec)
            guard args.count == 2, let label = args.last else {
                throw CommandError("relabel needs a span and a label: \(spec.usage)")
            }
            return .relabel(n, label)
        case "set":
            let n = try spanNumber(args.first, spec)
            let a = try assignments(args.dropFirst(), spec)
            guard !a.isEmpty else { throw CommandError("set needs name=value: \(spec.usage)") }
            return .set(n, a)
        case "done": return try noArgs(.done)
        case "skip": return try noArgs(.skip)
        case "flag":
            guard !args.isEmpty else { throw CommandError("flag needs a note: f NOTE (say what is unclear)") }
            return .flag(args.joined(separator: " "))
        case "extend-start", "shrink-start", "extend-end", "shrink-end", "extend-start-char", "shrink-start-char",
            "extend-end-char", "shrink-end-char":
            let n = try spanNumber(args.first, spec)
            let k = try count()
            return .step(
                span: n, edge: spec.long.contains("start") ? .start : .end, outward: spec.long.hasPrefix("extend"),
                unit: spec.long.hasSuffix("char") ? .character : .token, count: k)
        case "move":
            let n = try spanNumber(args.first, spec)
            args = args.dropFirst()
            let p = try place(&args, quoted: false, spec)
            guard args.isEmpty else { throw CommandError("move: unexpected \"\(args.first!)\": \(spec.usage)") }
            return .move(n, p)
        case "add":
            guard let label = args.popFirst() else { throw CommandError("add needs a label and where: \(spec.usage)") }
            let p = try place(&args, quoted: quotedThird, spec)
            return .add(label: label, p, try assignments(args, spec))
        case "undo": return try noArgs(.undo)
        case "redo": return try noArgs(.redo)
        case "next": return try noArgs(.next)
        case "prev": return try noArgs(.prev)
        case "goto":
            guard args.count == 1, let t = args.first else { throw CommandError("goto needs one record id or #P: \(spec.usage)") }
            if t.hasPrefix("#"), let p = integer(String(t.dropFirst())) { return .goto(.position(p)) }
            return .goto(.id(t))
        case "find":
            guard !args.isEmpty else { throw CommandError("find needs a text: /TEXT") }
            return .find(args.joined(separator: " "))
        case "tokens": return try noArgs(.tokens)
        case "show": return try noArgs(.show)
        case "guideline":
            guard args.count == 1 else { throw CommandError("guideline needs one label or span number: \(spec.usage)") }
            return .guideline(args.first!)
        case "help":
            guard args.count <= 1 else { throw CommandError("help takes at most one command name") }
            return .help(args.first)
        case "summary": return try noArgs(.summary)
        case "quit": return try noArgs(.quit)
        default: throw CommandError("unknown command \"\(name)\"")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        let u = unicodeScalars
        guard let a = u.firstIndex(where: { !$0.properties.isWhitespace }),
            let b = u.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(u[a...b])
    }
}
