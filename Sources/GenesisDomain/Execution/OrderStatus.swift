import Foundation

/// An order's status, by Binance's names (the store and the paper venue use
/// the same ones, so an order reads the same wherever it ran).
public enum OrderStatus: String, Sendable, CaseIterable, Codable {
    /// Recorded, not yet known to the exchange (databases from before typed statuses).
    case pending = "PENDING"
    /// Sent, outcome not known: looked up before anything else happens to it.
    case unknown = "UNKNOWN"
    case new = "NEW"
    case partiallyFilled = "PARTIALLY_FILLED"
    case filled = "FILLED"
    case canceled = "CANCELED"
    case pendingCancel = "PENDING_CANCEL"
    case rejected = "REJECTED"
    case expired = "EXPIRED"
    case expiredInMatch = "EXPIRED_IN_MATCH"

    /// Still working, or not yet known to be done: more can happen to it.
    public var isWorking: Bool { [.pending, .unknown, .new, .partiallyFilled, .pendingCancel].contains(self) }

    /// The status as the store keeps it: an expiry by self-trade prevention
    /// is an expiry.
    public var stored: OrderStatus { self == .expiredInMatch ? .expired : self }

    /// Finished: nothing more will happen to it.
    public var isFinal: Bool { !isWorking }
}
