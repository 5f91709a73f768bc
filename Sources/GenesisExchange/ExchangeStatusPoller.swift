import Foundation
import Logging
import GenesisDomain

/// `gen-fetch stream`'s watch on the exchange itself (DESIGN §7,
/// MAINTENANCE): every `pipeline.statusPollSeconds` it asks the system status
/// (`GET /sapi/v1/system/status`, weight 1) and the streamed symbols'
/// exchangeInfo status (`GET /api/v3/exchangeInfo?symbols=[…]`), and writes
/// an `exchange_status` line per symbol at the first answer and whenever a
/// symbol's status changes, so gen-signal can stop trading it during a
/// maintenance or a halt and resume after.
///
/// A question that fails keeps the last answer (a network blip is not the
/// end of a maintenance, nor its start); a venue without `/sapi` (Binance's
/// testnet) is followed by the symbols' status alone.
public struct ExchangeStatusPoller: Sendable {
    let gateway: BinanceGateway
    let symbols: [String]
    let every: Duration
    let logger: Logger
    let clock: any TimeSource

    public init(gateway: BinanceGateway, symbols: [String], everySeconds: Int, logger: Logger, clock: any TimeSource = WallClock()) {
        self.gateway = gateway
        self.symbols = symbols
        self.every = .seconds(max(1, everySeconds))
        self.logger = logger
        self.clock = clock
    }

    /// One round of both questions: the system status (nil when it could
    /// not be read) and each symbol's status (absent when it could not be).
    public func poll() async -> (system: Int?, symbols: [String: String]?) {
        var system: Int?
        do {
            system = try await gateway.systemStatus().status
        } catch {
            logger.debug("system status not read: \(error)")
        }
        let list = "[" + symbols.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        do {
            let answer = try await gateway.call(.get, "/api/v3/exchangeInfo", [("symbols", list)])
            var statuses: [String: String] = [:]
            for item in answer["symbols"]?.array ?? [] {
                if let symbol = item["symbol"]?.string, let status = item["status"]?.string { statuses[symbol] = status }
            }
            return (system, statuses)
        } catch {
            logger.debug("exchangeInfo status not read: \(error)")
            return (system, nil)
        }
    }

    /// Polls until cancelled, handing `emit` the line of each symbol whose
    /// status is new or changed.
    public func run(emit: @Sendable ([UInt8]) async -> Void) async {
        var current: [String: ExchangeStatus] = [:]
        var first = true
        while !Task.isCancelled {
            let (system, answered) = await poll()
            // A venue that never answers one of the two (testnet has no /sapi) is said once, quietly; losing one that did answer is a warning.
            if first, system == nil { logger.info("the venue does not answer GET /sapi/v1/system/status; MAINTENANCE follows the symbols' exchangeInfo status") }
            if answered == nil, !current.isEmpty { logger.warning("the symbols' exchangeInfo status could not be read; the last one stands") }
            first = false
            let statuses = answered ?? [:]
            let now = clock.now()
            for symbol in symbols {
                let previous = current[symbol]
                let next = ExchangeStatus(symbol: symbol, system: system ?? previous?.system, symbolStatus: statuses[symbol] ?? previous?.symbolStatus)
                // Nothing known yet: say nothing rather than guess.
                guard next.system != nil || next.symbolStatus != nil else { continue }
                if previous.map({ $0.maintenance != next.maintenance }) ?? true {
                    if next.maintenance { logger.warning("\(symbol) is in MAINTENANCE: system status \(next.system.map(String.init) ?? "unknown"), symbol status \(next.symbolStatus ?? "unknown")") }
                    else if previous != nil { logger.notice("\(symbol) is trading again") }
                    await emit(next.encoded(ts: now))
                }
                current[symbol] = next
            }
            do { try await Task.sleep(for: every) } catch { return }
        }
    }
}
