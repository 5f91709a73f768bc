import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// The two emergency endpoints: each needs its typed confirmation phrase,
/// exactly as `gen-exec halt` and `gen-exec close-all` do.
extension ControlAPI {
    /// POST /v1/halt {"reason": "...", "confirm": "HALT TRADING NOW"}
    func halt(_ body: [UInt8]) async throws -> JSONValue {
        let object = try Self.object(body)
        let confirm = try Self.string(object, "confirm", required: true)!
        let reason = try Self.string(object, "reason", required: true)!
        guard reason.unicodeScalars.count <= 500, !Self.isBlank(reason) else {
            throw ControlError.badRequest("reason must say why, in 1 to 500 characters")
        }
        guard confirm == config.execution.haltPhrase else { throw ControlError.wrongPhrase(config.execution.haltPhrase, action: "halt trading") }
        let message = try await actions.halt(reason: reason)
        let (state, current) = try store.tradingState()
        logger.notice("control API: trading halted (\(reason))")
        return .object([("trading_state", .string(state.rawValue)), ("reason", .string(current)), ("message", .string(message))]
                       + ControlJSON.time("changed_at", try store.tradingStateChangedAt()))
    }

    /// POST /v1/close-all {"confirm": "CLOSE ALL POSITIONS", "max_slippage": "0.01"}
    func closeAll(_ body: [UInt8]) async throws -> JSONValue {
        let object = try Self.object(body)
        let confirm = try Self.string(object, "confirm", required: true)!
        var slippage: Decimal?
        if let text = try Self.string(object, "max_slippage", required: false) {
            guard let value = Self.fraction(text) else {
                throw ControlError.badRequest("max_slippage must be a fraction from 0 to 0.2 written as a string, like \"0.01\" for 1%")
            }
            slippage = value
        }
        guard confirm == config.execution.closeAllPhrase else {
            throw ControlError.wrongPhrase(config.execution.closeAllPhrase, action: "close every position")
        }
        let summary = try await actions.closeAll(maxSlippage: slippage)
        logger.notice("control API: close-all closed \(summary.closed.count), refused \(summary.refused.count), pending \(summary.pending.count)")
        return .object([
            ("venue", .string(summary.venue)),
            ("max_slippage", ControlJSON.decimal(slippage ?? config.execution.closeAllMaxSlippage.value)),
            ("closed", .array(summary.closed.map { closed in
                .object([("symbol", .string(closed.symbol)), ("client_order_id", .string(closed.clientOrderID)),
                         ("quantity", ControlJSON.decimal(closed.quantity)), ("price", ControlJSON.decimal(closed.price)),
                         ("realized_pnl", ControlJSON.decimal(closed.realizedPnL))] + ControlJSON.time("at", closed.at))
            })),
            ("refused", .array(summary.refused.map { refused in
                .object([("symbol", .string(refused.symbol)), ("rule", .string(refused.rule)), ("message", .string(refused.message))])
            })),
            ("pending", ControlJSON.strings(summary.pending)),
        ])
    }

    /// The body as a JSON object (400 otherwise).
    static func object(_ body: [UInt8]) throws -> JSONValue {
        guard !body.isEmpty else { throw ControlError.badRequest("the request needs a JSON object body") }
        guard let value = try? JSONValue.parse(Data(body)), case .object = value else {
            throw ControlError.badRequest("the body must be a JSON object")
        }
        return value
    }

    /// A string member: required ones must be present; an optional one may be absent or null.
    static func string(_ object: JSONValue, _ name: String, required: Bool) throws -> String? {
        switch object[name] {
        case let .string(text)?: return text
        case nil where !required, .null? where !required: return nil
        case nil: throw ControlError.badRequest("\(name) is required")
        default: throw ControlError.badRequest("\(name) must be a string")
        }
    }

    /// Whitespace as the OpenAPI pattern's `\s` reads it (Unicode spaces and the separators U+001C–U+001F).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) }
    }

    /// "0" to "0.2" with at most 8 decimals, exactly the OpenAPI pattern.
    static func fraction(_ text: String) -> Decimal? {
        guard text.wholeMatch(of: /0(\.([01][0-9]{0,7}|20{0,7}))?/) != nil else { return nil }
        return Decimal.parse(text)
    }
}
