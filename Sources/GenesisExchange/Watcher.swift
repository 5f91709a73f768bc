import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import GenesisBinance
import GenesisDomain
import GenesisStore

/// `gen-exec watch` (DESIGN §6), the one long-running process:
/// - books every execution report from the user-data stream exactly once
///   (fills are keyed by trade id), and after any disconnect or stall fills
///   the gap over REST before trusting the stream again;
/// - watches open positions on the market stream: stop-loss and
///   take-profit exits, and the day's P&L marked to the bid, so the
///   emergency demotion runs the moment a trigger is crossed, not at the
///   next fill;
/// - writes a heartbeat row that health reports and the control API read.
///
/// The venue and the store are synchronous (the same code the pipeline
/// runs), so all of their work happens on one serial queue; the network
/// side only hands events to it. That also makes every booking strictly
/// ordered, whichever stream it came from.
public final class Watcher: @unchecked Sendable {
    let store: Store
    let venue: ExchangeVenue
    let gateway: BinanceGateway
    let userStream: UserDataStream
    let marketBase: String?
    let session: String
    let config: GenesisConfig
    let logger: Logger
    let clock: any TimeSource
    /// Every piece of venue and store work runs here, one at a time.
    private let queue = DispatchQueue(label: "genesis.watcher")
    private let writer: LineWriter

    // Touched only on `queue`.
    private var heartbeat: WatcherHeartbeat
    private var trades: [String: [ExecutionReport]] = [:]
    private var bids: [String: Decimal] = [:]
    private var supervisionDue = false
    private var lastReconcile: Int64 = 0

    public init(store: Store, venue: ExchangeVenue, gateway: BinanceGateway, userStream: UserDataStream, marketBase: String?, session: String,
                config: GenesisConfig, logger: Logger, writer: LineWriter = LineWriter(),
                clock: any TimeSource = WallClock()) {
        self.store = store
        self.venue = venue
        self.gateway = gateway
        self.userStream = userStream
        self.marketBase = marketBase
        self.session = session
        self.config = config
        self.logger = logger
        self.writer = writer
        self.clock = clock
        let now = clock.now()
        heartbeat = WatcherHeartbeat(pid: Int(getpid()), host: ProcessInfo.processInfo.hostName, venue: venue.name, session: session, startedAt: now, heartbeatAt: now)
    }

