import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

@Suite struct ConfigTests {
    /// A stored switch comes back as a boolean: the values a session ran
    /// with (the discipline report, the cooling-off) restore `enabled` keys.
    @Test func aStoredSwitchIsRestoredAsABoolean() throws {
        let restored = try ConfigChange.applying(["strategies.spreadCapture.enabled": "true", "strategies.momentumBreakout.enabled": "false"], to: GenesisConfig())
        #expect(restored.strategies.spreadCapture.enabled && !restored.strategies.momentumBreakout.enabled)
        #expect(ConfigKeys.flatten(restored)["strategies.spreadCapture.enabled"] == "true")
    }

    func message(_ yaml: String) -> String? {
        do {
            _ = try ConfigLoader.parse(yaml)
            return nil
        } catch let error as GenesisError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func defaultsCarryTheSpecFigures() throws {
        let config = GenesisConfig()
        try ConfigLoader.validate(config)
        #expect(config.tiers.sniper.dailyLossLimit == 25)
        #expect(config.tiers.hunter.maxOpenPositions == 3)
        #expect(config.tiers.strategist.dailyLossLimit == 500)
        #expect(config.tiers.architect.maxOpenPositions == 10)
        #expect(config.risk.positionFraction.value == Decimal(string: "0.05")!)
        #expect(config.risk.minimumPosition == 10)
        #expect(config.demotion.dailyLossFraction.value == Decimal(string: "0.15")!)
        #expect(config.paper.feeRate.value == Decimal(string: "0.001")!)
        #expect(config.paper.stepSize.value == Decimal(string: "0.00001")!)
        #expect(config.tiers.hunter.promotion?.minimumTrades == 100)
        #expect(config.tilt.lockoutMinutes == [5, 30, 1440])
    }

    @Test func anEmptyOrPartialFileKeepsEveryOtherDefault() throws {
        #expect(try ConfigLoader.parse("") == GenesisConfig())
        let config = try ConfigLoader.parse("""
            paper:
              slippageBps: 2.5
            tiers:
              sniper:
                dailyLossLimit: "30"
            """)
        #expect(config.paper.slippageBps.value == Decimal(string: "2.5")!)
        #expect(config.tiers.sniper.dailyLossLimit == 30)
        #expect(config.tiers.sniper.maxOpenPositions == 1)
        #expect(config.paper.feeRate.value == Decimal(string: "0.001")!)
    }

    @Test func unknownKeysAreNamedWithTheirPath() {
        let text = message("risk:\n  positionFracton: 0.1\n")
        #expect(text?.contains("risk.positionFracton") == true)
        #expect(text?.contains("positionFraction") == true)
    }

    @Test func badValuesNameTheKeyAndTheAllowedRange() {
        #expect(message("risk:\n  positionFraction: 1.5\n")?.contains("risk.positionFraction") == true)
        #expect(message("risk:\n  positionFraction: lots\n")?.contains("risk.positionFraction") == true)
        #expect(message("tiers:\n  hunter:\n    maxOpenPositions: 0\n")?.contains("tiers.hunter.maxOpenPositions") == true)
        #expect(message("tiers:\n  sniper:\n    strategies: [moon_shot]\n")?.contains("moon_shot") == true)
        #expect(message("paper: 3\n")?.contains("paper") == true)
        #expect(message("risk: [1, 2\n")?.contains("YAML") == true)
    }

    @Test func optionalKeysCanBeSetAndIncompleteEntriesAreNamed() throws {
        let config = try ConfigLoader.parse("tiers:\n  architect:\n    maximumBalance: 1000000\n  hunter:\n    slices: 4\n")
        #expect(config.tiers.architect.maximumBalance == 1_000_000)
        #expect(config.tiers.hunter.slices == 4)
        #expect(message("demotion:\n  deleveraging: [{dailyLossFraction: 0.1}]\n")?.contains("demotion.deleveraging[0].cutFraction") == true)
        #expect(message("tilt:\n  lockoutMinutes: 5\n")?.contains("a list") == true)
    }

    @Test func rangesThatWouldDisableARuleAreRefused() {
        #expect(message("tilt:\n  cautionAt: 90\n")?.contains("tilt.cautionAt") == true)
        #expect(message("tiers:\n  sniper:\n    minimumBalance: -0.5\n")?.contains("tiers.sniper.minimumBalance") == true)
        #expect(message("paper:\n  minNotional: -1\n")?.contains("paper.minNotional") == true)
        #expect(message("tiers:\n  sniper:\n    orderTypes: [LIMIT]\n")?.contains("MARKET") == true)
        #expect(message("tiers:\n  hunter:\n    maximumBalance: 1000\n")?.contains("tiers.hunter.maximumBalance") == true)
    }

    @Test func loadsFromFlagThenEnvironment() throws {
        let directory = TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("genesis.yaml").path
        try "risk:\n  minimumPosition: 12\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ConfigLoader.load(flag: path, environment: [:]).risk.minimumPosition == 12)
        #expect(try ConfigLoader.load(flag: nil, environment: ["GENESIS_CONFIG": path]).risk.minimumPosition == 12)
        #expect(try ConfigLoader.load(flag: nil, environment: ["HOME": directory.path]) == GenesisConfig())
        #expect(throws: GenesisError.self) { try ConfigLoader.load(flag: directory.appendingPathComponent("missing.yaml").path, environment: [:]) }
    }

    // MARK: - Every key classified, every protective key ranged (DESIGN §1.3)

    /// A key added to GenesisConfig without a line in `ConfigKeys.rules`
    /// fails here: it must be given a direction or marked not protective.
    @Test func everyFlattenedKeyIsClassified() {
        var sparse = GenesisConfig()
        sparse.tiers.hunter.promotion = nil
        sparse.tiers.sniper.slices = nil
        sparse.tiers.sniper.sliceAboveNotional = nil
        for config in [GenesisConfig(), sparse] {
            let unclassified = ConfigKeys.flatten(config).keys.sorted().filter { ConfigKeys.rule(for: $0) == nil }
            #expect(unclassified.isEmpty, "not in ConfigKeys.rules: \(unclassified)")
        }
        // An absent optional section flattens to the same keys as a written one.
        #expect(Set(ConfigKeys.flatten(sparse).keys) == Set(ConfigKeys.flatten(GenesisConfig()).keys))
        #expect(ConfigKeys.flatten(GenesisConfig())["tiers.sniper.promotion.minimumTrades"] == "null")
        // Every rule names a key that exists (no dead line in the table).
        let keys = ConfigKeys.flatten(GenesisConfig()).keys
        for rule in ConfigKeys.rules {
            #expect(keys.contains { rule.matches($0) }, "\(rule.pattern) matches no key")
        }
    }

    /// Each protective number (and each item of a protective list) refuses a
    /// value below its range with a message giving the range; each phrase
    /// refuses an empty one. The keys checked elsewhere (names, the
    /// deleveraging stages) have their own cases below. `validate()` runs
    /// this very table over every key (the cases below go through it).
    @Test func everyProtectiveKeyIsValidatedWithItsRange() throws {
        let defaults = ConfigKeys.flatten(GenesisConfig())
        let checkedByRelations: Set = ["orderTypes", "algorithms", "strategies", "deleveraging"]
        var checked = 0
        for key in defaults.keys.sorted() {
            guard let rule = ConfigKeys.rule(for: key), rule.loosening.isProtective else { continue }
            let bad: String
            switch rule.range {
            case .whole, .decimal, .oneOf: bad = "-1"
            case .list: bad = "[-1]"
            case .phrase: bad = ""
            case .elsewhere:
                #expect(checkedByRelations.contains(String(key.split(separator: ".").last!)), "\(key) has no range")
                continue
            }
            var flattened = defaults
            flattened[key] = bad
            let problem = ConfigKeys.firstProblem(in: flattened)
            #expect(problem?.key == key, "\(key) = '\(bad)' was accepted")
            #expect(problem?.message.contains(rule.range.text) == true || problem?.message.contains("item") == true, "\(key): \(problem?.message ?? "")")
            checked += 1
        }
        #expect(checked > 100)
        // The defaults are inside every range.
        #expect(ConfigKeys.firstProblem(in: defaults) == nil)
    }

    @Test(arguments: [
        ("tilt:\n  decayMinutes: 0\n", "tilt.decayMinutes: 0 is not allowed; use a whole number from 30 to 10080 minutes"),
        ("execution:\n  icebergMinSlices: -3\n", "execution.icebergMinSlices: -3 is not allowed; use a whole number from 1 to 100 slices"),
        ("execution:\n  icebergMaxSlices: 2\n", "execution.icebergMinSlices: 3 is more than execution.icebergMaxSlices (2)"),
        ("execution:\n  twapSlices: 0\n", "execution.twapSlices: 0 is not allowed"),
        ("execution:\n  haltPhrase: \"\"\n", "execution.haltPhrase: '' is not allowed; use a phrase of at least 12 characters"),
        ("execution:\n  closeAllPhrase: \"CLOSE \"\n", "execution.closeAllPhrase"),
        ("demotion:\n  overridePhrase: \" OVERRIDE EMERGENCY HALT\"\n", "no spaces at either end"),
        ("control:\n  minimumKeyLength: 8\n", "control.minimumKeyLength: 8 is not allowed; use a whole number from 16 to 1024 characters"),
        ("tilt:\n  lockoutMinutes: [30, 5]\n", "tilt.lockoutMinutes: [30, 5] is not allowed; use a list of 1 to 20 items"),
        ("tilt:\n  lockoutMinutes: []\n", "tilt.lockoutMinutes: [] has 0 items"),
        ("tilt:\n  weights:\n    revengeEntry: 0\n", "tilt.weights.revengeEntry: 0 is not allowed; use a whole number from 1 to 100 points"),
        ("tilt:\n  journalMinimumWords: 5\n", "tilt.journalMinimumWords"),
        ("tilt:\n  lossStreakStrong: 2\n", "tilt.lossStreakStrong: 2 is below tilt.lossStreak (3)"),
        ("tilt:\n  tiltDebtFractions: [0.1, 0.25]\n", "tilt.tiltDebtFractions"),
        ("risk:\n  loosenCoolingOffMinutes: 0\n", "risk.loosenCoolingOffMinutes: 0 is not allowed; use a whole number from 15 to 10080 minutes"),
        ("risk:\n  dailyLossPrepareHaltAt: 0.2\n", "risk.dailyLossReduceAt/dailyLossNoNewPositionsAt/dailyLossPrepareHaltAt"),
        ("risk:\n  kellyCap: 0.9\n", "risk.kellyCap"),
        ("demotion:\n  deleveraging: [{dailyLossFraction: 0.1, cutFraction: 0.5}, {dailyLossFraction: 0.12, cutFraction: 0.25}]\n", "demotion.deleveraging[1]"),
        ("demotion:\n  deleveraging: []\n", "demotion.deleveraging: lists 0 stages"),
        ("demotion:\n  overridesPerDay: 50\n", "demotion.overridesPerDay"),
        ("progression:\n  adjustmentPhaseLimits: [0.25, 1.5]\n", "progression.adjustmentPhaseLimits"),
        ("tiers:\n  hunter:\n    orderTypes: [MARKET, TAKE_PROFIT_LIMIT]\n  architect:\n    orderTypes: [MARKET, LIMIT, IOC, FOK, LIMIT_MAKER]\n", "tiers.hunter.orderTypes"),
        ("tiers:\n  hunter:\n    promotion:\n      minimumTrades: 0\n", "tiers.hunter.promotion.minimumTrades"),
        ("execution:\n  vwapBucketMinutes: 7\n", "execution.vwapBucketMinutes"),
    ])
    func protectiveKeysNameTheirRange(_ yaml: String, _ expected: String) {
        let text = message(yaml)
        #expect(text?.contains(expected) == true, "\(yaml): \(text ?? "accepted")")
    }

    /// The defaults pass, and so does every value at the edge of its range.
    @Test func theDefaultsAndTheEdgesOfEachRangeAreAllowed() throws {
        try GenesisConfig().validate()
        var config = GenesisConfig()
        config.tilt.decayMinutes = 30
        config.risk.loosenCoolingOffMinutes = 15
        config.control.minimumKeyLength = 16
        config.execution.haltPhrase = "HALT NOW 123"
        config.execution.icebergMinSlices = 1
        try config.validate()
    }

    // MARK: - One adoption path (DESIGN §1.3)

    /// Commands reach the file only through `GlobalOptions`; the ones that
    /// run a session (gen-risk, gen-exec with its watcher and control API,
    /// gen-tilt) use what the store adopted, and read the raw file only to
    /// stop early on a bad one (watch, api, journal) or for account init's
    /// floor warning. A new raw read fails here until it is justified.
    @Test func sessionCommandsReadTheConfigurationOnlyThroughTheStore() throws {
        let sources = TestSupport.packageRoot.appendingPathComponent("Sources")
        let allowedRawReads = ["gen-exec/WatchCommand.swift": 1, "gen-exec/ApiCommand.swift": 1, "gen-tilt/GenTilt.swift": 1, "gen-risk/GenRisk.swift": 1]
        var adopting = 0
        for directory in ["gen-risk", "gen-exec", "gen-tilt", "GenesisControl", "GenesisCommandLine", "gen-report", "gen-signal", "gen-fetch", "gen-sim"] {
            let folder = sources.appendingPathComponent(directory)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                let file = "\(directory)/\(name)"
                if directory != "GenesisCommandLine" {
                    #expect(!text.contains("ConfigLoader.load(") && !text.contains("ConfigLoader.parse("), "\(file) reads the file itself")
                }
                adopting += text.components(separatedBy: "loadConfig(adoptingFor:").count - 1
                guard ["gen-risk", "gen-exec", "gen-tilt", "GenesisControl"].contains(directory) else { continue }
                let raw = text.components(separatedBy: "loadConfigWithoutStore()").count - 1
                #expect(raw == (allowedRawReads[file] ?? 0), "\(file) reads the raw file \(raw) time(s)")
            }
        }
        #expect(adopting >= 10)
    }

