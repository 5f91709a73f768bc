import Foundation

/// What a tier unlocks (DESIGN §2, §3.2): order types, execution algorithms and
/// strategies. One place answers whoever asks: gen-signal when it loads its
/// strategies, gen-risk when it judges a signal, and gen-exec when it executes
/// an approved order (a demotion may have come in between).
extension GenesisConfig {
    /// Refuses an order type the tier has not unlocked, naming the tier that opens it.
    public func lockedOrderType(_ type: OrderTypeName, at tier: Tier) -> Rejection? {
        let allowed = tiers[tier].orderTypes
        guard !allowed.contains(type) else { return nil }
        let opens = tierOpening(above: tier) { $0.orderTypes.contains(type) }
        return Rejection(.tierOrderType, "\(type.rawValue) orders are not unlocked at \(tier.rawValue)\(opens.map { "; they open at \($0.rawValue)" } ?? ""); send it as \(allowed.map(\.rawValue).joined(separator: " or ")) instead.")
    }

    /// Refuses an execution algorithm the tier has not unlocked.
    public func lockedAlgorithm(_ algorithm: ExecutionAlgorithm, at tier: Tier) -> Rejection? {
        guard !tiers[tier].algorithms.contains(algorithm) else { return nil }
        let opens = tierOpening(above: tier) { $0.algorithms.contains(algorithm) }
        return Rejection(.tierAlgorithm, "The \(algorithm.rawValue) algorithm is not unlocked at \(tier.rawValue)\(opens.map { "; it opens at \($0.rawValue)" } ?? "").")
    }

    /// Refuses a strategy the tier has not unlocked.
    public func lockedStrategy(_ name: String, at tier: Tier) -> Rejection? {
        guard !tiers[tier].strategies.contains(name) else { return nil }
        let opens = tierOpening(above: tier) { $0.strategies.contains(name) }
        return Rejection(.tierStrategy, "The \(name) strategy is not unlocked at \(tier.rawValue)\(opens.map { "; it opens at \($0.rawValue)" } ?? "").")
    }

    /// The first tier above `tier` whose rules unlock what `unlocks` asks.
    private func tierOpening(above tier: Tier, where unlocks: (TierRules) -> Bool) -> Tier? {
        Tier.allCases.first { $0 > tier && unlocks(tiers[$0]) }
    }
}
