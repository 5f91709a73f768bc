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

/// What the lock was about, so the trigger's answer can be checked against
/// it: the symbols traded recently ("btcusdt", and its base asset "btc").
public struct JournalContext: Sendable, Equatable {
    public var symbols: [String]

    public init(symbols: [String] = []) { self.symbols = symbols }

    /// The symbols and their base assets, lowercase.
    var terms: Set<String> {
        var terms = Set<String>()
        for symbol in symbols.map({ $0.lowercased() }) {
            terms.insert(symbol)
            for quote in ["usdt", "usdc", "busd", "fdusd", "btc", "eth", "bnb", "eur"] where symbol.hasSuffix(quote) && symbol.count > quote.count {
                terms.insert(String(symbol.dropLast(quote.count)))
                break
            }
        }
        return terms
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
    /// Too few of a part's words are in the dictionary: not language.
    case notLanguage(part: String, knownShare: Double, unknown: [String])
    /// Too few of the small words sentences are made of: a list, not prose.
    case notSentences(part: String, share: Double)
    /// The trigger's answer does not say what happened in the trading.
    case triggerNotAddressed
    /// The plan's answer does not say what the trader will do.
    case planNotAddressed

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
        case let .notLanguage(part, share, unknown):
            "This does not read as English: only \(Int((share * 100).rounded()))% of the words of \(part) are in the dictionary"
                + (unknown.isEmpty ? "" : " (not found: \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")))")
                + " — write in your own plain sentences about what happened and what you will change."
        case let .notSentences(part, share):
            "\(part.prefix(1).uppercased() + part.dropFirst()) reads as a list of words, not sentences (only \(Int((share * 100).rounded()))% are words like \"I\", \"the\", \"and\", \"because\") — write it out in full sentences."
        case .triggerNotAddressed:
            "The answer to \"\(JournalCheck.prompts[0])\" does not say what happened in your trading — name the trades, losses, orders or feelings that set it off (for example: the stop on BTCUSDT, three losses in a row, the urge to win it back)."
        case .planNotAddressed:
            "The answer to \"\(JournalCheck.prompts[1])\" does not say what you will do in your trading — state it as a commitment (for example: I will take one trade at a time, no entry within an hour of a loss, the size stays as planned)."
        }
    }
}

