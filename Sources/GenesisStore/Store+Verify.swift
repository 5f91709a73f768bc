import Foundation
import GRDB
import GenesisDomain

/// `gen-report verify` (DESIGN §1.2): the hash chain, its head kept beside the
/// database, the append-only triggers, and the ledger tables cross-checked
/// against the events written in the same transactions as their rows. This
/// file is the one place that knows which event vouches for which row: the
/// payload fields the store adds for it (`verifiableFields`,
/// `verifiableTrades`, `stamp`) and the comparison (`LedgerCheck`).
extension Store {
    // MARK: - What the events carry so that the rows can be checked

    /// The account's figures after a change, added to the event that made it.
    static func verifiableFields(_ account: Account) -> [String: String] {
        ["initial_balance": account.initialBalance.plainText, "peak_balance": account.peakBalance.plainText,
         "day_start_balance": account.dayStartBalance.plainText, "day": String(account.day),
         "tier_started_at": String(account.tierStartedAt.milliseconds)]
    }

    /// The position row and the account after a fill (`position.opened` /
    /// `position.closed`). An absent price is written as "" so that "none"
    /// differs from "not recorded" (events from before this build).
    static func verifiableFields(_ position: Position, account: Account) -> [String: String] {
        ["session": position.session, "fees": position.fees.plainText, "realized_gross": position.realizedGross.plainText,
         "stop_price": position.stop?.plainText ?? "", "target_price": position.target?.plainText ?? "",
         "exit_price": position.exitPrice?.plainText ?? "", "peak_balance": account.peakBalance.plainText,
         "day_start_balance": account.dayStartBalance.plainText, "day": String(account.day)]
    }

    /// Each trade of a fill as its `fills` row holds it (`order.filled`'s `trades`).
    static func verifiableTrades(_ trades: [TradeFill]) -> String {
        let rows = trades.map { ["id": $0.id, "quantity": $0.quantity.plainText, "price": $0.price.plainText, "fee": $0.fee.plainText, "fee_asset": $0.feeAsset] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(rows)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// State rows that change without a domain event of their own (the tier
    /// machine's peak and floor clock, the tilt score as it decays). Every
    /// write of one is followed by `stamp`, which records the row as an event
    /// when it differs from the last one recorded.
    enum StampedTable: CaseIterable {
        case tierState, tiltState

        var table: String { self == .tierState ? "tier_states" : "tilt_states" }
        var area: VerifyFinding.Area { self == .tierState ? .tierState : .tiltState }
        var eventType: String { self == .tierState ? "ledger.tier_state" : "ledger.tilt_state" }
        /// Stamps have an aggregate type of their own, so the latest is one index lookup.
        var aggregateType: String { self == .tierState ? "tier_state" : "tilt_state" }
        /// What decides trading; bookkeeping columns (updated_at, the evidence text) are left out.
        var columns: [String] {
            self == .tierState ? ["state"] : ["score", "level", "locked", "recovery_until", "forced_break_until", "tilt_debt"]
        }
    }

    /// Records the row of `table` for `session` as an event when it differs
    /// from the last one recorded; call it in the transaction that wrote the row.
    func stamp(_ table: StampedTable, session: String, at time: Timestamp, in db: StoreDatabase) throws {
        guard let row = try Self.stampedRow(table, session: session, in: db) else { return }
        let last = try String.fetchOne(db, sql: "SELECT payload FROM events WHERE aggregate_type = ? AND aggregate_id = ? ORDER BY seq DESC LIMIT 1",
                                       arguments: [table.aggregateType, session]).flatMap(Self.payload)
        guard last != row else { return }
        try append(AuditEvent(type: table.eventType, aggregateType: table.aggregateType, aggregateID: session, occurredAt: time, payload: row), in: db)
    }

    static func stampedRow(_ table: StampedTable, session: String, in db: StoreDatabase) throws -> [String: String]? {
        try Row.fetchOne(db, sql: "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.table) WHERE session = ?", arguments: [session])
            .map { row in Dictionary(uniqueKeysWithValues: table.columns.map { ($0, text(row[$0] as DatabaseValue)) }) }
    }

    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: ""
        case let .int64(number): String(number)
        case let .double(number): String(number)
        case let .string(text): text
        case let .blob(data): data.base64EncodedString()
        }
    }

