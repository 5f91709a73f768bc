import Foundation

extension GenesisConfig {
    /// The supervised live pipeline (`scripts/genesis-pipeline`, DESIGN §6):
    /// its heartbeat, when health calls it dead, and how live data is kept.
    /// None of these limits what the trader may do.
    public struct Pipeline: Codable, Sendable, Equatable {
        /// How often gen-exec writes the pipeline heartbeat row (at most).
        public var heartbeatSeconds = 5
        /// A heartbeat older than this, without a clean stop, is DEAD in
        /// `gen-report health`; must be longer than `heartbeatSeconds`.
        public var deadAfterSeconds = 30
        /// How often `gen-fetch stream` asks the exchange for its system and
        /// symbol status (the MAINTENANCE market state).
        public var statusPollSeconds = 60
        /// `gen-fetch stream` stores closed candles in batches at most this
        /// far apart, off the output's path.
        public var candleBatchSeconds = 1

        public init() {}
    }
}
