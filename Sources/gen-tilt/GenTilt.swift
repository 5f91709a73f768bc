import ArgumentParser
import Foundation
import Shared

@main
struct GenTilt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-tilt",
        abstract: "The tilt detector: behavioural score, level, lockouts and journal.",
        discussion: """
            Examples:
              gen-tilt status
              gen-tilt status --json
            """,
        subcommands: [Status.self],
        defaultSubcommand: Status.self
    )

    static func main() { CommandMain.run(Self.self) }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the stored tilt score and level, and any lockout in force.",
        discussion: "Example:\n  gen-tilt status --json")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "One JSON object instead of text.") var json = false

    func run() throws {
        _ = global.logger("gen-tilt")
        let config = try global.loadConfig()
        let store = try global.openStore("gen-tilt status", create: false)
        _ = try store.requireAccount()
        let status = try store.tiltStatus(at: Timestamp.now(), config: config.tilt)
        print(json ? status.json() : status.text, terminator: json ? "" : "\n")
    }
}