    static func payload(_ json: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
    }

    // MARK: - Verify

    /// Everything `gen-report verify` checks, from one read snapshot. The head
    /// file is read first: it is written after each commit, so the snapshot
    /// taken after it holds every event it names, even while others write.
    public func verifyRecord() throws -> RecordVerification {
        let headPath = ChainHeadFile.path(forDatabase: filePrefix)
        let head = ChainHeadFile.read(headPath)
        return try read { db in
            let chain = try EventLog.verify(db)
            let last = try EventLog.lastLink(db)
            var report = RecordVerification(chain: chain, lastSeq: last?.seq ?? 0, headPath: headPath, head: head)
            if let bad = chain.firstBadSeq {
                report.findings.append(VerifyFinding(.tampered, .chain, "event \(bad)", chain.problem ?? "the chain breaks here"))
            }
            let hashAtHead = try head.head.flatMap { try EventLog.storedHash(seq: $0.seq, in: db) }
            report.findings += ChainHead.findings(head, path: headPath, lastSeq: last?.seq, hashAtHeadSeq: hashAtHead)
            report.findings += try Self.triggerFindings(db)
            var ledger = LedgerCheck()
            try ledger.run(db)
            report.findings += ledger.findings
            report.checked = ledger.checked
            return report
        }
    }

    /// The triggers the schema creates, by name, with their statement
    /// (whitespace collapsed, as the comparison with sqlite_master needs).
    static let expectedTriggers: [String: String] = {
        var triggers: [String: String] = [:]
        for migration in Schema.migrations {
            for match in migration.sql.matches(of: /CREATE TRIGGER (\w+)[\s\S]*?\bEND;/) {
                triggers[String(match.1)] = normalised(String(match.0))
            }
        }
        return triggers
    }()

    static func normalised(_ sql: String) -> String {
        var text = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while text.hasSuffix(";") { text.removeLast() }
        return text
    }

    /// Missing, replaced or added triggers: without the append-only ones,
    /// events can be edited or deleted in place; an added one can rewrite rows.
    /// The same for a PostgreSQL store, in the form `pg_get_triggerdef`
    /// prints them, plus the body of the function they call.
    static let expectedPostgresTriggers: [String: String] = {
        var triggers: [String: String] = [:]
        for statement in PostgresDialect.statements(PostgresSchema.appendOnlyTriggers) {
            if let match = statement.firstMatch(of: /CREATE TRIGGER (\w+)/) { triggers[String(match.1)] = normalised(statement) }
        }
        return triggers
    }()

    static func triggerFindings(_ db: StoreDatabase) throws -> [VerifyFinding] {
        var present: [String: String] = [:]
        var findings: [VerifyFinding] = []
        let expectedTriggers = db.isPostgreSQL ? expectedPostgresTriggers : expectedTriggers
        if db.isPostgreSQL {
            for row in try Row.fetchAll(db, sql: "SELECT tgname AS name, pg_get_triggerdef(oid) AS sql FROM pg_trigger WHERE NOT tgisinternal") {
                present[row["name"]] = normalised((row["sql"] as String).replacingOccurrences(of: " ON public.", with: " ON "))
            }
            let body = try String.fetchOne(db, sql: "SELECT prosrc FROM pg_proc WHERE proname = 'events_are_append_only'")
            let shipped = PostgresSchema.functions.firstMatch(of: /events_are_append_only\(\)[\s\S]*?AS \$\$([\s\S]*?)\$\$/).map { String($0.1) }
            if body.map(normalised) != shipped.map(normalised) {
                findings.append(VerifyFinding(.tampered, .triggers, "events_are_append_only", body == nil
                    ? "the function the append-only triggers call is missing"
                    : "the function the append-only triggers call was replaced: it reads '\(normalised(body!))'"))
            }
        } else {
            for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'") {
                present[row["name"]] = normalised(row["sql"] ?? "")
            }
        }
        for (name, sql) in expectedTriggers.sorted(by: { $0.key < $1.key }) {
            if let found = present[name] {
                if found != sql { findings.append(VerifyFinding(.tampered, .triggers, name, "the trigger was replaced: it reads '\(found)'")) }
            } else {
                findings.append(VerifyFinding(.tampered, .triggers, name, "the trigger is missing (dropped): the events table accepts \(name.hasSuffix("delete") ? "DELETE" : name.hasSuffix("truncate") ? "TRUNCATE" : "UPDATE") again"))
            }
        }
        for name in present.keys.sorted() where expectedTriggers[name] == nil {
            findings.append(VerifyFinding(.tampered, .triggers, name, "a trigger the schema does not create: '\(present[name]!)'"))
        }
        return findings
    }
}

