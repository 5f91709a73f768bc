import Foundation
import GenesisDomain

/// Where the store lives: `--db`, then `GENESIS_DB`, then `~/.genesis/genesis.db`.
/// A SQLite file path, or a `postgres://` URL (`PostgresLocation`).
public enum DatabaseLocation {
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment["GENESIS_DB"], !value.isEmpty { return value }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.genesis/genesis.db"
    }

    /// The prefix of the files this machine keeps beside the store: the
    /// chain head, the locks (watcher, alerts, schema upgrade), the replay
    /// progress board, the signal key, sweep work. For a SQLite store it is
    /// the database file itself (`genesis.db.head`, …); a server has no
    /// directory of ours, so a PostgreSQL store's live under
    /// `~/.genesis/postgres/<user>@<host>_<port>_<database>/store`, one
    /// folder per server database, never holding the password.
    public static func localFilePrefix(_ location: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let server = serverWithoutPassword(location, environment: environment) else { return location }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let name = "\(server.user)@\(server.host)_\(server.port)_\(server.database)".map { $0.isLetter || $0.isNumber || "@._-".contains($0) ? $0 : "_" }
        let directory = home + "/.genesis/postgres/" + String(name)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return directory + "/store"
    }

    /// How messages name the store: the path, or the URL without its password.
    public static func displayName(_ location: String) -> String {
        guard PostgresLocation.isURL(location) else { return location }
        return serverWithoutPassword(location)?.displayName ?? "postgres://…"
    }

    /// A server URL parsed for its name only: no password is looked up
    /// (a `.pgpass` is not even read), so naming a store never fails on one.
    private static func serverWithoutPassword(_ location: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> PostgresLocation? {
        guard PostgresLocation.isURL(location) else { return nil }
        return try? PostgresLocation(url: location, environment: environment.merging(["PGPASSWORD": ""]) { $1 })
    }

    /// `location` as the commands this one starts are given it on their
    /// command line, which every user of the machine can read: a server URL
    /// loses its password, which goes to them in `PGPASSWORD` instead (set
    /// here, inherited by the children).
    public static func forChildProcesses(_ location: String) -> String {
        let (shown, password) = withoutPassword(location)
        if let password { setenv("PGPASSWORD", password, 1) }
        return shown
    }

    /// A server URL without its password, and the password.
    static func withoutPassword(_ location: String) -> (location: String, password: String?) {
        guard PostgresLocation.isURL(location), var components = URLComponents(string: location), let password = components.password else { return (location, nil) }
        components.password = nil
        return (components.string ?? location, password.removingPercentEncoding ?? password)
    }
}
