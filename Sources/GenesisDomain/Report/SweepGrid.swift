import Crypto
import Foundation

/// One configuration key of a sweep with the values to try, in the order
/// the trader wrote them (`--grid key=v1,v2,…`).
public struct GridAxis: Sendable, Equatable {
    public var key: String
    public var values: [String]

    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }

    /// Parses `key=v1,v2,…`. Values are kept verbatim (they go into YAML as
    /// written); a comma inside `[…]` or `{…}` belongs to the value, so a
    /// list can be swept: `tilt.lockoutMinutes=[5, 30, 1440],[10, 60, 1440]`.
    public init(parsing argument: String) throws(SweepGridError) {
        guard let equals = argument.firstIndex(of: "=") else { throw .notKeyEqualsValues(argument) }
        let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard !key.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.contains(where: { $0 == " " || $0 == ":" }) }) else {
            throw .badKey(argument)
        }
        let values = Self.split(String(argument[argument.index(after: equals)...]))
        guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else { throw .noValues(key: key) }
        guard Set(values).count == values.count else { throw .repeatedValue(key: key) }
        self.init(key: key, values: values)
    }

    /// Splits at the commas outside brackets and braces, trimming spaces.
    static func split(_ text: String) -> [String] { ConfigKeys.topLevelItems(text) }
}

/// What is wrong with a `--grid` argument, in words for the trader.
public enum SweepGridError: Error, Sendable, Equatable, CustomStringConvertible {
    case notKeyEqualsValues(String)
    case badKey(String)
    case noValues(key: String)
    case repeatedValue(key: String)
    case repeatedKey(String)
    case overlappingKeys(String, String)

    public var description: String {
        switch self {
        case let .notKeyEqualsValues(text): "--grid '\(text)' is not key=value1,value2,…"
        case let .badKey(text): "--grid '\(text)': the key must be a dotted configuration key such as strategies.momentumBreakout.lookback"
        case let .noValues(key): "--grid \(key): no values (write \(key)=value1,value2,…)"
        case let .repeatedValue(key): "--grid \(key): a value is listed twice"
        case let .repeatedKey(key): "--grid \(key): the key is given twice; list all its values in one --grid"
        case let .overlappingKeys(a, b): "--grid \(a) and --grid \(b): one key holds the other"
        }
    }
}

/// One setting of a combination: a dotted key and its verbatim value.
public struct GridSetting: Sendable, Equatable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// One point of the grid: a value for every key, and its place in grid
/// order (the order of the cartesian product, first key slowest), which
/// breaks ties when ranking so that the same sweep always ranks the same way.
public struct SweepCombination: Sendable, Equatable {
    public var index: Int
    public var settings: [GridSetting]

    public init(index: Int, settings: [GridSetting]) {
        self.index = index
        self.settings = settings
    }

    /// `key=value key=value`, for people.
    public var label: String { settings.isEmpty ? "(base configuration)" : settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
}

/// The full cartesian product of the axes.
public struct SweepGrid: Sendable, Equatable {
    public var axes: [GridAxis]

    public init(axes: [GridAxis]) throws(SweepGridError) {
        for (position, axis) in axes.enumerated() {
            for other in axes[..<position] {
                if other.key == axis.key { throw .repeatedKey(axis.key) }
                if other.key.hasPrefix(axis.key + ".") || axis.key.hasPrefix(other.key + ".") { throw .overlappingKeys(other.key, axis.key) }
            }
        }
        self.axes = axes
    }

    public init(parsing arguments: [String]) throws(SweepGridError) {
        var axes: [GridAxis] = []
        for argument in arguments { axes.append(try GridAxis(parsing: argument)) }
        try self.init(axes: axes)
    }

