import Foundation
import TashihModel
import TashihText
import Testing

@testable import TashihExtractors

@Suite struct ActorExtractorTests {
    /// A small lexicon in the shipped format, written to a temp file and loaded for real.
    static let lexicon: ActorLexicon = {
        let lines = [
            #"{"id":"ISIS","type":"ARMED_GROUP","names_ar":["داعش","تنظيم داعش","تنظيم الدولة","الدولة الإسلامية","تنظيم الدولة الإسلامية"],"names_en":["ISIS"],"acled_inter":2,"parent":null}"#,
            #"{"id":"SDF","type":"ARMED_GROUP","names_ar":["قوات سوريا الديمقراطية","قوات سورية الديمقراطية","القوات الديمقراطية السورية","قسد","قوات الدفاع الذاتي"],"names_en":["SDF"],"acled_inter":2,"parent":null}"#,
            #"{"id":"COALITION","type":"COALITION","names_ar":["التحالف الدولي","التحالف","الائتلاف"],"names_en":[],"acled_inter":8,"parent":null}"#,
            #"{"id":"US","type":"STATE","names_ar":["الولايات المتحدة","أمريكا","واشنطن"],"names_en":["United States"],"acled_inter":null,"parent":null}"#,
            #"{"id":"UN","type":"ORG","names_ar":["الأمم المتحدة"],"names_en":["UN"],"acled_inter":8,"parent":null}"#,
            #"{"id":"IRAQ","type":"STATE","names_ar":["العراق"],"names_en":["Iraq"],"acled_inter":null,"parent":null}"#,
            #"{"id":"FRANCE","type":"STATE","names_ar":["فرنسا"],"names_en":["France"],"acled_inter":null,"parent":null}"#,
            #"{"id":"LEBANON","type":"STATE","names_ar":["لبنان"],"names_en":["Lebanon"],"acled_inter":null,"parent":null}"#,
            #"{"id":"MCGURK","type":"PERSON","names_ar":["بريت ماكغورك","ماكغورك"],"names_en":["Brett McGurk"],"acled_inter":null,"parent":"US"}"#,
            #"{"id":"RYAN_SEAN","type":"PERSON","names_ar":["شون رايان","رايان"],"names_en":["Sean Ryan"],"acled_inter":null,"parent":"COALITION"}"#,
            #"{"id":"ADNANI","type":"PERSON","names_ar":["العدناني"],"names_en":[],"acled_inter":null,"parent":null}"#,
            #"{"id":"SANA","type":"MEDIA","names_ar":["سانا"],"names_en":["SANA"],"acled_inter":null,"parent":null}"#,
        ]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("actors-\(UUID().uuidString).jsonl")
        try! Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try! ActorLexicon.load(path: url.path, actorLabels: Schema.default.family(named: "actor")!.labels)
    }()

    static let extractor = ActorExtractor(lexicon: lexicon)

    /// (text as found, actor_id) for every span found in `text`.
    func found(_ text: String) -> [(String, String)] {
        let doc = Document(id: "t", text: text)
        return Self.extractor.extract(doc).map { s in
            (text.scalarSlice(s.start, s.end)!, s.attributes["actor_id"]!.description)
        }
    }

    @Test(arguments: [
        // Spelling variants and normalisation (harakat, tatweel, hamza).
        ("ويدعم التحالف “قوات سورية الديمقراطية” التي", [("التحالف", "COALITION"), ("قوات سورية الديمقراطية", "SDF")]),
        ("هجوماً شنه تنظيم داعش الإرهابي", [("تنظيم داعش", "ISIS")]),
        (
            "قالت الولايات المتحدة الأمريكية إن تنظيم “الدولة الإسلامية” يقاتل",
            [("الولايات المتحدة", "US"), ("الدولة الإسلامية", "ISIS")]
        ),
        ("دَاعِش و داعـــش", [("دَاعِش", "ISIS"), ("داعـــش", "ISIS")]),
        // Proclitics: the span is the whole token.
        ("هزيمة دائمة لداعش", [("لداعش", "ISIS")]),
        ("وتسليم أنفسهم للتحالف الدولي والقوات", [("للتحالف الدولي", "COALITION")]),
        ("إن الولايات المتحدة وقوات الدفاع الذاتي تحتضن", [("الولايات المتحدة", "US"), ("وقوات الدفاع الذاتي", "SDF")]),
        ("في الأمم المتحدة ، يان", [("الأمم المتحدة", "UN")]),
        ("مسؤول للأمم المتحدة", [("للأمم المتحدة", "UN")]),
        ("وبالتحالف", [("وبالتحالف", "COALITION")]),
        // A detached preposition with tatweel stays outside, as do guillemets.
        ("الاستسلام لـ«قوات سورية الديمقراطية- قسد»", [("قوات سورية الديمقراطية", "SDF"), ("قسد", "SDF")]),
        // Phonetic key for transliterated names.
        ("وقال بريت مكجورك ، مبعوث", [("بريت مكجورك", "MCGURK")]),
        ("بريت ماغروك إلى", [("بريت ماغروك", "MCGURK")]),
        ("وقال ماكجورك:", [("ماكجورك", "MCGURK")]),
        // Emoji before the name: offsets stay in scalars.
        ("🙂🙂 أمريكا", [("أمريكا", "US")]),
    ])
    func findsNames(text: String, expected: [(String, String)]) {
        let got = found(text)
        #expect(got.map(\.0) == expected.map(\.0), "\(text)")
        #expect(got.map(\.1) == expected.map(\.1), "\(text)")
    }

