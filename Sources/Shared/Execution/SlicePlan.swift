import Crypto
import Foundation

/// How an order is worked on the exchange (SPEC §5).
public enum ExecutionAlgorithm: String, Sendable, CaseIterable, Codable {
    case market = "MARKET"
    /// SNIPER: orders above the tier's threshold go out in equal market slices.
    case slicedMarket = "SLICED_MARKET"
    /// HUNTER and up: 3–10 slices of ±20% size, each a limit at the touch
    /// (IOC), 1–5 s apart; abandoned when average slippage or failed slices
    /// pass their limits.
    case iceberg = "ICEBERG"
    /// STRATEGIST and up: 10 equal slices spread over 5–30 minutes with ±20%
    /// timing jitter, each at most 10% of the volume traded meanwhile, the rest
    /// sent at once when the price improves 0.2% on the reference.
    case twap = "TWAP"
}

/// The slices of one order: sizes and the pause before each. Derived from
/// the order's client id, so a restarted gen-exec recomputes the very same
/// plan and continues it where the crash left it.
public struct SlicePlan: Sendable, Equatable {
    public var quantities: [Decimal]
    public var delaysMs: [Int]

    public static func make(for order: OrderIntent, settings: GenesisConfig.Execution, slices sliced: Int, step: Decimal) -> SlicePlan {
        var random = SplitMix64(seed: SHA256.hash(data: Data(order.clientOrderID.utf8)).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        let total = order.quantity
        switch order.algorithm {
        case .market:
            return SlicePlan(quantities: [total], delaysMs: [0])
        case .slicedMarket:
            return split(total, weights: Array(repeating: 1, count: max(1, sliced)), step: step, delays: Array(repeating: 0, count: max(1, sliced)))
        case .twap:
            let minutes = settings.twapMinMinutes + Int(random.next() % UInt64(max(0, settings.twapMaxMinutes - settings.twapMinMinutes) + 1))
            let count = max(1, settings.twapSlices)
            let spacing = Double(minutes * 60_000) / Double(count)
            let jitter = settings.twapTimingJitter.value.approximateDouble
            let delays = (0..<count).map { index in index == 0 ? 0 : Int(spacing * (1 + jitter * (2 * random.nextDouble() - 1))) }
            return split(total, weights: Array(repeating: 1, count: count), step: step, delays: delays)
        case .iceberg:
            let span = max(0, settings.icebergMaxSlices - settings.icebergMinSlices)
            let count = settings.icebergMinSlices + Int(random.next() % UInt64(span + 1))
            let jitter = settings.icebergSizeJitter.value.approximateDouble
            let weights = (0..<count).map { _ in 1 + jitter * (2 * random.nextDouble() - 1) }
            let low = settings.icebergMinDelaySeconds * 1000, high = max(low, settings.icebergMaxDelaySeconds * 1000)
            let delays = (0..<count).map { index in index == 0 ? 0 : low + Int(random.next() % UInt64(high - low + 1)) }
            return split(total, weights: weights, step: step, delays: delays)
        }
    }

    /// Splits `total` by `weights`, each slice rounded down to the lot step;
    /// the last slice takes the remainder so the sum is exact.
    static func split(_ total: Decimal, weights: [Double], step: Decimal, delays: [Int]) -> SlicePlan {
        let sum = weights.reduce(0, +)
        var quantities: [Decimal] = []
        var left = total
        for (index, weight) in weights.enumerated() {
            if index == weights.count - 1 {
                quantities.append(left)
            } else {
                // Weight over sum in decimals, so equal weights split exactly.
                let share = (total * Decimal(approximating: weight, scale: 8) / Decimal(approximating: sum, scale: 8))
                    .rounded(toStep: step > 0 ? step : Decimal(string: "0.00000001")!, .down)
                quantities.append(min(share, left))
                left -= min(share, left)
            }
        }
        let kept = quantities.enumerated().filter { $0.element > 0 }
        return SlicePlan(quantities: kept.map(\.element), delaysMs: kept.map { delays[$0.offset] })
    }
}
