import Foundation
import Logging
import GenesisDomain

/// What the risk engine said about a trader's own order (`gen-exec order`,
/// and the re-check of an amended buy).
public struct ManualDecision: Sendable {
    public var result: Result<OrderIntent, Rejection>
    /// The rules that sized an approved entry below what the engine allows
    /// at full size (`RiskEngine.sizingReductions`).
    public var sizedDownBy: [String]
    /// The quantity the engine approved before the trader's request capped it.
    public var engineQuantity: Decimal?
    /// True when this signal had been judged before (a retry): the result is
    /// the recorded one, and nothing new was recorded.
    public var judgedBefore: Bool
    /// Alerts of the tier supervision that ran before the judgement.
    public var alerts: [[UInt8]]
}

extension RiskStage {
    /// Judges a trader's order exactly as gen-risk judges a signal piped in
    /// by hand (`judge`), through the same `assess`, and records the decision
    /// with the signal (strategy `manual`, so the tilt detector counts it as
    /// a manual order).
    ///
    /// Two things only a typed order has, applied before the decision is
    /// recorded (gen-exec executes only the byte-identical approved line):
    /// - `requested` caps the size: the engine may size a buy down, never up,
    ///   and a sell sells at most what is asked (all of the position when the
    ///   rest would be dust, `SymbolFilters.partialSell`). A capped buy must
    ///   still meet the minimum position and the exchange minimum.
    /// - `replacing`: an amended buy's own resting order does not count
    ///   against the limits that judge its replacement.
    ///
    /// Both share `assess`, the judgement itself; only the cap, applied
    /// before the decision is recorded, is this one's own.
    public mutating func judgeManual(_ signal: Signal, requested: Decimal?, replacing: OrderIntent? = nil) throws -> ManualDecision {
        let now = wallClock.now()
        _ = try store.requireAccount(session: session, openingAt: now)
        // A retry of an order already approved: the recorded approval, judged no further.
        if try store.approvedOrderLine(signalID: signal.id, session: session) != nil { return try recorded(signal, now: now) }
        let assessment = try assess(signal, now: now, replacing: replacing)
        var result = assessment.result
        let measured = assessment.correlations, sizedDownBy = assessment.sizedDownBy, alerts = assessment.alerts
        var engineQuantity: Decimal?
        if case var .success(order) = result {
            engineQuantity = order.quantity
            if let requested {
                let filters = engine.filterBook.filters(for: order.symbol)
                let price = order.limitPrice ?? order.referencePrice
                switch order.side {
                case .buy:
                    let capped = min(order.quantity, requested.rounded(toStep: filters.stepSize, .down))
                    let floor = max(config.risk.minimumPosition.value, filters.minNotional)
                    if capped * price < floor || (order.stop.map { capped * $0 < filters.minNotional } ?? false) {
                        result = .failure(Rejection(.minimumPosition, "\(requested.plainText) \(order.symbol) at \(price.plainText) is worth \((capped * price).rounded(scale: 2, .plain).plainText), below the minimum position of \(floor.plainText) (or unsellable at its stop)."))
                    } else {
                        order.quantity = capped
                        result = .success(order)
                    }
                case .sell:
                    let part = filters.partialSell(requested, of: order.quantity, at: price)
                    if part <= 0 {
                        result = .failure(Rejection(.noDust, "Selling \(requested.plainText) of the \(order.quantity.plainText) \(order.symbol) held is below the exchange minimum of \(filters.minNotional.plainText); sell more, or all of it."))
                    } else {
                        order.quantity = part
                        result = .success(order)
                    }
                }
            }
        }
        guard try store.recordDecision(signal, session: session, result: result, judgement: Judgement(clock: .wall, at: wallClock.now()),
                                       correlations: measured, sizedDownBy: result.isSuccess ? sizedDownBy : nil) else {
            return try recorded(signal, now: now)
        }
        return ManualDecision(result: result, sizedDownBy: sizedDownBy, engineQuantity: engineQuantity, judgedBefore: false, alerts: alerts)
    }

    /// A signal judged before: its recorded approval, or its recorded refusal.
    private func recorded(_ signal: Signal, now: Timestamp) throws -> ManualDecision {
        if let line = try store.approvedOrderLine(signalID: signal.id, session: session) {
            var scanner = JSONLineScanner()
            let bytes = Array(line.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            let order = try bytes.withUnsafeBufferPointer { try OrderIntent(line: try scanner.scan($0)) }
            return ManualDecision(result: .success(order), sizedDownBy: [], engineQuantity: nil, judgedBefore: true, alerts: [])
        }
        return ManualDecision(result: .failure(Rejection(.notApproved, "Signal \(signal.id) was judged before and refused; change the order or pass another --id to ask again.")),
                              sizedDownBy: [], engineQuantity: nil, judgedBefore: true, alerts: [])
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

extension ExecutionStage {
    /// Runs `lines` through this stage as `gen-exec run` would read them from
    /// its input (the approved order line, then on paper a `book` line at the
    /// newest stored price for it to fill at), and returns what it wrote.
    /// Every check `run` makes before a venue sees the order applies.
    public func execute(lines: [[UInt8]]) throws -> [String] {
        var input: [UInt8] = []
        for line in lines { input += line + [10] }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw GenesisError.internalError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        defer { close(ends[0]) }
        // A few lines: far below a pipe's buffer, so writing them all first cannot block.
        let written = input.withUnsafeBufferPointer { Glibc.write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        guard written == input.count else { throw GenesisError.internalError("cannot feed the order to gen-exec's stage") }
        guard let output = tmpfile() else { throw GenesisError.internalError("cannot create a temporary file") }
        defer { fclose(output) }
        let writer = LineWriter(descriptor: fileno(output))
        var stage = StreamStage(strict: true, logger: logger)
        try run(&stage, reader: LineReader(descriptor: ends[0]), writer: writer)
        writer.flush()
        rewind(output)
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let count = fread(&buffer, 1, buffer.count, output)
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
