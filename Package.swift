// swift-tools-version:6.0
// Tashih: an annotation and gold-dataset workbench for Arabic conflict news.
//
// The targets follow the data flow: JSON/JSONL bytes and Arabic text offsets at the bottom,
// the document/span/schema model on them, the gold store and the interchange formats above,
// and a thin `tashih` executable on top. See docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "Tashih",
    products: [
        .executable(name: "tashih", targets: ["tashih"]),
        .library(name: "TashihModel", targets: ["TashihModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // Bytes on disk: JSON values, the streaming JSONL reader, the canonical writer, atomic files.
        .target(name: "TashihJSON"),
        // Arabic text: scalar offsets and their conversions, normalisation, tokens.
        .target(name: "TashihText"),
        // OpenSSL's libcrypto (SHA-256 for text and release hashes), as a system library.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Documents, spans, the schema and their validation.
        .target(name: "TashihModel", dependencies: ["TashihJSON", "TashihText", "CLibCrypto"]),
        // The built-in extractors (actors, numbers, stance) and the external-extractor protocol.
        .target(name: "TashihExtractors", dependencies: ["TashihModel", "TashihText", "TashihJSON"]),
        // Workspaces and datasets on disk: records, (later) journals and releases.
        .target(name: "TashihGold", dependencies: ["TashihModel", "TashihJSON", "TashihText"]),
        // Formats in and out: plain text, JSONL (later Prodigy, doccano, brat, ...).
        .target(name: "TashihInterchange", dependencies: ["TashihModel", "TashihJSON", "TashihText"]),
        // Scoring extractors against gold: span matching by the reference tools' rules.
        .target(
            name: "TashihScoring",
            dependencies: ["TashihModel", "TashihJSON", "TashihText", "TashihGold", "TashihExtractors", "TashihTerminal"]),
        // Terminal output: display width (harakat, emoji), tables.
        .target(name: "TashihTerminal"),
        // The annotation REPL: its line readers (GNU readline joins with the REPL).
        .target(name: "TashihREPL", dependencies: ["TashihGold", "TashihModel", "TashihText", "TashihTerminal", "TashihJSON"]),
        // GNU readline (libreadline-dev) as a system library, the C side of the interactive reader
        // (readline's globals, its callback interface with our SIGINT handling, completion), and
        // the Swift reader on top: the one file that imports readline.
        .systemLibrary(name: "CReadline", pkgConfig: "readline", providers: [.apt(["libreadline-dev"])]),
        .target(name: "CReadlineSupport", dependencies: ["CReadline"]),
        .target(name: "TashihReadline", dependencies: ["CReadline", "CReadlineSupport", "TashihREPL"]),
        // GNU FriBidi (libfribidi-dev) as a system library, and the reordering on top: the one
        // file that imports fribidi.
        .systemLibrary(name: "CFriBidi", pkgConfig: "fribidi", providers: [.apt(["libfribidi-dev"])]),
        .target(name: "TashihBidi", dependencies: ["CFriBidi", "TashihREPL"]),
        // The command line: parses options, calls the libraries, renders, maps errors to exit codes.
        .executableTarget(
            name: "tashih",
            dependencies: [
                "TashihModel", "TashihJSON", "TashihText", "TashihGold", "TashihInterchange", "TashihExtractors",
                "TashihTerminal", "TashihREPL", "TashihReadline", "TashihBidi", "TashihScoring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TashihJSONTests", dependencies: ["TashihJSON"]),
        .testTarget(name: "TashihTextTests", dependencies: ["TashihText"]),
        .testTarget(name: "TashihModelTests", dependencies: ["TashihModel", "TashihJSON", "TashihText"]),
        .testTarget(name: "TashihExtractorsTests", dependencies: ["TashihExtractors", "TashihModel", "TashihText"]),
        .testTarget(name: "TashihGoldTests", dependencies: ["TashihGold", "TashihInterchange", "TashihModel", "TashihJSON"]),
        .testTarget(
            name: "TashihScoringTests", dependencies: ["TashihScoring", "TashihModel", "TashihGold", "TashihJSON"],
            exclude: ["Fixtures"]),
        .testTarget(name: "TashihTerminalTests", dependencies: ["TashihTerminal"]),
        .testTarget(
            name: "TashihREPLTests", dependencies: ["TashihREPL", "TashihGold", "TashihModel", "TashihJSON", "TashihText"]),
        .testTarget(name: "TashihBidiTests", dependencies: ["TashihBidi", "TashihREPL", "TashihTerminal"]),
        .testTarget(name: "TashihReadlineTests", dependencies: ["TashihReadline", "TashihREPL"]),
        .testTarget(
            name: "TashihCLITests", dependencies: ["tashih", "TashihModel", "TashihJSON"],
            exclude: ["Golden"]),
    ]
)
