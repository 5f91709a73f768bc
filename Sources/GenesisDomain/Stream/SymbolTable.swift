import Foundation

/// Values kept per symbol (or per symbol and interval) and found by the
/// key's bytes as a line carries them, so a stage reading hundreds of
/// thousands of candles a second makes no `String` and hashes no `String`
/// per line. A stream carries a handful of symbols: the keys are kept in
/// arrival order with a 64-bit hash each, and a lookup starts at the key
/// found last (a replay of one symbol hits it every time).
public struct SymbolTable<Value> {
    private var hashes: [UInt64] = []
    private var keys: [[UInt8]] = []
    public private(set) var values: [Value] = []
    private var last = 0

    public init() {}

    public var count: Int { keys.count }

    /// Where `key` is kept, if it is.
    @inline(__always)
    public mutating func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        if last < keys.count, Self.equal(keys[last], key) { return last }
        let hash = fnv1a(key)
        for index in hashes.indices where hashes[index] == hash && Self.equal(keys[index], key) {
            last = index
            return index
        }
        return nil
    }

    /// Keeps `value` under `key` (replacing what was there); returns where.
    @discardableResult
    public mutating func set(_ value: Value, for key: UnsafeBufferPointer<UInt8>) -> Int {
        if let index = index(of: key) {
            values[index] = value
            return index
        }
        hashes.append(fnv1a(key))
        keys.append(Array(key))
        values.append(value)
        last = keys.count - 1
        return last
    }

    public subscript(index: Int) -> Value {
        get { values[index] }
        set { values[index] = newValue }
    }

    /// The key at `index`, as text.
    public func key(at index: Int) -> String { String(decoding: keys[index], as: UTF8.self) }

    @inline(__always)
    static func equal(_ stored: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        stored.count == key.count && (key.isEmpty || stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 })
    }
}

/// FNV-1a, 64 bits: a few nanoseconds for a symbol, and never equal for two
/// short keys in practice (a `SymbolTable` still checks equality byte for
/// byte). Also names a session's progress board file.
@inlinable
public func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
}

extension SymbolTable {
    /// Looks `text` up by its UTF-8 bytes (a key a line spelled with escapes).
    public mutating func index(of text: String) -> Int? {
        var copy = text
        return copy.withUTF8 { index(of: $0) }
    }

    @discardableResult
    public mutating func set(_ value: Value, for text: String) -> Int {
        var copy = text
        return copy.withUTF8 { set(value, for: $0) }
    }
}
