import Foundation

/// Where orders go (DESIGN §5): the in-process paper venue, or an exchange
/// speaking Binance's protocol at a base URL (Binance, its testnet, gen-sim).
public enum Venue: Sendable, Equatable, CustomStringConvertible {
    case paper
    case exchange(name: String, restBase: String)

    public static let binanceREST = "https://api.binance.com"
    public static let testnetREST = "https://testnet.binance.vision"

    /// `paper`, `binance`, `testnet`, `sim` (gen-sim's default port), an https
    /// URL, or an http URL on this machine (127.0.0.1, localhost).
    public init?(argument: String) {
        switch argument {
        case "paper": self = .paper
        case "binance": self = .exchange(name: "binance", restBase: Venue.binanceREST)
        case "testnet": self = .exchange(name: "testnet", restBase: Venue.testnetREST)
        case "sim": self = .exchange(name: "sim", restBase: "http://127.0.0.1:8765")
        default:
            // Plain http only to this machine: signed requests sent in the
            // clear elsewhere could be read and replayed (DESIGN §10).
            guard let url = URL(string: argument), let host = url.host, url.scheme == "https" || (url.scheme == "http" && Self.isLoopback(host)) else { return nil }
            var base = argument
            while base.hasSuffix("/") { base.removeLast() }
            self = .exchange(name: base, restBase: base)
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// The market-stream base (`wss://…` or `ws://…`), next to the REST base.
    public var streamBase: String? {
        switch self {
        case .paper: return nil
        case let .exchange(_, restBase):
            switch restBase {
            case Venue.binanceREST: return "wss://stream.binance.com:9443"
            case Venue.testnetREST: return "wss://stream.testnet.binance.vision"
            default:
                if restBase.hasPrefix("https://") { return "wss://" + restBase.dropFirst(8) }
                return "ws://" + restBase.dropFirst(7)
            }
        }
    }

    public var name: String {
        switch self {
        case .paper: "paper"
        case let .exchange(name, _): name
        }
    }

    public var description: String { name }
}
