import Foundation
import Testing

/// `tashih release`: an immutable snapshot of the journals' gold that `verify` can prove.
@Suite struct ReleaseTests {
    /// A workspace with dataset `demo` (two Arabic records with harakat, tatweel, Arabic-Indic
    /// digits and an emoji), pre-tagged, with `events` events of annotator amal.
    func annotated(events: Int = 6) throws -> URL {
        let ws = try CLI.workspace()
        try FileManager.default.copyItem(
            at: CLI.repoRoot.appendingPathComponent("datasets/lexicons"), to: ws.appendingPathComponent("datasets/lexicons"))
        try Data("نحو ٢٠٠ عنصر من «قسد» 🙂\nقُتِلَ ١٢ مدنيّاً في غارة لـ«داعش»\n".utf8).write(to: ws.appendingPathComponent("a.txt"))
        #expect(try CLI.run(["import", "demo", "a.txt"], in: ws).status == 0)
        #expect(try CLI.run(["pretag", "demo"], in: ws).status == 0)
        let a = try CLI.run(["journal", "append", "demo", "--as", "amal", "--events", String(events)], in: ws)
        #expect(a.status == 0, "\(a.stderr)")
        return ws
    }

    @Test func aReleaseIsReadOnlyHashedAndVerifies() throws {
        let ws = try annotated()
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try CLI.run(["release", "demo", "-m", "first pass"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("released demo@v1: "))
        let dir = ws.appendingPathComponent("datasets/demo/releases/v1")
        let attrs = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("records.jsonl").path)
        #expect((attrs[.posixPermissions] as? Int) == 0o444)
        let manifest = try String(contentsOf: dir.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains(#""format":"tashih-release""#) && manifest.contains(#""positions":{"amal":6}"#))
        #expect(manifest.contains(#""parent":null"#) && manifest.contains(#""policy":"single""#))
        let changelog = try String(contentsOf: ws.appendingPathComponent("datasets/demo/CHANGELOG.md"), encoding: .utf8)
        #expect(changelog.contains("## v1") && changelog.contains("first pass"))
        // Per label and annotator: every span of v1 is added by amal.
        #expect(changelog.contains("| label | spans | annotator | added | removed | changed |"))
        #expect(changelog.contains(" | amal | "))
        let v = try CLI.run(["verify", "demo"], in: ws)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("datasets/demo/releases/v1: matches its hash and its journals"))
    }

    @Test func laterEventsDoNotChangeAReleaseAndTheNextOneHasItAsParent() throws {
        let ws = try annotated()
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try CLI.run(["release", "demo", "-m", "v1"], in: ws).status == 0)
        #expect(try CLI.run(["journal", "append", "demo", "--as", "amal", "--events", "4"], in: ws).status == 0)
        #expect(try CLI.run(["verify", "demo"], in: ws).status == 0)  // v1 re-folds to positions amal:6
        let r2 = try CLI.run(["release", "demo", "-m", "v2"], in: ws)
        #expect(r2.status == 0, "\(r2.stderr)")
        let m2 = try String(contentsOf: ws.appendingPathComponent("datasets/demo/releases/v2/manifest.json"), encoding: .utf8)
        #expect(m2.contains(#""parent":1"#) && m2.contains(#""positions":{"amal":10}"#))
    }

