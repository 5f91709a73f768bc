import Foundation

/// What the watcher is doing, judged from its heartbeat row (DESIGN §6).
public enum WatcherStatus: String, Sendable, CaseIterable {
    /// The heartbeat is fresh: at most `maxHeartbeatAge` old.
    case running = "RUNNING"
    /// The watcher shut down cleanly (`stopped_at` is set).
    case stopped = "STOPPED"
    /// The heartbeat is stale and no clean shutdown was recorded: the process
    /// died (killed, crashed, machine rebooted) or hangs.
    case dead = "DEAD"
    /// No watcher ever ran on this database.
    case never = "NEVER"
}

/// Everything `gen-report health` reads from the store, gathered in one read.
public struct HealthInputs: Sendable, Equatable {
    public struct Pause: Sendable, Equatable {
        public var venue: String
        public var until: Timestamp
        public var status: Int
        public var reason: String

        public init(venue: String, until: Timestamp, status: Int, reason: String) {
            self.venue = venue
            self.until = until
            self.status = status
            self.reason = reason
        }
    }

    public var heartbeat: WatcherHeartbeat?
    /// Newest `executed_at` in the fills table.
    public var newestFillAt: Timestamp?
    /// Every recorded exchange pause, expired or not.
    public var pauses: [Pause]
    public var tradingState: TradingState
    public var tradingReason: String
    public var tradingChangedAt: Timestamp?
    /// Why trading is halted, when it is.
    public var haltCause: HaltCause?
    /// The newest audit event: when it was recorded and its type.
    public var lastEventAt: Timestamp?
    public var lastEventType: String?
    /// Open positions whose newest exit attempt failed (refused, expired
    /// unfilled): their stop or target was crossed and they are still held.
    public var failedExits: [FailedExit] = []
    /// Open positions of the live account with a stop but no protection
    /// standing on the exchange: guarded only while GENESIS runs.
    public var unprotectedOnExchange: [String] = []
    /// Every live pipeline's heartbeat row (`PipelineMonitor`), newest started first.
    public var pipelines: [PipelineHeartbeat] = []

    /// An open position whose exit did not go through.
    public struct FailedExit: Sendable, Equatable {
        public var session: String
        public var symbol: String
        public var purpose: String
        public var status: String
        public var rule: String?
        public var at: Timestamp

        public init(session: String, symbol: String, purpose: String, status: String, rule: String?, at: Timestamp) {
            self.session = session
            self.symbol = symbol
            self.purpose = purpose
            self.status = status
            self.rule = rule
            self.at = at
        }
    }

    public init(heartbeat: WatcherHeartbeat? = nil, newestFillAt: Timestamp? = nil, pauses: [Pause] = [],
                tradingState: TradingState = .active, tradingReason: String = "", tradingChangedAt: Timestamp? = nil,
                haltCause: HaltCause? = nil, lastEventAt: Timestamp? = nil, lastEventType: String? = nil) {
        self.haltCause = haltCause
        self.heartbeat = heartbeat
        self.newestFillAt = newestFillAt
        self.pauses = pauses
        self.tradingState = tradingState
        self.tradingReason = tradingReason
        self.tradingChangedAt = tradingChangedAt
        self.lastEventAt = lastEventAt
        self.lastEventType = lastEventType
    }
}

/// `gen-report health`: the watcher, the exchange and the trading state as of
/// an injected `now`, with one verdict and the exit code cron alerts on.
///
/// Exit codes (README, "Exit codes"; the most urgent problem wins):
/// - 7 state conflict: the watcher is DEAD (stale heartbeat, no clean stop),
///   or STOPPED / NEVER ran when `requireWatcher` is set, or a pipeline is
///   DEAD, or STOPPED / NEVER ran when `requirePipeline` is set, or trading was
///   halted by a reconciliation mismatch, or an open position's exit failed
///   (its stop was crossed and it is still held). A person must act.
/// - 5 exchange unavailable: an exchange pause (429 / 418) is in force, the
///   circuit breaker is open, or the running watcher's stream is disconnected
///   (after `firstConnectionGraceMs` from its start) or lagging more than
///   `maxStreamLagMs`.
/// - 6 refused by a rule: trading is HALTED (`gen-exec halt`, an emergency
///   demotion); nothing is broken but nothing trades.
/// - 0 otherwise; warnings (REDUCING, half-open circuit, rate-limit weight
///   at 80% or more) are printed but do not fail.
public struct HealthReport: Sendable {
    /// A heartbeat is fresh while it is at most this many intervals old.
    public static let freshIntervals = 3
    public static let defaultMaxStreamLagMs = 30_000
    /// A watcher just started has this long (ms) to open its first user-data
    /// stream before its absence is a problem: a restart (systemd's
    /// Restart=on-failure, a deploy) must not page the trader while the
    /// watcher subscribes and fills the gap over REST.
    public static let firstConnectionGraceMs: Int64 = 30_000
    /// Used weight at or above this share of the limit is a warning (the
    /// gateway keeps a 20% margin, so it starts refusing soon after).
    public static let weightWarningFraction = 0.8

