import Foundation
import GenesisDomain
import GRDB
import Yams

/// Configuration changes are behaviour the tilt detector counts (DESIGN §4
/// "config thrashing"), and a loosening of a protective key waits out the
/// cooling-off (DESIGN §1.3). Every command that runs a session reads the
/// configuration through `Store.adoptConfiguration`.
public enum ConfigChange {
    /// `key.path: value` text of every leaf of the configuration (`ConfigKeys.flatten`).
    public static func flatten(_ config: GenesisConfig) -> [String: String] {
        ConfigKeys.flatten(config)
    }

    /// `config` with the given dotted keys set to other (flattened) values:
    /// lists are read back from their `[a, b]` text, a key under an absent
    /// section (`promotion`) brings the section back.
    public static func applying(_ values: [String: String], to config: GenesisConfig) throws -> GenesisConfig {
        guard !values.isEmpty else { return config }
        guard var root = try Yams.compose(yaml: try YAMLEncoder().encode(config)) else { return config }
        for key in values.keys.sorted() {
            root = try set(root, path: key.split(separator: ".").map(String.init), to: values[key]!, key: key)
        }
        do {
            return try YAMLDecoder().decode(GenesisConfig.self, from: root)
        } catch {
            throw GenesisError.configuration(key: values.keys.sorted().joined(separator: ", "), message: "cannot restore the values in force: \(error)")
        }
    }

    private static func set(_ node: Node, path: [String], to value: String, key: String) throws -> Node {
        guard let head = path.first else { return node }
        var mapping: Node.Mapping
        if case let .mapping(existing) = node { mapping = existing } else { mapping = Node.Mapping([]) } // an absent section
        let child = mapping[Node(head)] ?? Node("null")
        if path.count > 1 {
            mapping[Node(head)] = try set(child, path: Array(path.dropFirst()), to: value, key: key)
        } else if case .sequence = child, let list = try Yams.compose(yaml: value), case .sequence = list {
            mapping[Node(head)] = list
        } else if case .sequence = child {
            throw GenesisError.configuration(key: key, message: "'\(value)' is not a list")
        } else {
            switch value {
            case "null": mapping[Node(head)] = Node("null", Tag(.null), .plain)
            // A switch (`strategies.*.enabled`) reads back as a boolean, not as the text "true".
            case "true", "false": mapping[Node(head)] = Node(value, Tag(.bool), .plain)
            default: mapping[Node(head)] = Node(value)
            }
        }
        return .mapping(mapping)
    }

    /// The keys whose values differ, as `key: old → new`. Only keys both
    /// sides know are compared: a key a newer build added is not a change
    /// the trader made.
    public static func differences(from old: [String: String], to new: [String: String]) -> [String] {
        Set(old.keys).intersection(new.keys).sorted().compactMap { key in
            old[key] == new[key] ? nil : "\(key): \(old[key]!) → \(new[key]!)"
        }
    }

    /// Marks a snapshot written in the flattened form of this build.
    static let formatKey = "#format", format = "2"

    /// Reads a stored snapshot. Snapshots from before `format` wrote a list
    /// of mappings (`demotion.deleveraging`) over several lines; those keys
    /// are left out rather than read as a change.
    static func decodeSnapshot(_ text: String) -> [String: String] {
        var values = (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
        if values.removeValue(forKey: formatKey) == nil {
            values = values.filter { !$0.value.contains("\n") }
        }
        return values
    }
}

/// What `Store.adoptConfiguration` put in force for a session.
public struct ConfigAdoption: Sendable {
    /// The configuration in force: the file's, with loosenings still cooling
    /// off held at the stricter value.
    public var config: GenesisConfig
    /// `key: old → new` for every key changed since the last command read it.
    public var changes: [String]
    /// Loosenings still waiting, after this adoption.
    public var pending: [PendingLoosening]
    /// Keys whose loosening finished its cooling-off in this adoption.
    public var adopted: [String]
}

/// A loosening waiting out its cooling-off: the value in force, the one
/// asked for, and when that one applies.
public struct PendingLoosening: Sendable, Equatable {
    public var key: String
    public var old: String
    public var new: String
    public var effectiveAt: Timestamp
}

extension Store {
    /// The one adoption path (DESIGN §1.3): records a `behaviour.config_change`
    /// event when the configuration differs from the last one a command read
    /// for `session` (the first read only keeps it), starts the cooling-off of
    /// every loosened protective key (`config.loosening_pending`), applies
    /// those whose time has come (`config.loosening_adopted`), drops those
    /// taken back (`config.loosening_withdrawn`), and returns the
    /// configuration in force, all in one transaction.
    ///
    /// `time` is when the cooling-off is measured: the commands pass the wall
    /// clock, never a data time or `--at`, so writing a date into a signal
    /// cannot make a loosening come sooner.
    public func adoptConfiguration(_ config: GenesisConfig, session: String = Account.defaultSession, at time: Timestamp) throws -> ConfigAdoption {
        let current = ConfigChange.flatten(config)
        var stored = current
        stored[ConfigChange.formatKey] = ConfigChange.format
        let encoded = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
        let adoption: ConfigAdoption = try write { db in
            let last = try String.fetchOne(db, sql: "SELECT config FROM config_snapshots WHERE session = ?", arguments: [session])
            try db.execute(sql: """
                INSERT INTO config_snapshots (session, config, recorded_at) VALUES (?, ?, ?)
                ON CONFLICT(session) DO UPDATE SET config = excluded.config, recorded_at = excluded.recorded_at
                """, arguments: [session, encoded, time.milliseconds])
            let previous = last.map(ConfigChange.decodeSnapshot)
            let changes = previous.map { ConfigChange.differences(from: $0, to: current) } ?? []
            if !changes.isEmpty {
                try append(AuditEvent(type: "behaviour.config_change", aggregateType: "behaviour", aggregateID: session, occurredAt: time,
                                      payload: ["detail": changes.joined(separator: "; ")]), in: db)
            }
            let (held, pending, adopted) = try coolOff(current, previous: previous, session: session, at: time, in: db)
            return ConfigAdoption(config: try ConfigChange.applying(held, to: config), changes: changes, pending: pending, adopted: adopted)
        }
        // Each held value came from a file that passed these checks; a value
        // outside its range now would be a fault, never silently used.
        if let problem = ConfigKeys.firstProblem(in: ConfigChange.flatten(adoption.config)) {
            throw GenesisError.configuration(key: problem.key, message: "the value in force while a loosening cools off: \(problem.message)")
        }
        return adoption
    }
}
