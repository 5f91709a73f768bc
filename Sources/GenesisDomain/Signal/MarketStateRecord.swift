import Foundation

/// One `market_state` line as the store keeps it.
public struct MarketStateRecord: Sendable {
    public var symbol: String
    public var state: MarketState
    public var time: Timestamp
    public var atrPercentile: Double?
    public var volumeZScore: Double?
    /// The average cross-pair correlation of returns, when gen-signal saw several symbols.
    public var crossCorrelation: Double?

    public init(symbol: String, state: MarketState, time: Timestamp, atrPercentile: Double? = nil, volumeZScore: Double? = nil, crossCorrelation: Double? = nil) {
        self.symbol = symbol
        self.state = state
        self.time = time
        self.atrPercentile = atrPercentile
        self.volumeZScore = volumeZScore
        self.crossCorrelation = crossCorrelation
    }
}
