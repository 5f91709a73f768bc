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

@Test func executablesAreFound() throws {
    let outcome = try TestSupport.run("gen-fetch", ["--help"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("gen-fetch"))
}
