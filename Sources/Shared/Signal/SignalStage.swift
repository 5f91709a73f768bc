import Foundation

/// `gen-signal`: candles in, the same candles forwarded, and after each one
/// the signals it triggered. One strategy instance per symbol and interval.
public struct SignalStage {
    let config: GenesisConfig
    private var strategies: [String: MomentumBreakout] = [:]
    public private(set) var signalsEmitted = 0
    public private(set) var candlesSeen = 0

    public init(config: GenesisConfig) { self.config = config }

    public mutating func run(_ stage: inout StreamStage, reader: LineReader = LineReader(), writer: LineWriter) throws {
        try stage.run(reader: reader, writer: writer) { line, type, _ in
            guard type == .candle else { return false }
            try handleCandle(line, writer: writer)
            return true
        }
    }

    mutating func handleCandle(_ line: JSONLine, writer: LineWriter) throws {
        let symbol = try line.string("symbol")
        try Symbol.validate(symbol)
        let interval = try line.string("interval")
        guard let length = Interval(interval)?.milliseconds else { throw LineError("interval '\(interval.prefix(10))' is not one of \(Interval.allowedNames)") }
        let openTime = try line.timestamp("open_time")
        let bar = try Bar(line: line)
        guard bar.time.milliseconds == openTime.milliseconds + length else { throw LineError("ts is not open_time + interval") }
        writer.write(line.bytes, newline: true)
        candlesSeen += 1
        let key = symbol + "|" + interval
        // Mutated in place: copying the strategy out would copy its windows on every bar.
        let trigger = strategies[key, default: MomentumBreakout(settings: config.strategies.momentumBreakout)].update(bar)
        if let trigger, let strategy = strategies[key] {
            let signal = strategy.signal(for: trigger, symbol: symbol, interval: interval, openTime: openTime, ts: bar.time, close: try line.decimal("close"))
            writer.write(signal.encoded())
            signalsEmitted += 1
        }
    }
}
