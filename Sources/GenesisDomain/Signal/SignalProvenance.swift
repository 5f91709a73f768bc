import Crypto
import Foundation

/// Proof that a `signal` line came from gen-signal (DESIGN §4, "manual
/// override"; docs/PROTOCOL.md, field `mac`).
///
/// The tilt detector watches manual trades, and the risk engine treats them
/// apart (a stated reason at WARNING, the market states that allow them), so
/// a hand-written line must not pass for a strategy's idea by carrying a
/// strategy's name. gen-signal therefore marks every signal it raises with an
/// HMAC-SHA256 over the signal's canonical fields, keyed by a local secret
/// that only the trader's account can read; gen-risk recomputes it, and a
/// signal without a valid mark is manual by construction, whatever strategy
/// it names. The key proves origin on this machine, nothing more: whoever can
/// read it can forge marks, which is why it must be mode 0600.
///
/// The key file: `GENESIS_SIGNAL_KEY_FILE` when set, else `signal.key` next
/// to the database. gen-signal creates it on first use (32 random bytes as 64
/// hex digits, mode 0600, created under a temporary name and linked into
/// place, so two processes starting together agree on one key); gen-risk only
/// reads it, and without it no signal can be verified.
public struct SignalKey: Sendable {
    public static let fileName = "signal.key"
    public static let environmentVariable = "GENESIS_SIGNAL_KEY_FILE"
    /// Prefixed to the MAC input, so a MAC made for another purpose with the
    /// same key can never pass for a signal's (and a later layout gets its own).
    static let domain = "genesis-signal-mac-v1"

    let bytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Where the key of the database at `databasePath` lives.
    public static func path(databasePath: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let file = environment[environmentVariable], !file.isEmpty { return file }
        return (databasePath as NSString).deletingLastPathComponent.isEmpty
            ? fileName
            : ((databasePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(fileName)
    }

    /// The key at `path`, or nil when there is no file there yet. A file
    /// readable or writable by anyone but its owner, or not holding 64 hex
    /// digits, is a configuration error naming the file and the fix.
    public static func read(at path: String) throws -> SignalKey? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw GenesisError.configuration(key: path, message: "the signal key is mode \(String(mode, radix: 8)); anyone who can read it can pass a hand-written signal off as a strategy's. Run: chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
              let bytes = hexBytes(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw GenesisError.configuration(key: path, message: "the signal key must hold 64 hex digits; delete the file and gen-signal writes a new one on its next signal")
        }
        return SignalKey(bytes: bytes)
    }

    /// The key at `path`, created on first use (see the type's comment).
    public static func readOrCreate(at path: String) throws -> SignalKey {
        if let key = try read(at: path) { return key }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let temporary = path + ".\(getpid()).\(UInt32.random(in: .min ... .max)).tmp"
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            throw GenesisError.configuration(key: path, message: "cannot create the signal key (\(String(cString: strerror(errno))))")
        }
        let text = Array((hex(bytes) + "\n").utf8)
        let written = text.withUnsafeBufferPointer { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        defer { unlink(temporary) }
        guard written == text.count else {
            throw GenesisError.configuration(key: path, message: "cannot write the signal key")
        }
        // link() fails when another process got there first: then its key stands.
        if link(temporary, path) != 0, errno != EEXIST {
            throw GenesisError.configuration(key: path, message: "cannot create the signal key (\(String(cString: strerror(errno))))")
        }
        guard let key = try read(at: path) else { throw GenesisError.configuration(key: path, message: "the signal key vanished while it was being created") }
        return key
    }

    /// The MAC of `signal`: HMAC-SHA256 of its canonical fields, 64 lowercase hex digits.
    public func mac(for signal: Signal) -> String {
        Self.hex(Array(HMAC<SHA256>.authenticationCode(for: signal.canonicalBytes, using: key)))
    }

    /// Whether `signal` carries a valid MAC (compared in constant time).
    public func verifies(_ signal: Signal) -> Bool {
        guard let text = signal.mac, let code = Self.hexBytes(text), code.count == 32 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: signal.canonicalBytes, using: key)
    }

    /// `signal` with its MAC set.
    public func signing(_ signal: Signal) -> Signal {
        var signed = signal
        signed.mac = mac(for: signed)
        return signed
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// The key of one database, looked up when first needed and kept once
/// found: gen-signal creates it at its first signal (so a run that raises
/// none writes nothing), gen-risk reads it at the first signal it judges
/// (by then the gen-signal upstream has created it).
public final class SignalProvenance: @unchecked Sendable {
    public let path: String
    private let creates: Bool
    private var key: SignalKey?

    /// `creates`: gen-signal's side (write the key on first use); gen-risk only reads.
    public init(path: String, creates: Bool) {
        self.path = path
        self.creates = creates
    }

    /// The key of the database at `databasePath` (or `GENESIS_SIGNAL_KEY_FILE`).
    public convenience init(databasePath: String, creates: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(path: SignalKey.path(databasePath: databasePath, environment: environment), creates: creates)
    }

    func currentKey() throws -> SignalKey? {
        if let key { return key }
        key = creates ? try SignalKey.readOrCreate(at: path) : try SignalKey.read(at: path)
        return key
    }

    /// `signal` with its MAC (gen-signal).
    public func sign(_ signal: Signal) throws -> Signal {
        guard let key = try currentKey() else { return signal }
        return key.signing(signal)
    }

    /// True when `signal` carries a valid MAC from this database's gen-signal.
    public func verifies(_ signal: Signal) throws -> Bool {
        guard signal.mac != nil, let key = try currentKey() else { return false }
        return key.verifies(signal)
    }

    /// The signal as gen-risk must judge it: a signal naming a strategy but
    /// without a valid MAC is a manual trade (`RiskEngine.manualStrategy`),
    /// whatever name it claims. Returns the claimed name when it was replaced.
    public func judged(_ signal: Signal) throws -> (signal: Signal, claimed: String?) {
        guard signal.strategy != RiskEngine.manualStrategy, try !verifies(signal) else { return (signal, nil) }
        return Self.unverified(signal)
    }

    /// The same without a key: nothing can be verified, so every signal is manual.
    public static func unverified(_ signal: Signal) -> (signal: Signal, claimed: String?) {
        guard signal.strategy != RiskEngine.manualStrategy else { return (signal, nil) }
        var manual = signal
        manual.strategy = RiskEngine.manualStrategy
        return (manual, signal.strategy)
    }
}