    public struct Thresholds: Sendable, Equatable {
        /// Older than this (ms) without `stopped_at`, the watcher is DEAD.
        public var maxHeartbeatAgeMs: Int64
        public var maxStreamLagMs: Int
        /// STOPPED and NEVER are failures too (for a machine that trades live).
        public var requireWatcher: Bool
        /// Older than this (ms) without `stopped_at`, a pipeline is DEAD (`pipeline.deadAfterSeconds`).
        public var pipelineDeadAfterMs: Int64
        /// A STOPPED pipeline, or none ever run, is a failure too (the supervised pipeline must be running).
        public var requirePipeline: Bool

        public init(maxHeartbeatAgeMs: Int64 = Int64(HealthReport.freshIntervals * GenesisConfig().watcher.heartbeatSeconds) * 1000,
                    maxStreamLagMs: Int = HealthReport.defaultMaxStreamLagMs, requireWatcher: Bool = false,
                    pipelineDeadAfterMs: Int64 = Int64(GenesisConfig().pipeline.deadAfterSeconds) * 1000, requirePipeline: Bool = false) {
            self.maxHeartbeatAgeMs = maxHeartbeatAgeMs
            self.maxStreamLagMs = maxStreamLagMs
            self.requireWatcher = requireWatcher
            self.pipelineDeadAfterMs = pipelineDeadAfterMs
            self.requirePipeline = requirePipeline
        }

        /// 3 × the watcher's heartbeat interval.
        public static func forHeartbeat(seconds: Int) -> Thresholds {
            Thresholds(maxHeartbeatAgeMs: Int64(HealthReport.freshIntervals * seconds) * 1000)
        }
    }

    /// One thing that is wrong, and the exit code it maps to.
    public struct Problem: Sendable, Equatable {
        public var code: ExitStatus
        public var message: String
    }

    public let now: Timestamp
    public let inputs: HealthInputs
    public let thresholds: Thresholds
    public let watcher: WatcherStatus
    /// `now − heartbeat_at`, when there is a heartbeat.
    public let heartbeatAgeMs: Int64?
    /// The pauses still in force at `now`.
    public let activePauses: [HealthInputs.Pause]
    /// The newest started pipeline of each venue and its state at `now`
    /// (an older row of a venue is a run since replaced, not a death).
    public let pipelines: [(heartbeat: PipelineHeartbeat, status: PipelineStatus)]
    public let problems: [Problem]
    public let warnings: [String]