    /// docs/CONFIGURATION.md §4 lists every rule of `ConfigKeys.rules` as the
    /// code has it: the key, its range, and which way it loosens.
    @Test func theConfigurationGuideListsEveryKeyWithItsRangeAndDirection() throws {
        let guide = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/CONFIGURATION.md"), encoding: .utf8)
        let missing = ConfigKeys.rules.map(Self.guideRow).filter { !guide.contains($0) }
        #expect(missing.isEmpty, "rows missing from docs/CONFIGURATION.md §4:\n\(missing.joined(separator: "\n"))")
    }

    static func guideRow(_ rule: ConfigKeyRule) -> String {
        let loosens: String
        switch rule.loosening {
        case .whenLarger: loosens = "larger"
        case .whenSmaller: loosens = "smaller"
        case .whenSetGrows: loosens = "a name added (a name removed applies at once)"
        case .onAnyChange: loosens = "any change"
        case let .notProtective(why): loosens = "— not protective: \(why)"
        }
        let absent = switch rule.absent {
        case .noLimit: "; absent (`null`) is no limit, the loosest"
        case .infinite: "; absent (`null`) counts as endless"
        case .incomparable: ""
        }
        return "| `\(rule.pattern)` | \(rule.range.text) | \(loosens)\(absent) |"
    }
}
