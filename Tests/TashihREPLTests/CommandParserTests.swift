import Testing

@testable import TashihREPL

@Suite struct CommandParserTests {
    func parse(_ s: String) throws -> Command { try CommandParser.parse(s) }

    @Test func shortAndLongFormsParseAlike() throws {
        let pairs: [(String, String, Command)] = [
            ("aa", "accept-all", .acceptAll),
            ("a 1 3-5", "accept 1 3-5", .accept([1, 3, 4, 5])),
            ("r 2", "reject 2", .reject([2])),
            ("d ٢", "delete 2", .delete([2])),
            ("l 2 coalition", "relabel 2 coalition", .relabel(2, "coalition")),
            ("ok", "done", .done),
            ("sk", "skip", .skip),
            ("+s 3", "extend-start 3", .step(span: 3, edge: .start, outward: true, unit: .token, count: 1)),
            ("-e 3 2", "shrink-end 3 2", .step(span: 3, edge: .end, outward: false, unit: .token, count: 2)),
            ("-sc 1", "shrink-start-char 1", .step(span: 1, edge: .start, outward: false, unit: .character, count: 1)),
            ("+ec 1 3", "extend-end-char 1 3", .step(span: 1, edge: .end, outward: true, unit: .character, count: 3)),
            ("m 2 4-6", "move 2 4-6", .move(2, .tokens(4, 6))),
            ("m 2 10..14", "move 2 10..14", .move(2, .offsets(10, 14))),
            ("u", "undo", .undo),
            ("rd", "redo", .redo),
            ("j", "next", .next),
            ("k", "prev", .prev),
            ("g r2", "goto r2", .goto(.id("r2"))),
            ("g #3", "goto #3", .goto(.position(3))),
            ("t", "tokens", .tokens),
            ("p", "show", .show),
            ("gl COUNT", "guideline COUNT", .guideline("COUNT")),
            ("?", "help", .help(nil)),
            ("st", "summary", .summary),
            ("q", "quit", .quit),
        ]
        for (short, long, expected) in pairs {
            #expect(try parse(short) == expected, "\(short)")
            #expect(try parse(long) == expected, "\(long)")
        }
        #expect(try parse("ACCEPT 1") == .accept([1]))
    }

    @Test func argumentsWithArabicQuotesAndAttributes() throws {
        #expect(
            try parse("= 2 counted=\"مقاتل سوري\" value=٤٠")
                == .set(2, [("counted", "مقاتل سوري"), ("value", "٤٠")]))
        #expect(
            try parse("n ARMED_GROUP \"قسد\" 2 actor_id=SDF")
                == .add(label: "ARMED_GROUP", .text("قسد", occurrence: 2), [("actor_id", "SDF")]))
        #expect(try parse("n COUNT 3-4 value=12") == .add(label: "COUNT", .tokens(3, 4), [("value", "12")]))
        // A quoted number is text to find, not a token number.
        #expect(try parse("n COUNT \"١٢\"") == .add(label: "COUNT", .text("١٢", occurrence: 1), []))
        #expect(try parse("/قُسـد 🙂") == .find("قُسـد 🙂"))
        #expect(try parse("find قسد") == .find("قسد"))
        #expect(try parse("f هل هذا فاعل؟ 🤔") == .flag("هل هذا فاعل؟ 🤔"))
        // A note is kept as typed: quotes (even unbalanced) and inner spacing stay.
        #expect(try parse("flag  قال \"المرصد  ٤٠\" أم 'نحو") == .flag("قال \"المرصد  ٤٠\" أم 'نحو"))
        #expect(try parse("= 1 value=") == .set(1, [("value", "")]))
    }

    @Test func mistypedCommandsSuggestTheNearest() {
        func message(_ s: String) -> String {
            do {
                _ = try CommandParser.parse(s)
                return ""
            } catch { return error.message }
        }
        #expect(message("acept 1").contains("did you mean \"accept\""))
        #expect(message("relable 1 STATE").contains("did you mean \"relabel\""))
        #expect(message("udno").contains("did you mean \"undo\""))
        #expect(message("xyzzy") == "unknown command \"xyzzy\" (h lists the commands)")
        #expect(message("a").contains("aa accepts all"))
        #expect(message("a x").contains("not a span number"))
        #expect(message("l 1").contains("relabel needs a span and a label"))
        #expect(message("n COUNT \"قسد").contains("unclosed quote"))
        #expect(message("m 1 5-3").contains("first ≤ last"))
        #expect(message("m 1 5..5").contains("before the end"))
        #expect(message("= 1 value").contains("not name=value"))
        #expect(message("ok now").contains("takes no argument"))
    }
}