    public init(inputs: HealthInputs, now: Timestamp, thresholds: Thresholds = Thresholds()) {
        self.now = now
        self.inputs = inputs
        self.thresholds = thresholds
        let beat = inputs.heartbeat
        heartbeatAgeMs = beat.map { now.milliseconds - $0.heartbeatAt.milliseconds }
        if let beat {
            if beat.stoppedAt != nil {
                watcher = .stopped
            } else if now.milliseconds - beat.heartbeatAt.milliseconds <= thresholds.maxHeartbeatAgeMs {
                watcher = .running
            } else {
                watcher = .dead
            }
        } else {
            watcher = .never
        }
        activePauses = inputs.pauses.filter { $0.until > now }.sorted { $0.venue < $1.venue }
        var venues = Set<String>()
        pipelines = inputs.pipelines.sorted { $0.startedAt > $1.startedAt }.filter { venues.insert($0.venue).inserted }
            .map { ($0, $0.status(now: now, deadAfterMs: thresholds.pipelineDeadAfterMs)) }

        var problems: [Problem] = []
        var warnings: [String] = []
        let seconds = { (ms: Int64) in String(format: "%.1f s", Double(ms) / 1000) }
        switch watcher {
        case .running:
            break
        case .dead:
            problems.append(Problem(code: .stateConflict, message: "watcher DEAD: last heartbeat \(seconds(heartbeatAgeMs ?? 0)) ago (limit \(seconds(thresholds.maxHeartbeatAgeMs))) from pid \(beat!.pid) on \(beat!.host), and no clean stop was recorded; restart it and reconcile (docs/RUNBOOK.md)"))
        case .stopped:
            let message = "watcher STOPPED at \(beat!.stoppedAt!.iso8601)"
            if thresholds.requireWatcher { problems.append(Problem(code: .stateConflict, message: message + "; nothing watches fills and stops")) } else { warnings.append(message) }
        case .never:
            if thresholds.requireWatcher { problems.append(Problem(code: .stateConflict, message: "no watcher has ever run on this database")) }
        }
        for (pipeline, status) in pipelines {
            let name = "pipeline \(pipeline.session) on \(pipeline.venue)"
            switch status {
            case .running:
                break
            case .dead:
                problems.append(Problem(code: .stateConflict, message: "\(name) DEAD: last heartbeat \(seconds(pipeline.heartbeatAgeMs(now: now))) ago (limit \(seconds(thresholds.pipelineDeadAfterMs))) from pid \(pipeline.pid) on \(pipeline.host), and no clean stop was recorded; nothing is trading: see docs/RUNBOOK.md \"Pipeline DEAD\""))
            case .stopped:
                let message = "\(name) STOPPED at \(pipeline.stoppedAt!.iso8601)"
                if thresholds.requirePipeline { problems.append(Problem(code: .stateConflict, message: message + "; nothing reads the market or sends orders")) } else { warnings.append(message) }
            }
        }
        if pipelines.isEmpty, thresholds.requirePipeline {
            problems.append(Problem(code: .stateConflict, message: "no pipeline has ever run on this database (gen-exec on an exchange venue, or with --heartbeat)"))
        }
        if watcher == .running, let beat {
            if beat.circuitState == "open" {
                problems.append(Problem(code: .unavailable, message: "circuit breaker OPEN on \(beat.venue): the exchange keeps failing; requests are refused until it half-opens"))
            } else if beat.circuitState != "closed" {
                warnings.append("circuit breaker \(beat.circuitState) on \(beat.venue)")
            }
            let sinceStart = now.milliseconds - beat.startedAt.milliseconds
            if !beat.streamConnected, beat.reconnects == 0, sinceStart <= Self.firstConnectionGraceMs {
                warnings.append("user-data stream connecting (the watcher started \(seconds(sinceStart)) ago)")
            } else if !beat.streamConnected {
                problems.append(Problem(code: .unavailable, message: "user-data stream disconnected (\(beat.reconnects) reconnects so far)"))
            } else if let lag = beat.streamLagMs, lag > thresholds.maxStreamLagMs {
                problems.append(Problem(code: .unavailable, message: "stream lag \(lag) ms exceeds \(thresholds.maxStreamLagMs) ms"))
            }
            if let fraction = Self.weightFraction(beat), fraction >= Self.weightWarningFraction {
                warnings.append(String(format: "rate-limit weight at %.0f%% of the limit", fraction * 100))
            }
        }
        for pause in activePauses {
            let kind = pause.status == 418 ? "banned (418)" : "rate-limited (\(pause.status))"
            problems.append(Problem(code: .unavailable, message: "\(pause.venue) \(kind) until \(pause.until.iso8601): \(pause.reason)"))
        }
        for exit in inputs.failedExits {
            problems.append(Problem(code: .stateConflict, message: "\(exit.symbol) (\(exit.session)) is NOT protected: its \(exit.purpose.lowercased()) sell ended \(exit.status)\(exit.rule.map { " (\($0))" } ?? "") at \(exit.at.iso8601) and the position is still open; the watcher retries it, look at it now"))
        }
        for symbol in inputs.unprotectedOnExchange {
            warnings.append("\(symbol) has no stop on the exchange: it is protected only while the watcher runs (the next reconcile places it again)")
        }
        switch inputs.tradingState {
        case .halted:
            problems.append(Problem(code: inputs.haltCause == .reconciliation ? .stateConflict : .refused, message: "trading HALTED: \(inputs.tradingReason)"))
        case .reducing:
            warnings.append("trading REDUCING (exits only): \(inputs.tradingReason)")
        case .active:
            break
        }
        self.problems = problems
        self.warnings = warnings
    }

