import Foundation
import GRDB
import GenesisDomain

/// What `gen-fetch doctor` checks of a PostgreSQL store (DESIGN §1.2), without
/// changing anything on the server (no migration is run).
public enum PostgresDoctor {
    public enum Level: String, Sendable {
        case ok = "ok  ", warning = "WARN", failure = "FAIL"
    }

    public struct Check: Sendable, Equatable {
        public var level: Level
        public var text: String
    }

    public static func checks(url: String) -> [Check] {
        var checks: [Check] = []
        let location: PostgresLocation
        do {
            location = try PostgresLocation(url: url)
        } catch {
            return [Check(level: .failure, text: "\(error)")]
        }
        if (URLComponents(string: url)?.password).map({ !$0.isEmpty }) == true {
            checks.append(Check(level: .warning, text: "the --db URL holds the password, which other users see in the process list; put it in PGPASSWORD or ~/.pgpass (mode 0600)"))
        }
        if !PostgresLocation.isLoopback(location.host) && location.tls != .verifyFull {
            checks.append(Check(level: location.tls == .disable ? .failure : .warning,
                                text: "\(location.displayName) is not on this machine and the connection is sslmode=\(location.tls.rawValue); use sslmode=verify-full so the server's certificate is checked"))
        }
        do {
            let server = try PostgresServer(location)
            let facts = try server.read { db -> (version: String, tables: Int, owner: Bool, update: Bool, delete: Bool) in
                let version = try String.fetchOne(db, sql: "SHOW server_version") ?? "?"
                let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'events'") ?? 0
                guard tables > 0 else { return (version, 0, false, false, false) }
                let owner = try Bool.fetchOne(db, sql: "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class WHERE oid = 'events'::regclass") ?? false
                let update = try Bool.fetchOne(db, sql: "SELECT has_table_privilege('events', 'UPDATE')") ?? false
                let delete = try Bool.fetchOne(db, sql: "SELECT has_table_privilege('events', 'DELETE')") ?? false
                return (version, tables, owner, update, delete)
            }
            checks.append(Check(level: .ok, text: "\(location.displayName) reachable: PostgreSQL \(facts.version), connected as \(location.user)"))
            guard facts.tables > 0 else {
                checks.append(Check(level: .warning, text: "no GENESIS schema in \(location.database) yet; `gen-risk account init` with the owning role creates it"))
                return checks
            }
            let applied = try server.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
            let current = Set(applied) == Set(PostgresSchema.shippedChecksums.keys)
            checks.append(Check(level: current ? .ok : .warning, text: current
                ? "schema current (\(applied.count) migrations)"
                : "schema at \(applied.count) of \(PostgresSchema.shippedChecksums.count) migrations; the next command run by the owning role upgrades it"))
            let triggers = try server.read { try Store.triggerFindings($0) }
            checks.append(Check(level: triggers.isEmpty ? .ok : .failure, text: triggers.isEmpty
                ? "append-only triggers on events in place (UPDATE, DELETE, TRUNCATE)"
                : triggers.map(\.message).joined(separator: "; ")))
            if facts.owner || facts.update || facts.delete {
                let grants = PostgresSchema.runtimeGrants(role: "genesis_trader", database: location.database).joined(separator: "; ")
                checks.append(Check(level: .warning, text: "\(location.user) \(facts.owner ? "owns the events table" : "may UPDATE or DELETE events"): only the triggers keep the audit trail append-only. Trade as a runtime role instead; as the owner run: CREATE ROLE genesis_trader LOGIN; \(grants)"))
            } else {
                checks.append(Check(level: .ok, text: "\(location.user) may read and append events, never UPDATE, DELETE or TRUNCATE them"))
            }
        } catch {
            checks.append(Check(level: .failure, text: "\(error)"))
        }
        return checks
    }
}
