import Foundation
import Yams
import GenesisDomain

/// Finds, reads, merges and validates the configuration (DESIGN §1.3).
///
/// The file only needs the keys a trader wants to change: it is laid over the
/// built-in defaults key by key, and an unknown key is an error (a typo must
/// never silently leave a risk limit at its default).
public enum ConfigLoader {
    /// `--config`, then `GENESIS_CONFIG`, then `~/.genesis/genesis.yaml` if it exists.
    public static func locate(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment["GENESIS_CONFIG"], !value.isEmpty { return value }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = home + "/.genesis/genesis.yaml"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    public static func load(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GenesisConfig {
        guard let path = locate(flag: flag, environment: environment) else { return GenesisConfig() }
        // Read through a handle so `--config <(…)` and /dev/stdin work too.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data(),
              let text = String(data: data, encoding: .utf8) else {
            throw GenesisError.configuration(key: path, message: "cannot read the configuration file")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String = "configuration") throws -> GenesisConfig {
        let defaults = try Yams.compose(yaml: YAMLEncoder().encode(GenesisConfig()))!
        let user: Node?
        do {
            user = try Yams.compose(yaml: text)
        } catch {
            throw GenesisError.configuration(key: source, message: "not valid YAML: \(error)")
        }
        guard let user else { return GenesisConfig() }
        let merged = try merge(user, over: defaults, path: "")
        let config: GenesisConfig
        do {
            config = try YAMLDecoder().decode(GenesisConfig.self, from: merged)
        } catch let DecodingError.dataCorrupted(context) {
            throw GenesisError.configuration(key: keyPath(context.codingPath), message: context.debugDescription)
        } catch let DecodingError.typeMismatch(type, context) {
            throw GenesisError.configuration(key: keyPath(context.codingPath), message: "expected \(describe(type))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw GenesisError.configuration(key: keyPath(context.codingPath + [key]), message: "is required here")
        } catch let DecodingError.valueNotFound(type, context) {
            throw GenesisError.configuration(key: keyPath(context.codingPath), message: "expected \(describe(type)), found nothing")
        } catch {
            throw GenesisError.configuration(key: source, message: "\(error)")
        }
        try validate(config)
        return config
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is String.Type: "text or a number"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Sequence") || "\(type)".contains("Array") ? "a list like [1, 2]" : "a mapping of keys"
        }
    }

    static func keyPath(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    static func merge(_ user: Node, over defaults: Node, path: String) throws -> Node {
        guard case let .mapping(defaultMapping) = defaults else { return user }
        // `null` clears an optional section (such as a tier's promotion gates).
        if case let .scalar(scalar) = user, ["null", "~", ""].contains(scalar.string) { return user }
        guard case let .mapping(userMapping) = user else {
            throw GenesisError.configuration(key: path.isEmpty ? "(top level)" : path, message: "expected a mapping of keys (allowed: \(keys(of: defaultMapping)))")
        }
        var result = defaultMapping
        for (key, value) in userMapping {
            guard let name = key.string else { continue }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            guard let existing = defaultMapping[key] else {
                throw GenesisError.configuration(key: childPath, message: "unknown key (allowed here: \(keys(of: defaultMapping)))")
            }
            result[key] = try merge(value, over: existing, path: childPath)
        }
        return .mapping(result)
    }

    static func keys(of mapping: Node.Mapping) -> String {
        mapping.keys.compactMap(\.string).joined(separator: ", ")
    }

    /// Range checks of every key and the relations between keys, each
    /// naming its key and what is allowed (`GenesisConfig.validate`, the one
    /// check also applied to the configuration the store puts in force).
    public static func validate(_ config: GenesisConfig) throws {
        try config.validate()
    }
}
