import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline

/// `ConfigKeys.flatten` builds its text from `ConfigTree` instead of JSON
/// (issue 18). Stored configuration snapshots are compared with that text, so
/// it must stay the JSON route's, byte for byte: the JSON route is kept here
/// as the reference.
@Suite struct ConfigTreeTests {
    /// The flattening as it was: JSONEncoder, JSONSerialization, then the walk.
    static func flattenThroughJSON(_ config: GenesisConfig) -> [String: String] {
        func tree<Value: Encodable>(_ value: Value) -> Any? {
            guard let data = try? JSONEncoder().encode(value) else { return nil }
            return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        }
        var full = GenesisConfig()
        full.tiers.sniper.promotion = full.tiers.hunter.promotion
        let shape = tree(full)
        guard let root = tree(config) else { return [:] }
        func render(_ value: Any) -> String {
            switch value {
            case is NSNull: return "null"
            case let text as String: return text
            case let list as [Any]: return "[" + list.map(render).joined(separator: ", ") + "]"
            case let mapping as [String: Any]: return "{" + mapping.keys.sorted().map { "\($0): \(render(mapping[$0]!))" }.joined(separator: ", ") + "}"
            case let number as NSNumber where String(cString: number.objCType) == "c": return number.boolValue ? "true" : "false"
            case let number as NSNumber: return number.stringValue
            default: return "\(value)"
            }
        }
        var lines: [String: String] = [:]
        func walk(_ value: Any, _ shape: Any?, _ path: String) {
            if let mapping = value as? [String: Any] {
                let shapeMapping = shape as? [String: Any]
                for (key, child) in mapping { walk(child, shapeMapping?[key], path.isEmpty ? key : "\(path).\(key)") }
            } else if value is NSNull, let shapeMapping = shape as? [String: Any] {
                for (key, child) in shapeMapping { walk(NSNull(), child, "\(path).\(key)") }
            } else {
                lines[path] = render(value)
            }
        }
        walk(root, shape, "")
        return lines
    }

    /// Configurations that exercise every kind of value: absent sections and
    /// optionals, lists of numbers and of mappings, booleans, phrases with
    /// spaces and quotes, and a file read through the loader.
    static func samples() throws -> [GenesisConfig] {
        var changed = GenesisConfig()
        changed.risk.maxTradesPerDay = 7
        changed.tiers.sniper.promotion = changed.tiers.hunter.promotion
        changed.tiers.hunter.promotion = nil
        changed.tiers.sniper.maximumBalance = nil
        changed.strategies.spreadCapture.enabled = true
        changed.demotion.overridePhrase = "I \"really\" mean it, ünïcode"
        changed.demotion.rampAfterEmergency = [0.1, 0.5, 1]
        let loaded = try ConfigLoader.parse("""
            risk:
              positionFraction: "0.04"
            execution:
              retryBackoffSeconds: []
            demotion:
              deleveraging:
                - dailyLossFraction: "0.05"
                  cutFraction: "0.5"
            """)
        return [GenesisConfig(), changed, loaded]
    }

    @Test func theTreeFlattensExactlyAsJSONDid() throws {
        for config in try Self.samples() {
            let flattened = ConfigKeys.flatten(config)
            #expect(flattened.count > 200)
            #expect(flattened == Self.flattenThroughJSON(config))
        }
    }

    @Test func aListOfMappingsAndAnAbsentSectionRenderAsBefore() throws {
        let flattened = ConfigKeys.flatten(GenesisConfig())
        #expect(flattened["tiers.sniper.promotion.minimumTrades"] == "null")
        #expect(flattened["demotion.rampAfterEmergency"] == "[0.25, 0.5, 0.75, 1]")
        let deleveraging = try #require(flattened["demotion.deleveraging"])
        #expect(deleveraging.hasPrefix("[{cutFraction: "))
    }

    @Test func theKeyedRuleLookupFindsWhatAScanFinds() throws {
        let keys = Set(try Self.samples().flatMap { ConfigKeys.flatten($0).keys })
            .union(["strategies.momentum.timeframe", "strategies.anything.deep.down", "tiers.sniper.slices", "nothing.here", "risk", ""])
        for key in keys {
            let parts = key.split(separator: ".")
            let scanned = ConfigKeys.rules.first { $0.matches(parts: parts) }
            #expect(ConfigKeys.rule(for: key) == scanned, "\(key)")
        }
        #expect(ConfigKeys.rule(for: "strategies.momentum.timeframe")?.pattern == "strategies.*.timeframe")
        #expect(ConfigKeys.rule(for: "nothing.here") == nil)
    }
}

/// `ExactDecimal`'s float literals are read by the exact parser instead of
/// Foundation's locale-aware one (issue 18): the same value, the same digits.
@Suite struct ExactDecimalLiteralTests {
    @Test func aLiteralReadsAsFoundationReadsItsText() {
        let literals: [Double] = [0.05, 0.6, 0.9, 0.25, 0.4, 0.8, 1.0, 2.5, 0.001, 0.0001, 1e-05, 0.1, 0.15, 0.02, 123.456, 0.015, 10.0, 1000000.0, 0.333, 99.99]
        for literal in literals {
            let fast = ExactDecimal(floatLiteral: literal).value
            let foundation = Decimal(string: String(literal), locale: Locale(identifier: "en_US_POSIX"))!
            #expect(fast == foundation, "\(literal)")
            #expect(fast.exponent == foundation.exponent && fast.significand == foundation.significand, "\(literal)")
            #expect(fast.plainText == foundation.plainText, "\(literal)")
        }
    }
}
