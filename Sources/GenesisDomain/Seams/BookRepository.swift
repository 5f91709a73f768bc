import Foundation

/// Recorded best bid/ask storage, for `gen-fetch import` of a recording and
/// `gen-fetch stream --record` (DESIGN §1.2 "Data").
public protocol BookRepository {
    /// Inserts rows in one transaction, skipping any already stored (same
    /// symbol, ts and update id). Returns (inserted, skipped).
    func insertBooks(_ rows: [BookRow]) throws -> (inserted: Int, skipped: Int)
}