    /// Used weight over the limit, when both are known.
    static func weightFraction(_ beat: WatcherHeartbeat) -> Double? {
        guard let used = beat.usedWeight, let limit = beat.weightLimit, limit > 0 else { return nil }
        return Double(used) / Double(limit)
    }

    public var healthy: Bool { problems.isEmpty }

    /// The most urgent problem's code: 7 before 5 before 6; 0 when healthy.
    public var exitStatus: ExitStatus {
        for code in [ExitStatus.stateConflict, .unavailable, .refused] where problems.contains(where: { $0.code == code }) { return code }
        return .ok
    }

    /// Newest fill: the heartbeat's or the fills table's, whichever is later.
    public var lastFillAt: Timestamp? {
        [inputs.heartbeat?.lastFillAt, inputs.newestFillAt].compactMap { $0 }.max()
    }

    private func age(_ time: Timestamp?) -> String {
        guard let time else { return "never" }
        let ms = now.milliseconds - time.milliseconds
        let text: String
        switch abs(ms) {
        case ..<60_000: text = String(format: "%.1f s", Double(ms) / 1000)
        case ..<3_600_000: text = "\(ms / 60_000) min"
        case ..<172_800_000: text = "\(ms / 3_600_000) h"
        default: text = "\(ms / 86_400_000) d"
        }
        return "\(time.iso8601) (\(text) ago)"
    }

    /// The table for people.
    public var rows: [(String, String)] {
        var rows: [(String, String)] = [("verdict", healthy ? "HEALTHY" : "UNHEALTHY (exit \(exitStatus.rawValue): \(exitStatus.summary))"),
                                        ("watcher", watcher.rawValue)]
        if let beat = inputs.heartbeat {
            let stale = watcher == .running ? "" : " (as of the last heartbeat)"
            rows += [
                ("process", "pid \(beat.pid) on \(beat.host), venue \(beat.venue), session \(beat.session)"),
                ("started", beat.startedAt.iso8601),
                ("heartbeat", age(beat.heartbeatAt) + " (limit \(String(format: "%.0f s", Double(thresholds.maxHeartbeatAgeMs) / 1000)))"),
            ]
            if let stopped = beat.stoppedAt { rows.append(("stopped", stopped.iso8601)) }
            rows += [
                ("stream", (beat.streamConnected ? "connected" : "DISCONNECTED") + (beat.streamLagMs.map { ", lag \($0) ms" } ?? "") + stale),
                ("last stream event", beat.lastStreamEventAt.map { $0.iso8601 } ?? "none"),
                ("reconnects / gap fills", "\(beat.reconnects) / \(beat.gapFills)"),
                ("circuit breaker", beat.circuitState + stale),
                ("rate-limit weight", Self.weightText(beat) + stale),
            ]
        }
        if pipelines.isEmpty { rows.append(("pipeline", "NEVER")) }
        for (pipeline, status) in pipelines {
            let stale = status == .running ? "" : " (as of the last heartbeat)"
            rows += [
                ("pipeline", "\(status.rawValue): session \(pipeline.session), venue \(pipeline.venue), pid \(pipeline.pid) on \(pipeline.host), started \(pipeline.startedAt.iso8601)"),
                ("pipeline heartbeat", age(pipeline.heartbeatAt) + " (limit \(String(format: "%.0f s", Double(thresholds.pipelineDeadAfterMs) / 1000)))"
                    + (pipeline.stoppedAt.map { ", stopped \($0.iso8601)" } ?? "")),
                ("last candle", age(pipeline.lastCandleAt) + stale),
                ("last signal", age(pipeline.lastSignalAt)),
                ("last order", age(pipeline.lastOrderAt) + stale),
                ("lines read", "\(pipeline.linesRead) (\(pipeline.candles) candles, \(pipeline.orders) orders)"),
            ]
        }
        rows.append(("last fill", age(lastFillAt)))
        rows.append(("exchange pause", activePauses.isEmpty ? "none" : activePauses.map { "\($0.venue) \($0.status) until \($0.until.iso8601)" }.joined(separator: "; ")))
        rows.append(("trading", inputs.tradingState.rawValue + (inputs.tradingReason.isEmpty ? "" : ": \(inputs.tradingReason)")
                        + (inputs.tradingChangedAt.map { " (since \($0.iso8601))" } ?? "")))
        rows.append(("last audit event", inputs.lastEventAt.map { age($0) + (inputs.lastEventType.map { " \($0)" } ?? "") } ?? "none"))
        for problem in problems { rows.append(("PROBLEM", "[\(problem.code.rawValue)] \(problem.message)")) }
        for warning in warnings { rows.append(("warning", warning)) }
        return rows
    }

