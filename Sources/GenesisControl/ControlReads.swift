import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// The read endpoints. Each one asks the store through the same functions
/// the commands use (`gen-report health`, `gen-risk account`, `gen-tilt
/// status`, `gen-risk tier`, `gen-report summary`, `gen-report audit`) and
/// only lays the answer out as JSON.
extension ControlAPI {
    /// GET /v1/health: the watcher's heartbeat and how old it is, with the trading state.
    func health(now: Timestamp) throws -> JSONValue {
        let (state, reason) = try store.tradingState()
        var members: ControlJSON.Members = [("session", .string(session))]
        members += ControlJSON.time("now", now)
        members += [("trading_state", .string(state.rawValue)), ("trading_state_reason", .string(reason))]
        guard let beat = try store.heartbeat() else {
            return .object([("status", .string("no_watcher"))] + members + [("watcher", .null)])
        }
        let age = max(0, now.milliseconds - beat.heartbeatAt.milliseconds)
        let stale = age > Int64(settings.heartbeatStaleSeconds) * 1000
        let status = beat.stoppedAt != nil ? "stopped" : stale ? "stale" : "ok"
        var watcher: ControlJSON.Members = [("pid", .integer(Int64(beat.pid))), ("host", .string(beat.host)), ("venue", .string(beat.venue)),
                                            ("session", .string(beat.session))]
        watcher += ControlJSON.time("started_at", beat.startedAt)
        watcher += ControlJSON.time("heartbeat_at", beat.heartbeatAt)
        watcher += [("heartbeat_age_ms", .integer(age)), ("stale", .bool(stale))]
        watcher += ControlJSON.time("stopped_at", beat.stoppedAt)
        watcher += [("stream_connected", .bool(beat.streamConnected))]
        watcher += ControlJSON.time("last_stream_event_at", beat.lastStreamEventAt)
        watcher += [("stream_lag_ms", ControlJSON.integer(beat.streamLagMs)), ("reconnects", .integer(Int64(beat.reconnects))),
                    ("gap_fills", .integer(Int64(beat.gapFills)))]
        watcher += ControlJSON.time("last_fill_at", beat.lastFillAt)
        watcher += [("circuit_state", .string(beat.circuitState)), ("used_weight", ControlJSON.integer(beat.usedWeight)),
                    ("weight_limit", ControlJSON.integer(beat.weightLimit))]
        return .object([("status", .string(status))] + members + [("watcher", .object(watcher))])
    }

    /// GET /v1/account: balance, tier, the day's P&L and the trading state.
    func account(now: Timestamp) throws -> JSONValue {
        let account = try store.requireAccount(session: session)
        let (state, reason) = try store.tradingState()
        var members: ControlJSON.Members = [("session", .string(session)), ("quote_asset", .string(account.quoteAsset)), ("tier", .string(account.tier.rawValue))]
        members += ControlJSON.time("tier_started_at", account.tierStartedAt)
        members += [("initial_balance", ControlJSON.decimal(account.initialBalance)), ("balance", ControlJSON.decimal(account.balance)),
                    ("peak_balance", ControlJSON.decimal(account.peakBalance)), ("drawdown", ControlJSON.decimal(account.peakBalance - account.balance)),
                    ("day", .string(now.utcDate)), ("day_start_balance", ControlJSON.decimal(account.startOfDayBalance(at: now))),
                    ("day_pnl", ControlJSON.decimal(account.profitToday(at: now))),
                    ("open_positions", .integer(Int64(try store.openPositionCount(session: session)))),
                    ("trading_state", .string(state.rawValue)), ("trading_state_reason", .string(reason))]
        members += ControlJSON.time("trading_state_changed_at", try store.tradingStateChangedAt())
        return .object(members)
    }

    /// GET /v1/positions: open positions, valued at the newest stored price.
    func positions(now: Timestamp) throws -> JSONValue {
        _ = try store.requireAccount(session: session)
        let open = try store.openPositions(session: session).sorted { ($0.openedAt, $0.symbol) < ($1.openedAt, $1.symbol) }
        let items: [JSONValue] = try open.map { position in
            let last = try store.lastClose(symbol: position.symbol)
            var members: ControlJSON.Members = [("symbol", .string(position.symbol)), ("quantity", ControlJSON.decimal(position.quantity)),
                                                ("entry_price", ControlJSON.decimal(position.entryPrice)), ("cost", ControlJSON.decimal(position.cost)),
                                                ("stop", ControlJSON.decimal(position.stop)), ("target", ControlJSON.decimal(position.target)),
                                                ("strategy", .string(position.strategy)), ("entry_client_order_id", .string(position.entryClientOrderID))]
            members += ControlJSON.time("opened_at", position.openedAt)
            members += [("fees", ControlJSON.decimal(position.fees)), ("last_price", ControlJSON.decimal(last?.price))]
            members += ControlJSON.time("last_price_at", last?.at)
            members += [("unrealized_pnl", ControlJSON.decimal(last.map { ($0.price - position.entryPrice) * position.quantity }))]
            return .object(members)
        }
        return .object([("session", .string(session)), ("count", .integer(Int64(items.count))), ("positions", .array(items))])
    }

