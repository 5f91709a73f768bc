import Foundation

/// Every figure of DESIGN §2–§5, with the spec's defaults built in. No tier
/// limit or risk threshold is a constant anywhere else in the code: the code
/// reads it from here. Keys are documented in docs/CONFIGURATION.md.
public struct GenesisConfig: Codable, Sendable, Equatable {
    public var tiers = Tiers()
    public var progression = Progression()
    public var demotion = Demotion()
    public var risk = Risk()
    public var tilt = Tilt()
    public var execution = Execution()
    public var watcher = Watcher()
    public var paper = Paper()
    public var backup = Backup()
    public var tax = Tax()
    public var strategies = Strategies()
    public var replay = Replay()
    public var control = Control()
    public var alert = Alert()
    public var pipeline = Pipeline()

    public init() {}

    // MARK: Tiers (DESIGN §2)

    public struct TierRules: Codable, Sendable, Equatable {
        /// Capital band of the tier, in the quote asset.
        public var minimumBalance: ExactDecimal
        public var maximumBalance: ExactDecimal?
        public var orderTypes: [OrderTypeName]
        public var algorithms: [ExecutionAlgorithm]
        public var strategies: [String]
        public var maxOpenPositions: Int
        public var maxPairs: Int
        /// Daily realised loss, in dollars, at which new entries stop.
        public var dailyLossLimit: ExactDecimal
        /// Orders at or above this notional are sliced (SNIPER: 3 market slices).
        public var sliceAboveNotional: ExactDecimal?
        public var slices: Int?
        /// Market entries at or above this notional are worked by TWAP (nil:
        /// never by configuration); the algorithm must be unlocked at the tier.
        public var twapAboveNotional: ExactDecimal?
        /// Market entries at or above this notional are worked by VWAP (nil:
        /// never by configuration); above both thresholds the higher wins.
        public var vwapAboveNotional: ExactDecimal?
        /// Kelly sizing bounds as fractions of balance; nil = fixed fraction only.
        public var kellyMinimumFraction: ExactDecimal?
        public var kellyMaximumFraction: ExactDecimal?
        /// Gates to reach this tier from the one below (nil for the first tier).
        public var promotion: PromotionGates?

        enum CodingKeys: String, CodingKey {
            case minimumBalance, maximumBalance, orderTypes, algorithms, strategies, maxOpenPositions, maxPairs, dailyLossLimit,
                 sliceAboveNotional, slices, twapAboveNotional, vwapAboveNotional, kellyMinimumFraction, kellyMaximumFraction, promotion
        }

