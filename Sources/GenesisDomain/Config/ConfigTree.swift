import Foundation

/// The configuration as a tree of values, the shape JSON would give it
/// (mappings, lists, text, numbers, booleans, `null`), built straight from
/// `Encodable` by `ConfigTreeEncoder`. `ConfigKeys.flatten` reads it: every
/// command that runs a session flattens the configuration at start-up, and
/// going through JSON text (encode, then parse back with JSONSerialization)
/// was most of that start's configuration work (issue 18). The rendering is
/// the one the JSON route gave, byte for byte, because stored snapshots are
/// compared with it (ConfigTreeTests keeps the two side by side).
indirect enum ConfigTree: Equatable, Sendable {
    case null
    case text(String)
    case number(String)
    case bool(Bool)
    case list([ConfigTree])
    case mapping([String: ConfigTree])

    /// The tree of `value`'s encoding; nil when encoding throws.
    static func of<Value: Encodable>(_ value: Value) -> ConfigTree? {
        let root = ConfigTreeNode()
        do {
            try value.encode(to: ConfigTreeEncoder(node: root, codingPath: []))
        } catch {
            return nil
        }
        return root.tree
    }
}

/// One value being encoded; a container writes its children into it.
final class ConfigTreeNode {
    enum Kind { case unset, leaf(ConfigTree), mapping, list }
    var kind: Kind = .unset
    var children: [String: ConfigTreeNode] = [:]
    var items: [ConfigTreeNode] = []

    /// A value that wrote nothing is an empty mapping, as JSONEncoder writes it.
    var tree: ConfigTree {
        switch kind {
        case .unset: return .mapping([:])
        case let .leaf(value): return value
        case .mapping: return .mapping(children.mapValues(\.tree))
        case .list: return .list(items.map(\.tree))
        }
    }

    func child(_ key: String) -> ConfigTreeNode {
        let node = ConfigTreeNode()
        children[key] = node
        return node
    }

    func appended() -> ConfigTreeNode {
        let node = ConfigTreeNode()
        items.append(node)
        return node
    }

    /// Numbers as JSON text read back would give them: whole numbers as
    /// digits, a fraction as Swift writes it.
    static func number<Number: BinaryFloatingPoint & LosslessStringConvertible>(_ value: Number) -> ConfigTree {
        if value.rounded() == value, abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(String(value))
    }
}

struct ConfigTreeEncoder: Encoder {
    let node: ConfigTreeNode
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .mapping = node.kind {} else { node.kind = .mapping }
        return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .list = node.kind {} else { node.kind = .list }
        return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: ConfigTreeNode
        var codingPath: [CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.text(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(ConfigTreeNode.number(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(ConfigTreeNode.number(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { node.child(key.stringValue).kind = .leaf(.number(String(value))) }

        mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
            try value.encode(to: ConfigTreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            ConfigTreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            ConfigTreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> Encoder { ConfigTreeEncoder(node: node.child("super"), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> Encoder { ConfigTreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: ConfigTreeNode
        var codingPath: [CodingKey]
        var count: Int { node.items.count }

        mutating func encodeNil() throws { node.appended().kind = .leaf(.null) }
        mutating func encode(_ value: Bool) throws { node.appended().kind = .leaf(.bool(value)) }
        mutating func encode(_ value: String) throws { node.appended().kind = .leaf(.text(value)) }
        mutating func encode(_ value: Double) throws { node.appended().kind = .leaf(ConfigTreeNode.number(value)) }
        mutating func encode(_ value: Float) throws { node.appended().kind = .leaf(ConfigTreeNode.number(value)) }
        mutating func encode(_ value: Int) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int8) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int16) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int32) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int64) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt8) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt16) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt32) throws { node.appended().kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt64) throws { node.appended().kind = .leaf(.number(String(value))) }

        mutating func encode<Value: Encodable>(_ value: Value) throws {
            try value.encode(to: ConfigTreeEncoder(node: node.appended(), codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            ConfigTreeEncoder(node: node.appended(), codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            ConfigTreeEncoder(node: node.appended(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> Encoder { ConfigTreeEncoder(node: node.appended(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: ConfigTreeNode
        var codingPath: [CodingKey]

        mutating func encodeNil() throws { node.kind = .leaf(.null) }
        mutating func encode(_ value: Bool) throws { node.kind = .leaf(.bool(value)) }
        mutating func encode(_ value: String) throws { node.kind = .leaf(.text(value)) }
        mutating func encode(_ value: Double) throws { node.kind = .leaf(ConfigTreeNode.number(value)) }
        mutating func encode(_ value: Float) throws { node.kind = .leaf(ConfigTreeNode.number(value)) }
        mutating func encode(_ value: Int) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int8) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int16) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int32) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: Int64) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt8) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt16) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt32) throws { node.kind = .leaf(.number(String(value))) }
        mutating func encode(_ value: UInt64) throws { node.kind = .leaf(.number(String(value))) }

        mutating func encode<Value: Encodable>(_ value: Value) throws {
            try value.encode(to: ConfigTreeEncoder(node: node, codingPath: codingPath))
        }
    }
}
