import Testing

@testable import TashihREPL

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct PlainLineReaderTests {
    /// Writes `bytes` into a pipe and reads every line back.
    func lines(_ bytes: [UInt8]) -> [String] {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        bytes.withUnsafeBytes { _ = write(fds[1], $0.baseAddress!, $0.count) }
        close(fds[1])
        var r = PlainLineReader(fileDescriptor: fds[0])
        var out: [String] = []
        while let l = r.readLine(prompt: "> ") { out.append(l) }
        close(fds[0])
        return out
    }

    @Test func readsArabicCommandsWithCRLFAndNoFinalNewline() {
        let got = lines(Array("accept 1\r\nlabel 2 ARMED_GROUP\nfind «قسد» 🙂\nقُتِلَ".utf8))
        #expect(got == ["accept 1", "label 2 ARMED_GROUP", "find «قسد» 🙂", "قُتِلَ"])
    }

    @Test func aBadByteIsReplacedNotFatal() {
        let got = lines([0x61, 0xFF, 0x62, 0x0A, 0x63, 0x0A])
        #expect(got == ["a\u{FFFD}b", "c"])
    }

    @Test func longInputCrossesTheReadBuffer() {
        let many = (0..<2000).map { "أمر \($0)" }
        let got = lines(Array((many.joined(separator: "\n") + "\n").utf8))
        #expect(got == many)
    }
}
