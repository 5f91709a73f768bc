import Foundation
import GenesisDomain

/// Where a PostgreSQL store lives, parsed from `--db postgres://…` (DESIGN
/// §1.2). The password comes from the URL, else `PGPASSWORD`, else the
/// `.pgpass` file (`PGPASSFILE` or `~/.pgpass`, which must be mode 0600, as
/// libpq insists); it is never part of `displayName`, which is what messages,
/// logs and child processes' arguments see.
public struct PostgresLocation: Sendable, Equatable {
    /// How the connection uses TLS (libpq's `sslmode`).
    public enum TLSMode: String, Sendable {
        /// Plain text; the default only on loopback.
        case disable
        /// TLS when the server offers it, without checking its certificate.
        case prefer
        /// TLS or no connection, without checking the certificate.
        case require
        /// TLS with the certificate checked against the system's trust store and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var tls: TLSMode
    /// Never printed; see `displayName`.
    var password: String?

    /// True when `text` names a PostgreSQL store rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Whether `host` is this machine, where plain text is the default.
    static func isLoopback(_ host: String) -> Bool { ["localhost", "127.0.0.1", "::1"].contains(host) }

    /// The URL without its password: safe for messages, logs and argv.
    public var displayName: String {
        "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// Parses `postgres://[user[:password]@]host[:port]/database[?sslmode=…]`.
    /// `environment` and `home` are parameters so tests need not touch the
    /// process's own.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                home: String = NSHomeDirectory()) throws {
        func bad(_ message: String) -> GenesisError {
            GenesisError.configuration(key: "--db", message: "\(message) (expected postgres://user@host:port/database)")
        }
        guard Self.isURL(text), let components = URLComponents(string: text) else { throw bad("not a PostgreSQL URL") }
        guard let host = components.host, !host.isEmpty else { throw bad("the URL names no host") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw bad("the URL names no database") }
        self.host = host
        port = components.port ?? 5432
        user = components.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.database = database
        var tls: TLSMode = Self.isLoopback(host) ? .disable : .prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw bad("unknown URL option '\(item.name)'") }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw bad("sslmode must be disable, prefer, require or verify-full, not '\(item.value ?? "")'")
            }
            tls = mode
        }
        self.tls = tls
        if let password = components.password {
            self.password = password.removingPercentEncoding ?? password
        } else if let password = environment["PGPASSWORD"] {
            self.password = password
        } else {
            self.password = try Self.passwordFile(environment["PGPASSFILE"] ?? home + "/.pgpass", host: host, port: port, database: database, user: user)
        }
    }

    /// The first matching line of a `.pgpass` file (`host:port:database:user:password`,
    /// `*` matching anything, `\` escaping `:` and `\`).
    static func passwordFile(_ path: String, host: String, port: Int, database: String, user: String) throws -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw GenesisError.configuration(key: "PGPASSFILE", message: "\(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 \(path)")
        }
        let wanted = [host, String(port), database, user]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            var fields: [String] = [], field = "", escaped = false
            for character in line {
                if escaped { field.append(character); escaped = false }
                else if character == "\\" { escaped = true }
                else if character == ":" && fields.count < 4 { fields.append(field); field = "" }
                else { field.append(character) }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}