/// The cross-check of the ledger tables against their events. It replays the
/// events that write rows, in sequence order, into what each row must hold
/// now, then compares the rows. A value an older event did not record is
/// counted as not checkable, never as tampering.
struct LedgerCheck {
    private(set) var findings: [VerifyFinding] = []
    private(set) var checked: [String: Int] = [:]
    private var unchecked: [VerifyFinding.Area: [String: Int]] = [:]

    static let eventTypes = ["account.created", "account.deposit", "account.withdrawal", "tier.promoted", "tier.demoted", "position.opened", "position.closed", "order.filled",
                             "trading.active", "trading.reducing", "trading.halted", "tilt.locked", "tilt.unlocked",
                             Store.StampedTable.tierState.eventType, Store.StampedTable.tiltState.eventType]

    struct Event {
        var seq: Int64
        var at: Int64
        var type: String
        var id: String
        var payload: [String: String]
    }

    /// An account as its events leave it; nil fields were not recorded.
    struct AccountState {
        var created: Event
        var values: [String: String?] = [:]
    }

    struct PositionState {
        var first: Event
        var latest: Event
        /// The latest `position.opened`: the quantity and entry price a close leaves in the row.
        var lastOpened: Event?
    }

    struct FillState {
        var order: String
        var at: Int64
        var seq: Int64
        var values: [String: String]?
    }

    struct LockoutState {
        var startedAt: Int64
        var endsAt: Int64?
        var escalation: String?
        var reason: String?
        var liftedAt: Int64?
    }

