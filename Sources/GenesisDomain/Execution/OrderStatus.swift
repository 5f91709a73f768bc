import Foundation

/// An order's status, by Binance's names (the store and the paper venue use
/// the same ones, so an order reads the same wherever it ran).
public enum OrderStatus: String, Sendable, CaseIterable, Codable {
    case new = "NEW"
    case partiallyFilled = "PARTIALLY_FILLED"
    case filled = "FILLED"
    case canceled = "CANCELED"
    case pendingCancel = "PENDING_CANCEL"
    case rejected = "REJECTED"
    case expired = "EXPIRED"
    case expiredInMatch = "EXPIRED_IN_MATCH"

    /// Still working on the book: more can happen to it.
    public var isWorking: Bool { self == .new || self == .partiallyFilled || self == .pendingCancel }

    /// Finished: nothing more will happen to it.
    public var isFinal: Bool { !isWorking }
}
