import Testing

@testable import TashihTerminal

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("قسد", 3),
        ("قُتِلَ", 3),  // harakat take no column
        ("لـ«قسد»", 7),  // tatweel takes one
        ("\u{200F}قسد\u{200E}", 3),  // direction marks take none
        ("١٢", 2),
        ("🙂", 2),
        ("👨‍👩‍👧", 6),  // three wide people, joiners take none
        ("中文", 4),
        ("abc", 3),
    ])
    func columns(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }
}

@Suite struct TableTests {
    @Test func columnsLineUpByDisplayWidthNotByScalars() {
        let t = Table([["label", "text", "n"], ["COUNT", "قُتِلَ", "12"], ["ARMED_GROUP", "قسد", "1,204"]]).render()
        let lines = t.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        // Rows with right-aligned last cells end at the same column; the header's last cell is
        // left-aligned and its trailing blanks trimmed.
        #expect(lines.map(DisplayWidth.of) == [20, 24, 24])
        #expect(lines[1] == "COUNT         قُتِلَ     12")  // Arabic right-aligned (one pad column), numbers too
        #expect(lines[2] == "ARMED_GROUP   قسد  1,204")
    }

    @Test func noTrailingBlanks() {
        let t = Table([["a", ""], ["bbb", ""]]).render()
        #expect(!t.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }
}
