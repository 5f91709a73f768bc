import Foundation
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// Helpers shared by the test files: temporary stores, the real executables,
/// and the Binance data in ../shared/data.
enum TestSupport {
    /// A fresh directory under the system temp folder.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("genesis-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A fresh store in a temporary directory.
    static func makeStore() throws -> Store {
        try Store(path: temporaryDirectory().appendingPathComponent("genesis.db").path, origin: ["command": "tests"])
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `../shared/data` beside the repository (CI lays it there too), or
    /// `$GENESIS_SHARED_DATA`.
    static var sharedData: URL {
        if let path = ProcessInfo.processInfo.environment["GENESIS_SHARED_DATA"] { return URL(fileURLWithPath: path) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    static func klineFile(_ month: String) -> String {
        sharedData.appendingPathComponent("binance-spot-klines/BTCUSDT-1m-\(month).zip").path
    }

    /// Where `swift build` put the gen-* executables (next to the test bundle).
    static var binaries: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            packageRoot.appendingPathComponent(".build/debug"),
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("gen-fetch").path) {
            return candidate
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }

    /// Records gen-risk's approval of a hand-written order line, as if a
    /// signal had produced it (gen-exec executes only approved orders).
    static func approve(orderLine: String, db: String) throws {
        let store = try Store(path: db, origin: ["command": "tests"])
        var scanner = JSONLineScanner()
        var copy = orderLine
        let order = try copy.withUTF8 { try OrderIntent(line: scanner.scan($0)) }
        let signal = Signal(id: order.signalID, ts: order.ts, strategy: order.strategy, symbol: order.symbol, side: order.side,
                            price: order.referencePrice, stop: order.stop, target: order.target, reason: "test")
        try store.recordDecision(signal, session: order.session, result: .success(order))
    }

    /// Runs blocking work on a thread of its own and awaits it, so that code
    /// built for synchronous commands (which waits on async work) never
    /// occupies a thread of the cooperative pool that work needs.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// The numbers N of every `line N:` on stderr.
    static func reportedLineNumbers(_ stderr: String) -> Set<Int> {
        let pattern = try! Regex("line ([0-9]+):")
        var numbers = Set<Int>()
        for match in stderr.matches(of: pattern) {
            if let text = match.output[1].substring, let number = Int(text) { numbers.insert(number) }
        }
        return numbers
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs one executable with arguments, environment additions and stdin bytes.
    static func run(_ command: String, _ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = command.hasPrefix("/") ? URL(fileURLWithPath: command) : binaries.appendingPathComponent(command)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "GENESIS_DB")
        env.removeValue(forKey: "GENESIS_CONFIG")
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Feed stdin and drain both outputs concurrently so no pipe fills up.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = error.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a shell pipeline (`sh -c`) with the executables on PATH.
    static func shell(_ script: String, environment: [String: String] = [:]) throws -> Outcome {
        var env = environment
        env["PATH"] = binaries.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try run("/bin/sh", ["-c", script], environment: env)
    }
}
