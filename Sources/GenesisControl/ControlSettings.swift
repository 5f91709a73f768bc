import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GenesisBinance
import GenesisDomain
import GenesisStore

/// How the control API (DESIGN §6) is served: where it listens, the key every
/// request must carry, and its request budgets (from `control` in the
/// configuration). The key is never part of a description or a log line.
public struct ControlSettings: Sendable, CustomStringConvertible {
    public var host: String
    /// 0 asks the system for a free port (tests); `onBound` reports it.
    public var port: Int
    public var apiKey: String
    /// Listen on an address other than loopback. Off by default: the API can
    /// halt trading and close positions, so it stays on this machine.
    public var allowNonLoopback: Bool
    /// Requests per minute, per endpoint and per key.
    public var readsPerMinute: Int
    public var haltPerMinute: Int
    public var closeAllPerMinute: Int
    /// Requests per minute with a missing or wrong key (all endpoints together).
    public var authFailuresPerMinute: Int
    public var eventsDefaultLimit: Int
    public var eventsMaxLimit: Int
    public var heartbeatStaleSeconds: Int
    public var minimumKeyLength: Int
    public var maxBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int, apiKey: String, allowNonLoopback: Bool = false, control: GenesisConfig.Control = GenesisConfig.Control()) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.allowNonLoopback = allowNonLoopback
        readsPerMinute = control.readsPerMinute
        haltPerMinute = control.haltPerMinute
        closeAllPerMinute = control.closeAllPerMinute
        authFailuresPerMinute = control.authFailuresPerMinute
        eventsDefaultLimit = control.eventsDefaultLimit
        eventsMaxLimit = control.eventsMaxLimit
        heartbeatStaleSeconds = control.heartbeatStaleSeconds
        minimumKeyLength = control.minimumKeyLength
        maxBodyBytes = control.maxBodyBytes
    }

    /// Settings from a `--api HOST:PORT` argument and the configuration.
    public init(address: String, apiKey: String, allowNonLoopback: Bool = false, control: GenesisConfig.Control = GenesisConfig.Control()) throws {
        let (host, port) = try Self.parseAddress(address)
        self.init(host: host, port: port, apiKey: apiKey, allowNonLoopback: allowNonLoopback, control: control)
    }

    public var description: String { "control API on \(host):\(port) (key \(String(repeating: "*", count: 4)))" }

    /// `HOST:PORT`, `[IPv6]:PORT` or a bare `PORT` (on 127.0.0.1).
    public static func parseAddress(_ text: String) throws -> (host: String, port: Int) {
        func port(_ digits: Substring) throws -> Int {
            guard let value = Int(digits), (0...65535).contains(value) else {
                throw GenesisError.configuration(key: "--api", message: "'\(text)' needs a port between 0 and 65535, like 127.0.0.1:8686")
            }
            return value
        }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw GenesisError.configuration(key: "--api", message: "'\(text)' is not HOST:PORT, like [::1]:8686") }
            return (host, try port(rest.dropFirst()))
        }
        guard let colon = text.lastIndex(of: ":") else { return ("127.0.0.1", try port(Substring(text))) }
        let host = String(text[..<colon])
        guard !host.isEmpty, !host.contains(":") else {
            throw GenesisError.configuration(key: "--api", message: "'\(text)' is not HOST:PORT, like 127.0.0.1:8686 (IPv6 in brackets: [::1]:8686)")
        }
        return (host, try port(text[text.index(after: colon)...]))
    }

    /// 127.0.0.0/8, ::1 (and ::ffff:127.x.y.z) or `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { $0[0] } == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
            return bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
        }
        return false
    }

    /// Refuses a non-loopback address without the override, and a short key.
    public func validate() throws {
        guard allowNonLoopback || Self.isLoopback(host) else {
            throw GenesisError.configuration(key: "--api", message: "\(host) is not a loopback address; the control API listens on 127.0.0.1, ::1 or localhost "
                                             + "unless the non-loopback override (--api-allow-remote) is given")
        }
        guard apiKey.count >= minimumKeyLength else {
            throw GenesisError.configuration(key: "GENESIS_API_KEY", message: "the control API key must be at least \(minimumKeyLength) characters "
                                             + "(control.minimumKeyLength); generate one with `openssl rand -hex 32`")
        }
    }

    /// The key: `GENESIS_API_KEY`, else the first line of the key file
    /// (`keyFile`, else `GENESIS_API_KEY_FILE`), which must be mode 0600 or stricter.
    public static func loadKey(keyFile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let key = environment["GENESIS_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty { return key }
        guard let path = keyFile ?? environment["GENESIS_API_KEY_FILE"], !path.isEmpty else {
            throw GenesisError.configuration(key: "GENESIS_API_KEY", message: "the control API needs a key: set GENESIS_API_KEY, or name a mode-0600 key file with "
                                             + "--api-key-file or GENESIS_API_KEY_FILE")
        }
        let text: String
        do { text = try Credentials.readPrivate(path) } catch { throw GenesisError.configuration(key: "GENESIS_API_KEY_FILE", message: error.description) }
        guard let line = text.split(whereSeparator: \.isNewline).first?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
            throw GenesisError.configuration(key: "GENESIS_API_KEY_FILE", message: "\(path) is empty; put the key on its first line")
        }
        return line
    }
}
