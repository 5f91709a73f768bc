import Foundation
import GRDB
import GenesisDomain

extension Store {
    /// The configuration in force for `session` when adopting `config` would
    /// change nothing: the session's snapshot holds exactly these values (in
    /// this build's format) and no loosening waits out its cooling-off. Then
    /// `adoptConfiguration` would record no change, hold no key and adopt
    /// none, and only rewrite the snapshot's time; this answers with one read
    /// instead of a write transaction, so a command's start writes nothing.
    /// Nil when anything differs: the caller adopts through
    /// `adoptConfiguration`, which records and cools off as ever.
    public func unchangedConfiguration(_ config: GenesisConfig, session: String) throws -> GenesisConfig? {
        let (snapshot, waiting) = try read { db in
            (try String.fetchOne(db, sql: "SELECT config FROM config_snapshots WHERE session = ?", arguments: [session]),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM limit_loosenings WHERE session = ?", arguments: [session]) ?? 0)
        }
        guard waiting == 0, let snapshot,
              var stored = try? JSONDecoder().decode([String: String].self, from: Data(snapshot.utf8)),
              stored.removeValue(forKey: ConfigChange.formatKey) == ConfigChange.format,
              stored == ConfigChange.flatten(config) else { return nil }
        return config
    }
}
