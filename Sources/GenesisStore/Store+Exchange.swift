import Foundation
import GRDB
import GenesisDomain

/// Exchange state shared by every command through the store.
public protocol ExchangeStateRepository: Sendable {
    /// When the venue may be called again, if a 429 or 418 paused it.
    func pause(venue: String) throws -> (until: Timestamp, status: Int, reason: String)?
    func recordPause(venue: String, until: Timestamp, status: Int, reason: String) throws
    func cachedExchangeInfo(venue: String) throws -> (fetchedAt: Timestamp, body: Data)?
    func cacheExchangeInfo(venue: String, at time: Timestamp, body: Data) throws
    /// Keeps the offset to the venue's clock measured by a time sync.
    func recordClockOffset(venue: String, offsetMs: Int64, at time: Timestamp) throws
}

extension Store: ExchangeStateRepository {
    public func pause(venue: String) throws -> (until: Timestamp, status: Int, reason: String)? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT until, status, reason FROM exchange_pauses WHERE venue = ?"), arguments: [venue]).map {
                (Timestamp(milliseconds: $0["until"]), $0["status"], $0["reason"])
            }
        }
    }

    public func recordPause(venue: String, until: Timestamp, status: Int, reason: String) throws {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO exchange_pauses (venue, until, status, reason) VALUES (?, ?, ?, ?)",
                           arguments: [venue, until.milliseconds, status, reason])
            try append(AuditEvent(type: status == 418 ? "exchange.banned" : "exchange.paused", aggregateType: "venue", aggregateID: venue,
                                  occurredAt: Timestamp.now(), payload: ["until": until.iso8601, "status": String(status), "reason": reason]), in: db)
        }
    }

    public func cachedExchangeInfo(venue: String) throws -> (fetchedAt: Timestamp, body: Data)? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT fetched_at, body FROM exchange_info_cache WHERE venue = ?"), arguments: [venue]).map {
                (Timestamp(milliseconds: $0["fetched_at"]), Data(($0["body"] as String).utf8))
            }
        }
    }

    /// The paper settings with each symbol of the newest exchangeInfo stored,
    /// whichever venue it came from (`SymbolFilterBook`). A stored copy that
    /// no longer parses is ignored: the defaults are still a valid grid.
    public func paperFilterBook(paper: GenesisConfig.Paper) throws -> SymbolFilterBook {
        SymbolFilterBook(paper: paper, exchangeInfo: try newestExchangeInfo())
    }

    /// The newest exchangeInfo stored, whichever venue it came from; nil
    /// when none is stored or it no longer parses.
    public func newestExchangeInfo() throws -> ExchangeInfo? {
        let body = try read { try String.fetchOne($0, sql: "SELECT body FROM exchange_info_cache ORDER BY fetched_at DESC LIMIT 1") }
        return body.flatMap { try? JSONDecoder().decode(ExchangeInfo.self, from: Data($0.utf8)) }
    }

    /// The rules gen-risk sizes `session`'s orders by. The live account's
    /// orders go to its exchange, so they are sized by that exchange's own
    /// exchangeInfo (cached by every exchange command) and its taker
    /// commission, and a symbol it does not list is refused before anything
    /// is sent; every other session trades on paper (`paperFilterBook`).
    public func tradingRules(session: String, paper: GenesisConfig.Paper) throws -> SymbolFilterBook {
        guard try isLive(session: session), let binding = try liveAccount() else { return try paperFilterBook(paper: paper) }
        let cached = try cachedExchangeInfo(venue: binding.venue)
        let info = cached.flatMap { try? JSONDecoder().decode(ExchangeInfo.self, from: $0.body) }
        return SymbolFilterBook(exchange: binding.venue, exchangeInfo: info, fetchedAt: cached?.fetchedAt, paper: paper,
                                takerCommission: try takerCommission())
    }

    public func cacheExchangeInfo(venue: String, at time: Timestamp, body: Data) throws {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO exchange_info_cache (venue, fetched_at, body) VALUES (?, ?, ?)",
                           arguments: [venue, time.milliseconds, String(decoding: body, as: UTF8.self)])
        }
    }
}