    @Test func changingOneByteOfAReleaseFailsVerifyNamingTheFile() throws {
        let ws = try annotated()
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try CLI.run(["release", "demo", "-m", "v1"], in: ws).status == 0)
        let file = ws.appendingPathComponent("datasets/demo/releases/v1/records.jsonl")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: file)
        let v = try CLI.run(["verify", "demo"], in: ws)
        #expect(v.status == 1)
        #expect(v.stderr.contains("datasets/demo/releases/v1/records.jsonl: does not match its manifest's sha256"))
    }

    @Test func policySingleRefusesARecordTwoAnnotatorsDecided() throws {
        let ws = try annotated()
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try CLI.run(["journal", "append", "demo", "--as", "badr", "--events", "6"], in: ws).status == 0)
        let r = try CLI.run(["release", "demo", "-m", "two"], in: ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("decided by more than one annotator"))
        #expect(!FileManager.default.fileExists(atPath: ws.appendingPathComponent("datasets/demo/releases/v1").path))
    }

    @Test func aReleaseThatCannotBeWrittenLeavesNothingBehind() throws {
        let ws = try annotated()
        defer { try? FileManager.default.removeItem(at: ws) }
        // `releases` is a regular file: the release folder cannot be made.
        try Data("x".utf8).write(to: ws.appendingPathComponent("datasets/demo/releases"))
        let journal = try Data(contentsOf: ws.appendingPathComponent("datasets/demo/journals/amal.jsonl"))
        let r = try CLI.run(["release", "demo", "-m", "v1"], in: ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot write release v1"))
        #expect(try Data(contentsOf: ws.appendingPathComponent("datasets/demo/journals/amal.jsonl")) == journal)
        #expect(!FileManager.default.fileExists(atPath: ws.appendingPathComponent("datasets/demo/CHANGELOG.md").path))
    }

    @Test func noDecisionsNoRelease() throws {
        let ws = try annotated(events: 0)
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try CLI.run(["release", "demo", "-m", "empty"], in: ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no record of demo has a human decision yet"))
    }
}

extension ReleaseTests {
    @Test func diffBetweenReleasesAndTheWorkingState() throws {
        let ws = try annotated(events: 6)
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try CLI.run(["release", "demo", "-m", "v1"], in: ws).status == 0)
        let same = try CLI.run(["diff", "demo@v1", "demo@working"], in: ws)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.hasPrefix("demo@v1 → demo@working: 0 record(s) changed"))
        #expect(try CLI.run(["journal", "append", "demo", "--as", "amal", "--events", "5"], in: ws).status == 0)
        #expect(try CLI.run(["release", "demo", "-m", "v2"], in: ws).status == 0)
        let d = try CLI.run(["diff", "demo@v1", "demo@latest", "--format", "json"], in: ws)
        #expect(d.status == 0, "\(d.stderr)")
        #expect(d.stdout.hasPrefix(#"{"from":"demo@v1","records":["#) && d.stdout.contains(#""to":"demo@v2""#))
        // References work where gold is read.
        let stats = try CLI.run(["stats", "demo@v1"], in: ws)
        #expect(stats.status == 0 && stats.stdout.hasPrefix("demo@v1\n"))
        let missing = try CLI.run(["diff", "demo@v9", "demo"], in: ws)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("demo@v9: no such release (releases: v1, v2)"))
    }
}

extension ReleaseTests {
    @Test func blameNamesTheSuggestionTheAnnotatorAndTheEvents() throws {
        let ws = try annotated(events: 0)
        defer { try? FileManager.default.removeItem(at: ws) }
        // Accept the actor suggestion of a:p1 by writing the event line as the REPL will.
        let sugLine = try String(
            contentsOf: ws.appendingPathComponent("datasets/demo/suggestions/builtin.jsonl"), encoding: .utf8
        )
        .split(separator: "\n").first { $0.contains(#""id":"a:p1""#) }!
        let obj = try JSONSerialization.jsonObject(with: Data(sugLine.utf8)) as! [String: Any]
        let spans = obj["spans"] as! [[String: Any]]
        let actor = spans.first { ($0["label"] as! String) == "ARMED_GROUP" }!
        let (start, end) = (actor["start"] as! Int, actor["end"] as! Int)
        let version = actor["version"] as! String
        let hash = obj["text_hash"] as! String
        let event =
            #"{"annotator":"amal","guidelines":"1.0","kind":"accept","record":"a:p1","seq":1,"suggestion":{"end":\#(end),"extractor":"builtin.actors","label":"ARMED_GROUP","start":\#(start),"version":"\#(version)"},"text_hash":"\#(hash)","time":"2026-11-22T08:00:00.000Z"}"#
        let dir = ws.appendingPathComponent("datasets/demo/journals")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data((event + "\n").utf8).write(to: dir.appendingPathComponent("amal.jsonl"))
        let b = try CLI.run(["blame", "demo", "a:p1"], in: ws)
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stdout.contains("\(start)..\(end) ARMED_GROUP actor_id=SDF"))
        #expect(b.stdout.contains("from suggestion builtin.actors \(version) \(start)..\(end) ARMED_GROUP"))
        #expect(b.stdout.contains("amal#1 2026-11-22T08:00:00.000Z accept"))
        #expect(b.stdout.contains("decided by amal"))
        let missing = try CLI.run(["blame", "demo", "nope"], in: ws)
        #expect(missing.status == 1 && missing.stderr.contains("no record \"nope\" in demo"))
    }
}

extension ReleaseTests {
    /// Eight annotators append at once (each on its own article, as policy single needs) while a
    /// ninth process cuts releases: no event lost, no line broken, every release verifies.
    @Test func eightAnnotatorsWhileANinthCutsReleases() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        var files: [String] = []
        for k in 1...8 {
            let name = "art\(k).txt"
            try Data("نحو ٢٠٠ عنصر من «قسد» \(k) 🙂\nقُتِلَ ١٢ مدنيّاً لـ«داعش» \(k)\n".utf8).write(to: ws.appendingPathComponent(name))
            files.append(name)
        }
        #expect(try CLI.run(["import", "demo"] + files, in: ws).status == 0)
        let writers = try (1...8).map { k -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = [
                "journal", "append", "demo", "--as", "ann\(k)", "--events", "60", "--delay-ms", "5", "--record-prefix",
                "art\(k):",
            ]
            p.currentDirectoryURL = ws
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        var cut = 0
        while writers.contains(where: \.isRunning) || cut == 0 {
            let r = try CLI.run(["release", "demo", "-m", "r\(cut + 1)"], in: ws)
            if r.status == 0 { cut += 1 }
        }
        for w in writers {
            w.waitUntilExit()
            #expect(w.terminationStatus == 0)
        }
        #expect(cut >= 2, "releases were cut only after the writers, not while they wrote")
        let check = try CLI.run(["journal", "check", "demo", "--summary"], in: ws)
        #expect(check.status == 0, "\(check.stderr)")
        let rows = check.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count == 8)
        #expect(rows.allSatisfy { $0.count >= 3 && $0[1] == "60" && $0[2] == "60" }, "\(rows)")
        let v = try CLI.run(["verify", "demo"], in: ws)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("releases/v\(cut): matches its hash and its journals"))
    }
}