    /// GET /v1/tilt: what `gen-tilt status --json` says, with both time forms.
    func tilt(now: Timestamp) throws -> JSONValue {
        _ = try store.requireAccount(session: session)
        let report = try store.tiltReport(session: session, config: config, now: now)
        var members: ControlJSON.Members = [("session", .string(session)), ("score", .integer(Int64(report.assessment.score))),
                                            ("level", .string(report.level.rawValue)), ("locked", .bool(report.standing.locked))]
        members += ControlJSON.time("lockout_ends_at", report.standing.lockoutEndsAt)
        members += ControlJSON.time("recovery_until", report.standing.recoveryUntil)
        members += ControlJSON.time("forced_break_until", report.assessment.forcedBreakUntil)
        members += [("tilt_debt", ControlJSON.decimal(report.debt)), ("baseline_established", .bool(report.baselineEstablished)),
                    ("how_to_resume", .string(report.howToResume))]
        members.append(("indicators", .array(report.assessment.readings.map { reading in
            .object([("indicator", .string(reading.indicator.rawValue)), ("points", ControlJSON.number(reading.points, places: 1)),
                     ("evidence", .string(reading.evidence))] + ControlJSON.time("at", reading.at))
        })))
        return .object(members)
    }

    /// GET /v1/tier: the tier, its configured limits, every gate toward the next one, and what stays locked.
    func tier(now: Timestamp) throws -> JSONValue {
        let snapshot = try store.tierSnapshot(session: session, config: config, now: now)
        let evaluation = TierMachine(config: config).evaluate(snapshot, now: now)
        let rules = config.tiers[evaluation.tier]
        let limits: JSONValue = .object([
            ("minimum_balance", ControlJSON.decimal(rules.minimumBalance.value)), ("maximum_balance", ControlJSON.decimal(rules.maximumBalance?.value)),
            ("daily_loss_limit", ControlJSON.decimal(rules.dailyLossLimit.value)), ("max_open_positions", .integer(Int64(rules.maxOpenPositions))),
            ("max_pairs", .integer(Int64(rules.maxPairs))), ("order_types", ControlJSON.strings(rules.orderTypes.map(\.rawValue))),
            ("algorithms", ControlJSON.strings(rules.algorithms.map(\.rawValue))), ("strategies", ControlJSON.strings(rules.strategies)),
        ])
        var members: ControlJSON.Members = [("session", .string(session)), ("tier", .string(evaluation.tier.rawValue)),
                                            ("target", ControlJSON.string(evaluation.target?.rawValue))]
        members += ControlJSON.time("tier_started_at", snapshot.account.tierStartedAt)
        members += ControlJSON.time("evaluated_at", evaluation.evaluatedAt)
        members += [("promotion_ready", .bool(evaluation.passed)), ("limits", limits),
                    ("gates", .array(evaluation.gates.map { gate in
                        .object([("gate", .string(gate.name)), ("current", .string(gate.current)), ("required", .string(gate.required)), ("passed", .bool(gate.passed))])
                    })),
                    ("locked", ControlJSON.strings(evaluation.lockedFeatures(config: config)))]
        let state = snapshot.state
        if let adjustment = state.adjustment, now < adjustment.endsAt {
            var period: ControlJSON.Members = [("tier", .string(adjustment.tier.rawValue))]
            period += ControlJSON.time("started_at", adjustment.startedAt)
            period += ControlJSON.time("ends_at", adjustment.endsAt)
            period += [("phase", ControlJSON.integer(state.adjustmentPhase(at: now))), ("interventions", .integer(Int64(adjustment.interventions))),
                       ("extended", .bool(adjustment.extended))]
            members.append(("adjustment", .object(period)))
        } else {
            members.append(("adjustment", .null))
        }
        members += ControlJSON.time("emergency_at", state.emergencyAt)
        members.append(("journal_required", .bool(state.journalRequired)))
        return .object(members)
    }

    enum Period: String, CaseIterable {
        case day, week, month, all

