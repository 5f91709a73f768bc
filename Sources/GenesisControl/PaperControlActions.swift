import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// The control API's actions without a watcher (`gen-exec api`, paper):
/// halt records exactly what `gen-exec halt` records; close-all sells every
/// paper position at the newest stored price, as `gen-exec close-all
/// --venue paper` does. The watcher may reuse it or bring its own.
public struct PaperControlActions: ControlActions {
    public let store: Store
    public let config: GenesisConfig
    public let session: String
    public let clock: any TimeSource
    /// Who the audit trail names as the actor.
    public let actor: String

    public init(store: Store, config: GenesisConfig, session: String, clock: any TimeSource = WallClock(), actor: String = "control-api") {
        self.store = store
        self.config = config
        self.session = session
        self.clock = clock
        self.actor = actor
    }

    public func halt(reason: String) async throws -> String {
        try store.haltByTrader(reason: reason, by: "\(actor) halt", at: clock.now())
    }

    public func closeAll(maxSlippage: Decimal?) async throws -> CloseAllSummary {
        _ = try store.requireAccount(session: session)
        // The live account's positions are on the exchange: selling them on
        // paper would book exits that never happened (DESIGN §10).
        if try store.isLive(session: session) {
            throw GenesisError.refused(rule: "session.live", message: "close-all on the live account sells on its exchange: serve the API from the watcher (gen-exec watch --api …) or run gen-exec close-all --venue …")
        }
        // Paper fills at the newest stored price moved by the configured
        // slippage; the cap does not apply to a venue that has no book.
        let paper = try PaperVenue(ledger: store, paper: config.paper, session: session)
        let outputs = try paper.closeAll { try store.lastClose(symbol: $0) }
        return CloseAllSummary(venue: paper.name, outputs: outputs)
    }
}
