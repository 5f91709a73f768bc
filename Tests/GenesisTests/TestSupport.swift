import AsyncHTTPClient
import Foundation
import GRDB
import Logging
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// Helpers shared by the test files, in one place: temporary stores, the real
/// executables (`CLIBench`, `SimProcess`, `WatcherProcess`), an in-process
/// exchange (`LocalSim`), the signal stage (`SignalStageHarness`), NDJSON
/// line builders (`TestLines`), the tilt fixture, a hand-moved clock, and
/// bounded waiting (`withTimeout`, `eventually`, `waitUntil`) so that a hang
/// fails its test instead of holding up the whole run.
enum TestSupport {
    /// A fresh directory under the system temp folder.
    /// `GENESIS_HOME` of every command the tests run: this run's own
    /// registry of which database trades which exchange account, so runs
    /// never meet each other's (or the machine's) live accounts.
    static let genesisHome = temporaryDirectory().path

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("genesis-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A fresh store in a temporary directory, or a fresh database on the
    /// test server when `GENESIS_TEST_BACKEND=postgres` (the store suites
    /// run once per backend, see scripts/postgres-check.sh).
    static func makeStore() throws -> Store {
        if ProcessInfo.processInfo.environment["GENESIS_TEST_BACKEND"] == "postgres", let server = postgresServer {
            return try Store(path: makePostgresDatabase(server), origin: ["command": "tests"])
        }
        return try temporaryStoreOnFile()
    }

    /// A fresh SQLite store whatever the backend under test.
    static func temporaryStoreOnFile() throws -> Store {
        try Store(path: temporaryDirectory().appendingPathComponent("genesis.db").path, origin: ["command": "tests"])
    }

    /// The test PostgreSQL server's maintenance URL (`GENESIS_TEST_POSTGRES`,
    /// e.g. postgres://genesis:secret@127.0.0.1:55432/postgres); nil when
    /// no server was started, and the tests that need one are skipped.
    static var postgresServer: String? {
        guard let url = ProcessInfo.processInfo.environment["GENESIS_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }

    /// A new, empty database on the test server; its URL.
    static func makePostgresDatabase(_ server: String) throws -> String {
        let name = "genesis_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let location = try PostgresLocation(url: server)
        // The commands a test runs are given the store's name without the
        // password (`Store.path`); they find it where a trader's would.
        if let password = location.password { setenv("PGPASSWORD", password, 1) }
        try PostgresServer(location).administer("CREATE DATABASE \(name)")
        return server.replacingOccurrences(of: #"/[^/?]*(\?|$)"#, with: "/\(name)$1", options: .regularExpression)
    }

    /// A fresh store holding an account of `balance` opened at `time`.
    static func makeStore(balance: Decimal, openedAt time: Timestamp) throws -> Store {
        let store = try makeStore()
        try store.createAccount(.opening(balance: balance, at: time), at: time)
        return store
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The big real-data files: `$GENESIS_DATA` (the benchmarks' older
    /// `$GENESIS_SHARED_DATA` too), by default `../shared/data` beside the
    /// repository. Tests that need them are skipped, saying so, when absent;
    /// everything else reads the small extracts committed in Tests/Fixtures.
    static var data: URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["GENESIS_DATA"] ?? environment["GENESIS_SHARED_DATA"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// True when `relative` exists under `data` (the condition of a test that needs it).
    static func hasData(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: data.appendingPathComponent(relative).path)
    }

    static func klineFile(_ month: String) -> String {
        data.appendingPathComponent("binance-spot-klines/BTCUSDT-1m-\(month).zip").path
    }

    /// A real-data extract committed under Tests/Fixtures.
    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/Fixtures/\(name)").path
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
    /// Records `orderLine` as gen-risk's approval, judged on `clock` now.
    static func approve(orderLine: String, db: String, clock: ClockMode = .wall) throws {
        let store = try Store(path: db, origin: ["command": "tests"])
        let order = try scan(orderLine) { try OrderIntent(line: $0) }
        let signal = Signal(id: order.signalID, ts: order.ts, strategy: order.strategy, symbol: order.symbol, side: order.side,
                            price: order.referencePrice, stop: order.stop, target: order.target, reason: "test")
        try store.recordDecision(signal, session: order.session, result: .success(order), judgement: Judgement(clock: clock, at: .now()))
    }

    /// Runs blocking work on a thread of its own and awaits it, so that code
    /// built for synchronous commands (which waits on async work) never
    /// occupies a thread of the cooperative pool that work needs.
    /// Bounded: work still running after `seconds` fails the test (`TimedOut`).
    static func onThread<T: Sendable>(seconds: Double = 300, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withTimeout(seconds: seconds, "work on a thread of its own") {
            try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try body() }) }.start()
            }
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

    /// A command that exits before reading all its stdin closes the pipe;
    /// writing on makes the kernel send SIGPIPE, whose default action would
    /// end the whole test run. Ignored, the write fails instead (EPIPE).
    /// Starts `command` in the background with its standard output and
    /// error in `<name>.out` and `<name>.err` under `directory`, the tests'
    /// GENESIS_HOME and `environment` over this process's (less `removing`).
    static func launch(_ process: Process, _ command: String, _ arguments: [String], environment extra: [String: String] = [:], removing: [String] = [],
                       directory: URL, name: String) throws -> (stdout: URL, stderr: URL) {
        let stdout = directory.appendingPathComponent("\(name).out"), stderr = directory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.executableURL = binaries.appendingPathComponent(command)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for key in removing { environment.removeValue(forKey: key) }
        environment["GENESIS_HOME"] = genesisHome
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return (stdout, stderr)
    }

    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// How long one command may run before it counts as hung (generous: a
    /// hang guard, not a performance limit).
    static let commandTimeout: Double = 600

    /// Runs one executable with arguments, environment additions and stdin
    /// bytes. A command still running after `timeout` seconds is stopped and
    /// the call throws `TimedOut`, so a hung command fails its test.
    static func run(_ command: String, _ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:],
                    timeout: Double = commandTimeout) throws -> Outcome {
        _ = ignoreBrokenPipes
        let process = Process()
        process.executableURL = command.hasPrefix("/") ? URL(fileURLWithPath: command) : binaries.appendingPathComponent(command)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "GENESIS_DB")
        env.removeValue(forKey: "GENESIS_CONFIG")
        env["GENESIS_HOME"] = genesisHome
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Feed stdin and drain both outputs concurrently so no pipe fills up.
        let group = DispatchGroup()
        let outData = Locked(Data()), errData = Locked(Data())
        group.enter()
        DispatchQueue.global().async { outData.set(output.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData.set(error.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        DispatchQueue.global().async {
            // A command that exits without reading all of stdin closes the pipe: not an error here.
            try? input.fileHandleForWriting.write(contentsOf: stdin)
            try? input.fileHandleForWriting.close()
        }
        let what = ([command] + arguments).joined(separator: " ")
        guard exited.wait(timeout: .now() + timeout) == .success else {
            stop(process)
            throw TimedOut(what: what, seconds: timeout)
        }
        process.waitUntilExit()
        // Output still open after the exit: a child the command left running holds it.
        guard group.wait(timeout: .now() + 30) == .success else { throw TimedOut(what: "the output of \(what)", seconds: 30) }
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData.value, as: UTF8.self),
                       stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// Waits (bounded) for a process started elsewhere to exit; false if it is still running.
    static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        guard waitUntil(seconds, { !process.isRunning }) else { return false }
        process.waitUntilExit() // returns at once; makes terminationStatus valid
        return true
    }

    /// SIGTERM, then SIGKILL if the process has not gone within `seconds`.
    /// (A child spawned from a test's thread inherits that thread's signal
    /// mask, in which SIGTERM is blocked: only a command that unblocks it
    /// itself, as the gen-* commands do, stops on SIGTERM.)
    static func stop(_ process: Process, within seconds: Double = 5) {
        guard process.isRunning else { return }
        process.terminate()
        if !waitForExit(process, seconds: seconds) {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Runs blocking work on a thread of its own and waits at most `seconds`
    /// for it (the thread is left to finish on its own after a timeout).
    static func blocking<T: Sendable>(seconds: Double, _ what: String, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let result = Locked<Result<T, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            result.set(Result { try body() })
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + seconds) == .success, let outcome = result.value else { throw TimedOut(what: what, seconds: seconds) }
        return try outcome.get()
    }

    /// Runs a shell pipeline (`sh -c`) with the executables on PATH.
    static func shell(_ script: String, environment: [String: String] = [:], timeout: Double = commandTimeout) throws -> Outcome {
        var env = environment
        env["PATH"] = binaries.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try run("/bin/sh", ["-c", script], environment: env, timeout: timeout)
    }
}

// MARK: - Waiting, bounded

/// A wait that ran out: the test fails with what was awaited and for how long.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var seconds: Double
    var description: String { "timed out after \(seconds) s waiting for \(what)" }
}

/// A value behind a lock, for results handed between threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func set(_ value: Value) { lock.withLock { stored = value } }
    func update<T>(_ body: (inout Value) throws -> T) rethrows -> T { try lock.withLock { try body(&stored) } }
}

/// Runs `body` and returns its result, or throws `TimedOut` once `seconds`
/// have passed, cancelling it. Returns on time even when `body` ignores
/// cancellation (a read blocked on a socket): the timeout races the work
/// rather than waiting for it, so a stream that never answers fails the
/// test instead of hanging the run. Use it as a hang guard with generous
/// limits (minutes): the cooperative pool has one thread a core, and the
/// synchronous tests that run commands block those threads, which delays
/// the work and the timer alike (by a minute in a full run on two cores).
func withTimeout<T: Sendable>(seconds: Double, _ what: String = "the operation", _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = Once()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
        let timer = Task { try await Task.sleep(for: .seconds(seconds)) }
        let work = Task {
            let result: Result<T, Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            timer.cancel()
            once.run { continuation.resume(with: result) }
        }
        Task {
            guard (try? await timer.value) != nil else { return } // cancelled: the work finished first
            once.run {
                work.cancel()
                continuation.resume(throwing: TimedOut(what: what, seconds: seconds))
            }
        }
    }
}

/// Polls `condition` until it holds or `seconds` pass (on the monotonic
/// clock); returns whether it held. For conditions another process or task
/// brings about: `#expect(try await eventually { … })`.
func eventually(_ seconds: Double = 15, every interval: Duration = .milliseconds(50), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}

/// `eventually` for synchronous code (threads, processes).
func waitUntil(_ seconds: Double, every interval: Double = 0.01, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: interval)
    }
    return try condition()
}

