import TashihREPL

/// The terminal layer the annotation REPL runs on: where interactive command lines come from
/// (GNU readline with history and Tab completion, target `TashihReadline`) and which bidi engine
/// reorders Arabic for `--bidi app` (libfribidi, target `TashihBidi`). The REPL itself
/// (`TashihREPL`) knows only the `LineReader` and `BidiReordering` protocols.

/// The line reader for an interactive session (stdin is a terminal).
func makeLineReader(historyFile: String, completion: CompletionSource) -> any LineReader {
    PlainLineReader()
}

/// The engine that reorders lines into visual order for `--bidi app` (nil: lines stay logical).
func makeBidiEngine() -> (any BidiReordering)? {
    nil
}
