import Foundation

/// A local copy of one symbol's order book, kept from a REST snapshot plus
/// the diff-depth stream by Binance's documented algorithm for spot
/// (DESIGN §5, after Binance's API documentation): buffer diffs, take a snapshot no older than the first
/// buffered diff, drop diffs it already contains, then apply each diff whose
/// first id follows the book's last one; a hole means the book is discarded
/// and rebuilt.
public struct OrderBookSync: Sendable {
    public struct Level: Sendable, Equatable {
        public var price: Decimal
        public var quantity: Decimal

        public init(price: Decimal, quantity: Decimal) {
            self.price = price
            self.quantity = quantity
        }
    }

    /// One `depthUpdate` event: ids `U`…`u` and absolute quantities (0 removes a level).
    public struct Diff: Sendable {
        public var firstUpdateID: Int64
        public var finalUpdateID: Int64
        public var bids: [Level]
        public var asks: [Level]

        public init(firstUpdateID: Int64, finalUpdateID: Int64, bids: [Level], asks: [Level]) {
            self.firstUpdateID = firstUpdateID
            self.finalUpdateID = finalUpdateID
            self.bids = bids
            self.asks = asks
        }
    }

    public enum State: Sendable, Equatable {
        /// Buffering diffs until a usable snapshot arrives.
        case waitingForSnapshot
        /// The book is current up to `lastUpdateID`.
        case live
    }

    public private(set) var state: State = .waitingForSnapshot
    public private(set) var lastUpdateID: Int64 = 0
    /// How many times a hole in the diff stream forced a rebuild.
    public private(set) var resyncs = 0
    private var buffer: [Diff] = []
    private var bids: [Decimal: Decimal] = [:]
    private var asks: [Decimal: Decimal] = [:]

    public init() {}

    public var bestBid: Level? { bids.max { $0.key < $1.key }.map { Level(price: $0.key, quantity: $0.value) } }
    public var bestAsk: Level? { asks.min { $0.key < $1.key }.map { Level(price: $0.key, quantity: $0.value) } }

    /// True when the caller should fetch (another) snapshot.
    public var needsSnapshot: Bool { state == .waitingForSnapshot && !buffer.isEmpty }

    /// Feeds one diff event.
    public mutating func apply(_ diff: Diff) {
        switch state {
        case .waitingForSnapshot:
            buffer.append(diff)
        case .live:
            if diff.finalUpdateID <= lastUpdateID { return } // already in the book
            if diff.firstUpdateID > lastUpdateID + 1 {
                // Events were lost: start over from a new snapshot.
                resyncs += 1
                state = .waitingForSnapshot
                bids.removeAll()
                asks.removeAll()
                buffer = [diff]
                return
            }
            set(diff)
        }
    }

    /// Feeds a REST snapshot. Returns false when it is older than the first
    /// buffered diff (the documented case for fetching it again).
    @discardableResult
    public mutating func applySnapshot(lastUpdateID snapshotID: Int64, bids snapshotBids: [Level], asks snapshotAsks: [Level]) -> Bool {
        if let first = buffer.first, snapshotID < first.firstUpdateID { return false }
        bids = Dictionary(snapshotBids.map { ($0.price, $0.quantity) }, uniquingKeysWith: { $1 })
        asks = Dictionary(snapshotAsks.map { ($0.price, $0.quantity) }, uniquingKeysWith: { $1 })
        lastUpdateID = snapshotID
        state = .live
        let pending = buffer.filter { $0.finalUpdateID > snapshotID }
        buffer.removeAll()
        for diff in pending { apply(diff) }
        return true
    }

    private mutating func set(_ diff: Diff) {
        for level in diff.bids { bids[level.price] = level.quantity == 0 ? nil : level.quantity }
        for level in diff.asks { asks[level.price] = level.quantity == 0 ? nil : level.quantity }
        lastUpdateID = diff.finalUpdateID
    }

    /// Levels from Binance's `[["price","qty"], …]` arrays.
    public static func levels(_ value: JSONValue?) -> [Level] {
        (value?.array ?? []).compactMap { pair in
            guard let items = pair.array, items.count >= 2, let price = items[0].decimal, let quantity = items[1].decimal else { return nil }
            return Level(price: price, quantity: quantity)
        }
    }
}