/// Runs a closure once (continuations must be resumed exactly once).
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func run(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        body()
    }
}

// MARK: - Errors as values

/// The error a call ended with, or nil when it succeeded.
func failure<T>(_ body: () async throws -> T) async -> Error? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}

/// The exchange error `body` throws, or nil (keeps pattern matching out of
/// async catch clauses, which the compiler mishandles).
func caught(_ body: () async throws -> Void) async -> ExchangeError? {
    await failure(body) as? ExchangeError
}

// MARK: - Time

/// A clock moved by hand, for code that takes a `Clock` (rate limits, the
/// control API) or the time as milliseconds (`clock: { clock.milliseconds }`,
/// and a `sleeper` that only records what it was asked to wait), so that
/// nothing waits on, or depends on, the machine's clock.
final class ManualClock: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp
    init(_ start: Timestamp) { current = start }
    convenience init(milliseconds: Int64) { self.init(Timestamp(milliseconds: milliseconds)) }
    func now() -> Timestamp { lock.withLock { current } }
    var milliseconds: Int64 { now().milliseconds }
    func advance(seconds: Int64) { advance(milliseconds: seconds * 1000) }
    func advance(milliseconds: Int64) { lock.withLock { current = current.adding(milliseconds: milliseconds) } }
}

// MARK: - NDJSON lines

