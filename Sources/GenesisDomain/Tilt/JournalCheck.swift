import Foundation

/// A journal entry as written with `gen-tilt journal`: the answers to the
/// two required prompts, and the free reflection (where the other prompts
/// are answered).
public struct JournalDraft: Sendable, Equatable {
    /// Answer to "What triggered it?".
    public var trigger: String
    /// Answer to "What is your plan?".
    public var plan: String
    /// The rest of the reflection.
    public var body: String

    public init(trigger: String, plan: String, body: String) {
        self.trigger = trigger
        self.plan = plan
        self.body = body
    }
}

/// What an accepted entry held.
public struct JournalStats: Sendable, Equatable {
    public var words: Int
    public var distinctWords: Int

    public init(words: Int, distinctWords: Int) {
        self.words = words
        self.distinctWords = distinctWords
    }
}

/// Why an entry is not accepted yet; `message` is one calm sentence saying
/// what is missing and what to do.
public enum JournalRejection: Error, Sendable, Equatable {
    /// The answer to a required prompt is too short.
    case promptUnanswered(prompt: String, words: Int, required: Int)
    case tooShort(words: Int, required: Int)
    case tooFewDistinctWords(distinct: Int, required: Int)
    /// More than the allowed share of the entry's five-word runs appear in one earlier entry.
    case copied(overlap: Double)
    /// Too few different words for the entry's length.
    case repetitive(distinctShare: Double)
    /// The same eight-word run appears again and again.
    case repeatedPhrase(phrase: String, times: Int)

    public var message: String {
        switch self {
        case let .promptUnanswered(prompt, words, required):
            "The answer to \"\(prompt)\" has \(words) word\(words == 1 ? "" : "s"); at least \(required) are needed — describe it in a few sentences of your own."
        case let .tooShort(words, required):
            "The entry has \(words) words; at least \(required) are needed — keep writing about what happened and what you will change."
        case let .tooFewDistinctWords(distinct, required):
            "The entry uses \(distinct) different words; at least \(required) are needed — describe what happened in your own words."
        case let .copied(overlap):
            "About \(Int((overlap * 100).rounded()))% of the entry matches an earlier one — write about this episode as it happened, in fresh words."
        case let .repetitive(share):
            "Only \((share * 100).tiltText)% of the entry's words are different ones — say what happened and what you will change in more varied words."
        case let .repeatedPhrase(phrase, times):
            "The phrase \"\(phrase)\" appears \(times) times — write each thought once and add what you will do differently."
        }
    }
}

/// Judges a journal entry before it can lift a lockout (DESIGN §4): long
/// enough, varied enough, answering the prompts, and not a copy or a loop.
public enum JournalCheck {
    /// The reflection prompts `gen-tilt journal` shows: the first two are
    /// answered in `trigger` and `plan`, the others in the body.
    public static let prompts: [String] = [
        "What triggered it?",
        "What is your plan?",
        "How did you feel while it was happening, and how did that show in your trading?",
        "What will you do differently next time the same situation comes up?",
    ]

    /// Words per shingle for the copy check.
    public static let copyShingleWords = 5
    /// Below this share of different words, an entry is repetitive. Not a
    /// configuration key: ordinary prose of 500 words keeps well above it
    /// (typically 40–60%), while padding by repetition falls far below.
    public static let minimumDistinctShare = 0.3
    /// An eight-word run appearing this many times makes an entry repetitive.
    public static let repeatedPhraseWords = 8
    public static let repeatedPhraseTimes = 3

    /// Words: maximal runs of letters and digits, lowercased ("Don't" is
    /// "don" and "t"; "BTCUSDT" is "btcusdt").
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Accepts `draft` with its figures, or says what is missing. Checks run
    /// in the order a writer can act on: the two prompts, length, variety,
    /// copying from `previous` entries, then repetition.
    public static func evaluate(_ draft: JournalDraft, previous: [String], config: GenesisConfig.Tilt) -> Result<JournalStats, JournalRejection> {
        let trigger = words(in: draft.trigger)
        let plan = words(in: draft.plan)
        let all = trigger + plan + words(in: draft.body)
        let distinct = Set(all).count

        let required = config.journalMinimumPromptWords
        if trigger.count < required { return .failure(.promptUnanswered(prompt: prompts[0], words: trigger.count, required: required)) }
        if plan.count < required { return .failure(.promptUnanswered(prompt: prompts[1], words: plan.count, required: required)) }
        if all.count < config.journalMinimumWords { return .failure(.tooShort(words: all.count, required: config.journalMinimumWords)) }
        if distinct < config.journalMinimumDistinctWords {
            return .failure(.tooFewDistinctWords(distinct: distinct, required: config.journalMinimumDistinctWords))
        }

        let overlap = largestOverlap(all, previous: previous)
        if overlap > config.journalMaximumOverlap.value { return .failure(.copied(overlap: overlap.approximateDouble)) }

        let share = Double(distinct) / Double(all.count)
        if share < minimumDistinctShare { return .failure(.repetitive(distinctShare: share)) }
        if let repeated = mostRepeatedShingle(all, length: repeatedPhraseWords), repeated.times >= repeatedPhraseTimes {
            return .failure(.repeatedPhrase(phrase: repeated.phrase, times: repeated.times))
        }
        return .success(JournalStats(words: all.count, distinctWords: distinct))
    }

    /// The largest share of the draft's distinct five-word shingles found in
    /// any single earlier entry (0 when the draft has none). A `Decimal`
    /// quotient so the comparison with the configured limit is exact.
    static func largestOverlap(_ draft: [String], previous: [String]) -> Decimal {
        let mine = Set(shingles(draft, length: copyShingleWords))
        guard !mine.isEmpty else { return 0 }
        return previous.map { entry in
            Decimal(mine.intersection(shingles(words(in: entry), length: copyShingleWords)).count) / Decimal(mine.count)
        }.max() ?? 0
    }

    /// Every run of `length` consecutive words, joined by spaces, in order.
    static func shingles(_ words: [String], length: Int) -> [String] {
        guard length > 0, words.count >= length else { return [] }
        return (0...(words.count - length)).map { words[$0..<($0 + length)].joined(separator: " ") }
    }

    /// The run of `length` words occurring most often (overlaps counted;
    /// the first such run on a tie).
    static func mostRepeatedShingle(_ words: [String], length: Int) -> (phrase: String, times: Int)? {
        var counts: [String: Int] = [:]
        var best: (phrase: String, times: Int)?
        for shingle in shingles(words, length: length) {
            counts[shingle, default: 0] += 1
            if counts[shingle]! > (best?.times ?? 0) { best = (shingle, counts[shingle]!) }
        }
        return best
    }
}
