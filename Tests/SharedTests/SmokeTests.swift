import Foundation
import Testing
@testable import Shared

@Test func executablesAreFound() throws {
    let outcome = try TestSupport.run("gen-fetch", ["--help"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("gen-fetch"))
}
