import ArgumentParser
import TashihModel
import TashihTerminal

#if canImport(Glibc)
    import Glibc
#endif

/// Writing to the terminal: results on stdout, diagnostics on stderr.
enum Output {
    /// Writes a line to standard error.
    static func error(_ line: String) {
        var s = line
        s.append("\n")
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = write(2, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { break }
                off += n
            }
        }
    }

    /// Prints problems to stderr, one per line, then a count; returns the error count.
    static func report(_ problems: [Problem], dropped: Int, errors: Int, warnings: Int) {
        for p in problems { error(p.description) }
        if dropped > 0 { error("… and \(dropped) more problem(s) not shown") }
    }

    /// Formats an integer with thousands separators (1,234,567).
    static func count(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }

    /// A table (see `TashihTerminal.Table`: display-width padding, numbers and Arabic right-aligned).
    static func table(_ rows: [[String]]) -> String { Table(rows).render() }
}

/// A failure the user can act on; printed as `Error: …` with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
