import Foundation
import GenesisDomain

/// Where the store lives: `--db`, then `GENESIS_DB`, then `~/.genesis/genesis.db`.
public enum DatabaseLocation {
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment["GENESIS_DB"], !value.isEmpty { return value }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.genesis/genesis.db"
    }
}
