import Foundation

/// Something that lives only until `validUntil` (an arbitrage opportunity
/// lasts seconds). Past it a signal is not judged, an order is not sent and
/// a paper order is not filled: one rule, asked by gen-risk, gen-exec and the
/// paper venue alike.
public protocol Perishable {
    var validUntil: Timestamp? { get }
}

extension Perishable {
    /// The end of its life when `time` is past it; nil while it lives, or
    /// when it has no end.
    public func expired(at time: Timestamp) -> Timestamp? {
        guard let until = validUntil, time > until else { return nil }
        return until
    }
}

extension Signal: Perishable {}
extension OrderIntent: Perishable {}
