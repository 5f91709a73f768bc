import AsyncHTTPClient
import GenesisBinance
import GenesisDomain
import GenesisStore

/// An HTTP client owned by a synchronous command: made with DESIGN §5's
/// timeouts, shut down when the command ends.
public final class HTTPClientHandle: Sendable {
    public let client: HTTPClient

    public init(_ settings: GenesisConfig.Execution) {
        client = BinanceGateway.makeHTTPClient(settings)
    }

    public func shutdown() {
        let client = client
        try? runBlocking { try await client.shutdown() }
    }
}
