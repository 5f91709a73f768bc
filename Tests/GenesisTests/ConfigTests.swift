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
}