/// Scans one line held in a Swift string.
@discardableResult
func scan<T>(_ text: String, _ body: (JSONLine) throws -> T) throws -> T {
    var scanner = JSONLineScanner()
    var copy = text
    return try copy.withUTF8 { bytes in try body(try scanner.scan(bytes)) }
}

/// Protocol lines as the stages read them, built in one place.
enum TestLines {
    static let hour: Int64 = 3_600_000

    /// A 1h candle opening at `openTime` (ms), stamped at its close.
    static func candle(symbol: String = "BTCUSDT", openTime: Int64, open: String, high: String, low: String, close: String, volume: String = "10") -> String {
        #"{"v":1,"type":"candle","ts":\#(openTime + hour),"symbol":"\#(symbol)","interval":"1h","open_time":\#(openTime),"open":"\#(open)","high":"\#(high)","low":"\#(low)","close":"\#(close)","volume":"\#(volume)"}"#
    }

    /// A BUY ENTRY order line for `id` (signal `sig-<id>`); `limit`,
    /// `algorithm`, `target` and `valid_until` only when given.
    static func order(_ id: String, ts: Int64 = 1_704_074_400_000, strategy: String = "momentum_breakout", symbol: String = "BTCUSDT", type: OrderType = .market,
                      limit: String? = nil, algorithm: String? = nil, quantity: String, price: String = "40000", stop: String, target: String? = nil,
                      validUntil: Int64? = nil) -> String {
        let limitField = limit.map { #","limit_price":"\#($0)""# } ?? ""
        let algorithmField = algorithm.map { #","algorithm":"\#($0)""# } ?? ""
        let targetField = target.map { #","target":"\#($0)""# } ?? ""
        let validUntilField = validUntil.map { #","valid_until":\#($0)"# } ?? ""
        return #"{"v":1,"type":"order","ts":\#(ts),"client_order_id":"\#(id)","session":"default","signal_id":"sig-\#(id)","strategy":"\#(strategy)","symbol":"\#(symbol)","side":"BUY","order_type":"\#(type.rawValue)"\#(limitField)\#(algorithmField),"purpose":"ENTRY","quantity":"\#(quantity)","price":"\#(price)","stop":"\#(stop)"\#(targetField)\#(validUntilField)}"#
    }
}

// MARK: - Exchanges

/// A gen-sim running in this process on a free loopback port, for the length
/// of one test: real HTTP, real signatures, real JSON.
final class LocalSim: @unchecked Sendable {
    let api: SimAPI
    let exchange: SimExchange
    let base: String

    static let key = "sim-test-key"
    static let secret = "sim-test-secret-0123456789abcdef"

    init(faults: SimFaults = SimFaults(), limits: SimLimits = SimLimits(), price: Decimal = 40000, history: CandleHistory? = nil) async throws {
        exchange = SimExchange(markets: [SimMarket(rules: .simulated(symbol: "BTCUSDT"), price: price, levelQuantity: Decimal(string: "0.025")!, seed: 1)],
                               history: history)
        api = SimAPI(exchange: exchange, keys: [Self.key: .hmac(secret: Self.secret)], limits: limits, faults: faults)
        let api = api
        let port = try await withTimeout(seconds: 300, "the in-process gen-sim to listen") {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, Error>) in
                let once = Once()
                Task {
                    do {
                        try await SimServer.run(api: api, host: "127.0.0.1", port: 0) { port in once.run { continuation.resume(returning: port) } }
                    } catch {
                        once.run { continuation.resume(throwing: error) }
                    }
                }
            }
        }
        base = "http://127.0.0.1:\(port)"
    }

    var credentials: Credentials { Credentials(apiKey: Self.key, signer: .hmac(secret: Data(Self.secret.utf8))) }

    func gateway(state: ExchangeStateRepository? = nil, http: AsyncHTTPClientBox) -> BinanceGateway {
        BinanceGateway(venue: "sim", restBase: base, credentials: credentials, http: http.client, state: state, settings: GenesisConfig().execution,
                       sleeper: { _ in })
    }
}

/// An HTTP client for one test, always shut down: a test that fails before
/// its `shutdown()` must fail, not crash the whole run (AsyncHTTPClient
/// traps when a client is released still running).
final class AsyncHTTPClientBox: @unchecked Sendable {
    let client = BinanceGateway.makeHTTPClient(GenesisConfig().execution)
    private let open = Locked(true)

    /// True the first time only: whoever gets it shuts the client down.
    private func closing() -> Bool { open.update { wasOpen in defer { wasOpen = false }; return wasOpen } }

    func shutdown() async {
        guard closing() else { return }
        try? await client.shutdown()
    }

    deinit {
        if closing() { try? client.syncShutdown() }
    }
}

/// A gen-sim process on a free loopback port, stopped when the test ends.
final class SimProcess {
    let process = Process()
    let base: String
    static let key = "live-test-key"
    static let secret = "live-test-secret-7d1f0c9a4b"

    init(_ arguments: [String] = []) throws {
        process.executableURL = TestSupport.binaries.appendingPathComponent("gen-sim")
        process.arguments = ["--port", "0", "--tick-ms", "0"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(Self.environment) { $1 }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line on stdout names the port (read with a deadline: a
        // gen-sim that never says it listens fails the test).
        let reader = output.fileHandleForReading
        let text: String
        do {
            text = try TestSupport.blocking(seconds: 120, "gen-sim to name its port") {
                var line = Data()
                while !line.contains(10) {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    line.append(chunk)
                }
                return String(decoding: line, as: UTF8.self)
            }
        } catch {
            TestSupport.stop(process)
            throw error
        }
        guard let range = text.range(of: "listening on ") else {
            TestSupport.stop(process)
            throw GenesisError.internalError("gen-sim did not start: \(text)")
        }
        base = String(text[range.upperBound...].prefix { !$0.isNewline })
    }

    deinit { TestSupport.stop(process) }

    /// The simulator's own keys (never BINANCE_*: those go to Binance only).
    static var environment: [String: String] { ["GENESIS_SIM_API_KEY": key, "GENESIS_SIM_API_SECRET": secret] }

    /// The sim's own record of the test key's orders (through a signed REST call).
    /// Async on purpose: blocking a test's thread on network work could
    /// starve the small cooperative pool the work itself needs.
    func allOrders() async throws -> [JSONValue] {
        try await withGateway { try await $0.call(.get, "/api/v3/allOrders", [("symbol", "BTCUSDT")], signed: true) }.array ?? []
    }

    /// The orders GENESIS traded with, without the protection it placed
    /// after each entry (a STOP_LOSS_LIMIT, alone or in an OCO list).
    func tradedOrders() async throws -> [JSONValue] {
        try await allOrders().filter { $0["type"]?.string != "STOP_LOSS_LIMIT" && ($0["orderListId"]?.integer ?? -1) < 0 }
    }

    /// The test key's USDT on the sim, free and locked.
    func quoteBalance() async throws -> Decimal {
        let account = try await withGateway { try await $0.account() }
        return ExchangeBalance.parse(account).first { $0.asset == "USDT" }?.total ?? 0
    }

    /// The test key's orders still open on the sim.
    func openOrders() async throws -> [JSONValue] {
        try await withGateway { try await $0.openOrders(symbol: nil) }.array ?? []
    }

    /// Every open order canceled by hand (`DELETE /api/v3/openOrders`), as in the exchange's app.
    func cancelEverything(symbol: String = "BTCUSDT") async throws {
        _ = try await withGateway { try await $0.call(.delete, "/api/v3/openOrders", [("symbol", symbol)], signed: true) }
    }

    /// A trade made on the exchange behind GENESIS's back (by hand, or by another tool).
    func tradeOutsideGenesis() async throws {
        _ = try await withGateway { try await $0.placeOrder(symbol: "BTCUSDT", side: .buy, type: "MARKET", quantity: Decimal(string: "0.0002")!, clientOrderID: "by-hand") }
    }

    /// Moves the simulated market (`POST /sim/v1/price`), as a drill does.
    func setPrice(_ price: String, symbol: String = "BTCUSDT") async throws {
        _ = try await withGateway { try await $0.call(.post, "/sim/v1/price", [("symbol", symbol), ("price", price)]) }
    }

    private func withGateway(_ body: (BinanceGateway) async throws -> JSONValue) async throws -> JSONValue {
        let http = BinanceGateway.makeHTTPClient(GenesisConfig().execution)
        let gateway = BinanceGateway(venue: "check", restBase: base, credentials: Credentials(apiKey: SimProcess.key, signer: .hmac(secret: Data(SimProcess.secret.utf8))),
                                     http: http, state: nil, settings: GenesisConfig().execution, sleeper: { _ in })
        do {
            let answer = try await body(gateway)
            try await http.shutdown()
            return answer
        } catch {
            try await http.shutdown()
            throw error
        }
    }
}

/// A `gen-exec watch` process against a gen-sim process, both real, talking
/// over loopback. Stopped with SIGTERM when the test ends (or killed by one).
final class WatcherProcess {
    let process = Process()
    let stdout: URL
    let stderr: URL

    init(sim: SimProcess, db: String, config: String, directory: URL, name: String = "watch", extra: [String] = [], environment extraEnvironment: [String: String] = [:]) throws {
        (stdout, stderr) = try TestSupport.launch(process, "gen-exec", ["watch", "--venue", sim.base, "--db", db, "--config", config] + extra,
                                                  environment: SimProcess.environment.merging(extraEnvironment) { $1 }, directory: directory, name: name)
    }

    var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
    var diagnostics: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    /// SIGKILL: no clean shutdown, as a crash or an OOM kill.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and the exit status; a watcher that does not stop within 30 s
    /// is killed and reported as -1 (a test expecting 0 then fails).
    func terminate() -> Int32 {
        if process.isRunning {
            process.terminate()
            guard TestSupport.waitForExit(process, seconds: 30) else {
                kill()
                return -1
            }
        }
        return process.terminationStatus
    }

    deinit { _ = terminate() }
}

// MARK: - Stores

/// A suite that works in a temporary directory, on `genesis.db` inside it.
protocol TemporaryDatabase {
    var directory: URL { get }
}

extension TemporaryDatabase {
    var db: String { directory.appendingPathComponent("genesis.db").path }
}

extension Store {
    /// `SELECT COUNT(*)` of `table` (which may carry a `WHERE` clause); -1 when there is no answer.
    func rowCount(_ table: String) throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }

    /// `rowCount` of each table, read in one transaction.
    func rowCounts(_ tables: [String]) throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in tables { counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
            return counts
        }
    }
}

// MARK: - Commands

/// One temporary directory and database path for the real commands; the
/// directory is removed when the test is done with it.
class CLIBench {
    let directory: URL
    let db: String

    init(nested: Bool = false) {
        directory = TestSupport.temporaryDirectory()
        db = (nested ? directory.appendingPathComponent("not/yet/there") : directory).appendingPathComponent("genesis.db").path
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A bench whose database holds an account (`gen-risk account init`).
    static func withAccount(balance: String = "500", at: String? = nil) throws -> CLIBench {
        let bench = CLIBench()
        try bench.initialiseAccount(balance: balance, at: at)
        return bench
    }

    func initialiseAccount(balance: String = "500", at: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try run("gen-risk", ["account", "init", "--balance", balance] + (at.map { ["--at", $0] } ?? []))
        #expect(outcome.status == 0, "gen-risk account init: \(outcome.stderr)", sourceLocation: sourceLocation)
    }

    var environment: [String: String] { ["GENESIS_DB": db] }

    /// Runs `command` on this bench's database (`--db` appended).
    func run(_ command: String, _ arguments: [String], stdin: Data = Data()) throws -> TestSupport.Outcome {
        try TestSupport.run(command, arguments + ["--db", db], stdin: stdin)
    }

    func withStore<T>(_ body: (Store) throws -> T) throws -> T {
        try body(try Store(path: db, origin: ["command": "tests"]))
    }

    func count(_ table: String) throws -> Int { try withStore { try $0.rowCount(table) } }

    /// Row counts of `tables`.
    func counts(_ tables: [String]) throws -> [String: Int] { try withStore { try $0.rowCounts(tables) } }

    /// Every row of `tables` (default: every table a trading stage may write), and the candles counted.
    func snapshot(_ tables: [String] = ["accounts", "orders", "fills", "positions", "signals", "events", "lockouts", "tilt_events", "journal_entries"]) throws -> [String] {
        try withStore { store in
            try store.read { db in
                var rows: [String] = []
                for table in tables {
                    for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid") { rows.append("\(table) \(row)") }
                }
                rows.append("candles \(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM candles") ?? -1)")
                return rows
            }
        }
    }

    /// Three consecutive, valid 1h BTCUSDT candles (too few to trigger a signal).
    static let goodCandles: [String] = [
        #"{"v":1,"type":"candle","ts":1704070800000,"symbol":"BTCUSDT","interval":"1h","open_time":1704067200000,"open":"40000","high":"40144.09","low":"39981.12","close":"40042.65","volume":"1099.92177"}"#,
        #"{"v":1,"type":"candle","ts":1704074400000,"symbol":"BTCUSDT","interval":"1h","open_time":1704070800000,"open":"40042.65","high":"40060.25","low":"40014.06","close":"40016.84","volume":"812.90455"}"#,
        #"{"v":1,"type":"candle","ts":1704078000000,"symbol":"BTCUSDT","interval":"1h","open_time":1704074400000,"open":"40016.84","high":"40244.68","low":"40016.84","close":"40244.68","volume":"1120.9063"}"#,
    ]

    /// Valid lines of each consumed type; the garbage cases break one field.
    static let candleTemplate = #"{"v":1,"type":"candle","ts":1704074400000,"symbol":"BTCUSDT","interval":"1h","open_time":1704070800000,"open":"40000","high":"40100","low":"39900","close":"40050","volume":"10"}"#
    static let signalTemplate = #"{"v":1,"type":"signal","ts":1704074400000,"id":"momentum_breakout:BTCUSDT:1h:1704070800000:BUY","strategy":"momentum_breakout","symbol":"BTCUSDT","side":"BUY","price":"40050","stop":"39249","target":"41652","reason":"test"}"#
    static let orderTemplate = #"{"v":1,"type":"order","ts":1704074400000,"client_order_id":"garbage-1","session":"default","signal_id":"s-1","strategy":"manual","symbol":"BTCUSDT","side":"BUY","order_type":"MARKET","purpose":"ENTRY","quantity":"0.0005","price":"40050","stop":"39000","target":"42000"}"#
}

// MARK: - The signal stage

/// Runs `SignalStage` over NDJSON lines (files, as the command reads a pipe)
/// and returns its output lines.
enum SignalStageHarness {
    static func run(_ lines: [String], strategies: [String], config: GenesisConfig = GenesisConfig()) throws -> [String] {
        let directory = TestSupport.temporaryDirectory()
        let input = directory.appendingPathComponent("in.ndjson").path
        let output = directory.appendingPathComponent("out.ndjson").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let reading = FileHandle(forReadingAtPath: input)!
        let writing = FileHandle(forWritingAtPath: output)!
        var stage = StreamStage(strict: true, logger: Logger(label: "tests"))
        var signals = SignalStage(config: config, strategies: strategies)
        let writer = LineWriter(descriptor: writing.fileDescriptor)
        try signals.run(&stage, reader: LineReader(descriptor: reading.fileDescriptor), writer: writer)
        writer.flush()
        try reading.close()
        try writing.close()
        return try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func object(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    static func signals(_ lines: [String]) -> [[String: Any]] {
        lines.map(object).filter { $0["type"] as? String == "signal" }
    }

    static func book(_ ts: Int64, _ symbol: String, _ bid: String, _ ask: String, bidQty: String = "1", askQty: String = "1") -> String {
        #"{"v":1,"type":"book","ts":\#(ts),"symbol":"\#(symbol)","bid":"\#(bid)","bid_qty":"\#(bidQty)","ask":"\#(ask)","ask_qty":"\#(askQty)"}"#
    }

    /// The 1h candle of `hour` (hours since the epoch); open defaults to the close, high and low to the wider of the two.
    static func candle(_ symbol: String, hour: Int64, close: String, open: String? = nil, high: String? = nil, low: String? = nil, volume: String = "10") -> String {
        let o = open ?? close
        let h = high ?? (Decimal(string: o)! > Decimal(string: close)! ? o : close)
        let l = low ?? (Decimal(string: o)! < Decimal(string: close)! ? o : close)
        return TestLines.candle(symbol: symbol, openTime: hour * TestLines.hour, open: o, high: h, low: l, close: close, volume: volume)
    }
}

// MARK: - Tilt

/// Fixed times and small builders shared by the tilt suites.
enum TiltFixture {
    static let config = GenesisConfig().tilt
    /// 2024-03-01 12:00:00 UTC.
    static let t0 = Timestamp(parsing: "2024-03-01T12:00:00Z")!

    /// `t0` plus `seconds` (negative for before).
    static func at(_ seconds: Double) -> Timestamp { t0.adding(milliseconds: Int64((seconds * 1000).rounded())) }
    static func minutes(_ value: Double) -> Timestamp { at(value * 60) }
    static func days(_ value: Double) -> Timestamp { at(value * 86_400) }

    static func trade(opened: Timestamp, closed: Timestamp? = nil, symbol: String = "BTCUSDT", notional: Decimal = 100, pnl: Decimal,
                      exit: String = TradeRecord.exit, manual: Bool = false) -> TradeRecord {
        TradeRecord(openedAt: opened, closedAt: closed ?? opened.adding(milliseconds: 60_000), symbol: symbol, notional: notional, pnl: pnl,
                    exitReason: exit, manual: manual)
    }

    /// A losing trade that closed at `closed`, opened five minutes before.
    static func loss(closed: Timestamp, pnl: Decimal = -5, symbol: String = "BTCUSDT", exit: String = TradeRecord.stopLoss, notional: Decimal = 100) -> TradeRecord {
        TradeRecord(openedAt: closed.adding(milliseconds: -300_000), closedAt: closed, symbol: symbol, notional: notional, pnl: pnl, exitReason: exit)
    }

    static func win(closed: Timestamp, pnl: Decimal = 5, symbol: String = "BTCUSDT") -> TradeRecord {
        TradeRecord(openedAt: closed.adding(milliseconds: -300_000), closedAt: closed, symbol: symbol, notional: 100, pnl: pnl, exitReason: TradeRecord.takeProfit)
    }

    static func event(_ kind: BehaviourKind, _ time: Timestamp, _ detail: String = "") -> BehaviourRecord {
        BehaviourRecord(kind: kind, at: time, detail: detail)
    }

    static func order(_ id: String, placed: Timestamp, canceledAfter seconds: Double? = nil, modifications: Int = 0) -> OrderRecord {
        OrderRecord(clientOrderID: id, placedAt: placed, canceledAt: seconds.map { placed.adding(milliseconds: Int64(($0 * 1000).rounded())) },
                    modifications: modifications)
    }

    /// A baseline learned long enough ago to be established, with the given bands.
    static func established(tradesPerHour: TiltBaseline.HourlyBands = .init(), usualHours: [Int]? = nil, cancelRate: TiltBaseline.Band? = nil,
                            typicalSize: TiltBaseline.HourlyBands = .init()) -> TiltBaseline {
        TiltBaseline(learnedAt: t0, firstActivity: days(-45), established: true, tradesPerHour: tradesPerHour, usualHours: usualHours,
                     manualActions: 100, cancelRate: cancelRate, typicalSize: typicalSize)
    }

    static let notEstablished = TiltBaseline(learnedAt: t0, firstActivity: days(-10), established: false)

    static func band(low: Double, high: Double, iqr: Double, median: Double) -> TiltBaseline.Band {
        TiltBaseline.Band(low: low, high: high, iqr: iqr, p25: median - iqr / 2, median: median, p75: median + iqr / 2, samples: 20)
    }

    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
}