    static func weightText(_ beat: WatcherHeartbeat) -> String {
        guard let used = beat.usedWeight else { return "unknown" }
        guard let limit = beat.weightLimit, let fraction = weightFraction(beat) else { return "\(used) used" }
        return String(format: "%d / %d (%.1f%%)", used, limit, fraction * 100)
    }

    /// One JSON object (a line); absent values are left out.
    public func json() -> String {
        var line = JSONLineBuilder()
        line.field("healthy", healthy)
        line.field("exit_code", Int(exitStatus.rawValue))
        line.field("now", now.iso8601)
        line.field("watcher_status", watcher.rawValue)
        line.field("max_heartbeat_age_ms", thresholds.maxHeartbeatAgeMs)
        if let beat = inputs.heartbeat {
            line.field("watcher_pid", beat.pid)
            line.field("watcher_host", beat.host)
            line.field("watcher_venue", beat.venue)
            line.field("watcher_session", beat.session)
            line.field("watcher_started_at", beat.startedAt.iso8601)
            line.field("heartbeat_at", beat.heartbeatAt.iso8601)
            line.field("heartbeat_age_ms", heartbeatAgeMs ?? 0)
            line.field("stopped_at", beat.stoppedAt?.iso8601)
            line.field("stream_connected", beat.streamConnected)
            line.field("last_stream_event_at", beat.lastStreamEventAt?.iso8601)
            if let lag = beat.streamLagMs { line.field("stream_lag_ms", lag) }
            line.field("reconnects", beat.reconnects)
            line.field("gap_fills", beat.gapFills)
            line.field("circuit_state", beat.circuitState)
            if let used = beat.usedWeight { line.field("used_weight", used) }
            if let limit = beat.weightLimit { line.field("weight_limit", limit) }
            if let fraction = Self.weightFraction(beat) { line.field("weight_used_pct", approximate: fraction * 100, places: 1) }
        }
        line.field("last_fill_at", lastFillAt?.iso8601)
        line.field("pipeline_status", pipelines.first?.status.rawValue ?? "NEVER")
        line.field("pipeline_dead_after_ms", thresholds.pipelineDeadAfterMs)
        line.field("pipelines", objects: pipelines.map { pipeline, status in
            var item = JSONLineBuilder()
            item.field("status", status.rawValue)
            item.field("session", pipeline.session)
            item.field("venue", pipeline.venue)
            item.field("pid", pipeline.pid)
            item.field("host", pipeline.host)
            item.field("started_at", pipeline.startedAt.iso8601)
            item.field("heartbeat_at", pipeline.heartbeatAt.iso8601)
            item.field("heartbeat_age_ms", pipeline.heartbeatAgeMs(now: now))
            item.field("stopped_at", pipeline.stoppedAt?.iso8601)
            item.field("last_candle_at", pipeline.lastCandleAt?.iso8601)
            if let candleAge = pipeline.candleAgeMs(now: now) { item.field("candle_age_ms", candleAge) }
            item.field("last_signal_at", pipeline.lastSignalAt?.iso8601)
            item.field("last_order_at", pipeline.lastOrderAt?.iso8601)
            item.field("last_fill_at", pipeline.lastFillAt?.iso8601)
            item.field("lines_read", pipeline.linesRead)
            item.field("candles", pipeline.candles)
            item.field("orders", pipeline.orders)
            return item
        })
        line.field("exchange_pauses", objects: activePauses.map { pause in
            var item = JSONLineBuilder()
            item.field("venue", pause.venue)
            item.field("status", pause.status)
            item.field("until", pause.until.iso8601)
            item.field("reason", pause.reason)
            return item
        })
        line.field("trading_state", inputs.tradingState.rawValue)
        line.field("trading_reason", inputs.tradingReason)
        line.field("trading_changed_at", inputs.tradingChangedAt?.iso8601)
        line.field("last_event_at", inputs.lastEventAt?.iso8601)
        line.field("last_event_type", inputs.lastEventType)
        line.field("problems", objects: problems.map { problem in
            var item = JSONLineBuilder()
            item.field("code", Int(problem.code.rawValue))
            item.field("message", problem.message)
            return item
        })
        line.field("warnings", strings: warnings)
        return line.finish()
    }
}