        /// Writes absent optionals as `null` rather than leaving them out, so
        /// the configuration merge knows every key exists and lets a file set it.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(minimumBalance, forKey: .minimumBalance)
            try container.encode(maximumBalance, forKey: .maximumBalance)
            try container.encode(orderTypes, forKey: .orderTypes)
            try container.encode(algorithms, forKey: .algorithms)
            try container.encode(strategies, forKey: .strategies)
            try container.encode(maxOpenPositions, forKey: .maxOpenPositions)
            try container.encode(maxPairs, forKey: .maxPairs)
            try container.encode(dailyLossLimit, forKey: .dailyLossLimit)
            try container.encode(sliceAboveNotional, forKey: .sliceAboveNotional)
            try container.encode(slices, forKey: .slices)
            try container.encode(twapAboveNotional, forKey: .twapAboveNotional)
            try container.encode(vwapAboveNotional, forKey: .vwapAboveNotional)
            try container.encode(kellyMinimumFraction, forKey: .kellyMinimumFraction)
            try container.encode(kellyMaximumFraction, forKey: .kellyMaximumFraction)
            try container.encode(promotion, forKey: .promotion)
        }
    }

    public struct PromotionGates: Codable, Sendable, Equatable {
        public var minimumWinRate: ExactDecimal
        public var minimumTrades: Int
        public var baselineDays: Int
        public var adjustmentHours: Int
    }

    public struct Tiers: Codable, Sendable, Equatable {
        public var sniper = TierRules(
            minimumBalance: 500, maximumBalance: 2000, orderTypes: [.market], algorithms: [.market, .slicedMarket],
            strategies: ["simple_arbitrage", "spread_capture", "momentum_breakout"], maxOpenPositions: 1, maxPairs: 1,
            dailyLossLimit: 25, sliceAboveNotional: 500, slices: 3, kellyMinimumFraction: nil, kellyMaximumFraction: nil, promotion: nil)
        public var hunter = TierRules(
            minimumBalance: 2000, maximumBalance: 10000,
            orderTypes: [.market, .limit, .ioc, .fok, .limitMaker], algorithms: [.market, .slicedMarket, .iceberg],
            strategies: ["simple_arbitrage", "spread_capture", "momentum_breakout", "mean_reversion", "multi_pair_rotation"],
            maxOpenPositions: 3, maxPairs: 5, dailyLossLimit: 100, sliceAboveNotional: nil, slices: nil,
            kellyMinimumFraction: 0.01, kellyMaximumFraction: 0.10,
            promotion: PromotionGates(minimumWinRate: 0.45, minimumTrades: 100, baselineDays: 7, adjustmentHours: 48))
        public var strategist = TierRules(
            minimumBalance: 10000, maximumBalance: 50000,
            orderTypes: [.market, .limit, .ioc, .fok, .limitMaker, .stopLossLimit, .takeProfitLimit],
            algorithms: [.market, .slicedMarket, .iceberg, .twap, .vwap],
            strategies: ["simple_arbitrage", "spread_capture", "momentum_breakout", "mean_reversion", "multi_pair_rotation", "pairs_arbitrage", "market_making"],
            maxOpenPositions: 5, maxPairs: 10, dailyLossLimit: 500, sliceAboveNotional: nil, slices: nil,
            kellyMinimumFraction: 0.005, kellyMaximumFraction: 0.15,
            promotion: PromotionGates(minimumWinRate: 0.55, minimumTrades: 500, baselineDays: 14, adjustmentHours: 72))
        public var architect = TierRules(
            minimumBalance: 50000, maximumBalance: nil,
            orderTypes: [.market, .limit, .ioc, .fok, .limitMaker, .stopLossLimit, .takeProfitLimit],
            algorithms: [.market, .slicedMarket, .iceberg, .twap, .vwap],
            strategies: ["simple_arbitrage", "spread_capture", "momentum_breakout", "mean_reversion", "multi_pair_rotation", "pairs_arbitrage", "market_making"],
            maxOpenPositions: 10, maxPairs: 20, dailyLossLimit: 1000, sliceAboveNotional: nil, slices: nil,
            kellyMinimumFraction: 0.005, kellyMaximumFraction: 0.20,
            promotion: PromotionGates(minimumWinRate: 0.65, minimumTrades: 2000, baselineDays: 30, adjustmentHours: 96))

        public subscript(tier: Tier) -> TierRules {
            switch tier {
            case .sniper: sniper
            case .hunter: hunter
            case .strategist: strategist
            case .architect: architect
            }
        }
    }

    public struct Progression: Codable, Sendable, Equatable {
        public var minimumDaysAtTier = 30
        public var minimumProfitableDaysFraction: ExactDecimal = 0.6
        public var minimumExecutionQualityFraction: ExactDecimal = 0.9
        public var adjustmentPhaseLimits: [ExactDecimal] = [0.25, 0.4, 0.6, 0.8]
        public var adjustmentExtensionHours = 12
        public var adjustmentInterventionLimit = 5
        public var acceptPhrase = "I understand the responsibilities"
    }

    public struct Deleveraging: Codable, Sendable, Equatable {
        public var dailyLossFraction: ExactDecimal
        public var cutFraction: ExactDecimal
    }

    public struct Demotion: Codable, Sendable, Equatable {
        public var dailyLossFraction: ExactDecimal = 0.15
        public var drawdownFraction: ExactDecimal = 0.15
        public var belowFloorMinutes = 60
        public var stopLossesIn24Hours = 3
        public var tiltScore = 80
        public var violationsIn24Hours = 3
        public var overrideAttemptsIn24Hours = 5
        public var emergencyMaxPosition: ExactDecimal = 10
        public var reAdvancementDays = 30
        public var deleveraging: [Deleveraging] = [
            Deleveraging(dailyLossFraction: 0.10, cutFraction: 0.25),
            Deleveraging(dailyLossFraction: 0.12, cutFraction: 0.50),
            Deleveraging(dailyLossFraction: 0.14, cutFraction: 0.75),
        ]
        public var closeAllMaxSlippage: ExactDecimal = 0.02
        public var rampAfterEmergency: [ExactDecimal] = [0.25, 0.5, 0.75, 1]
        public var overridePhrase = "OVERRIDE EMERGENCY HALT"
        public var overrideMinutes = 5
        public var overridesPerDay = 2
    }

    // MARK: Risk (DESIGN §3)

    public struct Risk: Codable, Sendable, Equatable {
        /// Fixed-fraction sizing: a position's notional as a fraction of balance.
        public var positionFraction: ExactDecimal = 0.05
        public var minimumPosition: ExactDecimal = 10
        public var kellyFraction: ExactDecimal = 0.25
        public var kellyCap: ExactDecimal = 0.5
        public var kellyMinimumTrades = 20
        public var kellyLookbackDays = 30
        public var tiltWarningMultiplier: ExactDecimal = 0.5
        public var recoveryHourMultiplier: ExactDecimal = 0.5
        public var adjustmentPeriodMultiplier: ExactDecimal = 0.5
        public var losingDaysMultiplier: ExactDecimal = 0.5
        public var losingDaysInARow = 2
        public var dailyLossReduceAt: ExactDecimal = 0.05
        public var dailyLossReduceMultiplier: ExactDecimal = 0.5
        public var dailyLossNoNewPositionsAt: ExactDecimal = 0.10
        public var dailyLossPrepareHaltAt: ExactDecimal = 0.12
        public var maxTradesPerDay = 100
        public var maxDrawdown: ExactDecimal = 0.15
        /// Slippage (a fraction of the price, on entry and on the stop's
        /// exit) counted when the drawdown budget sizes an entry's worst case.
        public var budgetSlippage: ExactDecimal = 0.002
        public var maxCorrelatedExposure: ExactDecimal = 0.6
        public var correlationAlert: ExactDecimal = 0.7
        public var correlationForceReduce: ExactDecimal = 0.95
        /// Share of the newer position sold when a pair passes `correlationForceReduce`.
        public var correlationReduceShare: ExactDecimal = 0.5
        /// The window ρ is measured over (DESIGN §3.4, `Correlation.Settings`):
        /// returns of the latest closed candles, about four days of hours.
        public var correlationWindow = 100
        /// The candles' interval tried first, then the fallbacks in order.
        public var correlationInterval = "1h"
        public var correlationFallbackIntervals = ["15m", "5m", "1m", "4h", "1d"]
        /// Pairs sharing fewer returns are left out: no alert, refusal or cut.
        public var correlationMinimumReturns = 20
        public var correlationReturns: Correlation.Returns = .log
        /// Stop-loss distance used when a strategy gives none.
        public var defaultStopLoss: ExactDecimal = 0.02
        public var loosenCoolingOffMinutes = 60
    }

    // MARK: Tilt (DESIGN §4)

    public struct Tilt: Codable, Sendable, Equatable {
        public var lossStreak = 3
        public var lossStreakStrong = 5
        public var revengeWindowSeconds = 60
        public var quickSuccessionTrades = 3
        public var sizeEscalationMultiple: ExactDecimal = 1.5
        public var frequencyHighMultiple: ExactDecimal = 2
        public var frequencyLowMultiple: ExactDecimal = 0.2
        public var cancelRate: ExactDecimal = 0.4
        public var cancelWithinSeconds = 5
        public var modificationsPerOrder = 5
        public var configChangesPerDay = 3
        public var impulsiveSeconds = 2
        public var rageRestartsWindowMinutes = 10
        public var baselineDays = 30
        public var baselineRefreshDays = 7
        public var baselineMinimumSamplesPerHour = 10
        public var cautionAt = 30
        public var warningAt = 60
        public var lockedAt = 80
        public var forcedBreakMinutes = 30
        public var tiltDebtFractions: [ExactDecimal] = [0.10, 0.25, 0.50]
        public var journalMinimumWords = 500
        public var journalMinimumDistinctWords = 20
        public var lockoutMinutes: [Int] = [5, 30, 1440]
        public var lockoutRepeatMultiplier: ExactDecimal = 1.5
        public var lockoutCapMinutes = 10080
        public var recoveryMinutes = 60
        /// How long an indicator's points count: they fade linearly to zero
        /// over this many minutes after the evidence (DESIGN §4 "decays").
        public var decayMinutes = 240
        /// Each of the journal's reflection prompts needs at least this many words.
        public var journalMinimumPromptWords = 20
        /// A journal entry sharing more than this share of its five-word runs
        /// with an earlier entry is a copy.
        public var journalMaximumOverlap: ExactDecimal = 0.5
        /// Lockouts escalate while the previous one is younger than this.
        public var lockoutEscalationResetDays = 30
        /// Trading pace in the first `baselineDays`, before a usual pace is
        /// known: more manual entries than this in one hour is chasing.
        public var warmUpEntriesPerHour = 6
        /// Each part of a journal entry (trigger, plan, reflection) must have
        /// at least this share of its words in the dictionary.
        public var journalMinimumKnownWordShare: ExactDecimal = 0.8
        /// ... and at least this share of the small words sentences are made
        /// of ("I", "the", "and", "because"): a list of words is not a reflection.
        public var journalMinimumFunctionWordShare: ExactDecimal = 0.15
        public var weights = TiltWeights()
    }

    /// Points each indicator adds to the tilt score at severity 1 (DESIGN §4).
    public struct TiltWeights: Codable, Sendable, Equatable {
        /// Per losing trade of a streak of at least `tilt.lossStreak`.
        public var lossStreakPerLoss = 10
        /// Added once the streak reaches `tilt.lossStreakStrong`.
        public var lossStreakStrongBonus = 10
        public var revengeEntry = 30
        public var sizeEscalation = 20
        public var frequencyDeviation = 15
        public var cancelRate = 15
        public var bargaining = 10
        /// Per manual order outside signals, override attempt or forced resume.
        public var manualOverride = 10
        public var configThrashing = 15
        public var offHours = 10
        public var impulsiveReaction = 20
        public var rageRestarts = 20
    }

    // MARK: Execution (DESIGN §5)

    public struct Execution: Codable, Sendable, Equatable {
        public var latencyBudgetMarketMs = 50
        public var latencyBudgetLimitMs = 100
        public var slippageBudget: ExactDecimal = 0.005
        public var marketImpactAlert: ExactDecimal = 0.005
        public var icebergMandatoryAboveNotional: ExactDecimal = 200
        public var icebergMinSlices = 3
        public var icebergMaxSlices = 10
        public var icebergSizeJitter: ExactDecimal = 0.2
        public var icebergMinDelaySeconds = 1
        public var icebergMaxDelaySeconds = 5
        public var icebergAbortSlippage: ExactDecimal = 0.005
        /// How far below its trigger the exchange-side stop-loss may sell
        /// (the STOP_LOSS_LIMIT's limit price): room to fill in a fast
        /// market, and the most a stop-out can give up past the stop.
        public var stopLimitOffset: ExactDecimal = 0.01
        public var icebergAbortFailedSlices = 3
        public var twapSlices = 10
        public var twapMinMinutes = 5
        public var twapMaxMinutes = 30
        public var twapTimingJitter: ExactDecimal = 0.2
        public var twapMaxVolumeShare: ExactDecimal = 0.1
        public var twapEarlyFinishImprovement: ExactDecimal = 0.002
        public var vwapProfileDays = 30
        public var vwapBucketMinutes = 30
        public var vwapParticipation: ExactDecimal = 0.1
        public var vwapMaxParticipation: ExactDecimal = 0.2
        public var vwapMinSliceNotional: ExactDecimal = 50
        public var vwapMaxSlices = 100
        public var vwapCatchUpPoints = 5
        public var vwapAbortSlippageBps = 100
        public var breakerFailures = 5
        public var breakerWindowSeconds = 30
        public var breakerHalfOpenSeconds = 60
        public var retryBackoffSeconds: [Int] = [1, 2, 4, 8, 16, 30]
        public var connectTimeoutSeconds = 5
        public var readTimeoutSeconds = 10
        public var totalTimeoutSeconds = 30
        public var recvWindowMs = 5000
        public var rateLimitMargin: ExactDecimal = 0.2
        public var exchangeInfoCacheHours = 24
        public var resumeCooldownHoursAfterEmergency = 24
        /// Waits before reconnecting a dropped market stream, growing per failure.
        public var streamReconnectMilliseconds: [Int] = [250, 1000, 2000, 4000, 8000, 15000, 30000]
        public var haltPhrase = "HALT TRADING NOW"
        public var closeAllPhrase = "CLOSE ALL POSITIONS"
        /// Default worst price accepted by close-all, as a fraction below the bid.
        public var closeAllMaxSlippage: ExactDecimal = 0.01
        /// An order reaching an exchange venue must have been judged on the
        /// wall clock at most this many seconds ago, and be stamped within
        /// it of the exchange-corrected clock (DESIGN §10): a signal dated
        /// another day cannot borrow that day's limits.
        public var liveOrderMaxAgeSeconds = 10
    }

    /// The in-process paper venue.
    public struct Paper: Codable, Sendable, Equatable {
        public var feeRate: ExactDecimal = 0.001
        /// Adverse slippage applied to every paper market fill, in basis points.
        public var slippageBps: ExactDecimal = 5
        /// Filters used on paper when no exchangeInfo is cached (Binance's BTCUSDT values).
        public var tickSize: ExactDecimal = 0.01
        public var stepSize: ExactDecimal = 0.00001
        public var minNotional: ExactDecimal = 5
    }

    /// `gen-report tax`: how a disposal's holding period is classified.
    public struct Tax: Codable, Sendable, Equatable {
        /// Long-term when sold more than this many calendar days after the
        /// acquisition date; null (the default): when sold after the
        /// anniversary of the acquisition date, i.e. held more than one year.
        public var longTermDays: Int?

        enum CodingKeys: String, CodingKey { case longTermDays }

        public init(longTermDays: Int? = nil) { self.longTermDays = longTermDays }

        /// Written as `null` when absent, so the configuration merge knows the key exists.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(longTermDays, forKey: .longTermDays)
        }
    }

    /// `gen-report backup`: online copies of the database (cron, every 4 h).
    public struct Backup: Codable, Sendable, Equatable {
        /// Copies kept in the backup directory; older ones are deleted (42 =
        /// a week at one every 4 hours).
        public var keep = 42
    }

    // MARK: Strategies (DESIGN §7)

    public struct MomentumBreakout: Codable, Sendable, Equatable {
        /// Run by gen-signal when no `--strategies` is given (docs/STRATEGIES.md: positive out of sample on BTCUSDT).
        public var enabled = true
        public var lookback = 20
        /// 0.5% beyond the channel, on hourly bars (docs/STRATEGIES.md): the
        /// spec's 2% on minute bars is a PANIC bar by construction.
        public var breakoutFraction: ExactDecimal = 0.005
        public var volumeMultiple: ExactDecimal = 1.5
        public var adxPeriod = 14
        public var adxThreshold: ExactDecimal = 25
        /// Stop distance in ATRs below (above) the entry.
        public var stopATRs: ExactDecimal = 2
        /// Target distance as a multiple of the stop distance.
        public var targetRiskMultiple: ExactDecimal = 2
        /// The candles it runs on (`StrategyTimeframe`): hourly, where the
        /// walk-forward found its edge and where a breakout is not by
        /// definition a panic.
        public var timeframe = StrategyTimeframe(Interval("1h"))
    }

    /// HUNTER mean reversion (DESIGN §7): Bollinger bands confirmed by RSI.
    public struct MeanReversion: Codable, Sendable, Equatable {
        /// Run by gen-signal when no `--strategies` is given (docs/STRATEGIES.md: no edge out of sample after fees).
        public var enabled = false
        public var bollingerPeriod = 20
        public var bollingerDeviations: ExactDecimal = 2
        public var rsiPeriod = 14
        public var rsiOversold: ExactDecimal = 30
        public var rsiOverbought: ExactDecimal = 70
        public var stopFraction: ExactDecimal = 0.02
        public var targetFraction: ExactDecimal = 0.01
        public var maxHoldMinutes = 30
        /// The candles it runs on; absent: those given (`StrategyTimeframe`).
        public var timeframe = StrategyTimeframe()
    }

    /// The market-state classifier (DESIGN §7).
    public struct MarketState: Codable, Sendable, Equatable {
        /// Bars of history for the ATR percentiles and the volume statistics.
        public var lookback = 100
        public var atrPeriod = 14
        public var panicVolumeZScore: ExactDecimal = 3
        public var panicATRPercentile: ExactDecimal = 0.9
        public var deadVolumeShare: ExactDecimal = 0.2
        public var deadATRPercentile: ExactDecimal = 0.05
        public var volatileATRPercentile: ExactDecimal = 0.75
    }

    /// Three books forming a triangle: `bridge` is X/Q (BTCUSDT), `cross`
    /// Y/X (ETHBTC) and `direct` Y/Q (ETHUSDT), so direct ≈ bridge × cross.
    public struct Triangle: Codable, Sendable, Equatable {
        public var bridge: String
        public var cross: String
        public var direct: String

        public init(bridge: String, cross: String, direct: String) {
            self.bridge = bridge
            self.cross = cross
            self.direct = direct
        }
    }

    /// SNIPER triangular arbitrage (DESIGN §7) over `book` lines.
    public struct SimpleArbitrage: Codable, Sendable, Equatable {
        /// Run by gen-signal when no `--strategies` is given (docs/STRATEGIES.md: no triangle came near the edge after fees in three years).
        public var enabled = false
        public var triangles = [Triangle(bridge: "BTCUSDT", cross: "ETHBTC", direct: "ETHUSDT")]
        /// Taker fee paid on each of the three legs.
        public var takerFee: ExactDecimal = 0.001
        /// Round-trip edge after fees that must be exceeded.
        public var minimumEdge: ExactDecimal = 0.003
        public var stopFraction: ExactDecimal = 0.01
        public var targetFraction: ExactDecimal = 0.005
        /// How long an opportunity lives (its signal's `valid_until`); quotes older than this are stale.
        public var lifetimeSeconds = 5
    }

    /// SNIPER spread capture (DESIGN §7) over `book` lines.
    public struct SpreadCapture: Codable, Sendable, Equatable {
        /// Run by gen-signal when no `--strategies` is given (docs/STRATEGIES.md: six recorded minutes are no evidence yet).
        public var enabled = false
        /// Book updates in the rolling averages (spread, mid volatility).
        public var lookback = 100
        public var minimumSpreadBps: ExactDecimal = 5
        /// The spread must be at least this multiple of its rolling average.
        public var spreadMultiple: ExactDecimal = 2
        /// Largest population standard deviation of the mid's changes, in bps, that counts as stable.
        public var maximumMidVolatilityBps: ExactDecimal = 2
        /// Least share of the touch quantity on the thinner side (a book with less is one-sided).
        public var minimumSideShare: ExactDecimal = 0.2
        /// Target = ask + this fraction of the spread.
        public var targetSpreadFraction: ExactDecimal = 1
        public var stopFraction: ExactDecimal = 0.003
    }

    /// HUNTER multi-pair rotation (DESIGN §7) over candles.
    public struct MultiPairRotation: Codable, Sendable, Equatable {
        /// Run by gen-signal when no `--strategies` is given (docs/STRATEGIES.md: no edge out of sample).
        public var enabled = false
        /// Pairs ranked; empty means the first `maxPairs` symbols seen on each interval.
        public var pairs: [String] = []
        public var maxPairs = 5
        /// Bars of the rate of change that ranks them.
        public var lookback = 24
        /// Bars between rotations, aligned to the epoch on the data clock.
        public var rotationBars = 24
        public var topN = 1
        /// A pair enters the top only with a rate of change above this.
        public var minimumRateOfChange: ExactDecimal = 0
        public var stopFraction: ExactDecimal = 0.03
        public var targetFraction: ExactDecimal = 0.06
        /// The candles it runs on; absent: those given (`StrategyTimeframe`).
        public var timeframe = StrategyTimeframe()
    }

    /// Two symbols traded as a statistical pair.
    public struct SymbolPair: Codable, Sendable, Equatable {
        public var first: String
        public var second: String

        public init(first: String, second: String) {
            self.first = first
            self.second = second
        }
    }

    /// STRATEGIST statistical pairs arbitrage (DESIGN §7) over candles.
    public struct PairsArbitrage: Codable, Sendable, Equatable {
        /// Run by gen-signal when no `--strategies` is given (docs/STRATEGIES.md: no edge out of sample long-only).
        public var enabled = false
        public var pairs = [SymbolPair(first: "BTCUSDT", second: "ETHUSDT")]
        /// Joint bars in the rolling correlation, regression and z-score.
        public var lookback = 100
        public var minimumCorrelation: ExactDecimal = 0.8
        /// Cointegration proxy: the spread's AR(1) half-life must be at most this many bars.
        public var maximumHalfLifeBars: ExactDecimal = 50
        public var entryZScore: ExactDecimal = 2
        public var exitZScore: ExactDecimal = 0.5
        public var stopZScore: ExactDecimal = 3
        /// Price stop of the bought leg (the z-score stop comes as a SELL).
        public var stopFraction: ExactDecimal = 0.03
        /// The candles it runs on; absent: those given (`StrategyTimeframe`).
        public var timeframe = StrategyTimeframe()
    }

    /// STRATEGIST market making (DESIGN §7) over `book` lines.
    public struct MarketMaking: Codable, Sendable, Equatable {
        /// Run by gen-signal when no `--strategies` is given (docs/STRATEGIES.md: six recorded minutes are no evidence yet).
        public var enabled = false
        public var layers = 3
        public var baseSpreadBps: ExactDecimal = 10
        public var minimumSpreadBps: ExactDecimal = 5
        public var maximumSpreadBps: ExactDecimal = 50
        /// Spread = base + this × the mid's volatility (bps), within the bounds.
        public var volatilityMultiple: ExactDecimal = 2
        /// Mid changes in the volatility.
        public var volatilityLookback = 50
        /// Each further layer sits this many bps further out.
        public var layerStepBps: ExactDecimal = 5
        public var inventoryTarget: ExactDecimal = 0.5
        public var inventoryMinimum: ExactDecimal = 0.3
        public var inventoryMaximum: ExactDecimal = 0.7
        /// Quotes are renewed only when the mid moved more than this fraction.
        public var requoteFraction: ExactDecimal = 0.0005
        /// Stop of a filled bid, below its limit.
        public var stopFraction: ExactDecimal = 0.01
    }

    /// The cross-pair correlation check that confirms PANIC (DESIGN §7).
    public struct CrossCorrelation: Codable, Sendable, Equatable {
        /// Returns in each pair's correlation.
        public var window = 30
        /// Per-bar averages in the baseline the spike is measured against.
        public var baseline = 100
        /// A spike: the average pairwise correlation at or above this…
        public var spikeLevel: ExactDecimal = 0.9
        /// …or at least this much above its baseline.
        public var spikeRise: ExactDecimal = 0.2
        /// Most symbols per interval followed.
        public var maxSymbols = 20
    }

    public struct Strategies: Codable, Sendable, Equatable {
        public var momentumBreakout = MomentumBreakout()
        public var meanReversion = MeanReversion()
        public var marketState = MarketState()
        public var simpleArbitrage = SimpleArbitrage()
        public var spreadCapture = SpreadCapture()
        public var multiPairRotation = MultiPairRotation()
        public var pairsArbitrage = PairsArbitrage()
        public var marketMaking = MarketMaking()
        public var crossCorrelation = CrossCorrelation()

        /// Whether gen-signal runs `name` when no `--strategies` is given:
        /// a strategy whose walk-forward evidence shows no edge ships
        /// switched off (docs/STRATEGIES.md), and can still be asked for.
        public func isEnabled(_ name: String) -> Bool {
            switch name {
            case GenesisDomain.MomentumBreakout.name: momentumBreakout.enabled
            case GenesisDomain.MeanReversion.name: meanReversion.enabled
            case GenesisDomain.SimpleArbitrage.name: simpleArbitrage.enabled
            case GenesisDomain.SpreadCapture.name: spreadCapture.enabled
            case GenesisDomain.MultiPairRotation.name: multiPairRotation.enabled
            case GenesisDomain.PairsArbitrage.name: pairsArbitrage.enabled
            case GenesisDomain.MarketMaking.name: marketMaking.enabled
            default: false
            }
        }
    }

    /// `gen-exec watch` (DESIGN §6).
    public struct Watcher: Codable, Sendable, Equatable {
        /// How often the heartbeat row is written and the stream pinged.
        public var heartbeatSeconds = 5
        /// A stream silent this long (no event, no pong) is treated as dead:
        /// it is dropped, reconnected and gap-filled over REST.
        public var stallSeconds = 15
        /// Waits before reconnecting after successive failures.
        public var reconnectDelaysMs = [250, 1000, 2000, 5000, 10000]
        /// A full reconcile over REST at least this often, even when the
        /// stream looks healthy (belt and braces for a missed event).
        public var reconcileMinutes = 15
    }

    public struct Replay: Codable, Sendable, Equatable {
        /// How long gen-risk waits for gen-exec to catch up before judging a
        /// signal in a replay; after that it warns and stops waiting.
        public var syncTimeoutSeconds = 10
    }

    /// The watcher's optional control API (DESIGN §6): request budgets per
    /// endpoint and key, and the limits of what one request may ask for.
    public struct Control: Codable, Sendable, Equatable {
        /// Requests per minute to each read endpoint (health, account, positions, tilt, tier, performance, events).
        public var readsPerMinute = 60
        /// Requests per minute to POST /v1/halt.
        public var haltPerMinute = 5
        /// Requests per minute to POST /v1/close-all.
        public var closeAllPerMinute = 5
        /// Requests per minute with a missing or wrong key, all endpoints together.
        public var authFailuresPerMinute = 30
        /// Events returned by GET /v1/events when no `limit` is given…
        public var eventsDefaultLimit = 100
        /// …and the most one request may ask for.
        public var eventsMaxLimit = 1000
        /// A heartbeat older than this is reported stale by GET /v1/health.
        public var heartbeatStaleSeconds = 30
        /// Shortest API key accepted (GENESIS_API_KEY or the key file).
        public var minimumKeyLength = 16
        /// Largest request body accepted, in bytes.
        public var maxBodyBytes = 16384

        public init() {}
    }
}
