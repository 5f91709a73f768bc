/// The capital tiers of DESIGN §2, in the order a trader climbs them.
public enum Tier: String, Sendable, CaseIterable, Codable, Comparable {
    case sniper = "SNIPER"
    case hunter = "HUNTER"
    case strategist = "STRATEGIST"
    case architect = "ARCHITECT"

    public var rank: Int { Tier.allCases.firstIndex(of: self)! }

    public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }
}
