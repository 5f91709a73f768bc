import Foundation
import Logging
import GenesisDomain

/// The loop every pipeline stage shares (DESIGN §1.1): read lines, validate them,
/// hand the types the stage consumes to its handler, forward the rest
/// unchanged, and report malformed lines by number without stopping.
public struct StreamStage {
    public var strict: Bool
    public var logger: Logger
    public private(set) var rejectedLines = 0

    /// Work that falls due on a clock rather than on input: a worked
    /// order's next slice. `wait` says how many milliseconds until it is due
    /// (nil: nothing waits); `fire` does it. The stage keeps reading while it
    /// waits: input that arrives first is handled first.
    public struct Timer {
        public var wait: () -> Int64?
        public var fire: () throws -> Void

        public init(wait: @escaping () -> Int64?, fire: @escaping () throws -> Void) {
            self.wait = wait
            self.fire = fire
        }
    }

    public init(strict: Bool, logger: Logger) {
        self.strict = strict
        self.logger = logger
    }

    /// Runs until end of input. `handle` returns true when it consumed the
    /// line (it writes whatever it wants forwarded itself); false forwards it.
    /// Output is flushed whenever input pauses; `whenIdle` runs when input has
    /// paused for a millisecond (so a stage that is merely faster than its
    /// upstream does not pay for it on every pipe buffer), with the bytes of
    /// input handled so far.
    public mutating func run(
        reader: LineReader = LineReader(),
        writer: LineWriter,
        whenIdle: ((Int64) throws -> Void)? = nil,
        timer: Timer? = nil,
        handle: (JSONLine, EventType, Int) throws -> Bool
    ) throws {
        try run(reader: reader, writer: writer, whenIdle: whenIdle, timer: timer, readsCandles: false) { item, number in
            guard case let .event(line, type) = item else { return false }
            return try handle(line, type, number)
        }
    }

    /// One input line as a stage gets it: a candle, located, or any other event, scanned.
    public enum Line {
        case candle(CandleLine)
        case event(JSONLine, EventType)
    }

    /// `run` for a stage that reads candles (`readsCandles`): each `candle`
    /// line comes as `.candle`, in gen-fetch's layout located without the
    /// general scan (`CandleLine.match`), in any other by it. Other lines come
    /// as `.event`. `whenDry` runs each time all input so far is handled,
    /// before any wait for more, and must be cheap.
    public mutating func run(
        reader: LineReader = LineReader(),
        writer: LineWriter,
        whenIdle: ((Int64) throws -> Void)? = nil,
        whenDry: ((Int64) -> Void)? = nil,
        timer: Timer? = nil,
        readsCandles: Bool,
        handle: (Line, Int) throws -> Bool
    ) throws {
        var scanner = JSONLineScanner()
        try reader.forEachLine(beforeBlocking: { consumed in
            writer.flush()
            whenDry?(consumed)
            if let whenIdle, reader.wouldBlock(milliseconds: 1) { try whenIdle(consumed) }
            // Quiet input: wait for it no longer than the timer's next task.
            while let timer, let wait = timer.wait(), reader.wouldBlock(milliseconds: Int32(clamping: max(0, wait))) {
                try timer.fire()
                writer.flush()
            }
        }) { bytes, number in
            if number < 0 {
                try reject(line: -number, LineError("line longer than 1 MiB"))
                return
            }
            // Blank lines carry nothing; tolerate them like most NDJSON readers.
            if bytes.isEmpty || bytes.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { return }
            do {
                if readsCandles, let candle = CandleLine.match(bytes) {
                    if try !handle(.candle(candle), number) { writer.write(bytes, newline: true) }
                    return
                }
                let line = try scanner.scan(bytes)
                guard let type = try EventType.of(line) else {
                    writer.write(bytes, newline: true)
                    return
                }
                if try !handle(readsCandles && type == .candle ? .candle(CandleLine(line: line)) : .event(line, type), number) {
                    writer.write(bytes, newline: true)
                }
            } catch let error as LineError {
                try reject(line: number, error)
            }
        }
        writer.flush()
        if rejectedLines > 0 { throw GenesisError.rejectedLines(count: rejectedLines) }
    }

    private mutating func reject(line: Int, _ error: LineError) throws {
        rejectedLines += 1
        if strict {
            throw GenesisError.badInput(source: "line \(line)", message: "\(error.reason) (--strict stops at the first bad line)")
        }
        logger.error("line \(line): \(error.reason)")
    }
}
