import Foundation
import Logging
import GenesisBinance
import GenesisDomain
import GenesisStore

/// The one way a command reaches an exchange for trading (DESIGN §10, one
/// live account): gen-exec's run, watch, reconcile, cancel-all and
/// close-all all open their venue here.
///
/// - A named session is a backtest or paper portfolio: an exchange venue
///   acts on the trader's own session only (exit 6 otherwise), and paper
///   never books into the live account.
/// - The keys are the destination's own (`Credentials.Scope`).
/// - The exchange's clock is measured first and kept in the store; the
///   venue runs on it (`Store.liveClock`), as every other live command does.
/// - The exchange account (its uid) is bound to the database, and the
///   database to the account on this machine (`LiveAccountRegistry`).
public enum LiveAccountGate {
    /// `opening` sees the exchange's account answer before anything is bound
    /// or the venue loads the store's account: `gen-risk account init
    /// --venue` creates the account there, at what the exchange holds.
    public static func open(venue: Venue, session: String, store: Store, config: GenesisConfig, logger: Logger,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            opening: ((JSONValue) throws -> Void)? = nil) throws -> (ExchangeVenue, HTTPClientHandle)? {
        guard case let .exchange(name, restBase) = venue else {
            // Paper fills booked into the live account would be profits it never made.
            if try store.isLive(session: session) {
                throw GenesisError.refused(rule: "session.live", message: "the default session of this database is the live account (bound to \(try store.liveAccount()?.venue ?? "an exchange")); paper trades a session of its own: add --session NAME")
            }
            return nil
        }
        try refuseSession(session, venue: name)
        let credentials = try credentials(for: venue, environment: environment)
        let http = HTTPClientHandle(config.execution)
        do {
            let gateway = BinanceGateway(venue: name, restBase: restBase, credentials: credentials, http: http.client, state: store, settings: config.execution)
            // exchangeInfo first (cached for gen-risk, which sizes live orders
            // by it): its rateLimits set the request budget before anything is
            // spent. Then the exchange's clock, and the account.
            let account = try runExchange {
                _ = try await gateway.exchangeInfo(refresh: false)
                _ = try await gateway.syncTime()
                return try await gateway.account()
            }
            try opening?(account)
            let identity = account["uid"]?.integer.map { "uid:\($0)" } ?? "key:\(credentials.fingerprint)"
            try LiveAccountRegistry.claim(restBase: restBase, exchangeAccount: identity, databasePath: store.path, environment: environment)
            try store.bindLiveAccount(venue: name, restBase: restBase, exchangeAccount: identity, at: Timestamp.now())
            if let taker = account["commissionRates"]?["taker"]?.decimal { try store.recordTakerCommission(taker) }
            try store.recordExchangeBalances(ExchangeBalance.parse(account), venue: name, at: Timestamp.now())
            // The sync just recorded: the exchange's time, carried by the monotonic clock.
            return (try ExchangeVenue(name: name, gateway: gateway, ledger: store, session: session, config: config, logger: logger, clock: try store.liveClock()), http)
        } catch {
            http.shutdown()
            throw error
        }
    }

    private static func credentials(for venue: Venue, environment: [String: String]) throws -> Credentials {
        do { return try Credentials.load(for: venue, environment: environment) } catch {
            throw GenesisError.configuration(key: "credentials", message: error.description)
        }
    }

    /// Exit 6 for a named session on an exchange venue.
    public static func refuseSession(_ session: String, venue: String) throws {
        guard session == Account.defaultSession else {
            throw GenesisError.refused(rule: "session.live", message: "session '\(session)' is a backtest or paper portfolio; \(venue) trades the live account only (the default session). Use --venue paper with --session, or leave --session out")
        }
    }

    private static func runExchange<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        do {
            return try runBlocking(operation)
        } catch let error as ExchangeError {
            throw GenesisError.exchange(error)
        }
    }
}
