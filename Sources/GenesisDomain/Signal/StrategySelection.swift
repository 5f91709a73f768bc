import Foundation

/// Which strategies gen-signal runs (DESIGN §2, §7): those the account's tier
/// has unlocked and the configuration has switched on
/// (`strategies.<name>.enabled`), out of those this build implements. Asking
/// by name runs a strategy that is switched off; asking for a locked one is
/// refused with the tier that opens it.
public enum StrategySelection {
    /// Strategies implemented in this build, by their configuration name.
    public static let implemented = [SimpleArbitrage.name, SpreadCapture.name, MomentumBreakout.name, MeanReversion.name,
                                            MultiPairRotation.name, PairsArbitrage.name, MarketMaking.name]

    public static func resolve(requested: [String]?, tier: Tier, config: GenesisConfig) throws -> [String] {
        let unlocked = config.tiers[tier].strategies
        guard let requested, !requested.isEmpty else { return implemented.filter { unlocked.contains($0) && config.strategies.isEnabled($0) } }
        for name in requested {
            guard config.tiers.architect.strategies.contains(name) else {
                throw GenesisError.badInput(source: "--strategies", message: "'\(name)' is not a strategy (known: \(config.tiers.architect.strategies.joined(separator: ", ")))")
            }
            if let locked = config.lockedStrategy(name, at: tier) {
                throw GenesisError.refused(rule: locked.rule.rawValue, message: locked.message)
            }
            guard implemented.contains(name) else {
                throw GenesisError.badInput(source: "--strategies", message: "the \(name) strategy is unlocked at \(tier.rawValue) but not available in this build yet (available: \(implemented.joined(separator: ", ")))")
            }
        }
        return requested
    }
}
