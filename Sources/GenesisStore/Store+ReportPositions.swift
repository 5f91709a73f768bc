import Foundation
import GRDB
import GenesisDomain

/// A session's positions as the reports read them: one query, each row read
/// by column index with its money parsed straight from SQLite's text bytes
/// (`Decimal.parse` of the buffer, no `String` and no lookup of a column by
/// name per row: those were most of a report's time over 100,000 trades).
public struct ReportPositions: Sendable {
    /// Every position, in the order they opened (`Store.positions`).
    public var all: [Position]
    /// Indices into `all` of the closed ones, in the order they closed
    /// (`Store.closedPositions`): an index each, not a second array of
    /// positions (100,000 of them were a fifth of a report's memory).
    public var closedOrder: [Int]

    /// The closed positions in the order they closed.
    public var closed: [Position] { closedOrder.map { all[$0] } }
}

extension Store {
    /// `session`'s positions, read once for every section of a report. The
    /// figures are those `Store.position(from:)` reads.
    public func reportPositions(session: String) throws -> ReportPositions {
        try read { try fetchReportPositions($0, session: session) }
    }

    func fetchReportPositions(_ db: StoreDatabase, session: String) throws -> ReportPositions {
        let sql = """
            SELECT id, status, symbol, quantity, entry_price, stop_price, target_price, strategy, signal_id, entry_client_order_id,
                   opened_at, fees, closed_at, exit_price, exit_reason, realized_pnl, realized_gross
            FROM positions WHERE session = ? ORDER BY id
            """
        // Read in id order (a plain scan: SQLite sorts 100,000 rows by opened_at in a temporary tree otherwise),
        // then put in the order `Store.positions` gives, opened_at then id, which is usually the id order already.
        var all: [Position] = [], closedKeys: [(closedAt: Int64, id: Int64, index: Int)] = []
        // Room for every row up front: growing arrays of 100,000 positions copied them several times.
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM positions WHERE session = ?", arguments: [session]) ?? 0
        all.reserveCapacity(count)
        closedKeys.reserveCapacity(count)
        // A symbol, strategy or exit reason repeats on most rows: one `String` each, shared, instead of one per row.
        var symbols = TextInterner(), strategies = TextInterner(), reasons = TextInterner()
        try db.scan(sql, arguments: [session]) { row in
            let id = row.int64(0)
            func decimal(_ column: Int32) -> Decimal? { row.decimal(column) }
            guard let quantity = decimal(3), let entry = decimal(4), let fees = decimal(11) else {
                throw GenesisError.internalError("position \(id) has a malformed decimal")
            }
            // Built in the array and completed there: a local position appended was a copy, each of its strings
            // retained and then released.
            let closedAt: Timestamp? = row.isNull(12) ? nil : Timestamp(milliseconds: row.int64(12))
            if row.text(1, equals: "CLOSED") {
                closedKeys.append((closedAt?.milliseconds ?? .min, id, all.count))
            }
            all.append(Position(session: session, symbol: row.text(2, interning: &symbols) ?? "", quantity: quantity, entryPrice: entry,
                                stop: decimal(5), target: decimal(6), strategy: row.text(7, interning: &strategies) ?? "", signalID: row.text(8) ?? "",
                                entryClientOrderID: row.text(9) ?? "", openedAt: Timestamp(milliseconds: row.int64(10)), fees: fees))
            let last = all.count - 1
            all[last].closedAt = closedAt
            all[last].exitPrice = decimal(13)
            all[last].exitReason = row.text(14, interning: &reasons)
            all[last].realizedPnL = decimal(15)
            all[last].realizedGross = decimal(16) ?? 0
        }
        // Opened_at, then id (the reading order); checked by index, reading only the times.
        if let order = all.stableOrderIfUnsorted(by: { all[$0].openedAt }) {
            var position = [Int](repeating: 0, count: all.count)
            for (rank, index) in order.enumerated() { position[index] = rank }
            all = order.map { all[$0] }
            closedKeys = closedKeys.map { ($0.closedAt, $0.id, position[$0.index]) }
        }
        // `closedPositions` orders by closed_at, then id; rows arrive by opened_at, id.
        if !zip(closedKeys, closedKeys.dropFirst()).allSatisfy({ ($0.closedAt, $0.id) < ($1.closedAt, $1.id) }) {
            closedKeys.sort { ($0.closedAt, $0.id) < ($1.closedAt, $1.id) }
        }
        return ReportPositions(all: all, closedOrder: closedKeys.map(\.index))
    }
}

extension Store {
    /// What the tax reconciliation reads of `session`'s positions (symbol,
    /// opened, closed, realised P&L), in the order `Store.positions` gives
    /// them: four columns of each, not a whole `Position`.
    public func positionSpans(session: String) throws -> [PositionSpan] {
        try read { db in
            var spans: [PositionSpan] = []
            var symbols = TextInterner()
            try db.scan("SELECT symbol, opened_at, closed_at, realized_pnl FROM positions WHERE session = ? ORDER BY id", arguments: [session]) { row in
                spans.append(PositionSpan(symbol: row.text(0, interning: &symbols) ?? "", openedAt: Timestamp(milliseconds: row.int64(1)),
                                          closedAt: row.isNull(2) ? nil : Timestamp(milliseconds: row.int64(2)), realizedPnL: row.decimal(3)))
            }
            // Opened_at, then id (the reading order), as `fetchReportPositions` orders them.
            return spans.stableOrderIfUnsorted { spans[$0].openedAt }.map { $0.map { spans[$0] } } ?? spans
        }
    }
}

/// One `String` per distinct text of a column: a row whose bytes equal the
/// last few seen gets that string back (a retain), not a new one. A column
/// with more distinct values than it keeps still reads right, only slower.
struct TextInterner {
    private var seen: [(bytes: [UInt8], string: String)] = []

    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        for entry in seen where entry.bytes.count == bytes.count && entry.bytes.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) {
            return entry.string
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if seen.count < 16 { seen.append((Array(bytes), string)) }
        return string
    }
}
