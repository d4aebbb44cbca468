import TashihBidi
import TashihREPL
import TashihReadline

/// The terminal layer the annotation REPL runs on: where interactive command lines come from
/// (GNU readline with history and Tab completion, target `TashihReadline`) and which bidi engine
/// reorders Arabic for `--bidi app` (libfribidi, target `TashihBidi`). The REPL itself
/// (`TashihREPL`) knows only the `LineReader` and `BidiReordering` protocols.

/// The line reader for an interactive session (stdin is a terminal): GNU readline. When the
/// locale is not UTF-8 it switches to C.UTF-8 (readline would drop typed Arabic) and says so.
func makeLineReader(historyFile: String, completion: CompletionSource) -> any LineReader {
    let reader = ReadlineLineReader(historyFile: historyFile, completion: completion)
    if reader.switchedLocale {
        Output.error(
            "warning: the locale is not UTF-8; using C.UTF-8 so that Arabic can be typed (set LANG=C.UTF-8 to silence this)")
    }
    return reader
}

/// The engine that reorders lines into visual order for `--bidi app`: libfribidi, with Arabic
/// shaped into presentation forms for terminals that do not join letters.
func makeBidiEngine() -> (any BidiReordering)? {
    FriBidi()
}