/// Judges a journal entry before it can lift a lockout (DESIGN §4): long
/// enough, varied enough, written in language, answering the prompts, and
/// not a copy or a loop.
///
/// "Language" is judged per part (the trigger's answer, the plan's, the
/// reflection) on its words made of letters: at least
/// `journalMinimumKnownWordShare` (80%) of them must be words (`Lexicon`),
/// and at least `journalMinimumFunctionWordShare` (15%) must be the small
/// words sentences are made of, so neither made-up syllables nor a list of
/// real words passes. "Answering" means the trigger's answer names something
/// that happened in the trading (at least two trading or feeling words, or
/// the symbols traded) and the plan's answer states an intention about the
/// trading (an intention word and a trading word).
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

    /// Parts with fewer words made of letters than this are not judged for
    /// language on their own (too few words to say anything).
    public static let languageMinimumWords = 10
    /// The trigger's answer names at least this many different trading or
    /// feeling words (or traded symbols).
    public static let triggerMinimumTerms = 2

    /// Accepts `draft` with its figures, or says what is missing. Checks run
    /// in the order a writer can act on: the two prompts, language, whether
    /// the answers address the trigger and the plan, length, variety,
    /// copying from `previous` entries, then repetition.
    public static func evaluate(_ draft: JournalDraft, previous: [String], config: GenesisConfig.Tilt, lexicon: Lexicon = .standard,
                                context: JournalContext = JournalContext()) -> Result<JournalStats, JournalRejection> {
        let trigger = words(in: draft.trigger)
        let plan = words(in: draft.plan)
        let body = words(in: draft.body)
        let all = trigger + plan + body
        let distinct = Set(all).count

        let required = config.journalMinimumPromptWords
        if trigger.count < required { return .failure(.promptUnanswered(prompt: prompts[0], words: trigger.count, required: required)) }
        if plan.count < required { return .failure(.promptUnanswered(prompt: prompts[1], words: plan.count, required: required)) }
        for (part, partWords) in [("the answer to \"\(prompts[0])\"", trigger), ("the answer to \"\(prompts[1])\"", plan), ("the reflection", body)] {
            if let rejection = language(partWords, part: part, lexicon: lexicon, config: config) { return .failure(rejection) }
        }
        if !addressesTrigger(trigger, context: context) { return .failure(.triggerNotAddressed) }
        if !addressesPlan(plan) { return .failure(.planNotAddressed) }
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

    /// Why `partWords` are not language, or nil when they are (or too few to tell).
    static func language(_ partWords: [String], part: String, lexicon: Lexicon, config: GenesisConfig.Tilt) -> JournalRejection? {
        let lettered = partWords.filter { $0.allSatisfy(\.isLetter) }
        guard lettered.count >= languageMinimumWords else { return nil }
        let unknown = lettered.filter { !lexicon.knows($0) }
        let known = Decimal(lettered.count - unknown.count) / Decimal(lettered.count)
        if known < config.journalMinimumKnownWordShare.value {
            var seen = Set<String>()
            let examples = unknown.filter { seen.insert($0).inserted }.prefix(3).map { String($0.prefix(20)) }
            return .notLanguage(part: part, knownShare: known.approximateDouble, unknown: Array(examples))
        }
        let function = Decimal(lettered.filter(Lexicon.isFunctionWord).count) / Decimal(lettered.count)
        if function < config.journalMinimumFunctionWordShare.value {
            return .notSentences(part: part, share: function.approximateDouble)
        }
        return nil
    }

    /// Words that say what happened in the trading or how it felt.
    static let triggerTerms: Set<String> = Set("""
        loss losses lost lose losing loser stop stops stopped stoploss streak trade trades traded trading trader entry entries entered enter
        entering reentry reentered revenge chase chased chasing size sized sizing bigger doubled cancel cancelled canceled order orders manual
        market markets price prices drop dropped dump dumped fell fall falling crash crashed spike pump pumped rally position positions
        bought buy buying sold sell selling short long profit profits win wins won missed miss fomo fear afraid scared panic panicked angry
        anger frustrated frustration greed greedy bored boredom tired impatient impatience upset stress stressed nervous euphoric
        overconfident confidence tilt tilted news halt halted resume resumed settings config limit limits rule rules leverage chart charts
        candle candles breakout signal signals strategy strategies lockout locked lock drawdown overtrading stake account balance money
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Words that state an intention.
    static let intentionTerms: Set<String> = Set("""
        will shall going plan plans planning next tomorrow tonight week weekend until before after only never always instead commit promise
        must should need want try avoid keep stick follow set review reduce cut close walk pause wait limit rule rules maximum max minimum
        first then from each every no more less
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// `word` or one of its stems is in `terms`.
    static func matches(_ word: String, _ terms: Set<String>) -> Bool {
        terms.contains(word) || Lexicon.stems(of: word).contains(where: terms.contains)
    }

    /// The trigger's answer names what happened: at least
    /// `triggerMinimumTerms` different trading or feeling words or traded symbols.
    static func addressesTrigger(_ trigger: [String], context: JournalContext) -> Bool {
        let symbols = context.terms
        return Set(trigger.filter { matches($0, triggerTerms) || symbols.contains($0) }).count >= triggerMinimumTerms
    }

    /// The plan's answer states an intention about the trading.
    static func addressesPlan(_ plan: [String]) -> Bool {
        plan.contains { matches($0, intentionTerms) } && plan.contains { matches($0, triggerTerms) }
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
