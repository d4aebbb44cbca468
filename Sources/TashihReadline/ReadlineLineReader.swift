import CReadline
import CReadlineSupport
import Synchronization
import TashihREPL

#if canImport(Glibc)
    import Glibc
#endif

/// The interactive line reader: GNU readline with per-workspace history, Tab completion from the
/// session (`CompletionSource`), Ctrl-C dropping the half-typed line and Ctrl-D ending the
/// session. The only Swift file that imports readline; its C side is `CReadlineSupport`.
///
/// Use it only when stdin is a terminal: readline echoes prompts into stdout, so pipes and files
/// go through `PlainLineReader` (scripted mode).
public final class ReadlineLineReader: LineReader {
    /// Readline calls its completion hook as a plain C function, so the session it asks lives in
    /// a global; one REPL runs per process.
    final class Registration: @unchecked Sendable {
        weak var source: (any CompletionSource)?
        init(_ source: (any CompletionSource)?) { self.source = source }
    }
    static let current = Mutex(Registration(nil))

    let historyFile: String?
    let historyLimit: Int
    /// How many times Ctrl-C dropped a line (for tests and the session summary).
    public private(set) var interrupts: Int32 = 0
    /// Set when the locale was not UTF-8 and the reader switched to C.UTF-8.
    public let switchedLocale: Bool

    /// - Parameters:
    ///   - historyFile: where the history is kept (per workspace); nil keeps none.
    ///   - completion: asked for candidates on Tab.
    public init(historyFile: String?, completion: (any CompletionSource)?, historyLimit: Int = 1000) {
        self.historyFile = historyFile
        self.historyLimit = historyLimit
        switchedLocale = tashih_locale_make_utf8() != 0
        Self.current.withLock { $0.source = completion }
        tashih_rl_setup("tashih", tashihComplete)
        tashih_rl_history_load(historyFile, Int32(historyLimit))
    }

    deinit {
        tashih_rl_history_trim(historyFile, Int32(historyLimit))
    }

    public func readLine(prompt: String) -> String? {
        guard let raw = tashih_rl_read(prompt, &interrupts) else { return nil }
        defer { free(raw) }
        let line = String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self)
        if !line.allSatisfy(\.isWhitespace) { tashih_rl_history_add(raw, historyFile) }
        return line
    }

    /// Readline's form of a list of candidates: the replacement for the typed word first (the
    /// longest common prefix of the candidates, or the word itself when that is shorter — a
    /// harakat-insensitive match may differ from what was typed), then the candidates, then NULL;
    /// every string `strdup`ed, the array `malloc`ed (readline frees them all).
    static func readlineMatches(word: String, candidates: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let unique = candidates.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !unique.isEmpty else { return nil }
        let replacement: String
        if unique.count == 1 {
            replacement = unique[0]
        } else {
            let prefix = commonScalarPrefix(unique)
            replacement = letterCount(prefix) >= letterCount(word) ? prefix : word
        }
        let entries = unique.count == 1 ? [replacement] : [replacement] + unique
        // readline free()s the array, so it must come from malloc.
        let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1))!
        let out = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
        for (i, e) in entries.enumerated() { out[i] = strdup(e) }
        out[entries.count] = nil
        return out
    }

    /// How many scalars of `s` are neither harakat (non-spacing marks) nor tatweel: what a
    /// harakat-insensitive match compares.
    static func letterCount(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            u == "\u{640}" || u.properties.generalCategory == .nonspacingMark ? n : n + 1
        }
    }

    /// The longest common prefix of some strings, by Unicode scalars (never splitting one).
    static func commonScalarPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for s in strings.dropFirst() {
            var n = 0
            for (a, b) in zip(prefix, s.unicodeScalars) {
                if a != b { break }
                n += 1
            }
            prefix.removeSubrange(n...)
        }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: prefix)
        return String(v)
    }
}

/// The completion hook readline calls (through `CReadlineSupport`): no captures, so it reads the
/// session from `ReadlineLineReader.current`.
private func tashihComplete(
    _ lineToCursor: UnsafePointer<CChar>?, _ word: UnsafePointer<CChar>?
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let lineToCursor, let word else { return nil }
    let line = String(cString: lineToCursor)
    let w = String(cString: word)
    let source = ReadlineLineReader.current.withLock { $0.source }
    guard let source else { return nil }
    return ReadlineLineReader.readlineMatches(word: w, candidates: source.completions(line: line, word: w))
}