    mutating func run(_ db: StoreDatabase) throws {
        var accounts: [String: AccountState] = [:]
        var positions: [String: PositionState] = [:]
        var fills: [String: FillState] = [:]
        var trading: Event?
        var lockouts: [String: [LockoutState]] = [:]
        var stamps: [String: [String: Event]] = [:]
        var firstStamp: Int64?
        let entrySessions = try Dictionary(Row.fetchAll(db, sql: "SELECT client_order_id, session FROM orders").map { ($0["client_order_id"] as String, $0["session"] as String) },
                                           uniquingKeysWith: { first, _ in first })

        let placeholders = Self.eventTypes.map { _ in "?" }.joined(separator: ", ")
        var rows = try Row.fetchCursor(db, sql: "SELECT seq, occurred_at, type, aggregate_id, payload FROM events WHERE type IN (\(placeholders)) ORDER BY seq",
                                       arguments: Self.eventTypes.map { $0 })
        while let row = try rows.next() {
            let event = Event(seq: row["seq"], at: row["occurred_at"], type: row["type"], id: row["aggregate_id"], payload: Store.payload(row["payload"]) ?? [:])
            let p = event.payload
            switch event.type {
            case "account.created":
                var state = AccountState(created: event)
                state.values = ["balance": p["balance"], "initial_balance": p["initial_balance"] ?? p["balance"], "quote_asset": p["quote_asset"],
                                "tier": p["tier"], "tier_started_at": p["tier_started_at"], "peak_balance": p["peak_balance"],
                                "day_start_balance": p["day_start_balance"], "day": p["day"]]
                accounts[event.id] = state
            case "account.deposit", "account.withdrawal":
                // Only a transfer of the quote asset moves the account (and carries its figures).
                guard p["balance"] != nil else { break }
                for key in ["balance", "peak_balance", "day_start_balance", "day"] { accounts[event.id]?.values[key] = p[key] }
            case "tier.promoted", "tier.demoted":
                let session = p["session"] ?? event.id
                accounts[session]?.values["tier"] = p["to"]
                accounts[session]?.values["tier_started_at"] = p["tier_started_at"]
            case "position.opened", "position.closed":
                if let session = p["session"] ?? entrySessions[event.id] {
                    accounts[session]?.values["balance"] = p["balance"]
                    for key in ["peak_balance", "day_start_balance", "day"] { accounts[session]?.values[key] = p[key] }
                } else {
                    note(.accounts, "balances moved by a fill whose order is gone cannot be checked")
                }
                if var state = positions[event.id] {
                    state.latest = event
                    if event.type == "position.opened" { state.lastOpened = event }
                    positions[event.id] = state
                } else {
                    positions[event.id] = PositionState(first: event, latest: event, lastOpened: event.type == "position.opened" ? event : nil)
                }
            case "order.filled":
                var trades: [String: [String: String]]?
                if let text = p["trades"], let list = try? JSONDecoder().decode([[String: String]].self, from: Data(text.utf8)) {
                    trades = Dictionary(list.compactMap { trade in trade["id"].map { ($0, trade) } }, uniquingKeysWith: { first, _ in first })
                }
                for id in (p["trade_ids"] ?? "").split(separator: ",").map(String.init) where !id.isEmpty {
                    fills[id] = FillState(order: event.id, at: event.at, seq: event.seq, values: trades?[id])
                }
            case "trading.active", "trading.reducing", "trading.halted":
                trading = event
            case "tilt.locked":
                lockouts[event.id, default: []].append(LockoutState(startedAt: event.at, endsAt: p["ends_at"].flatMap(Timestamp.init(parsing:))?.milliseconds,
                                                                    escalation: p["escalation"], reason: p["score"].flatMap { score in p["reason"].map { "tilt score \(score): \($0)" } }))
            case "tilt.unlocked":
                for index in lockouts[event.id, default: []].indices where lockouts[event.id]![index].liftedAt == nil {
                    lockouts[event.id]![index].liftedAt = event.at
                }
            default: // the stamps
                stamps[event.type, default: [:]][event.id] = event
                firstStamp = firstStamp ?? event.seq
            }
        }
        try checkAccounts(db, accounts)
        try checkPositions(db, positions)
        try checkFills(db, fills)
        try checkTradingState(db, trading, accountCreated: accounts[Account.defaultSession]?.created)
        try checkLockouts(db, lockouts)
        let baseline = try checkBaseline(db, firstStamp: firstStamp)
        for table in Store.StampedTable.allCases { try checkStamped(db, table, stamps[table.eventType] ?? [:], baseline: baseline) }
        for (area, reasons) in unchecked.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for (reason, count) in reasons.sorted(by: { $0.key < $1.key }) {
                findings.append(VerifyFinding(.notCheckable, area, "\(count) row\(count == 1 ? "" : "s")", reason))
            }
        }
    }

    // MARK: - Comparisons

    private mutating func tampered(_ area: VerifyFinding.Area, _ subject: String, _ message: String) {
        findings.append(VerifyFinding(.tampered, area, subject, message))
    }

    private mutating func note(_ area: VerifyFinding.Area, _ reason: String) {
        unchecked[area, default: [:]][reason, default: 0] += 1
    }

    /// Equal as decimals when both read as decimals (`1.50` is `1.5`), else as text; nil and "" are both "none".
    static func same(_ stored: String?, _ expected: String?) -> Bool {
        let a = stored ?? "", b = expected ?? ""
        if a == b { return true }
        if let x = Decimal.parse(a), let y = Decimal.parse(b) { return x == y }
        return false
    }

    static func shown(_ value: String?) -> String { (value ?? "").isEmpty ? "none" : "'\(value!)'" }

    /// Compares `columns` of a row with what its events say, as one finding
    /// per row; a column whose expected value is unknown (nil) is counted as
    /// not checkable.
    private mutating func compare(_ area: VerifyFinding.Area, _ subject: String, row: Row, _ expected: [String: String?], event: String) {
        var differences: [String] = []
        for column in expected.keys.sorted() {
            guard let value = expected[column]! else {
                note(area, "\(column) was written before this build recorded it")
                continue
            }
            let stored = Store.text(row[column] as DatabaseValue)
            if !Self.same(stored, value) { differences.append("\(column) is \(Self.shown(stored)) but \(event) recorded \(Self.shown(value))") }
        }
        if !differences.isEmpty { tampered(area, subject, differences.joined(separator: "; ")) }
    }

    private mutating func checkAccounts(_ db: StoreDatabase, _ accounts: [String: AccountState]) throws {
        var seen: Set<String> = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY session") {
            let session: String = row["session"]
            seen.insert(session)
            checked["accounts", default: 0] += 1
            guard let state = accounts[session] else {
                tampered(.accounts, session, "no account.created event wrote this account")
                continue
            }
            compare(.accounts, session, row: row, state.values, event: "its events")
        }
        for session in accounts.keys.sorted() where !seen.contains(session) {
            tampered(.accounts, session, "the account was deleted (account.created at event \(accounts[session]!.created.seq))")
        }
    }

    private mutating func checkPositions(_ db: StoreDatabase, _ positions: [String: PositionState]) throws {
        var seen: Set<String> = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM positions ORDER BY id") {
            let entry: String = row["entry_client_order_id"]
            let subject = "\(row["symbol"] as String) entry \(entry)"
            seen.insert(entry)
            checked["positions", default: 0] += 1
            guard let state = positions[entry] else {
                tampered(.positions, subject, "no position event wrote this position")
                continue
            }
            let latest = state.latest.payload
            let closed = state.latest.type == "position.closed"
            let opened = state.lastOpened?.payload ?? latest
            var expected: [String: String?] = [
                "status": closed ? "CLOSED" : "OPEN", "symbol": latest["symbol"], "session": latest["session"],
                "quantity": opened["quantity"], "entry_price": opened["entry_price"],
                "fees": latest["fees"], "realized_gross": latest["realized_gross"],
                // The row keeps the stop and target it opened with.
                "stop_price": state.first.payload["stop_price"], "target_price": state.first.payload["target_price"],
            ]
            if closed {
                expected["closed_at"] = String(state.latest.at)
                expected["exit_price"] = latest["exit_price"]
                expected["exit_reason"] = latest["exit_reason"] ?? ""
                expected["realized_pnl"] = latest["realized_pnl"] ?? ""
            } else {
                for column in ["closed_at", "exit_price", "exit_reason", "realized_pnl"] { expected[column] = "" }
            }
            compare(.positions, subject, row: row, expected, event: "its events (the last: \(state.latest.type), event \(state.latest.seq))")
        }
        for entry in positions.keys.sorted() where !seen.contains(entry) {
            let state = positions[entry]!
            tampered(.positions, "\(state.latest.payload["symbol"] ?? "?") entry \(entry)", "the position was deleted (\(state.latest.type) at event \(state.latest.seq))")
        }
    }

    private mutating func checkFills(_ db: StoreDatabase, _ fills: [String: FillState]) throws {
        var seen: Set<String> = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM fills ORDER BY id") {
            let trade: String = row["trade_id"]
            let subject = "trade \(trade)"
            seen.insert(trade)
            checked["fills", default: 0] += 1
            guard let state = fills[trade] else {
                tampered(.fills, subject, "no order.filled event booked this fill")
                continue
            }
            var expected: [String: String?] = ["client_order_id": state.order, "executed_at": String(state.at)]
            if let values = state.values {
                for column in ["quantity", "price", "fee", "fee_asset"] { expected[column] = values[column] }
                if let quantity = values["quantity"].flatMap(Decimal.parse), let price = values["price"].flatMap(Decimal.parse) {
                    expected["quote_quantity"] = (quantity * price).plainText
                }
            } else {
                note(.fills, "quantity, price and fee were booked before this build recorded them in order.filled")
            }
            compare(.fills, subject, row: row, expected, event: "order.filled (event \(state.seq))")
        }
        for trade in fills.keys.sorted() where !seen.contains(trade) {
            tampered(.fills, "trade \(trade)", "the fill was deleted (order.filled at event \(fills[trade]!.seq), order \(fills[trade]!.order))")
        }
    }

    /// The row is what the latest state event wrote; with none, what the
    /// account's creation wrote (ACTIVE, in the same transaction, without an event of its own).
    private mutating func checkTradingState(_ db: StoreDatabase, _ event: Event?, accountCreated: Event?) throws {
        let row = try Row.fetchOne(db, sql: "SELECT * FROM trading_state WHERE id = 1")
        if row != nil { checked["trading_state", default: 0] += 1 }
        guard let event else {
            guard let row else {
                if let created = accountCreated {
                    tampered(.tradingState, "1", "the trading state row was deleted (written with account.created at event \(created.seq)); a missing row reads as ACTIVE")
                }
                return
            }
            guard let created = accountCreated else {
                tampered(.tradingState, "1", "no event wrote the trading state")
                return
            }
            compare(.tradingState, "1", row: row, ["state": "ACTIVE", "reason": "account created", "changed_by": "gen-risk",
                                                   "changed_at": String(created.at), "cause": ""], event: "account.created (event \(created.seq))")
            return
        }
        guard let row else {
            tampered(.tradingState, "1", "the trading state row was deleted (\(event.type) at event \(event.seq)); a missing row reads as ACTIVE")
            return
        }
        let p = event.payload
        var expected: [String: String?] = ["state": p["state"], "reason": p["reason"], "changed_by": p["by"], "changed_at": String(event.at)]
        // Halts recorded before the cause was a value were classified by the migration (v8).
        expected["cause"] = p["cause"] ?? (p["state"] == TradingState.halted.rawValue ? nil : "")
        compare(.tradingState, "1", row: row, expected, event: "\(event.type) (event \(event.seq))")
    }

    private mutating func checkLockouts(_ db: StoreDatabase, _ lockouts: [String: [LockoutState]]) throws {
        var rows: [String: [Row]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM lockouts ORDER BY id") {
            rows[row["session"], default: []].append(row)
            checked["lockouts", default: 0] += 1
        }
        for session in Set(rows.keys).union(lockouts.keys).sorted() {
            let stored = rows[session] ?? []
            let expected = lockouts[session] ?? []
            var unmatched = stored
            for lockout in expected {
                guard let index = unmatched.firstIndex(where: { ($0["started_at"] as Int64) == lockout.startedAt }) else {
                    tampered(.lockouts, session, "the lockout started at \(Timestamp(milliseconds: lockout.startedAt).iso8601) (tilt.locked) was deleted")
                    continue
                }
                let row = unmatched.remove(at: index)
                compare(.lockouts, "\(session) lockout \(row["id"] as Int64)", row: row,
                        ["ends_at": lockout.endsAt.map(String.init), "escalation": lockout.escalation, "reason": lockout.reason,
                         "lifted_at": lockout.liftedAt.map(String.init) ?? ""], event: "tilt.locked/tilt.unlocked")
            }
            for row in unmatched {
                tampered(.lockouts, "\(session) lockout \(row["id"] as Int64)", "no tilt.locked event started this lockout")
            }
        }
    }

    /// The sequence number from which state rows are stamped; nil when the
    /// marker row is gone (then every state row must have its stamp).
    private mutating func checkBaseline(_ db: StoreDatabase, firstStamp: Int64?) throws -> Int64 {
        guard let first = try Int64.fetchOne(db, sql: "SELECT first_seq FROM verify_baseline WHERE id = 1") else {
            tampered(.baseline, "1", "the row that says from which event state rows are recorded was deleted")
            return 1
        }
        if let firstStamp, firstStamp < first {
            tampered(.baseline, "1", "first_seq is \(first) but state rows were recorded from event \(firstStamp): it was raised to hide unrecorded rows")
            return 1
        }
        return first
    }

    private mutating func checkStamped(_ db: StoreDatabase, _ table: Store.StampedTable, _ stamps: [String: Event], baseline: Int64) throws {
        var seen: Set<String> = []
        for session in try String.fetchAll(db, sql: "SELECT session FROM \(table.table) ORDER BY session") {
            seen.insert(session)
            checked[table.table, default: 0] += 1
            guard let row = try Store.stampedRow(table, session: session, in: db) else { continue }
            guard let stamp = stamps[session] else {
                if baseline <= 1 {
                    tampered(table.area, session, "no \(table.eventType) event recorded this row")
                } else {
                    note(table.area, "written before this build recorded the row in \(table.eventType)")
                }
                continue
            }
            let differences = table.columns.filter { !Self.same(row[$0], stamp.payload[$0]) }.map { column in
                "\(column) is \(Self.shown(row[column])) but \(table.eventType) (event \(stamp.seq)) recorded \(Self.shown(stamp.payload[column]))"
            }
            if !differences.isEmpty { tampered(table.area, session, differences.joined(separator: "; ")) }
        }
        for session in stamps.keys.sorted() where !seen.contains(session) {
            tampered(table.area, session, "the row was deleted (\(table.eventType) at event \(stamps[session]!.seq)); a missing row reads as a fresh start")
        }
    }
}