    /// Runs until the task is cancelled (SIGTERM), then records a clean stop.
    public func run() async throws {
        try await onQueue {
            // Restarting the watcher is behaviour the tilt detector counts (rage restarts).
            if let previous = try self.store.heartbeat() {
                let how = previous.stoppedAt == nil ? "it died" : "it was stopped"
                try self.store.recordBehaviour(session: self.session, kind: BehaviourKind.watcherRestart.rawValue,
                                               detail: "watcher restarted (previous pid \(previous.pid); \(how))", at: self.heartbeat.startedAt)
            }
            try self.writeHeartbeat()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.userStream.run { event in await self.handle(event) } }
            group.addTask { await self.watchPrices() }
            group.addTask { try await self.beat() }
            group.addTask { try await self.superviseWhenDue() }
            // Any child ending means cancellation (or a store that cannot be written): stop them all.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Records the clean stop (called after `run` returns or throws).
    public func stop() throws {
        try queue.sync {
            heartbeat.stoppedAt = clock.now()
            heartbeat.streamConnected = false
            try writeHeartbeat()
            writer.flush()
        }
    }

    /// Runs `body` on the serial queue and waits for it without blocking a thread.
    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    // MARK: The user-data stream

    func handle(_ event: UserDataStream.Event) async {
        let offset = await gateway.offset
        do {
            try await onQueue {
                switch event {
                case .connected:
                    self.heartbeat.streamConnected = true
                    self.logger.info("user-data stream subscribed; filling the gap over REST")
                    try self.fillGap()
                    // Trades gathered before the gap belong to orders the gap fill has settled.
                    self.trades.removeAll()
                case let .disconnected(reason):
                    self.heartbeat.streamConnected = false
                    self.heartbeat.reconnects += 1
                    self.logger.warning("user-data stream down: \(reason)")
                case let .event(value, receivedAt):
                    if let sent = value["E"]?.integer {
                        self.heartbeat.lastStreamEventAt = Timestamp(milliseconds: sent)
                        self.heartbeat.streamLagMs = Int(max(0, receivedAt + offset - sent))
                    }
                    if value["e"]?.string == "balanceUpdate" { return try self.recordTransfer(value) }
                    if value["e"]?.string == "outboundAccountPosition" { return try self.recordBalances(value) }
                    guard let report = ExecutionReport(event: value) else { return }
                    try self.book(report)
                }
            }
        } catch {
            logger.error("watcher: \(error)")
        }
    }

    /// A deposit or a withdrawal (`balanceUpdate`): recorded once, moving the
    /// balance but not the P&L; the tier figures are looked at right after,
    /// so a withdrawal under the tier's floor starts the floor clock.
    private func recordTransfer(_ event: JSONValue) throws {
        guard let asset = event["a"]?.string, let amount = event["d"]?.decimal, amount != 0 else { return }
        let transfer = AccountTransfer(venue: venue.name, asset: asset, amount: amount,
                                       occurredAt: Timestamp(milliseconds: event["T"]?.integer ?? event["E"]?.integer ?? clock.milliseconds))
        guard let account = try store.recordTransfer(transfer, session: session, at: clock.now()) else { return }
        let what = "\(amount > 0 ? "deposit" : "withdrawal") of \(amount.magnitude.plainText) \(asset) recorded"
        if asset == account.quoteAsset {
            logger.notice("\(what) (not profit or loss); the balance is now \(account.balance.plainText) \(asset)")
        } else {
            logger.notice("\(what); GENESIS manages \(account.quoteAsset), so its balance is unchanged")
        }
        try venue.refresh()
        supervisionDue = true
    }

    /// What the exchange holds, as its account events tell it: `gen-risk
    /// account` compares it with what GENESIS manages while the watcher runs.
    private func recordBalances(_ event: JSONValue) throws {
        let balances = (event["B"]?.array ?? []).compactMap { row -> ExchangeBalance? in
            guard let asset = row["a"]?.string, let free = row["f"]?.decimal, let locked = row["l"]?.decimal else { return nil }
            return ExchangeBalance(asset: asset, free: free, locked: locked)
        }
        try store.updateExchangeBalances(balances, venue: venue.name, at: Timestamp(milliseconds: event["u"]?.integer ?? event["E"]?.integer ?? clock.milliseconds))
    }

    /// One execution report. Trades are kept until the order is final, then
    /// the order is booked in one piece (as every other path books it).
    private func book(_ report: ExecutionReport) throws {
        if report.isTrade { trades[report.clientOrderID, default: []].append(report) }
        guard report.isFinal else { return }
        let delivered = trades.removeValue(forKey: report.clientOrderID) ?? []
        if let outputs = try venue.settle(report, trades: delivered) {
            emit(outputs)
        } else if report.isTrade, try store.orderStatus(clientOrderID: report.clientOrderID) == nil {
            // A trade GENESIS did not make: the reconcile names it and halts.
            logger.warning("\(report.symbol) trade \(report.tradeID) belongs to order \(report.clientOrderID), which GENESIS did not send")
            try fillGap()
        }
    }

    /// After a (re)connection, and every `reconcileMinutes`: orders still
    /// waiting in the store are looked up and booked, and anything the store
    /// cannot explain halts trading, named.
    private func fillGap() throws {
        lastReconcile = clock.milliseconds
        try venue.refresh()
        let (outputs, _, report) = try venue.reconcileOrHalt(store: store, by: "gen-exec watch", at: clock.now())
        if !outputs.isEmpty { heartbeat.gapFills += outputs.count }
        emit(outputs)
        for symbol in venue.repairedProtection {
            alert(.init(level: "WARNING", code: "protection.replaced",
                        message: "\(symbol): its stop and target were missing on the exchange (canceled outside GENESIS, refused, or lost in a crash) and were placed again."))
        }
        venue.repairedProtection.removeAll()
        guard let report else { return }
        alert(.init(level: "CRITICAL", code: "reconcile.mismatch",
                    message: "The exchange shows what the store cannot explain, so trading is HALTED: \(report). Inspect it, then `gen-exec reconcile` and `gen-exec resume`."))
    }

    // MARK: Prices, exits and the day's P&L

    /// Keeps a book-ticker connection on the symbols with open positions,
    /// reopening it when that set changes or the connection drops.
    func watchPrices() async {
        guard let marketBase else {
            // No market stream for this venue: nothing to watch, but the watcher goes on.
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return
        }
        while !Task.isCancelled {
            let symbols = (try? await onQueue { self.venue.positions.keys.sorted() }) ?? []
            if symbols.isEmpty {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            let url = "\(marketBase)/stream?streams=\(symbols.map { "\($0.lowercased())@bookTicker" }.joined(separator: "/"))"
            let configuration = WebSocketClientConfiguration.genesis(closeTimeout: .seconds(1))
            do {
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            // The set of open positions changed: reconnect with the new one.
                            while !Task.isCancelled {
                                try await Task.sleep(for: .milliseconds(500))
                                if (try? await self.onQueue({ self.venue.positions.keys.sorted() })) != symbols {
                                    try? await outbound.close(.normalClosure, reason: "positions changed")
                                    return
                                }
                            }
                        }
                        group.addTask {
                            for try await message in inbound.messages(maxSize: WebSocketLimits.maxMessageBytes) {
                                guard case let .text(text) = message, let value = try? JSONValue.parse(Data(text.utf8)) else { continue }
                                let data = value["data"] ?? value
                                guard let symbol = data["s"]?.string, let bid = data["b"]?.decimal, let ask = data["a"]?.decimal, bid > 0 else { continue }
                                do {
                                    try await self.onQueue { try self.price(symbol: symbol, bid: bid, ask: ask) }
                                } catch {
                                    // An exit the exchange refuses now is tried on a later price; the connection stays.
                                    self.logger.error("watcher: \(symbol) at bid \(bid.plainText): \(error)")
                                }
                            }
                        }
                        _ = try await group.next()
                        group.cancelAll()
                    }
                }
            } catch {
                // SIGTERM cancels the watcher mid-connection: a clean stop, not a failure.
                if !Task.isCancelled { logger.warning("market stream: \(error)") }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// A new best bid: exits whose stop or target it crosses go out now, and
    /// the tier figures are looked at again with positions marked to it.
    private func price(symbol: String, bid: Decimal, ask: Decimal) throws {
        bids[symbol] = bid
        let now = clock.now()
        let exits = try venue.onBook(symbol: symbol, time: now, bid: bid, ask: ask)
        emit(exits)
        supervisionDue = true
    }

    /// Looks at the tier figures at most every 100 ms while prices move, so
    /// a breach is acted on within a second without a transaction per tick.
    func superviseWhenDue() async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(100))
            do {
                try await onQueue {
                    guard self.supervisionDue else { return }
                    self.supervisionDue = false
                    try self.supervise()
                }
            } catch {
                // An exchange that fails mid-emergency must not stop the watcher: look again shortly.
                logger.error("watcher: looking at the tier figures failed: \(error); trying again in 1 s")
                try await onQueue { self.supervisionDue = true }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func supervise() throws {
        try venue.refresh()
        let now = clock.now()
        let supervision = try store.superviseTier(session: session, config: config, now: now, holdsPositions: true,
                                                  unrealized: venue.unrealizedProfit(bids: bids))
        if !supervision.isEmpty {
            for item in supervision.alerts { alert(item) }
            emit(try venue.carryOut(supervision, at: now))
        } else if try emergencyCloseUnfinished(now: now) {
            // The emergency decided to close everything, but a sell failed or filled
            // in part: the demotion is done, the closing goes on until nothing is held.
            lastEmergencyRetry = now.milliseconds
            logger.warning("emergency close unfinished: \(venue.positions.count) position(s) still open; selling again")
            emit(try venue.closeEverything(at: now))
        }
    }

    private var lastEmergencyRetry: Int64 = 0

    /// True when an emergency halt stands, positions are still open, and the
    /// last attempt to close them is a few seconds old.
    private func emergencyCloseUnfinished(now: Timestamp) throws -> Bool {
        guard !venue.positions.isEmpty, now.milliseconds - lastEmergencyRetry >= 5_000,
              try store.tierState(session: session).emergencyAt != nil else { return false }
        return try store.haltCause() == .emergency
    }

    /// The correlation force-reduction (DESIGN §3.4), looked at every heartbeat.
    private func reduceCorrelated() throws {
        let now = clock.now()
        for reduction in try store.correlationReductions(session: session, config: config, now: now) {
            alert(reduction.alert)
            do {
                try venue.refresh()
                emit(try venue.cut(reduction, config: config, at: now))
            } catch {
                logger.error("watcher: cutting \(reduction.symbol) failed: \(error); `gen-exec close-all` or a manual exit may be needed")
            }
        }
    }

    // MARK: Heartbeat

    /// Every heartbeat: the row health reads, the tier figures (for the
    /// time-based triggers), and the periodic full reconcile.
    func beat() async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(config.watcher.heartbeatSeconds))
            let status = await gateway.status
            try await onQueue {
                self.heartbeat.circuitState = status.circuit
                self.heartbeat.usedWeight = status.usedWeight
                self.heartbeat.weightLimit = status.weightLimit
                try self.writeHeartbeat()
                self.supervisionDue = true
                do { try self.reduceCorrelated() } catch { self.logger.error("watcher: the correlation check failed: \(error)") }
                if self.clock.milliseconds - self.lastReconcile >= Int64(self.config.watcher.reconcileMinutes) * 60_000, self.heartbeat.streamConnected {
                    do { try self.fillGap() } catch { self.logger.error("watcher: periodic reconcile failed: \(error)") }
                }
            }
        }
    }

    private func writeHeartbeat() throws {
        heartbeat.heartbeatAt = clock.now()
        try store.writeHeartbeat(heartbeat)
    }

    // MARK: Output

    private func emit(_ outputs: [VenueOutput]) {
        guard !outputs.isEmpty else { return }
        let now = clock.now()
        for output in outputs {
            if case .filled = output { heartbeat.lastFillAt = now }
        }
        writer.write(outputs, ts: now, venue: venue.name)
        writer.flush()
    }

    private func alert(_ alert: TierSupervision.Alert) {
        writer.write(alert.encoded(ts: clock.now()))
        writer.flush()
        logger.critical("\(alert.code): \(alert.message)")
    }
}

/// The control API's close-all when the watcher runs it: sold on the
/// exchange through the watcher's own venue, in line with its other work.
extension Watcher {
    public func closeAll(maxSlippage: Decimal?) async throws -> [VenueOutput] {
        let slippage = maxSlippage ?? config.execution.closeAllMaxSlippage.value
        return try await onQueue {
            try self.venue.refresh()
            let outputs = try self.venue.closeAll(maxSlippage: slippage, at: self.clock.now())
            self.emit(outputs)
            return outputs
        }
    }

    public var venueName: String { venue.name }
}
