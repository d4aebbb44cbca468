import Foundation
import Testing

@testable import TashihText

@Suite("ScalarClass")
struct ScalarClassTests {
    @Test("The generated BMP runs are the classes the Unicode properties give, scalar by scalar")
    func runsMatchProperties() throws {
        let expected = ScalarClass.runsFromProperties()
        if ProcessInfo.processInfo.environment["TASHIH_REGENERATE_SCALAR_RUNS"] == "1" && ScalarClass.bmpRuns != expected {
            try Self.source(expected).write(to: Self.runsFile, atomically: true, encoding: .utf8)
        }
        #expect(
            ScalarClass.bmpRuns == expected,
            "Sources/TashihText/ScalarClassRuns.swift is stale: rerun with TASHIH_REGENERATE_SCALAR_RUNS=1")
        let table = ScalarClass.bmpTable
        var mismatches: [String] = []
        for v in 0..<UInt32(0x1_0000) {
            let want = Unicode.Scalar(v).map { ScalarClass.fromProperties($0) } ?? .symbol
            if table[Int(v)] != want.rawValue { mismatches.append(String(v, radix: 16)) }
        }
        #expect(mismatches.isEmpty, "U+\(mismatches.prefix(5).joined(separator: ", U+"))")
    }

    @Test("Arabic letters, harakat, tatweel, digits, punctuation, marks and emoji get their classes")
    func arabicFixture() {
        // «قُتِلَ ٤٠ مقاتـــلاً، 😢» with RLM, ZWJ and an Arabic comma.
        let text = "«قُتِلَ ٤٠ مقاتـــلاً،\u{200F} 😢\u{200D}»"
        let classes = text.unicodeScalars.map { ScalarClass.of($0.value) }
        let expected: [ScalarClass] = [
            .punctuation, .letter, .mark, .letter, .mark, .letter, .mark, .separator, .digit, .digit, .separator,
            .letter, .letter, .letter, .letter, .letter, .letter, .letter, .letter, .letter, .mark, .punctuation, .separator,
            .separator, .symbol, .mark, .punctuation,
        ]
        #expect(classes == expected)
        #expect(ScalarClass.of(0x0640) == .letter)  // tatweel is a modifier letter
        #expect(ScalarClass.of(0x06F4) == .digit)  // Extended Arabic-Indic four
        #expect(ScalarClass.of(0x1D400) == .letter)  // 𝐀
    }

    static let runsFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/TashihText/ScalarClassRuns.swift").standardized

    /// ScalarClassRuns.swift for `runs`.
    static func source(_ runs: [UInt32]) -> String {
        var src = """
            // Generated from the Unicode properties of the Swift runtime by `ScalarClass.runsFromProperties()`;
            // `ScalarClassTests` checks it against them and rewrites this file when run with
            // TASHIH_REGENERATE_SCALAR_RUNS=1 (after a toolchain update changes the Unicode version).

            extension ScalarClass {
                /// The classes of U+0000…U+FFFF as runs, each `first scalar << 3 | class`, in order:
                /// ``bmpTable`` is expanded from them at start-up, without a Unicode-property call.
                static let bmpRuns: [UInt32] = [

            """
        var line = "       "
        for x in runs {
            let item = " 0x" + String(x, radix: 16, uppercase: true) + ","
            if line.count + item.count > 120 {
                src += line + "\n"
                line = "       "
            }
            line += item
        }
        return src + line + "\n    ]\n}\n"
    }
}
