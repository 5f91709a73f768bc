import Foundation

/// A `candle` line with its nine fields located, for the stages that read
/// candles (gen-signal, gen-risk, gen-exec, gen-alert's forwarding).
///
/// Candles are nearly every line of a replay, and every stage reads them,
/// so how a candle is read sets the pipeline's speed. A candle in the layout
/// gen-fetch writes (`Candle.encoded`, `gen-fetch replay` and `stream`) is
/// recognised by `match` in one pass that checks each expected byte and
/// finds each value, with no field table and no name lookups; any other
/// layout (fields in another order, spaces, escapes, extra fields) is read by
/// the general `JSONLineScanner` and located by name (`init(line:)`). Either
/// way the values are read only when asked for, with the same rules and
/// messages as `JSONLine`'s readers, so a stage behaves the same on both.
public struct CandleLine {
    public let bytes: UnsafeBufferPointer<UInt8>
    // Each field's place in `bytes`, packed small: a stage passes the candle
    // along by value for every line, and nine whole `JSONField`s were a
    // copy of half a kilobyte each time.
    let ts: Slot
    let symbol: Slot
    let interval: Slot
    let openTime: Slot
    let open: Slot
    let high: Slot
    let low: Slot
    let close: Slot
    let volume: Slot

    /// A field's value range and kind; `kind` nil when the line lacks it.
    struct Slot {
        var start: Int32
        var end: Int32
        var kind: JSONField.Kind?
        var escaped: Bool

        static let missing = Slot(start: 0, end: 0, kind: nil, escaped: false)

        init(start: Int32, end: Int32, kind: JSONField.Kind?, escaped: Bool) {
            (self.start, self.end, self.kind, self.escaped) = (start, end, kind, escaped)
        }

        init(_ field: JSONField?) {
            guard let field else { self = .missing; return }
            self.init(start: Int32(field.valueStart), end: Int32(field.valueEnd), kind: field.kind, escaped: field.escaped)
        }

        /// The field as `JSONLine`'s readers take it.
        @inline(__always)
        var field: JSONField? {
            kind.map { JSONField(keyStart: 0, keyEnd: 0, valueStart: Int(start), valueEnd: Int(end), kind: $0, escaped: escaped) }
        }
    }

    /// Locates the fields of a candle the general scanner has read.
    public init(line: JSONLine) {
        bytes = line.bytes
        ts = Slot(line.field("ts"))
        symbol = Slot(line.field("symbol"))
        interval = Slot(line.field("interval"))
        openTime = Slot(line.field("open_time"))
        open = Slot(line.field("open"))
        high = Slot(line.field("high"))
        low = Slot(line.field("low"))
        close = Slot(line.field("close"))
        volume = Slot(line.field("volume"))
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, ts: Slot, symbol: Slot, interval: Slot, openTime: Slot,
                 open: Slot, high: Slot, low: Slot, close: Slot, volume: Slot) {
        self.bytes = bytes
        (self.ts, self.symbol, self.interval, self.openTime) = (ts, symbol, interval, openTime)
        (self.open, self.high, self.low, self.close, self.volume) = (open, high, low, close, volume)
    }

    /// The line's time, when the candle closed.
    public func timestamp() throws -> Timestamp { try JSONLine.timestamp(ts.field, "ts", in: bytes) }
    public func openTimestamp() throws -> Timestamp { try JSONLine.timestamp(openTime.field, "open_time", in: bytes) }
    public func symbolText() throws -> String { try JSONLine.string(symbol.field, "symbol", in: bytes) }
    public func intervalText() throws -> String { try JSONLine.string(interval.field, "interval", in: bytes) }

    /// The symbol's bytes as written, for a lookup that allocates nothing;
    /// nil when the line spells it with escapes (read `symbolText` then).
    public func symbolBytes() throws -> UnsafeBufferPointer<UInt8>? { try plain(symbol, "symbol") }
    /// The interval's bytes as written; nil when spelled with escapes.
    public func intervalBytes() throws -> UnsafeBufferPointer<UInt8>? { try plain(interval, "interval") }

    /// `SYMBOL\0INTERVAL` as the line spells them, written into `key` for a
    /// `SymbolTable` lookup that makes no text; false when either is spelled
    /// with escapes or the interval is missing or not a string (read them as
    /// text then, which says what is wrong).
    public func key(into key: inout [UInt8]) throws -> Bool {
        guard let symbol = try symbolBytes(), let interval = (try? intervalBytes()) ?? nil else { return false }
        key.removeAll(keepingCapacity: true)
        key.append(contentsOf: symbol)
        key.append(0)
        key.append(contentsOf: interval)
        return true
    }

