import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

@Suite struct JournalCheckTests {
    let config = TiltFixture.config

    /// Words a trader might use in a reflection; the writer below draws from them.
    static let vocabulary = """
        market price stop loss entry exit plan risk size position trade chart signal volume trend morning evening afternoon calm \
        rushed tired focused anxious angry frustrated hopeful patient impatient breakfast coffee screen phone news headline rumour \
        bitcoin ether spread candle wick breakout pullback support resistance level target order limit cancel modify chase \
        revenge fear greed doubt confidence discipline rule checklist journal review pause breathe walk sleep rest notice \
        feeling thought body shoulders jaw heartbeat stomach hands quickly slowly again instead because although when while \
        after before during later earlier yesterday today tomorrow week month first second third last next previous small \
        large larger smaller double half quarter number figure balance account profit drawdown streak three four five minutes \
        hours seconds waited clicked typed opened closed moved widened tightened ignored followed broke kept wrote read \
        watched listened decided hesitated regretted accepted learned realised understood expected hoped wanted needed tried \
        could would should might must will can did was were had have has is are be being been the a an of to in on at for \
        with without from into over under about through between against toward my me i it this that those these what which \
        who how why where nothing something everything anything nobody friend partner colleague mentor coach desk room window \
        light noise quiet music silence weather rain sun cold warm hungry thirsty late early alarm timer reminder \
        note list step habit routine pattern mistake lesson cost fee slippage fill partial sharp sudden drop \
        spike rally dip bounce range flat choppy volatile steady clear vague honest careful simple specific concrete smaller \
        reasonable sensible measured written printed checked confirmed wait stopped started continued repeated avoided
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init).reduce(into: [String]()) { unique, word in
            if !unique.contains(word) { unique.append(word) }
        }

    /// `count` words drawn from the vocabulary by a fixed linear congruential
    /// generator, with a full stop every eleventh word: varied, deterministic prose.
    static func prose(_ count: Int, seed: UInt64) -> String {
        var state = seed
        var words: [String] = []
        for index in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var word = vocabulary[Int((state >> 33) % UInt64(vocabulary.count))]
            if index % 11 == 10 { word += "." }
            words.append(word)
        }
        return words.joined(separator: " ")
    }

    func draft(trigger: Int = 30, plan: Int = 30, body: Int = 480) -> JournalDraft {
        JournalDraft(trigger: Self.prose(trigger, seed: 1), plan: Self.prose(plan, seed: 2), body: Self.prose(body, seed: 3))
    }

    func evaluate(_ draft: JournalDraft, previous: [String] = []) -> Result<JournalStats, JournalRejection> {
        JournalCheck.evaluate(draft, previous: previous, config: config)
    }

    func rejection(_ result: Result<JournalStats, JournalRejection>) -> JournalRejection? {
        if case let .failure(rejection) = result { return rejection }
        return nil
    }

    @Test func wordsAreLowercasedRunsOfLettersAndDigits() {
        #expect(JournalCheck.words(in: "Don't panic: BTCUSDT fell 2.5%!") == ["don", "t", "panic", "btcusdt", "fell", "2", "5"])
        #expect(JournalCheck.words(in: "  Ruhig — später weiter…  ") == ["ruhig", "später", "weiter"])
        #expect(JournalCheck.words(in: "").isEmpty)
    }

    @Test func theTestProseIsVaried() {
        let words = JournalCheck.words(in: Self.prose(540, seed: 3))
        #expect(Self.vocabulary.count >= 250)
        #expect(words.count == 540)
        #expect(Double(Set(words).count) / 540 > 0.4)
    }

    @Test func aLongVariedAnsweredEntryIsAccepted() throws {
        let result = evaluate(draft())
        let stats = try result.get()
        #expect(stats.words == 540)
        #expect(stats.distinctWords > 150)
        #expect(evaluate(draft(), previous: [Self.prose(600, seed: 99)]) == result)    // an unrelated earlier entry
    }

    @Test func anEntryNeedsFiveHundredWords() {
        #expect(rejection(evaluate(draft(body: 439))) == .tooShort(words: 499, required: 500))
        #expect((try? evaluate(draft(body: 440)).get())?.words == 500)
        let short = draft(trigger: 100, plan: 100, body: 112)
        #expect(rejection(evaluate(short)) == .tooShort(words: 312, required: 500))
        #expect(rejection(evaluate(short))?.message == "The entry has 312 words; at least 500 are needed — keep writing about what happened and what you will change.")
    }

    @Test func bothPromptsNeedAnAnswer() {
        #expect(rejection(evaluate(draft(trigger: 19))) == .promptUnanswered(prompt: "What triggered it?", words: 19, required: 20))
        #expect((try? evaluate(draft(trigger: 20)).get()) != nil)
        var noPlan = draft()
        noPlan.plan = "   "
        #expect(rejection(evaluate(noPlan)) == .promptUnanswered(prompt: "What is your plan?", words: 0, required: 20))
        #expect(rejection(evaluate(noPlan))?.message.hasPrefix("The answer to \"What is your plan?\" has 0 words; at least 20 are needed") == true)
        #expect(rejection(evaluate(draft(plan: 1)))?.message.contains("has 1 word;") == true)
    }

    @Test func anEntryNeedsTwentyDistinctWords() {
        func cycle(_ distinct: Int, _ count: Int) -> String {
            (0..<count).map { Self.vocabulary[$0 % distinct] }.joined(separator: " ")
        }
        let nineteen = JournalDraft(trigger: cycle(19, 30), plan: cycle(19, 30), body: cycle(19, 480))
        #expect(rejection(evaluate(nineteen)) == .tooFewDistinctWords(distinct: 19, required: 20))
        #expect(rejection(evaluate(nineteen))?.message == "The entry uses 19 different words; at least 20 are needed — describe what happened in your own words.")
        // Twenty distinct words pass that check, but 20 of 540 is far too repetitive.
        let twenty = JournalDraft(trigger: cycle(20, 30), plan: cycle(20, 30), body: cycle(20, 480))
        guard case let .repetitive(share) = rejection(evaluate(twenty)) else {
            Issue.record("expected a repetitive rejection")
            return
        }
        #expect(abs(share - 20.0 / 540) < 1e-12)
    }

    /// 500 words using exactly `distinct` vocabulary words: each once, then
    /// the rest drawn at random from them (so no eight-word run repeats).
    func entry(distinct: Int) -> JournalDraft {
        var words = Array(Self.vocabulary[0..<distinct])
        var state: UInt64 = 5
        while words.count < 500 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            words.append(Self.vocabulary[Int((state >> 33) % UInt64(distinct))])
        }
        return JournalDraft(trigger: words[0..<30].joined(separator: " "), plan: words[30..<60].joined(separator: " "),
                            body: words[60...].joined(separator: " "))
    }

    @Test func fewerThanThirtyPercentDistinctWordsIsRepetitive() {
        #expect((try? evaluate(entry(distinct: 150)).get()) == JournalStats(words: 500, distinctWords: 150))     // exactly 30%
        #expect(rejection(evaluate(entry(distinct: 149))) == .repetitive(distinctShare: 149.0 / 500))
        #expect(rejection(evaluate(entry(distinct: 149)))?.message
                == "Only 29.8% of the entry's words are different ones — say what happened and what you will change in more varied words.")
        #expect(rejection(evaluate(entry(distinct: 100)))?.message.hasPrefix("Only 20% of") == true)
    }

    @Test func anEightWordPhraseThreeTimesIsRepetitive() {
        let phrase = "i will not trade again when i feel this way."
        var twice = draft()
        twice.body += " " + phrase + " " + Self.prose(20, seed: 7) + " " + phrase
        #expect((try? evaluate(twice).get()) != nil)
        var thrice = twice
        thrice.body += " " + Self.prose(20, seed: 8) + " " + phrase
        #expect(rejection(evaluate(thrice)) == .repeatedPhrase(phrase: "i will not trade again when i feel", times: 3))
        #expect(rejection(evaluate(thrice))?.message == "The phrase \"i will not trade again when i feel\" appears 3 times — write each thought once and add what you will do differently.")
    }

    @Test func aCopyOfAnEarlierEntryIsRejected() {
        let entry = draft()
        let earlier = [entry.trigger, entry.plan, entry.body].joined(separator: "\n")
        #expect(rejection(evaluate(entry, previous: [Self.prose(300, seed: 42), earlier])) == .copied(overlap: 1))
        #expect(rejection(evaluate(entry, previous: [earlier]))?.message == "About 100% of the entry matches an earlier one — write about this episode as it happened, in fresh words.")
    }

    @Test func overlapIsJudgedOnFiveWordRunsAgainstEachEarlierEntry() {
        let entry = draft()
        let words = JournalCheck.words(in: [entry.trigger, entry.plan, entry.body].joined(separator: " "))
        #expect(Set(JournalCheck.shingles(words, length: 5)).count == 536)    // 540 words, every five-word run distinct
        // The first m words share m − 4 runs: 272 → 268 / 536 = 0.5 exactly, accepted; 273 → just above, a copy.
        let half = words[0..<272].joined(separator: " ")
        #expect((try? evaluate(entry, previous: [half]).get()) != nil)
        let overHalf = words[0..<273].joined(separator: " ")
        guard case let .copied(overlap) = rejection(evaluate(entry, previous: [overHalf])) else {
            Issue.record("expected a copy rejection")
            return
        }
        #expect(abs(overlap - 269.0 / 536) < 1e-9)
        // Two earlier entries each holding half do not add up to a copy.
        let secondHalf = words[268...].joined(separator: " ")
        #expect((try? evaluate(entry, previous: [half, secondHalf]).get()) != nil)
    }

    @Test func promptsAskWhatTriggeredItAndWhatThePlanIs() {
        #expect(JournalCheck.prompts.count >= 4)
        #expect(JournalCheck.prompts[0] == "What triggered it?")
        #expect(JournalCheck.prompts[1] == "What is your plan?")
        #expect(JournalCheck.prompts.allSatisfy { $0.hasSuffix("?") })
    }

    @Test func figuresComeFromTheConfiguration() {
        var config = config
        config.journalMinimumWords = 100
        config.journalMinimumPromptWords = 5
        let small = JournalDraft(trigger: Self.prose(5, seed: 1), plan: Self.prose(5, seed: 2), body: Self.prose(90, seed: 3))
        #expect((try? JournalCheck.evaluate(small, previous: [], config: config).get())?.words == 100)
    }
}