    @Test(arguments: [
        "بغداد",  // ب + غداد: the strip finds no name, and the whole word is none
        "وليد",  // و + ليد, ول + يد: no name either way
        "التحالفات",  // a longer word is not the name
        "#داعش @USAbilAraby",  // hashtags and handles are not names
        "ريان",  // phonetic key too short to trust (رن)
        "العدوان",  // sounds like العدناني to a naive phonetic key
    ])
    func doesNotFind(text: String) {
        #expect(found(text).isEmpty, "\(text): \(found(text))")
    }

    @Test func wordsThatBeginWithACliticLetterAreReadWhole() {
        // ف of فرنسا and ل of لبنان are not clitics; with a real clitic in front they still match.
        #expect(found("فرنسا ولبنان وفرنسا").map(\.1) == ["FRANCE", "LEBANON", "FRANCE"])
        let spans = Self.extractor.extract(Document(id: "x", text: "فرنسا وفرنسا"))
        #expect(spans.map { $0.origin!.score! } == [0.9, 0.85])
    }

    @Test func longestMatchWinsOverAShorterName() {
        #expect(found("التحالف الدولي")[0].0 == "التحالف الدولي")
        #expect(found("تنظيم الدولة الإسلامية").map(\.0) == ["تنظيم الدولة الإسلامية"])
    }

    @Test func spansCarryTypeOriginAndAVersionWithTheLexiconHash() {
        let spans = Self.extractor.extract(Document(id: "x", text: "قال رايان"))
        #expect(spans.count == 1)
        #expect(spans[0].label == "PERSON")
        #expect(spans[0].origin?.extractor == "builtin.actors")
        #expect(spans[0].origin?.version.hasPrefix("1.0+lex.") == true)
        #expect(spans[0].origin?.score == 0.9)
    }

    @Test func aBadLexiconIsRefusedWithEveryProblem() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = [
            #"{"id":"sdf","type":"ARMED_GROUP","names_ar":["قسد"]}"#,
            #"{"id":"X","type":"MILITIA","names_ar":["س"]}"#,
            #"{"id":"Y","type":"PERSON","names_ar":[],"parent":"NOPE"}"#,
        ].joined(separator: "\n")
        try Data(text.utf8).write(to: url)
        do {
            _ = try ActorLexicon.load(path: url.path, displayName: "actors.jsonl", actorLabels: ["ARMED_GROUP", "PERSON"])
            Issue.record("expected errors")
        } catch let e as LexiconErrors {
            let all = e.description
            #expect(all.contains("actors.jsonl:1: error: \"id\" must be an identifier"))
            #expect(all.contains("actors.jsonl:2: error: actor X: \"type\" must be one of ARMED_GROUP, PERSON"))
            #expect(all.contains("actors.jsonl:3: error: actor Y has no Arabic names"))
            #expect(all.contains("actors.jsonl:3: error: actor Y: parent NOPE is not in the lexicon"))
        }
    }

    @Test func phoneticKeysFoldTheGSoundsAndLongVowels() {
        func key(_ w: String) -> UInt64 {
            let s = Array(w.unicodeScalars)
            return MatchKey.phonetic(s, 0, s.count).key
        }
        #expect(Set(["ماكغورك", "مكجورك", "ماغروك", "ماكجورك", "مَاكْغُورك"].map(key)).count == 1)
        #expect(key("ترامب") != key("ماكغورك"))
        // Native Arabic words never take the phonetic path.
        #expect(MatchKey.phonetic(Array("العدوان".unicodeScalars), 0, 7).letters == 0)
        #expect(MatchKey.phonetic(Array("عبدي".unicodeScalars), 0, 4).letters == 0)
    }
}
