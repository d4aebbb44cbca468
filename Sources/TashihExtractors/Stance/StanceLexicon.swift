import TashihJSON
import TashihModel

/// The framing-cue lexicon, `datasets/lexicons/stance.jsonl`: one record per cue with its
/// inflected forms, its polarity and how its target attaches.
///
/// ```json
/// {"cue":"الإرهابي","forms":["الإرهابي","الإرهابية"],"polarity":"HOSTILE","attach":"preceding_actor","note":"…"}
/// ```
public struct StanceLexicon: Sendable {
    /// How a cue finds the actor it frames.
    public enum Attach: String, Sendable, CaseIterable {
        /// The actor before it in the sentence: `تنظيم داعش الإرهابي`.
        case precedingActor = "preceding_actor"
        /// The actor right after it: `ميليشيا "جيش مغاوير الثورة"`, `المدعو "أحمد أبو خولة"`.
        case followingActor = "following_actor"
        /// The actor of the same noun phrase, either side: `مجموعات إرهابية من داعش`.
        case samePhrase = "same_phrase"
        /// The actor who did the act: after it (`عدوان طيران التحالف`), else before it in the
        /// sentence, else the article's last actor (`العدوان وقع` after a paragraph on the coalition).
        case eventAgent = "event_agent"
        /// `نظام` before a ruler's name: the ruler's government (`لنظام الاسد` → SYRIA_GOV).
        case ruler
    }

    public struct Cue: Sendable, Hashable {
        public var cue: String
        public var forms: [String]
        /// HOSTILE or SUPPORTIVE.
        public var polarity: String
        public var attach: Attach
    }

    public var cues: [Cue]
    public var version: String

    /// Loads and checks the lexicon; every problem is reported with its line.
    public static func load(path: String, displayName: String? = nil, stanceLabels: [String]) throws -> StanceLexicon {
        let shown = displayName ?? path
        let file = try LexiconFile(path: path, displayName: shown)
        var errors = file.errors
        var cues: [Cue] = []
        for rec in file.records {
            let o = rec.object
            func err(_ m: String, _ h: String = "") {
                errors.append(LexiconError(file: shown, line: rec.line, message: m, hint: h))
            }
            guard let cue = o["cue"]?.stringValue, !cue.isEmpty else {
                err("\"cue\" must be a non-empty string")
                continue
            }
            let forms = (o["forms"]?.arrayValue ?? []).compactMap(\.stringValue).filter { !$0.isEmpty }
            if forms.isEmpty { err("cue \(cue) has no forms", "add \"forms\": [\"…\"]") }
            guard let polarity = o["polarity"]?.stringValue, stanceLabels.contains(polarity) else {
                err("cue \(cue): \"polarity\" must be one of \(stanceLabels.joined(separator: ", "))")
                continue
            }
            guard let a = o["attach"]?.stringValue, let attach = Attach(rawValue: a) else {
                err("cue \(cue): \"attach\" must be one of \(Attach.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            cues.append(Cue(cue: cue, forms: forms, polarity: polarity, attach: attach))
        }
        if cues.isEmpty && errors.isEmpty { errors.append(LexiconError(file: shown, line: 0, message: "the lexicon is empty")) }
        if let first = errors.first { throw LexiconErrors(errors: errors, first: first) }
        return StanceLexicon(cues: cues, version: file.version)
    }
}