    /// Every combination, the first axis varying slowest (as nested loops in
    /// the order the keys were given). No axes: one combination, the base.
    public var combinations: [SweepCombination] {
        var product: [[GridSetting]] = [[]]
        for axis in axes {
            product = product.flatMap { prefix in axis.values.map { prefix + [GridSetting(key: axis.key, value: $0)] } }
        }
        return product.enumerated().map { SweepCombination(index: $0.offset, settings: $0.element) }
    }
}

/// The configuration file of one sweep run: the base configuration's own
/// settings (the keys where it differs from the built-in defaults) with the
/// combination's settings laid over them, written as nested YAML from dotted
/// keys in sorted order. Sorted and canonical, so the same base and
/// combination always give the same text, whatever the base file's layout or
/// comments, and the run's session name (a hash of this text) is stable.
public enum SweepConfigFile {
    /// The keys where `base` differs from `defaults` (both flattened,
    /// `ConfigKeys.flatten`); a key the defaults have and the base lacks
    /// (an optional value set to null) is `null`.
    public static func changes(base: [String: String], defaults: [String: String]) -> [String: String] {
        var changed: [String: String] = [:]
        for key in Set(base.keys).union(defaults.keys) where base[key] != defaults[key] {
            changed[key] = base[key] ?? "null"
        }
        return changed
    }

    /// `changes` with `settings` over them: a base key at, under or above a
    /// swept key gives way to it. Base values are quoted where YAML would
    /// misread them; swept values stay verbatim.
    public static func merged(changes: [String: String], settings: [GridSetting]) -> [GridSetting] {
        var result = changes.filter { key, _ in
            !settings.contains { key == $0.key || key.hasPrefix($0.key + ".") || $0.key.hasPrefix(key + ".") }
        }.map { GridSetting(key: $0.key, value: scalar($0.value)) }
        result += settings
        return result.sorted { $0.key.split(separator: ".").lexicographicallyPrecedes($1.key.split(separator: ".")) }
    }

    /// Nested YAML from dotted keys, two spaces an indent, keys sorted, each
    /// value verbatim. Empty: an empty text (all defaults).
    public static func yaml(_ settings: [GridSetting]) throws(SweepGridError) -> String {
        let sorted = settings.sorted { $0.key.split(separator: ".").lexicographicallyPrecedes($1.key.split(separator: ".")) }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            if a.key == b.key { throw .repeatedKey(a.key) }
            if b.key.hasPrefix(a.key + ".") { throw .overlappingKeys(a.key, b.key) }
        }
        var text = ""
        var open: [Substring] = []
        for setting in sorted {
            let parts = setting.key.split(separator: ".")
            var shared = 0
            while shared < min(open.count, parts.count - 1), open[shared] == parts[shared] { shared += 1 }
            open = Array(open[..<shared])
            for part in parts[shared..<(parts.count - 1)] {
                text += String(repeating: "  ", count: open.count) + part + ":\n"
                open.append(part)
            }
            text += String(repeating: "  ", count: open.count) + parts.last! + ": " + setting.value + "\n"
        }
        return text
    }

    /// A flattened base value as a YAML scalar: lists (`[…]`) and mappings
    /// (`{…}`) as they are, plain text when YAML reads it back as the same
    /// text, else double-quoted.
    static func scalar(_ value: String) -> String {
        if value.hasPrefix("[") || value.hasPrefix("{") { return value }
        let special: Set<Character> = ["?", ":", ",", "]", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        let plain = !value.isEmpty && value.trimmingCharacters(in: .whitespaces) == value
            && !value.contains(": ") && !value.contains(" #") && !value.contains(where: \.isNewline)
            && !special.contains(value.first!) && !value.hasSuffix(":") && !(value.first == "-" && value.dropFirst().first == " ")
            && value != "-"
        if plain { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// What a sweep run is, and so the name of its session: a rerun of the same
/// run finds its finished session by this name and reuses it.
public struct SweepRunKey: Sendable, Equatable {
    public var symbols: [String]
    public var interval: String
    public var from: Timestamp
    public var to: Timestamp
    public var strategies: [String]
    /// The run's whole configuration file, as written (`SweepConfigFile.yaml`).
    public var configText: String

    public init(symbols: [String], interval: String, from: Timestamp, to: Timestamp, strategies: [String], configText: String) {
        self.symbols = symbols
        self.interval = interval
        self.from = from
        self.to = to
        self.strategies = strategies
        self.configText = configText
    }

    /// `sweep-` and the first 16 hex digits of the SHA-256 of every field
    /// (separated by a unit separator, so no two keys run together). The
    /// version prefix changes if what a run means ever changes.
    public var session: String {
        let fields = ["sweep-v1", symbols.joined(separator: ","), interval, String(from.milliseconds), String(to.milliseconds),
                      strategies.joined(separator: ","), configText]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return "sweep-" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
