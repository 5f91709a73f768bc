import ArgumentParser
import Shared

@main
struct GenSim: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gen-sim", abstract: "A local Binance-compatible exchange.")
    static func main() { CommandMain.run(Self.self) }
    func run() throws {}
}
