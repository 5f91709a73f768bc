import Foundation
import GenesisDomain
import GRDB
import Yams

/// Configuration changes are behaviour the tilt detector counts (DESIGN §4
/// "config thrashing"). The trading commands compare the configuration they
/// run with against the last one recorded and log what changed.
public enum ConfigChange {
    /// `key.path: value` lines of the whole effective configuration.
    public static func flatten(_ config: GenesisConfig) -> [String: String] {
        guard let text = try? YAMLEncoder().encode(config), let node = try? Yams.compose(yaml: text) else { return [:] }
        var lines: [String: String] = [:]
        func walk(_ node: Node, _ path: String) {
            switch node {
            case let .mapping(mapping):
                for (key, value) in mapping { walk(value, path.isEmpty ? (key.string ?? "?") : "\(path).\(key.string ?? "?")") }
            case let .sequence(sequence):
                lines[path] = "[" + sequence.map { $0.string ?? (try? Yams.serialize(node: $0).trimmingCharacters(in: .whitespacesAndNewlines)) ?? "?" }.joined(separator: ", ") + "]"
            default:
                lines[path] = node.string ?? "null"
            }
        }
        walk(node, "")
        return lines
    }

    /// `config` with the given dotted keys set back to older values.
    public static func applying(_ values: [String: String], to config: GenesisConfig) throws -> GenesisConfig {
        guard !values.isEmpty else { return config }
        guard var root = try Yams.compose(yaml: try YAMLEncoder().encode(config)) else { return config }
        for (key, value) in values { root = set(root, path: key.split(separator: ".").map(String.init), to: value) }
        return try YAMLDecoder().decode(GenesisConfig.self, from: root)
    }

    private static func set(_ node: Node, path: [String], to value: String) -> Node {
        guard let head = path.first, case var .mapping(mapping) = node, let child = mapping[Node(head)] else { return node }
        mapping[Node(head)] = path.count == 1 ? Node(value) : set(child, path: Array(path.dropFirst()), to: value)
        return .mapping(mapping)
    }

    /// The keys whose values differ, as `key: old → new`.
    public static func differences(from old: [String: String], to new: [String: String]) -> [String] {
        Set(old.keys).union(new.keys).sorted().compactMap { key in
            old[key] == new[key] ? nil : "\(key): \(old[key] ?? "unset") → \(new[key] ?? "unset")"
        }
    }
}

extension Store {
    /// Records a `behaviour.config_change` event when the requested
    /// configuration differs from the last one a trading command ran with
    /// (the first run only keeps it), and returns the configuration in force:
    /// loosened risk limits keep their old value through the cooling-off
    /// (`LimitCoolingOff`). Also returns the changed keys, for the log.
    public func adoptConfiguration(_ config: GenesisConfig, session: String = Account.defaultSession, at time: Timestamp) throws -> (config: GenesisConfig, changes: [String]) {
        let current = ConfigChange.flatten(config)
        let encoded = String(decoding: try JSONEncoder().encode(current), as: UTF8.self)
        let (previous, changes): ([String: String]?, [String]) = try writer.write { db in
            let last = try String.fetchOne(db, sql: "SELECT config FROM config_snapshots WHERE session = ?", arguments: [session])
            try db.execute(sql: """
                INSERT INTO config_snapshots (session, config, recorded_at) VALUES (?, ?, ?)
                ON CONFLICT(session) DO UPDATE SET config = excluded.config, recorded_at = excluded.recorded_at
                """, arguments: [session, encoded, time.milliseconds])
            guard let last else { return (nil, []) }
            let previous = (try? JSONDecoder().decode([String: String].self, from: Data(last.utf8))) ?? [:]
            let changes = ConfigChange.differences(from: previous, to: current)
            guard !changes.isEmpty else { return (previous, []) }
            try append(AuditEvent(type: "behaviour.config_change", aggregateType: "behaviour", aggregateID: session, occurredAt: time,
                                  payload: ["detail": changes.joined(separator: "; ")]), in: db)
            return (previous, changes)
        }
        return (try effectiveConfiguration(config, previous: previous, session: session, at: time), changes)
    }
}
