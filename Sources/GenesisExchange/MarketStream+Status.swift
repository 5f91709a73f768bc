import Foundation
import GenesisDomain

extension MarketStream {
    /// Writes a line of another source (the `exchange_status` lines of
    /// `ExchangeStatusPoller`) through the stream's own writer: the actor
    /// orders it between whole candle and book lines, never inside one.
    public func emit(_ line: [UInt8]) {
        writer.write(line)
        writer.flush()
    }
}
