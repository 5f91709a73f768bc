import Foundation
import GenesisBinance
import GenesisDomain

/// The exchange's own state, which a drill can change: Binance's system
/// status (`GET /sapi/v1/system/status`, 1 during system maintenance) and a
/// symbol's exchangeInfo `status` (TRADING, HALT, BREAK, …). GENESIS reads
/// both to put a market in MAINTENANCE (DESIGN §7), so tests need a way to
/// take the sim into and out of maintenance without a real outage.
extension SimExchange {
    /// The symbol statuses Binance documents for spot (`SymbolStatus`).
    static let symbolStatuses: Set<String> = ["PRE_TRADING", "TRADING", "POST_TRADING", "END_OF_DAY", "HALT", "AUCTION_MATCH", "BREAK"]

    /// `GET /sapi/v1/system/status`: `{"status":0,"msg":"normal"}` or
    /// `{"status":1,"msg":"system maintenance"}`, Binance's two answers.
    public func systemStatusAnswer() -> JSONValue {
        .object([("status", .integer(Int64(systemStatus))), ("msg", .string(systemStatus == 0 ? "normal" : "system maintenance"))])
    }

    /// `POST /sim/v1/status` (not Binance): `system=0|1` sets the system
    /// status; `symbol=…&status=…` a symbol's exchangeInfo status; both may
    /// come in one call. Answers the system status and, with a symbol, its
    /// status: `{"status","msg"[,"symbol","symbolStatus"]}`.
    public func setStatus(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        guard p["system"] != nil || p["symbol"] != nil else { throw .mandatory("system") }
        var symbolChange: (String, String)?
        if let symbol = p["symbol"] {
            guard let status = p["status"], Self.symbolStatuses.contains(status) else {
                throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'status'; legal range is '\(Self.symbolStatuses.sorted().joined(separator: ", "))'.")
            }
            _ = try market(symbol)
            symbolChange = (symbol, status)
        }
        if let text = p["system"] {
            guard let value = Int(text), value == 0 || value == 1 else {
                throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'system'; legal range is '0, 1'.")
            }
            systemStatus = value
        }
        if let (symbol, status) = symbolChange { try setSymbolStatus(symbol, to: status) }
        guard case var .object(members) = systemStatusAnswer() else { return systemStatusAnswer() }
        if let symbol = p["symbol"] {
            members.append(("symbol", .string(symbol)))
            members.append(("symbolStatus", .string(try market(symbol).rules.status)))
        }
        return .object(members)
    }
}
