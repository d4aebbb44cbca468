// The JSON layer alone, for the JSONL benchmark: reads every record of a JSONL file into
// JSONValues with TashihJSON's streaming reader and prints the count. No schema checks, so it
// shows what `tashih verify` costs above the parse.
//
// Built by scripts/bench/jsonl together with Sources/TashihJSON/*.swift as one module:
//   swiftc -O -wmo -parse-as-library -module-name TashihJSON Sources/TashihJSON/*.swift \
//       scripts/bench/jsonl_parse.swift -o jsonl_parse
// Usage: jsonl_parse FILE.jsonl
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct JSONLParseBench {
    static func main() {
        let args = CommandLine.arguments.dropFirst().filter { $0 != "verify" }
        guard let path = args.first else {
            fputs("usage: jsonl_parse FILE.jsonl\n", stderr)
            exit(64)
        }
        do {
            var records = 0
            try JSONLReader.forEachRecord(path: path) { _ in records += 1 }
            print("\(records) records")
        } catch {
            fputs("\(error)\n", stderr)
            exit(1)
        }
    }
}
