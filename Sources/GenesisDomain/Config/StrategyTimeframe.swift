import Foundation

/// The candles a candle strategy reads (`strategies.<name>.timeframe`,
/// DESIGN §10 "Timeframes"): a Binance interval name such as `1h` or `15m`,
/// or `null` for the interval of the candles gen-signal is given.
///
/// gen-signal builds a configured timeframe from finer candles with
/// `CandleAggregator`, exactly as replay builds it, while the finer candles
/// themselves go on to gen-exec: a strategy can decide on hours while the
/// paper venue learns from the minutes whether the stop or the target came
/// first. Written as `null` when absent, so the configuration merge knows
/// the key exists and a file can set it.
public struct StrategyTimeframe: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Nil: the strategy runs on every interval of the candles it is given.
    public var interval: Interval?

    public init(_ interval: Interval? = nil) { self.interval = interval }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            interval = nil
            return
        }
        let name = try container.decode(String.self)
        guard let interval = Interval(name.trimmingCharacters(in: .whitespaces)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription:
                "'\(name.prefix(20))' is not a Binance interval; use one of \(Interval.allowedNames), or null for the interval of the candles given")
        }
        self.interval = interval
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let interval { try container.encode(interval.name) } else { try container.encodeNil() }
    }

    public var description: String { interval?.name ?? "null" }
}
