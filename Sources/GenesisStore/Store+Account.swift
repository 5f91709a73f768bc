import Foundation
import GRDB
import GenesisDomain

/// Reading and writing the one trading account.
extension Store {
    static func account(from row: Row) throws -> Account {
        func decimal(_ column: String) throws -> Decimal {
            let text: String = row[column]
            guard let value = Decimal.parse(text) else { throw GenesisError.internalError("accounts.\(column) holds '\(text)', not a decimal") }
            return value
        }
        guard let tier = Tier(rawValue: row["tier"]) else { throw GenesisError.internalError("accounts.tier holds an unknown tier") }
        return Account(quoteAsset: row["quote_asset"], initialBalance: try decimal("initial_balance"), balance: try decimal("balance"),
                       peakBalance: try decimal("peak_balance"), dayStartBalance: try decimal("day_start_balance"), day: row["day"],
                       tier: tier, tierStartedAt: Timestamp(milliseconds: row["tier_started_at"]))
    }

    func fetchAccount(_ db: StoreDatabase, session: String) throws -> Account? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM accounts WHERE session = ?"), arguments: [session]).map(Store.account(from:))
    }

    /// The session's account, or an error that tells the trader how to create
    /// one. A session other than `default` gets its own portfolio on first
    /// use, opened at the default account's initial balance and tier, so a
    /// backtest never moves the trader's real figures. It opens at `time`
    /// (a replay's first signal), so its tier clock runs on the data's time.
    public func requireAccount(session: String = Account.defaultSession) throws -> Account {
        try requireAccount(session: session, openingAt: nil)
    }

    /// The account a report reads: `session`'s own, never created (a
    /// report of a mistyped session would otherwise open an empty account
    /// and print zeros). An unknown session is bad input naming the
    /// sessions the database holds.
    public func reportedAccount(session: String) throws -> Account {
        if let account = try read({ try fetchAccount($0, session: session) }) { return account }
        let sessions = try read { try String.fetchAll($0, sql: "SELECT session FROM accounts ORDER BY session") }
        guard !sessions.isEmpty else { throw GenesisError.noAccount(database: path) }
        throw GenesisError.badInput(source: "--session", message: "no session '\(session)' in \(path); it holds \(sessions.joined(separator: ", "))")
    }

    /// The session's account if it exists, else the trader's; never creates one.
    public func existingAccount(session: String) throws -> Account? {
        try read { try fetchAccount($0, session: session) ?? fetchAccount($0, session: Account.defaultSession) }
    }

    public func requireAccount(session: String, openingAt time: Timestamp?) throws -> Account {
        if let account = try read({ try fetchAccount($0, session: session) }) { return account }
        return try write { db in
            if let account = try fetchAccount(db, session: session) { return account }
            guard session != Account.defaultSession, let base = try fetchAccount(db, session: Account.defaultSession) else {
                throw GenesisError.noAccount(database: path)
            }
            let now = time ?? Timestamp.now()
            var account = Account.opening(balance: base.initialBalance, at: now, quoteAsset: base.quoteAsset)
            account.tier = base.tier
            try insertAccount(account, session: session, at: now, in: db)
            return account
        }
    }

    private func insertAccount(_ account: Account, session: String, at time: Timestamp, in db: StoreDatabase) throws {
        try db.cachedStatement(sql: """
            INSERT INTO accounts (session, quote_asset, initial_balance, balance, peak_balance, day_start_balance, day, tier, tier_started_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [session, account.quoteAsset, account.initialBalance.plainText, account.balance.plainText, account.peakBalance.plainText,
                             account.dayStartBalance.plainText, account.day, account.tier.rawValue, account.tierStartedAt.milliseconds,
                             time.milliseconds, time.milliseconds])
        try append(AuditEvent(type: "account.created", aggregateType: "account", aggregateID: session, occurredAt: time,
                              payload: ["balance": account.balance.plainText, "quote_asset": account.quoteAsset, "tier": account.tier.rawValue]
                                .merging(Self.verifiableFields(account)) { $1 }), in: db)
    }

    /// Creates the account at the first tier (DESIGN §2), once.
    public func createAccount(_ account: Account, at time: Timestamp) throws {
        try write { db in
            if try fetchAccount(db, session: Account.defaultSession) != nil {
                throw GenesisError.stateConflict("an account already exists in \(path); `gen-risk account` shows it")
            }
            try insertAccount(account, session: Account.defaultSession, at: time, in: db)
            try db.execute(sql: "INSERT OR IGNORE INTO trading_state (id, state, reason, changed_at, changed_by) VALUES (1, 'ACTIVE', 'account created', ?, 'gen-risk')",
                           arguments: [time.milliseconds])
        }
    }

    func saveAccount(_ account: Account, session: String, at time: Timestamp, in db: StoreDatabase) throws {
        try db.cachedStatement(sql: """
            UPDATE accounts SET balance = ?, peak_balance = ?, day_start_balance = ?, day = ?, updated_at = ? WHERE session = ?
            """).execute(arguments: [account.balance.plainText, account.peakBalance.plainText, account.dayStartBalance.plainText, account.day, time.milliseconds, session])
        guard db.changesCount == 1 else { throw GenesisError.internalError("no account for session \(session)") }
    }

    /// ACTIVE, REDUCING or HALTED, with its reason.
    public func tradingState() throws -> (TradingState, String) {
        try read(fetchTradingState)
    }

    /// No row yet means ACTIVE; a state this build does not know is read as HALTED.
    func fetchTradingState(_ db: StoreDatabase) throws -> (TradingState, String) {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT state, reason FROM trading_state WHERE id = 1")) else { return (.active, "") }
        return (TradingState(rawValue: row["state"]) ?? .halted, row["reason"])
    }
}
