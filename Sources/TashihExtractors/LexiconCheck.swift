import Foundation
import TashihModel

/// Lexicons are user data: `tashih verify` checks the ones a workspace has.
public enum LexiconCheck {
    public struct Checked: Sendable {
        /// The file as shown to users, e.g. `datasets/lexicons/actors.jsonl`.
        public var file: String
        /// A summary (`412 actors, lex.3f2a…`) or every problem found.
        public var outcome: Swift.Result<String, LexiconErrors>
    }

    /// Checks `actors.jsonl` and `stance.jsonl` in `directory` when they exist.
    public static func checkAll(directory: String, schema: Schema) -> [Checked] {
        var out: [Checked] = []
        let actorLabels = schema.family(named: "actor")?.labels ?? []
        let stanceLabels = schema.family(named: "stance")?.labels ?? []
        check("actors.jsonl", in: directory, into: &out) { path, shown in
            let lex = try ActorLexicon.load(path: path, displayName: shown, actorLabels: actorLabels)
            return "\(lex.entries.count) actor(s), \(lex.version)"
        }
        check("stance.jsonl", in: directory, into: &out) { path, shown in
            let lex = try StanceLexicon.load(path: path, displayName: shown, stanceLabels: stanceLabels)
            return "\(lex.cues.count) cue(s), \(lex.version)"
        }
        return out
    }

    /// Loads one lexicon file if it exists, recording its summary or its problems.
    static func check(
        _ name: String, in directory: String, into out: inout [Checked], load: (String, String) throws -> String
    ) {
        let path = directory + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return }
        let shown = "datasets/lexicons/" + name
        do {
            out.append(Checked(file: shown, outcome: .success(try load(path, shown))))
        } catch let e as LexiconErrors {
            out.append(Checked(file: shown, outcome: .failure(e)))
        } catch {
            let e = LexiconError(file: shown, line: 0, message: "\(error)")
            out.append(Checked(file: shown, outcome: .failure(LexiconErrors(errors: [e], first: e))))
        }
    }
}
