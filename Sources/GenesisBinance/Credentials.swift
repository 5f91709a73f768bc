import Crypto
import Foundation
import GenesisDomain

/// API credentials (DESIGN §1.3): only from the environment or from a key file
/// that only its owner can read. The secret never appears in a description,
/// a log line or the database.
public struct Credentials: Sendable, CustomStringConvertible {
    public let apiKey: String
    public let signer: RequestSigner

    public init(apiKey: String, signer: RequestSigner) {
        self.apiKey = apiKey
        self.signer = signer
    }

    /// A name for the key that does not reveal it (SHA-256 of the API key,
    /// first 16 hex digits): the account's identity when an exchange gives
    /// no uid.
    public var fingerprint: String {
        SHA256.hash(data: Data(apiKey.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// `apiKey` shortened to its first four characters, for messages.
    public var description: String { "\(signer.kind) key \(apiKey.prefix(4))…" }

    /// Whose keys a destination gets (DESIGN §10, keys go only where they
    /// belong): the live account's keys are sent to Binance's own hosts and
    /// nowhere else; the testnet and every other base URL (gen-sim, a
    /// custom URL) take keys of their own, so whoever listens on a local
    /// port never receives a live key or a request replayable on Binance.
    public enum Scope: String, Sendable, CaseIterable {
        case live
        case testnet
        case simulator

        /// The environment variables' prefix: `BINANCE_`, `GENESIS_TESTNET_`, `GENESIS_SIM_`.
        public var prefix: String {
            switch self {
            case .live: "BINANCE_"
            case .testnet: "GENESIS_TESTNET_"
            case .simulator: "GENESIS_SIM_"
            }
        }

        /// Binance's production REST hosts: the only ones the live keys go to.
        public static let binanceHosts: Set<String> = ["api.binance.com", "api1.binance.com", "api2.binance.com", "api3.binance.com", "api4.binance.com",
                                                       "api-gcp.binance.com"]
        public static let testnetHosts: Set<String> = ["testnet.binance.vision"]

        /// The scope of a REST base URL, by its host.
        public init(restBase: String) {
            let host = URL(string: restBase)?.host?.lowercased() ?? ""
            let https = restBase.lowercased().hasPrefix("https://")
            if https, Self.binanceHosts.contains(host) {
                self = .live
            } else if https, Self.testnetHosts.contains(host) {
                self = .testnet
            } else {
                self = .simulator
            }
        }
    }

    /// The keys for `venue`'s REST base (`Scope(restBase:)`).
    public static func load(for venue: Venue, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Problem) -> Credentials {
        guard case let .exchange(_, restBase) = venue else { throw .malformed("the paper venue takes no keys") }
        return try load(Scope(restBase: restBase), environment: environment)
    }

    public enum Problem: Error, CustomStringConvertible, Equatable {
        case missing
        case missingFor(Scope)
        case looseFile(path: String, mode: Int)
        case unreadable(path: String)
        case malformed(String)

        public var description: String {
            switch self {
            case .missing:
                Problem.missingFor(.live).description
            case let .missingFor(scope):
                "no \(scope == .live ? "exchange" : scope.rawValue) credentials: set \(scope.prefix)API_KEY with \(scope.prefix)API_SECRET (HMAC) or \(scope.prefix)PRIVATE_KEY_FILE (Ed25519), or \(scope.prefix)KEY_FILE"
                    + (scope == .live ? "" : " (the live account's BINANCE_* keys are never sent to \(scope == .testnet ? "the testnet" : "a simulator or custom URL"))")
            case let .looseFile(path, mode):
                "\(path) is readable by others (mode \(String(mode, radix: 8))); run `chmod 600 \(path)` first"
            case let .unreadable(path):
                "cannot read \(path)"
            case let .malformed(what):
                what
            }
        }
    }

    /// Loads the keys of `scope` (prefix `BINANCE_` for the live account):
    /// `<prefix>API_KEY` + `<prefix>API_SECRET`, or `<prefix>API_KEY` +
    /// `<prefix>PRIVATE_KEY_FILE` (an Ed25519 PKCS#8 PEM), or
    /// `<prefix>KEY_FILE` (lines `api_key=…` and `api_secret=…` or
    /// `private_key_file=…`). Key files must be mode 0600 or stricter.
    public static func load(_ scope: Scope = .live, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Problem) -> Credentials {
        let prefix = scope.prefix
        let missing: Problem = scope == .live ? .missing : .missingFor(scope)
        var values: [String: String] = [:]
        if let file = environment[prefix + "KEY_FILE"], !file.isEmpty {
            for (_, name, value) in assignments(try readPrivate(file)) { values[name.lowercased()] = value }
        }
        let apiKey = environment[prefix + "API_KEY"] ?? values["api_key"]
        let secret = environment[prefix + "API_SECRET"] ?? values["api_secret"]
        let privateKeyFile = environment[prefix + "PRIVATE_KEY_FILE"] ?? values["private_key_file"]
        guard let apiKey, !apiKey.isEmpty else { throw missing }
        if let privateKeyFile, !privateKeyFile.isEmpty {
            return Credentials(apiKey: apiKey, signer: .ed25519(seed: try ed25519Key(pem: readPrivate(privateKeyFile)).rawRepresentation))
        }
        guard let secret, !secret.isEmpty else { throw missing }
        return Credentials(apiKey: apiKey, signer: .hmac(secret: Data(secret.utf8)))
    }

    /// The `NAME=VALUE` lines of a key file, with their line numbers; blank
    /// lines and `#` comments are skipped, and a line without `=` gives an
    /// empty name and value, so a caller that needs one can name the line.
    public static func assignments(_ text: String) -> [(line: Int, name: String, value: String)] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().compactMap { number, line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            guard let equals = trimmed.firstIndex(of: "=") else { return (number + 1, "", "") }
            return (number + 1, String(trimmed[..<equals]).trimmingCharacters(in: .whitespaces),
                    String(trimmed[trimmed.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
        }
    }

    public static func readPrivate(_ path: String) throws(Problem) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue else { throw .unreadable(path: path) }
        guard mode & 0o077 == 0 else { throw .looseFile(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path)
        }
        return text
    }

    /// The DER prefix of an Ed25519 PKCS#8 private key; the 32-byte seed follows.
    static let ed25519Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]

    /// Reads the PEM Binance's key generator writes (`-----BEGIN PRIVATE KEY-----`).
    public static func ed25519Key(pem: String) throws(Problem) -> Curve25519.Signing.PrivateKey {
        let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body), der.count == 48, Array(der.prefix(16)) == ed25519Prefix,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)) else {
            throw .malformed("the private key file is not an Ed25519 PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)")
        }
        return key
    }

    /// PEM for an Ed25519 private key (used by tests and the simulator's drills).
    public static func pem(for key: Curve25519.Signing.PrivateKey) -> String {
        let der = Data(ed25519Prefix) + key.rawRepresentation
        return "-----BEGIN PRIVATE KEY-----\n\(der.base64EncodedString())\n-----END PRIVATE KEY-----\n"
    }
}