extension ReleaseTests {
    /// A workspace with one record and hand-written `add` events per annotator.
    func threeAnnotators(_ spans: [String: [(Int, Int, String)]]) throws -> URL {
        let ws = try CLI.workspace()
        try Data("قُتِلَ ١٢ مدنيّاً في غارة لـ«قسد» 🙂\n".utf8).write(to: ws.appendingPathComponent("a.txt"))
        #expect(try CLI.run(["import", "demo", "a.txt"], in: ws).status == 0)
        let rec = try String(contentsOf: ws.appendingPathComponent("datasets/demo/records.jsonl"), encoding: .utf8)
        let hash = try #require(rec.range(of: #""text_hash":""#).map { String(rec[$0.upperBound...].prefix(71)) })
        let dir = ws.appendingPathComponent("datasets/demo/journals")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (who, list) in spans {
            var lines = ""
            for (i, s) in list.enumerated() {
                lines +=
                    #"{"annotator":"\#(who)","guidelines":"1.0","kind":"add","record":"a:p1","seq":\#(i + 1),"span":{"end":\#(s.1),"label":"\#(s.2)","start":\#(s.0)},"text_hash":"\#(hash)","time":"2026-11-22T08:00:0\#(i).000Z"}"#
                    + "\n"
            }
            try Data(lines.utf8).write(to: dir.appendingPathComponent("\(who).jsonl"))
        }
        return ws
    }

    @Test func majorityTakesTheGoldMostAnnotatorsAgreeOn() throws {
        let ws = try threeAnnotators([
            "amal": [(7, 9, "COUNT"), (28, 31, "ARMED_GROUP")],
            "badr": [(7, 9, "COUNT"), (28, 31, "ARMED_GROUP")],
            "carim": [(7, 9, "COUNT")],
        ])
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try CLI.run(["release", "demo", "-m", "x"], in: ws).status == 1)  // single refuses
        let r = try CLI.run(["release", "demo", "-m", "majority", "--policy", "majority"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 record(s), 2 span(s)"))
        let v = try CLI.run(["verify", "demo"], in: ws)
        #expect(v.status == 0, "\(v.stderr)")  // re-folds with the manifest's policy
        let m = try String(contentsOf: ws.appendingPathComponent("datasets/demo/releases/v1/manifest.json"), encoding: .utf8)
        #expect(m.contains(#""policy":"majority""#))
    }

    @Test func noMajorityIsRefusedAndAdjudicationDecides() throws {
        let ws = try threeAnnotators([
            "amal": [(7, 9, "COUNT")],
            "badr": [(28, 31, "ARMED_GROUP")],
            "lead": [(7, 9, "COUNT"), (28, 31, "ARMED_GROUP")],
        ])
        defer { try? FileManager.default.removeItem(at: ws) }
        let none = try CLI.run(["release", "demo", "-m", "m", "--policy", "majority"], in: ws)
        #expect(none.status == 1)
        #expect(none.stderr.contains("have no majority among their annotators: a:p1"))
        let adj = try CLI.run(["release", "demo", "-m", "lead", "--policy", "adjudicated:lead"], in: ws)
        #expect(adj.status == 0, "\(adj.stderr)")
        #expect(adj.stdout.contains("1 record(s), 2 span(s)"))
        #expect(try CLI.run(["verify", "demo"], in: ws).status == 0)
        let bad = try CLI.run(["release", "demo", "-m", "m", "--policy", "vote"], in: ws)
        #expect(bad.status == 64 && bad.stderr.contains("unknown policy 'vote'"))
    }
}
