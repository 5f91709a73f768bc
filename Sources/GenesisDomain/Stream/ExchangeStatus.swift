import Foundation

/// One symbol's trading status on the exchange: the `exchange_status` line
/// `gen-fetch stream` writes when a stream starts and whenever the status
/// changes (docs/PROTOCOL.md §8.11). gen-signal reads it to put the symbol in
/// MAINTENANCE (DESIGN §7): while it holds, the classifier says MAINTENANCE
/// and no strategy trades the symbol.
///
/// The exchange says it two ways, and either one is maintenance: the system
/// status (`GET /sapi/v1/system/status`, 1 = system maintenance, every
/// symbol at once) and the symbol's own exchangeInfo `status` (anything but
/// TRADING: HALT, BREAK, …).
public struct ExchangeStatus: Sendable, Equatable {
    public var symbol: String
    /// The system status, 0 normal or 1 maintenance; nil when the venue does
    /// not serve it (Binance's testnet has no `/sapi`).
    public var system: Int?
    /// The symbol's exchangeInfo status (TRADING, HALT, BREAK, …); nil when unknown.
    public var symbolStatus: String?

    public init(symbol: String, system: Int?, symbolStatus: String?) {
        self.symbol = symbol
        self.system = system
        self.symbolStatus = symbolStatus
    }

    /// Whether the symbol cannot be traded now.
    public var maintenance: Bool { system == 1 || (symbolStatus.map { $0 != "TRADING" } ?? false) }

    /// The line's `state`: what readers decide on.
    public static let maintenanceState = "MAINTENANCE"
    public static let tradingState = "TRADING"

    /// The `exchange_status` line.
    public func encoded(ts: Timestamp) -> [UInt8] {
        var line = JSONLineBuilder(type: .exchangeStatus, ts: ts)
        line.field("symbol", symbol)
        line.field("state", maintenance ? Self.maintenanceState : Self.tradingState)
        line.field("system", system.map { $0 == 1 ? "MAINTENANCE" : "NORMAL" })
        line.field("symbol_status", symbolStatus)
        return line.finishBytes()
    }

    /// Reads the fields a consumer needs: `symbol` and `state`
    /// (MAINTENANCE or TRADING); the detail fields are optional.
    public init(line: JSONLine) throws {
        symbol = try line.string("symbol")
        try Symbol.validate(symbol)
        let state = try line.string("state")
        guard state == Self.maintenanceState || state == Self.tradingState else {
            throw LineError("field 'state' must be MAINTENANCE or TRADING, got '\(state.prefix(20))'")
        }
        system = try line.optionalString("system").map { $0 == "MAINTENANCE" ? 1 : 0 }
        symbolStatus = try line.optionalString("symbol_status")
        // The state decides, whatever the details say.
        if state == Self.maintenanceState, !maintenance { system = 1 }
        if state == Self.tradingState, maintenance { system = 0; symbolStatus = "TRADING" }
    }
}
