import Foundation
import GRDB
import Testing
@testable import Shared

/// A gen-sim process on a free loopback port, stopped when the test ends.
final class SimProcess {
    let process = Process()
    let base: String
    static let key = "live-test-key"
    static let secret = "live-test-secret-7d1f0c9a4b"

    init(_ arguments: [String] = []) throws {
        process.executableURL = TestSupport.binaries.appendingPathComponent("gen-sim")
        process.arguments = ["--port", "0", "--tick-ms", "0", "--key", "\(Self.key)=\(Self.secret)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line on stdout names the port.
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "listening on ") else { throw GenesisError.internalError("gen-sim did not start: \(text)") }
        base = String(text[range.upperBound...].prefix { !$0.isNewline })
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    static var environment: [String: String] { ["BINANCE_API_KEY": key, "BINANCE_API_SECRET": secret] }

    /// The sim's own record of the test key's orders (through a signed REST call).
    func allOrders() throws -> [JSONValue] {
        let base = base
        return try runBlocking {
            let http = BinanceGateway.makeHTTPClient(GenesisConfig().execution)
            let gateway = BinanceGateway(venue: "check", restBase: base, credentials: Credentials(apiKey: SimProcess.key, signer: .hmac(secret: Data(SimProcess.secret.utf8))),
                                         http: http, state: nil, settings: GenesisConfig().execution, sleeper: { _ in })
            let answer = try await gateway.call(.get, "/api/v3/allOrders", [("symbol", "BTCUSDT")], signed: true)
            try await http.shutdown()
            return answer.array ?? []
        }
    }
}

@Suite(.serialized) struct LiveExecutionTests {
    let directory = TestSupport.temporaryDirectory()
    var db: String { directory.appendingPathComponent("genesis.db").path }

    func prepare() throws {
        let created = try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--db", db])
        #expect(created.status == 0)
    }

    /// An approved entry for `quantity` BTC at a reference price of 40000.
    func approvedOrder(id: String, quantity: String) throws -> String {
        let line = #"{"v":1,"type":"order","ts":1704074400000,"client_order_id":"\#(id)","session":"default","signal_id":"sig-\#(id)","strategy":"momentum_breakout","symbol":"BTCUSDT","side":"BUY","order_type":"MARKET","purpose":"ENTRY","quantity":"\#(quantity)","price":"40000","stop":"39000","target":"42000"}"#
        try TestSupport.approve(orderLine: line, db: db)
        return line + "\n"
    }

    func exec(_ sim: SimProcess, _ input: String) throws -> TestSupport.Outcome {
        try TestSupport.run("gen-exec", ["--venue", sim.base, "--db", db], stdin: Data(input.utf8), environment: SimProcess.environment)
    }

    func count(_ table: String) throws -> Int {
        try Store(path: db).writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test func aSignedMarketOrderFillsAndEveryTradeIsRecordedOnce() throws {
        try prepare()
        let sim = try SimProcess()
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-1", quantity: "0.0005"))
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(outcome.stdout.contains(#""status":"FILLED""#))
        #expect(outcome.stdout.contains(#""trade_id":"BTCUSDT-1""#))
        let row = try Store(path: db).writer.read { try Row.fetchOne($0, sql: "SELECT status, average_price FROM orders WHERE client_order_id = 'gen-live-1'") }
        #expect(row?["status"] == "FILLED")
        #expect(try sim.allOrders().count == 1)
        // Running the same input again sends nothing new.
        let again = try exec(sim, try approvedOrder(id: "gen-live-1", quantity: "0.0005"))
        #expect(again.status == 0)
        #expect(try sim.allOrders().count == 1)
        #expect(try count("fills") == 1)
        // The secret never shows: not on stdout, stderr, or in the database file.
        let file = try Data(contentsOf: URL(fileURLWithPath: db)) + ((try? Data(contentsOf: URL(fileURLWithPath: db + "-wal"))) ?? Data())
        for text in [outcome.stdout, outcome.stderr, again.stdout, again.stderr, String(decoding: file, as: UTF8.self)] {
            #expect(!text.contains(SimProcess.secret))
        }
    }

    @Test func aServerErrorAfterTheOrderWasAcceptedNeverMakesASecondOrder() throws {
        try prepare()
        let sim = try SimProcess(["--fail-after-accept", "1"])
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-5xx", quantity: "0.0005"))
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        #expect(outcome.stderr.contains("looking it up"))
        #expect(outcome.stdout.contains(#""status":"FILLED""#))
        #expect(try sim.allOrders().count == 1)
        #expect(try count("fills") == 1)
    }

    @Test func filtersRefuseBeforeAnythingIsSent() throws {
        try prepare()
        let sim = try SimProcess()
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-tiny", quantity: "0.0001")) // $4 < NOTIONAL 5
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains(#""rule":"exchange.filter""#))
        #expect(try sim.allOrders().isEmpty)
    }

    @Test func aBanStopsTheCommandWithExitFive() throws {
        try prepare()
        let sim = try SimProcess(["--weight-limit", "1", "--ban-seconds", "600"])
        let outcome = try exec(sim, try approvedOrder(id: "gen-live-ban", quantity: "0.0005"))
        #expect(outcome.status == 5, "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("rate limit") || outcome.stderr.contains("banned"))
    }
}