        /// The first instant counted: today's 00:00 UTC, 6 or 29 days before it, or nil (all history).
        func start(now: Timestamp) -> Timestamp? {
            let days: Int64? = switch self {
            case .day: 0
            case .week: 6
            case .month: 29
            case .all: nil
            }
            return days.map { Timestamp(milliseconds: (now.utcDay - $0) * Timestamp.millisecondsPerDay) }
        }
    }

    /// GET /v1/performance?period=: `gen-report summary` over the trades closed in the period.
    func performance(_ query: Query, now: Timestamp) throws -> JSONValue {
        let text = try query.value("period") ?? "all"
        guard let period = Period(rawValue: text) else {
            throw ControlError.badRequest("period must be one of \(Period.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var account = try store.requireAccount(session: session)
        let from = period.start(now: now)
        let closed = try store.closedPositions(session: session)
        let inPeriod = closed.filter { position in from.map { (position.closedAt ?? now) >= $0 } ?? true }
        // The curve of the period starts at the balance its first trade found.
        let before = closed.filter { position in from.map { (position.closedAt ?? now) < $0 } ?? false }
        account.initialBalance += before.compactMap(\.realizedPnL).reduce(0, +)
        let summary = PerformanceSummary(account: account, closed: inPeriod, openPositions: try store.openPositionCount(session: session))
        var members: ControlJSON.Members = [("session", .string(session)), ("period", .string(period.rawValue))]
        members += ControlJSON.time("from", from)
        members += ControlJSON.time("to", now)
        // The same figures, by the same names, as `gen-report summary --json`.
        var figures: ControlJSON.Members = [("tier", .string(summary.tier.rawValue))]
        figures += summary.members
        figures += [("start_balance", ControlJSON.decimal(summary.initialBalance)), ("balance", ControlJSON.decimal(summary.balance)),
                    ("open_positions", .integer(Int64(summary.openPositions)))]
        figures += ControlJSON.time("first_trade", summary.firstTrade)
        figures += ControlJSON.time("last_trade", summary.lastTrade)
        figures.append(("why_null", Figure.json(summary.whyNull)))
        members.append(("summary", .object(figures)))
        // The ratios come from the whole daily equity curve (as `gen-report summary`), whatever the period.
        let metrics = try ReportData(store: store, session: session, now: now).metrics
        members.append(("curve", .object(metrics.members + [("why_null", Figure.json(metrics.whyNull))])))
        return .object(members)
    }

    /// The latest time `since` may name (9999-12-31T23:59:59.999Z).
    static let latestTime: Int64 = 253_402_300_799_999

    /// GET /v1/events?type=&since=&limit=: the audit trail, oldest first.
    func events(_ query: Query, now: Timestamp) throws -> JSONValue {
        let limit: Int
        if let text = try query.value("limit") {
            guard let value = Int(text), value >= 1, value <= settings.eventsMaxLimit else {
                throw ControlError.badRequest("limit must be a whole number from 1 to \(settings.eventsMaxLimit)")
            }
            limit = value
        } else {
            limit = settings.eventsDefaultLimit
        }
        let since: Timestamp
        if let text = try query.value("since") {
            guard let value = Int64(text), value >= 0, value <= Self.latestTime else {
                throw ControlError.badRequest("since must be a time in epoch milliseconds (0 to \(Self.latestTime))")
            }
            since = Timestamp(milliseconds: value)
        } else {
            since = now.adding(milliseconds: -Timestamp.millisecondsPerDay)
        }
        let type = try query.value("type")
        if let type, type.unicodeScalars.count > 200 { throw ControlError.badRequest("type must be at most 200 characters") }
        let entries = try store.auditTrail(AuditFilter(typePrefix: type.flatMap { $0.isEmpty ? nil : $0 }, since: since, limit: limit))
        let items: [JSONValue] = entries.map { entry in
            let payload: JSONValue
            if let parsed = try? JSONValue.parse(Data(entry.payload.utf8)), case .object = parsed {
                payload = parsed
            } else {
                payload = .object([("raw", .string(entry.payload))])
            }
            return .object([("seq", .integer(entry.seq)), ("type", .string(entry.type)), ("aggregate", .string(entry.aggregate))]
                           + ControlJSON.time("occurred_at", entry.occurredAt) + [("payload", payload)])
        }
        var members: ControlJSON.Members = [("count", .integer(Int64(items.count))), ("limit", .integer(Int64(limit))),
                                            ("truncated", .bool(items.count == limit))]
        members += ControlJSON.time("since", since)
        members.append(("events", .array(items)))
        return .object(members)
    }
}
