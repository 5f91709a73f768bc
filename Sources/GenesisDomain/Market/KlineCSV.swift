import Foundation

/// One parsed kline row, its numbers kept as the exact decimal text of the
/// file (trailing zeros dropped), ready to store without a round trip.
public struct KlineRow: Sendable, Equatable {
    public var openTime: Int64
    public var open: String
    public var high: String
    public var low: String
    public var close: String
    public var volume: String
    public var quoteVolume: String?
    public var trades: Int64?
    public var takerBuyBase: String?
    public var takerBuyQuote: String?

    public init(openTime: Int64, open: String, high: String, low: String, close: String, volume: String, quoteVolume: String? = nil,
                trades: Int64? = nil, takerBuyBase: String? = nil, takerBuyQuote: String? = nil) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.trades = trades
        self.takerBuyBase = takerBuyBase
        self.takerBuyQuote = takerBuyQuote
    }
}

/// Parses the two CSV layouts `gen-fetch import` accepts:
/// - Binance public-data klines: 12 columns, headerless (open time, open, high,
///   low, close, volume, close time, quote volume, trades, taker buy base,
///   taker buy quote, ignore). Times are milliseconds until 2024 and
///   microseconds from 2025; both are accepted.
/// - Plain OHLCV: `time,open,high,low,close,volume` with an optional header;
///   time in epoch seconds/ms/µs/ns or ISO-8601.
public enum KlineCSV {
    /// Converts an epoch number in any common unit to milliseconds, by size:
    /// Binance switched its spot files from ms to µs on 2025-01-01.
    public static func epochMilliseconds(_ value: Int64) -> Int64 {
        switch value {
        case ..<0: value                                      // refused by the range check
        case ..<100_000_000_000: value * 1000                 // seconds (before year 5138)
        case ..<100_000_000_000_000: value                    // milliseconds
        case ..<100_000_000_000_000_000: value / 1000         // microseconds
        default: value / 1_000_000                            // nanoseconds
        }
    }

    /// Parses one line; returns nil for a header line, throws for a bad row.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(LineError) -> KlineRow? {
        var fields: [UnsafeBufferPointer<UInt8>] = []
        fields.reserveCapacity(12)
        var start = 0
        var end = bytes.count
        if end > 0, bytes[end - 1] == 13 { end -= 1 }
        for index in 0..<end where bytes[index] == UInt8(ascii: ",") {
            fields.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            start = index + 1
        }
        fields.append(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        guard fields.count == 12 || fields.count == 6 else {
            throw LineError("expected 12 columns (Binance klines) or 6 (time,open,high,low,close,volume), found \(fields.count)")
        }
        let first = fields[0]
        let openTime: Int64
        if let number = JSONLine.parseInt(first) {
            openTime = epochMilliseconds(number)
            guard openTime >= 0, openTime < 7_258_118_400_000 else {
                throw LineError("open time \(number) is not between 1970 and 2200 in any epoch unit")
            }
        } else if fields.count == 6, let time = Timestamp(parsing: String(decoding: first, as: UTF8.self)) {
            openTime = time.milliseconds
        } else if first.contains(where: { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) && !first.contains(UInt8(ascii: "-")) {
            return nil // header
        } else {
            throw LineError("open time '\(String(decoding: first.prefix(30), as: UTF8.self))' is neither an epoch number nor an ISO-8601 time")
        }
        func decimal(_ index: Int, _ name: String) throws(LineError) -> String {
            let trimmed = trimDecimalZeros(fields[index])
            guard let value = Decimal.parse(trimmed), value >= 0 else {
                throw LineError("\(name) '\(String(decoding: fields[index].prefix(30), as: UTF8.self))' is not a non-negative decimal")
            }
            _ = value
            return String(decoding: trimmed, as: UTF8.self)
        }
        var row = KlineRow(openTime: openTime, open: try decimal(1, "open"), high: try decimal(2, "high"), low: try decimal(3, "low"),
                           close: try decimal(4, "close"), volume: try decimal(5, "volume"))
        if fields.count == 12 {
            row.quoteVolume = try decimal(7, "quote volume")
            guard let trades = JSONLine.parseInt(fields[8]), trades >= 0 else { throw LineError("number of trades is not a whole number") }
            row.trades = trades
            row.takerBuyBase = try decimal(9, "taker buy base volume")
            row.takerBuyQuote = try decimal(10, "taker buy quote volume")
        }
        try validateBar(open: Decimal.parse(row.open)!, high: Decimal.parse(row.high)!, low: Decimal.parse(row.low)!,
                        close: Decimal.parse(row.close)!, volume: Decimal.parse(row.volume)!)
        return row
    }
}

/// Splits a byte stream arriving in chunks into lines.
public struct LineSplitter {
    private var carry: [UInt8] = []
    public private(set) var lineNumber = 0
    /// The longest line held in memory; a longer one is skipped as it
    /// streams past and reported as `nil` with its number, so a file of one
    /// endless line cannot take the machine's memory.
    public let maxLineBytes: Int
    private var overlong = false

    public init(maxLineBytes: Int = 64 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    public mutating func feed(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>?, Int) throws -> Void) rethrows {
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 10 {
                lineNumber += 1
                if overlong || carry.count + (index - start) > maxLineBytes {
                    overlong = false
                    carry.removeAll(keepingCapacity: true)
                    try body(nil, lineNumber)
                } else if carry.isEmpty {
                    try body(UnsafeBufferPointer(rebasing: bytes[start..<index]), lineNumber)
                } else {
                    carry.append(contentsOf: bytes[start..<index])
                    try carry.withUnsafeBufferPointer { try body($0, lineNumber) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            guard !overlong else { return }
            if carry.count + (bytes.count - start) > maxLineBytes {
                overlong = true
                carry = []
            } else {
                carry.append(contentsOf: bytes[start..<bytes.count])
            }
        }
    }

    public mutating func finish(_ body: (UnsafeBufferPointer<UInt8>?, Int) throws -> Void) rethrows {
        guard overlong || !carry.isEmpty else { return }
        lineNumber += 1
        if overlong {
            overlong = false
            try body(nil, lineNumber)
        } else {
            try carry.withUnsafeBufferPointer { try body($0, lineNumber) }
        }
        carry.removeAll()
    }
}
