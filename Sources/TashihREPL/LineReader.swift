#if canImport(Glibc)
    import Glibc
#endif

/// Where the annotation REPL gets its command lines: GNU readline on a terminal (with the REPL
/// milestone), or plain lines from a pipe or file — the scripted mode that tests and batch
/// corrections use, in which prompts are never echoed.
public protocol LineReader {
    /// The next line without its line end, or nil at the end of input.
    mutating func readLine(prompt: String) -> String?
}

/// What Tab completes: the REPL session answers with the candidates for the word being typed
/// (commands, labels, attribute names and values, actor ids — Arabic prefixes matched without
/// harakat or tatweel). `ReadlineLineReader` (target `TashihReadline`) asks it on every Tab.
public protocol CompletionSource: AnyObject {
    /// Candidates for `word`, the text from the start of the word under the cursor up to the
    /// cursor; `line` is the whole line typed so far up to the cursor.
    func completions(line: String, word: String) -> [String]
}

/// Reads lines from a file descriptor (standard input by default) with no echo and no editing:
/// `\n` ends a line, a `\r` before it is dropped, invalid UTF-8 is replaced (U+FFFD) so a bad
/// byte can never stop a session, and a last line without `\n` is still returned.
public struct PlainLineReader: LineReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var start = 0
    var eof = false

    public init(fileDescriptor: Int32 = 0) { fd = fileDescriptor }

    public mutating func readLine(prompt: String) -> String? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var end = nl
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = nl + 1
                if start > 4096 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { eof = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }
}
