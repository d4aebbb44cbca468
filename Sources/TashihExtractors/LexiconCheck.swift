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
        let actors = directory + "/actors.jsonl"
        var lexicon: ActorLexicon?
        if FileManager.default.fileExists(atPath: actors) {
            let shown = "datasets/lexicons/actors.jsonl"
            do {
                let lex = try ActorLexicon.load(path: actors, displayName: shown, actorLabels: actorLabels)
                lexicon = lex
                out.append(Checked(file: shown, outcome: .success("\(lex.entries.count) actor(s), \(lex.version)")))
            } catch let e as LexiconErrors {
                out.append(Checked(file: shown, outcome: .failure(e)))
            } catch {
                let e = LexiconError(file: shown, line: 0, message: "\(error)")
                out.append(Checked(file: shown, outcome: .failure(LexiconErrors(errors: [e], first: e))))
            }
        }
        let stance = directory + "/stance.jsonl"
        if FileManager.default.fileExists(atPath: stance) {
            let shown = "datasets/lexicons/stance.jsonl"
            do {
                let lex = try StanceLexicon.load(
                    path: stance, displayName: shown, stanceLabels: schema.family(named: "stance")?.labels ?? [])
                out.append(Checked(file: shown, outcome: .success("\(lex.cues.count) cue(s), \(lex.version)")))
            } catch let e as LexiconErrors {
                out.append(Checked(file: shown, outcome: .failure(e)))
            } catch {
                let e = LexiconError(file: shown, line: 0, message: "\(error)")
                out.append(Checked(file: shown, outcome: .failure(LexiconErrors(errors: [e], first: e))))
            }
        }
        _ = lexicon
        return out
    }
}
