import Crypto
import Foundation

/// How an order is worked on the exchange (DESIGN §5).
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
    /// STRATEGIST and up: slices follow the 30-day median volume profile in
    /// 30-minute buckets at 10% participation (never over 20%), each slice at
    /// least $50, at most 100 slices; abandoned past 100 bps of slippage.
    case vwap = "VWAP"

    /// Average slippage past which the rest of a worked order is abandoned.
    public func abortSlippage(_ settings: GenesisConfig.Execution) -> Decimal? {
        switch self {
        case .iceberg: settings.icebergAbortSlippage.value
        case .vwap: Decimal(settings.vwapAbortSlippageBps) / 10_000
        case .market, .slicedMarket, .twap: nil
        }
    }
}

/// The market's usual volume through the day: for each bucket of the UTC day,
/// the median volume of that bucket over the candles given.
public struct VolumeProfile: Sendable, Equatable {
    public let bucketMinutes: Int
    /// Median volume per bucket, index 0 starting at 00:00 UTC.
    public let medians: [Decimal]

    public init(candles: [KlineRow], bucketMinutes: Int) {
        self.bucketMinutes = bucketMinutes
        let perDay = max(1, 1440 / bucketMinutes)
        var volumes = Array(repeating: [Decimal](), count: perDay)
        for candle in candles {
            let bucket = Int((candle.openTime % Timestamp.millisecondsPerDay) / (Int64(bucketMinutes) * 60_000)) % perDay
            if let volume = Decimal.parse(candle.volume) { volumes[bucket].append(volume) }
        }
        medians = volumes.map { values in
            guard !values.isEmpty else { return 0 }
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    public func bucket(at time: Timestamp) -> Int {
        Int((time.milliseconds % Timestamp.millisecondsPerDay) / (Int64(bucketMinutes) * 60_000)) % medians.count
    }
}

/// The slices of one order: sizes and the pause before each. Derived from
/// the order's client id, so a restarted gen-exec recomputes the very same
/// plan and continues it where the crash left it.
public struct SlicePlan: Sendable, Equatable, Codable {
    public var quantities: [Decimal]
    public var delaysMs: [Int]

    enum CodingKeys: String, CodingKey { case quantities, delaysMs }

    public init(quantities: [Decimal], delaysMs: [Int]) {
        self.quantities = quantities
        self.delaysMs = delaysMs
    }

    // Quantities as exact decimal text.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        quantities = try container.decode([String].self, forKey: .quantities).map { text in
            guard let value = Decimal.parse(text) else { throw DecodingError.dataCorruptedError(forKey: .quantities, in: container, debugDescription: text) }
            return value
        }
        delaysMs = try container.decode([Int].self, forKey: .delaysMs)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(quantities.map(\.plainText), forKey: .quantities)
        try container.encode(delaysMs, forKey: .delaysMs)
    }

    /// The plan of a worked order, on either venue: VWAP's from the market's
    /// volume profile (read only for VWAP), every other from the order's id.
    public static func plan(for order: OrderIntent, settings: GenesisConfig.Execution, slices: Int, step: Decimal, now: Timestamp,
                            profile: () throws -> VolumeProfile) rethrows -> SlicePlan {
        guard order.algorithm == .vwap else { return make(for: order, settings: settings, slices: slices, step: step) }
        return vwap(for: order, profile: try profile(), settings: settings, step: step, now: now)
    }

    public static func make(for order: OrderIntent, settings: GenesisConfig.Execution, slices sliced: Int, step: Decimal) -> SlicePlan {
        var random = SplitMix64(seed: SHA256.hash(data: Data(order.clientOrderID.utf8)).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        let total = order.quantity
        switch order.algorithm {
        case .market:
            return SlicePlan(quantities: [total], delaysMs: [0])
        case .slicedMarket:
            return split(total, weights: Array(repeating: 1, count: max(1, sliced)), step: step, delays: Array(repeating: 0, count: max(1, sliced)))
        case .vwap:
            // Needs the volume profile: see `vwap(for:profile:settings:step:now:)`.
            return SlicePlan(quantities: [total], delaysMs: [0])
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

    /// A VWAP plan from `now`: the order spread over the coming buckets in
    /// proportion to their usual volume, using as many buckets as 10%
    /// participation needs (up to a day), each bucket's share cut into slices
    /// of at least the minimum notional, spaced through the bucket.
    public static func vwap(for order: OrderIntent, profile: VolumeProfile, settings: GenesisConfig.Execution, step: Decimal, now: Timestamp) -> SlicePlan {
        let bucketMs = Int64(profile.bucketMinutes) * 60_000
        let participation = settings.vwapParticipation.value
        var buckets: [(start: Int64, end: Int64, capacity: Decimal)] = []
        var capacity: Decimal = 0
        var start = now.milliseconds
        var index = profile.bucket(at: now)
        while capacity < order.quantity, buckets.count < profile.medians.count {
            let end = (start / bucketMs + 1) * bucketMs
            let share = profile.medians[index] * participation
            buckets.append((start, end, share))
            capacity += share
            start = end
            index = (index + 1) % profile.medians.count
        }
        guard capacity > 0 else {
            // No volume history: ten equal slices three minutes apart.
            return split(order.quantity, weights: Array(repeating: 1, count: 10), step: step, delays: [0] + Array(repeating: 180_000, count: 9))
        }
        let notional = order.referencePrice > 0 ? order.referencePrice : 1
        let minimum = settings.vwapMinSliceNotional.value
        var counts = buckets.map { bucket -> Int in
            let quantity = order.quantity * bucket.capacity / capacity
            return max(1, Int(((quantity * notional) / minimum).rounded(scale: 0, .down).approximateDouble))
        }
        while counts.reduce(0, +) > settings.vwapMaxSlices, let largest = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[largest] > 1 {
            counts[largest] -= 1
        }
        var weights: [Double] = []
        var times: [Int64] = []
        for (bucket, count) in zip(buckets, counts) {
            let share = (bucket.capacity / capacity).approximateDouble / Double(count)
            for slice in 0..<count {
                weights.append(share)
                times.append(bucket.start + (bucket.end - bucket.start) * Int64(slice) / Int64(count))
            }
        }
        var delays: [Int] = []
        var previous = now.milliseconds
        for time in times {
            delays.append(Int(time - previous))
            previous = time
        }
        return split(order.quantity, weights: weights, step: step, delays: delays)
    }

    /// Splits `total` by `weights`, each slice rounded down to the lot step;
    /// the last slice takes the remainder so the sum is exact.
    public static func split(_ total: Decimal, weights: [Double], step: Decimal, delays: [Int]) -> SlicePlan {
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

extension GenesisConfig.Execution {
    /// TWAP's early finish (DESIGN §5): the ask has improved on the order's
    /// reference price by `twapEarlyFinishImprovement`, so all that is left
    /// is bought at once.
    public func twapFinishesEarly(ask: Decimal, reference: Decimal) -> Bool {
        ask <= reference * (1 - twapEarlyFinishImprovement.value)
    }
}
