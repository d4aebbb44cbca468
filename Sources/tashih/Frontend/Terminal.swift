import TashihBidi
import TashihREPL
import TashihReadline

/// The terminal layer the annotation REPL runs on: where interactive command lines come from
/// (GNU readline with history and Tab completion, target `TashihReadline`) and which bidi engine
/// reorders Arabic for `--bidi app` (libfribidi, target `TashihBidi`). The REPL itself
/// (`TashihREPL`) knows only the `LineReader` and `BidiReordering` protocols.

/// The line reader for an interactive session (stdin is a terminal).
func makeLineReader(historyFile: String, completion: CompletionSource) -> any LineReader {
    let reader = ReadlineLineReader(historyFile: historyFile, completion: completion)
    if reader.switchedLocale {
        Output.error(
            "warning: the locale is not UTF-8, so typed Arabic would be lost; this session uses C.UTF-8 (set LANG=C.UTF-8 or another UTF-8 locale)"
        )
    }
    return reader
}

/// The engine that reorders lines into visual order for `--bidi app`.
func makeBidiEngine() -> (any BidiReordering)? {
    FriBidi()
}