    /// A price or volume of the candle, by its field.
    public enum Figure { case open, high, low, close, volume }

    public func decimal(_ figure: Figure) throws -> Decimal {
        let (field, name) = located(figure)
        return try JSONLine.decimal(field, name, in: bytes)
    }

    /// A figure as a `Double`, for indicators only.
    public func approximate(_ figure: Figure) throws -> Double {
        let (field, name) = located(figure)
        return try JSONLine.approximate(field, name, in: bytes)
    }

    /// The text of a figure as written.
    public func text(_ figure: Figure) throws -> String {
        let (field, name) = located(figure)
        return try JSONLine.string(field, name, in: bytes)
    }

    private func located(_ figure: Figure) -> (JSONField?, StaticString) {
        switch figure {
        case .open: (open.field, "open")
        case .high: (high.field, "high")
        case .low: (low.field, "low")
        case .close: (close.field, "close")
        case .volume: (volume.field, "volume")
        }
    }

    private func plain(_ located: Slot, _ name: StaticString) throws -> UnsafeBufferPointer<UInt8>? {
        let field = try JSONLine.stringField(located.field, name)
        return field.escaped ? nil : JSONLine.raw(field, in: bytes)
    }

    // MARK: The layout gen-fetch writes

    /// The candle in `bytes` when it is laid out exactly as gen-fetch writes
    /// candles: `{"v":1,"type":"candle","ts":…,"symbol":"…","interval":"…",
    /// "open_time":…,"open":"…","high":"…","low":"…","close":"…","volume":"…"}`,
    /// strings of printable ASCII without escapes, integers without sign or
    /// leading zero, optionally followed by spaces. nil for anything else,
    /// which the general scanner then reads (and reports when it is not JSON).
    public static func match(_ bytes: UnsafeBufferPointer<UInt8>) -> CandleLine? {
        var cursor = Cursor(bytes: bytes)
        guard cursor.take(#"{"v":1,"type":"candle","ts":"#), let ts = cursor.integer(),
              cursor.take(#","symbol":""#), let symbol = cursor.plainString(),
              cursor.take(#"","interval":""#), let interval = cursor.plainString(),
              cursor.take(#"","open_time":"#), let openTime = cursor.integer(),
              cursor.take(#","open":""#), let open = cursor.plainString(),
              cursor.take(#"","high":""#), let high = cursor.plainString(),
              cursor.take(#"","low":""#), let low = cursor.plainString(),
              cursor.take(#"","close":""#), let close = cursor.plainString(),
              cursor.take(#"","volume":""#), let volume = cursor.plainString(),
              cursor.take(#""}"#), cursor.onlySpaceLeft() else { return nil }
        return CandleLine(bytes: bytes, ts: ts, symbol: symbol, interval: interval, openTime: openTime,
                          open: open, high: high, low: low, close: close, volume: volume)
    }

    /// Walks the expected layout; each value comes back located as a field.
    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        /// Steps over `text` when the bytes here are exactly it.
        @inline(__always)
        mutating func take(_ text: StaticString) -> Bool {
            let length = text.utf8CodeUnitCount
            guard bytes.count - index >= length, memcmp(bytes.baseAddress! + index, text.utf8Start, length) == 0 else { return false }
            index += length
            return true
        }

        /// A JSON integer with no sign and no leading zero, of at most 18 digits.
        @inline(__always)
        mutating func integer() -> Slot? {
            let start = index
            while index < bytes.count, bytes[index] &- 48 < 10 { index += 1 }
            let digits = index - start
            guard digits > 0, digits <= 18, digits == 1 || bytes[start] != 48 else { return nil }
            return Slot(start: Int32(start), end: Int32(index), kind: .number, escaped: false)
        }

        /// Printable ASCII without escapes up to the closing quote, which
        /// must follow (it is taken with the text after it).
        @inline(__always)
        mutating func plainString() -> Slot? {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 34 { return Slot(start: Int32(start), end: Int32(index), kind: .string, escaped: false) }
                guard byte >= 32, byte < 127, byte != 92 else { return nil }
                index += 1
            }
            return nil
        }

        func onlySpaceLeft() -> Bool {
            var at = index
            while at < bytes.count {
                let byte = bytes[at]
                guard byte == 32 || byte == 9 || byte == 13 else { return false }
                at += 1
            }
            return true
        }
    }
}
