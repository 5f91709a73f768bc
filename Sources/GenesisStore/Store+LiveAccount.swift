import Foundation
import GRDB
import GenesisDomain

/// The exchange account a database trades (DESIGN §10, one live account).
public struct LiveAccountBinding: Sendable, Equatable {
    public var venue: String
    public var restBase: String
    /// The exchange's own name for the account: `uid:<n>` from the account
    /// endpoint, or `key:<fingerprint>` when the exchange gives no uid.
    public var exchangeAccount: String
    public var boundAt: Timestamp

    public init(venue: String, restBase: String, exchangeAccount: String, boundAt: Timestamp) {
        self.venue = venue
        self.restBase = restBase
        self.exchangeAccount = exchangeAccount
        self.boundAt = boundAt
    }
}

extension Store {
    /// The exchange account this database is bound to, if an exchange venue
    /// ever acted on it.
    public func liveAccount() throws -> LiveAccountBinding? {
        try read(fetchLiveAccount)
    }

    private func fetchLiveAccount(_ db: StoreDatabase) throws -> LiveAccountBinding? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT venue, rest_base, exchange_account, bound_at FROM live_account WHERE id = 1")).map {
            LiveAccountBinding(venue: $0["venue"], restBase: $0["rest_base"], exchangeAccount: $0["exchange_account"], boundAt: Timestamp(milliseconds: $0["bound_at"]))
        }
    }

    /// True when `session` is the live account: the trader's own session of a
    /// database an exchange venue has acted on. Its rules are judged on the
    /// wall clock only; `--at` and the data clock are for everything else.
    public func isLive(session: String) throws -> Bool {
        guard session == Account.defaultSession else { return false }
        return try liveAccount() != nil
    }

    /// Binds the database to `exchangeAccount` the first time an exchange
    /// venue acts on it, and refuses (exit 7) an exchange account other than
    /// the bound one: one database keeps one account's record, so pointing
    /// it at another account (or another database at this one) cannot start
    /// the discipline over.
    @discardableResult
    public func bindLiveAccount(venue: String, restBase: String, exchangeAccount: String, at time: Timestamp) throws -> LiveAccountBinding {
        try write { db in
            if let bound = try fetchLiveAccount(db) {
                guard bound.exchangeAccount == exchangeAccount, bound.restBase == restBase else {
                    throw GenesisError.stateConflict("this database keeps the record of \(bound.venue) account \(bound.exchangeAccount) (since \(bound.boundAt.iso8601)); it will not trade \(venue) account \(exchangeAccount). One database per exchange account: use that account's own database")
                }
                return bound
            }
            let bound = LiveAccountBinding(venue: venue, restBase: restBase, exchangeAccount: exchangeAccount, boundAt: time)
            try db.execute(sql: "INSERT INTO live_account (id, venue, rest_base, exchange_account, bound_at) VALUES (1, ?, ?, ?, ?)",
                           arguments: [venue, restBase, exchangeAccount, time.milliseconds])
            try append(AuditEvent(type: "live_account.bound", aggregateType: "live_account", aggregateID: "1", occurredAt: time,
                                  payload: ["venue": venue, "rest_base": restBase, "exchange_account": exchangeAccount]), in: db)
            return bound
        }
    }

    /// The clock gen-risk judges `session` on: the wall clock on the live
    /// account, where asking for the data clock is refused (exit 6); the
    /// data clock elsewhere unless the wall clock is asked for.
    public func judgingClock(requested: ClockMode?, session: String) throws -> ClockMode {
        guard try isLive(session: session) else { return requested ?? .data }
        if requested == .data {
            throw GenesisError.refused(rule: "clock.live", message: "the live account is judged on the wall clock only; the data clock is for replays: use --session NAME (a backtest portfolio) or another database")
        }
        return .wall
    }

    /// `--at` on a command that changes `session`'s state: refused (exit 6)
    /// on the live account, whose rules run on the exchange's clock, now; a
    /// backtest database or session keeps it (the data's days are the point).
    public func refuseTimeTravel(_ at: String?, session: String, command: String) throws {
        guard let at, try isLive(session: session) else { return }
        throw GenesisError.refused(rule: "clock.live", message: "\(command) --at \(at): the live account changes on the exchange's clock, now, never at another time; --at is for backtest databases and sessions")
    }

    /// Keeps the newest measured offset to `venue`'s clock (server minus
    /// local), which corrects the wall clock of every live command.
    public func recordClockOffset(venue: String, offsetMs: Int64, at time: Timestamp) throws {
        let uptime = Uptime.milliseconds
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO clock_offsets (venue, offset_ms, measured_at, uptime_ms, boot_id) VALUES (?, ?, ?, ?, ?)",
                           arguments: [venue, offsetMs, time.milliseconds, uptime, Uptime.bootID])
        }
    }

    /// The live account's clock (DESIGN §1.4, §10.1): the exchange's time at
    /// the last measurement to the bound exchange, carried forward by the
    /// machine's monotonic clock (`AnchoredClock`), so moving the machine's
    /// date changes nothing. After a reboot (until an exchange command
    /// measures again) it is the machine's clock corrected by the last
    /// offset; with nothing measured, the machine's clock as it is.
    public func liveClock() throws -> any TimeSource {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT offset_ms, measured_at, uptime_ms, boot_id FROM clock_offsets
                WHERE venue = COALESCE((SELECT venue FROM live_account WHERE id = 1), venue) ORDER BY measured_at DESC LIMIT 1
                """)) else { return WallClock() }
            let offset: Int64 = row["offset_ms"]
            if let uptime: Int64 = row["uptime_ms"], let boot: String = row["boot_id"], boot == Uptime.bootID, uptime <= Uptime.milliseconds {
                return AnchoredClock(anchor: Timestamp(milliseconds: row["measured_at"] + offset), anchorUptimeMs: uptime)
            }
            return CorrectedClock(WallClock(), offsetMs: offset)
        }
    }
}

/// Which database trades which exchange account, on this machine: a file
/// per account under `$GENESIS_HOME/live-accounts` (default
/// `~/.genesis/live-accounts`) naming the database. A second database
/// pointed at the same account (a fresh file is a fresh start: no tilt
/// history, no lockout, the initial balance) is refused while the first
/// still exists, and the first refuses in turn once the file names another.
public enum LiveAccountRegistry {
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["GENESIS_HOME"], !home.isEmpty { return home + "/live-accounts" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.genesis/live-accounts"
    }

    /// The registry file of an account at a REST base.
    public static func file(restBase: String, exchangeAccount: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let name = (restBase.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "") + "_" + exchangeAccount)
            .map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        return directory(environment: environment) + "/" + String(name)
    }

    /// Records `databasePath` as the database of the account, or refuses
    /// (exit 7) when another database that still exists holds it.
    public static func claim(restBase: String, exchangeAccount: String, databasePath: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let path = file(restBase: restBase, exchangeAccount: exchangeAccount, environment: environment)
        let database = PostgresLocation.isURL(databasePath) ? databasePath : URL(fileURLWithPath: databasePath).standardizedFileURL.resolvingSymlinksInPath().path
        if let data = FileManager.default.contents(atPath: path), let holder = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
           !holder.isEmpty {
            if holder == database { return }
            if FileManager.default.fileExists(atPath: holder) {
                throw GenesisError.stateConflict("exchange account \(exchangeAccount) is already traded by the database \(holder); a second database would start its discipline over. Use that one (--db or GENESIS_DB); if it is retired, delete it or \(path)")
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if let reason = PrivateFile.replace(path, with: database + "\n") {
            throw GenesisError.configuration(key: "GENESIS_HOME", message: "cannot write \(path): \(reason)")
        }
    }
}

extension Store {
    /// Keeps the live account's taker commission as the exchange last
    /// reported it (every exchange command reads the account on start).
    public func recordTakerCommission(_ rate: Decimal) throws {
        try write { db in
            try db.cachedStatement(sql: "UPDATE live_account SET taker_commission = ? WHERE id = 1").execute(arguments: [rate.plainText])
        }
    }

    /// The live account's taker commission, if the exchange reported one.
    public func takerCommission() throws -> Decimal? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT taker_commission FROM live_account WHERE id = 1")).flatMap { Decimal.parse($0) }
        }
    }
}

extension Store {
    /// Replaces the snapshot of what `venue` holds for the account, in one transaction.
    public func recordExchangeBalances(_ balances: [ExchangeBalance], venue: String, at time: Timestamp) throws {
        try write { db in
            try db.cachedStatement(sql: "DELETE FROM exchange_balances WHERE venue = ?").execute(arguments: [venue])
            for balance in balances {
                try db.execute(sql: "INSERT INTO exchange_balances (venue, asset, free, locked, read_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [venue, balance.asset, balance.free.plainText, balance.locked.plainText, time.milliseconds])
            }
        }
    }

    /// Updates the assets an account event reported (`outboundAccountPosition`
    /// carries only the assets that changed), keeping the others.
    public func updateExchangeBalances(_ balances: [ExchangeBalance], venue: String, at time: Timestamp) throws {
        try write { db in
            for balance in balances {
                try db.cachedStatement(sql: """
                    INSERT INTO exchange_balances (venue, asset, free, locked, read_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(venue, asset) DO UPDATE SET free = excluded.free, locked = excluded.locked, read_at = excluded.read_at
                    """).execute(arguments: [venue, balance.asset, balance.free.plainText, balance.locked.plainText, time.milliseconds])
            }
        }
    }

    /// The live account's exchange, when it last reported its balances, and what it held.
    public func exchangeBalances() throws -> (venue: String, readAt: Timestamp, balances: [ExchangeBalance])? {
        guard let binding = try liveAccount() else { return nil }
        let rows = try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT asset, free, locked, read_at FROM exchange_balances WHERE venue = ? ORDER BY asset"), arguments: [binding.venue])
        }
        guard let first = rows.first else { return nil }
        return (binding.venue, Timestamp(milliseconds: first["read_at"]), rows.compactMap { row in
            guard let free = Decimal.parse(row["free"] as String), let locked = Decimal.parse(row["locked"] as String) else { return nil }
            return ExchangeBalance(asset: row["asset"], free: free, locked: locked)
        })
    }
}
