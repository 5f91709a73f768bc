import Foundation

/// The words a journal entry may be written in (DESIGN §4, "a journal entry
/// … rejected if it is not language"): the system dictionary when the machine
/// has one (Debian's `wamerican`, /usr/share/dict/words, about 100,000 words),
/// always together with the built-in list (`commonEnglish`, about 18,500 of the 20,000 most
/// frequent English words), the trading words a journal uses and the pieces
/// the word splitter leaves of contractions ("don't" → "don", "t").
///
/// Why both: the system list knows rare words, the built-in one keeps the
/// check working where the system list is absent. The thresholds
/// (`tilt.journalMinimumKnownWordShare`, 0.8) are set so that ordinary prose
/// passes on the built-in list alone (97–99% of its words are known) while
/// strings of made-up syllables fail even against the full dictionary (about
/// 15% of them happen to be words).
public struct Lexicon: Sendable {
    public static let systemPath = "/usr/share/dict/words"

    let words: Set<String>
    /// Whether the system dictionary was found and read.
    public let usesSystemDictionary: Bool

    init(words: Set<String>, usesSystemDictionary: Bool) {
        self.words = words
        self.usesSystemDictionary = usesSystemDictionary
    }

    /// The built-in words only (the same on every machine).
    public static let builtIn = Lexicon(words: baseWords, usesSystemDictionary: false)

    /// The system dictionary (when present) and the built-in words.
    public static let standard = load(systemPath: systemPath)

    /// Reads a word-per-line dictionary at `path` (lowercased; entries with
    /// an apostrophe, the possessives, are left out: the word splitter never
    /// produces them) on top of the built-in words.
    public static func load(systemPath path: String) -> Lexicon {
        guard let data = FileManager.default.contents(atPath: path) else { return builtIn }
        var words = baseWords
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) where !line.contains("'") {
            words.insert(line.lowercased())
        }
        return Lexicon(words: words, usesSystemDictionary: true)
    }

    static let baseWords: Set<String> = {
        var words = Set(commonEnglish.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        words.formUnion(tradingWords)
        words.formUnion(contractionPieces)
        return words
    }()

    /// Whether `word` (lowercase, as `JournalCheck.words` splits it) is a
    /// word: listed, or an inflection of a listed word ("trades", "stopped",
    /// "chasing", "quickly", "entries").
    public func knows(_ word: String) -> Bool {
        if words.contains(word) { return true }
        for stem in Self.stems(of: word) where words.contains(stem) { return true }
        return false
    }

    /// Candidate stems of an inflected word: common English suffixes taken
    /// off, with the doubled consonant of "stopped" and the y of "entries".
    static func stems(of word: String) -> [String] {
        var stems: [String] = []
        for suffix in ["s", "es", "ed", "d", "ing", "ly", "er", "ers", "est", "ness", "ment", "ful"] where word.hasSuffix(suffix) {
            let stem = String(word.dropLast(suffix.count))
            guard stem.count >= 2 else { continue }
            stems.append(stem)
            if let last = stem.last, stem.count >= 3, stem.dropLast().last == last { stems.append(String(stem.dropLast())) }
            stems.append(stem + "e")
        }
        for (suffix, replacement) in [("ies", "y"), ("ied", "y"), ("ier", "y"), ("iest", "y"), ("ily", "y")] where word.hasSuffix(suffix) {
            stems.append(String(word.dropLast(suffix.count)) + replacement)
        }
        return stems
    }

    /// Whether `word` is one of the small words sentences are built from.
    public static func isFunctionWord(_ word: String) -> Bool { functionWords.contains(word) }

    /// Articles, pronouns, prepositions, conjunctions and auxiliaries: in
    /// ordinary English they are 40–55% of the words (45–57% in the test
    /// entries); in a list of words, real or made up, hardly any.
    static let functionWords: Set<String> = Set("""
        a an the this that these those my your his her its our their mine yours ours theirs i me we us you he him she it they them
        myself yourself himself herself itself ourselves themselves who whom whose which what when where why how
        and but or nor so yet if then than because as while although though since until unless whether
        of in on at by for with about against between into through during before after above below to from up down out off over under
        again further once here there all any both each few more most other some such no not only own same too very just also
        am is are was were be been being have has had having do does did doing will would shall should can could may might must
        t s d ll m re ve don doesn didn isn wasn weren aren couldn wouldn shouldn hasn haven hadn won can cannot
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Trading words a journal needs that a general list may lack.
    static let tradingWords: [String] = """
        btc eth usdt usdc busd bnb sol xrp ada doge btcusdt ethusdt bnbusdt solusdt xrpusdt adausdt ethbtc crypto cryptos bitcoin ethereum
        altcoin altcoins pnl fomo fud rsi atr adx macd ema sma vwap twap bollinger breakout breakouts stoploss takeprofit scalp scalping scalped
        hodl leverage leveraged orderbook candlestick candlesticks wick wicks downtrend uptrend pullback pullbacks drawdown drawdowns
        checklist choppy slippage tilt tilted overtrading overtraded overtrade backtest backtests backtesting lockout lockouts rebound rebounds
        okay ok etc eg ie vs am pm usd genesis sniper hunter strategist architect
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// What the word splitter leaves of contractions.
    static let contractionPieces = ["t", "s", "d", "ll", "m", "re", "ve", "don", "doesn", "didn", "isn", "wasn", "weren", "aren", "couldn",
                                    "wouldn", "shouldn", "hasn", "haven", "hadn", "won", "ain", "mustn", "needn", "o", "y"]
}
