import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisSimulator

/// Real Binance messages over a real WebSocket: the BTCUSDT recording in
/// Tests/Fixtures replayed over loopback, one unfragmented frame per message
/// as Binance sends them, 21 of its depth diffs above the library's 16 KiB
/// default frame limit (the largest 34,571 bytes).
@Suite(.serialized) struct LargeFrameTests {
    let recording = ReplayedRecording.shared

    /// The served part of the recording is what the tests below claim it is
    /// (counts from the fixture's README and a count of the file by hand).
    @Test func theReplayCarriesTheRecordingsLargestMessages() {
        let depth = recording.messages.filter { $0.stream == "btcusdt@depth@100ms" }
        #expect(depth.count == 3449)
        #expect(depth.filter { $0.text.utf8.count > 16384 }.count == 21)
        #expect(depth.map(\.text.utf8.count).max() == 34571)
        #expect(depth.prefix { $0.text.utf8.count <= 16384 }.count == 441)
        #expect(recording.messages.count { $0.stream == "btcusdt@bookTicker" } == 28024)
    }

    /// `gen-fetch stream --depth --book` through every recorded depth diff and
    /// best bid/ask: one connection, one snapshot, no rebuild, the book's top
    /// where Binance's own ticker says it was; then SIGTERM ends it cleanly,
    /// with no warning for the cancelled connection.
    @Test func genFetchStreamKeepsOneConnectionThroughTheLargestDiffs() async throws {
        let server = try await RecordingReplayServer(recording: recording)
        let fetch = try StreamProcess(venue: server.base, arguments: ["--depth", "--book"])
        #expect(try await fetch.readTheWholeReplay(recording), "\(fetch.diagnostics)\n\(fetch.output.suffix(2000))")
        #expect(fetch.terminate() == 0)
        #expect(server.connections.value == 1)
        // The snapshot may be asked for again when the first answer comes too early for the
        // buffered diffs (a loaded machine); what counts is one connection and no rebuild.
        #expect(server.snapshotRequests.value >= 1)
        #expect(fetch.diagnostics.contains("candles 0, reconnects 0, filled over REST 0, book rebuilds 0"), "\(fetch.diagnostics)")
        #expect(!fetch.diagnostics.contains("warning"), "\(fetch.diagnostics)")
        // The local book ends where the recorded bookTicker of the same update id (50093421558, line 41225) stood.
        let top = try #require(fetch.lastDepthTop())
        #expect(top.bid == Decimal(string: "61685.99")! && top.ask == Decimal(string: "61686")!)
    }

    /// A connection lost mid-stream (the server goes away after 1,000
    /// messages, the book already live) forces a new snapshot on the next
    /// connection: `book rebuilds` counts it.
    @Test func aReconnectThatForcesANewSnapshotCountsAsABookRebuild() async throws {
        let server = try await RecordingReplayServer(recording: recording, closeFirstConnectionAfter: 1000)
        let directory = TestSupport.temporaryDirectory()
        let config = directory.appendingPathComponent("genesis.yaml").path
        // Reconnect after 1 s, so the next snapshot is not held back by the one-a-second snapshot pacing.
        try "execution:\n  streamReconnectMilliseconds: [1000]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let fetch = try StreamProcess(venue: server.base, arguments: ["--depth", "--book", "--config", config], directory: directory)
        #expect(try await fetch.readTheWholeReplay(recording, alsoReplayedBeforeTheDrop: 1000), "\(fetch.diagnostics)\n\(fetch.output.suffix(2000))")
        #expect(fetch.terminate() == 0)
        #expect(server.connections.value == 2)
        #expect(server.snapshotRequests.value == 2)
        #expect(fetch.diagnostics.contains("reconnects 1, filled over REST 0, book rebuilds 1"), "\(fetch.diagnostics)")
        let top = try #require(fetch.lastDepthTop())
        #expect(top.bid == Decimal(string: "61685.99")! && top.ask == Decimal(string: "61686")!)
    }

    /// The same frames to a client at the library's default limit and at
    /// GENESIS's: at the default the connection is cut at the first diff over
    /// 16 KiB, the 442nd (the library answers the oversized frame with close
    /// code 1009), which is what every GENESIS connection did before.
    @Test func theLibraryDefaultDropsAtTheFirstLargeDiffAndGenesisDoesNot() async throws {
        let server = try await RecordingReplayServer(recording: recording)
        let url = server.base.replacingOccurrences(of: "http://", with: "ws://") + "/stream?streams=btcusdt@depth@100ms"
        let depth = recording.messages.count { $0.stream == "btcusdt@depth@100ms" }

        func receive(_ configuration: WebSocketClientConfiguration, upTo count: Int) async throws -> (received: Int, close: WebSocketErrorCode?) {
            let received = Locked(0)
            let close = try await withTimeout(seconds: 120, "the replayed depth stream") {
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "test")) { inbound, outbound, _ in
                    for try await message in inbound.messages(maxSize: WebSocketLimits.maxMessageBytes) {
                        guard case .text = message else { continue }
                        if received.update({ $0 += 1; return $0 }) == count {
                            try await outbound.close(.normalClosure, reason: "done")
                            return
                        }
                    }
                }
            }
            return (received.value, close?.closeCode)
        }

        let before = try await receive(WebSocketClientConfiguration(), upTo: depth)
        #expect(before.received == 441)
        #expect(before.close != .normalClosure) // cut by the library, not closed by the reader
        let after = try await receive(.genesis(), upTo: depth)
        #expect(after.received == depth)
        #expect(after.close == .normalClosure)
        #expect(server.connections.value == 2)
    }

    /// The watcher's clean stop: no "user-data stream down: CancellationError()"
    /// warning, and the stop is not counted as a reconnect.
    @Test func aStoppedWatcherLogsNoWarning() async throws {
        let directory = TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("genesis.db").path
        let config = directory.appendingPathComponent("genesis.yaml").path
        #expect(try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--db", db]).status == 0)
        try "watcher:\n  heartbeatSeconds: 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let sim = try SimProcess(["--symbols", "BTCUSDT"])
        let watcher = try WatcherProcess(sim: sim, db: db, config: config, directory: directory)
        #expect(try await eventually(60) { try Store(path: db).heartbeat()?.streamConnected == true }, "\(watcher.diagnostics)")
        #expect(watcher.terminate() == 0)
        #expect(!watcher.diagnostics.contains("warning"), "\(watcher.diagnostics)")
        #expect(watcher.diagnostics.contains("watcher stopped"), "\(watcher.diagnostics)")
        let beat = try #require(try Store(path: db).heartbeat())
        #expect(beat.reconnects == 0)
        #expect(beat.stoppedAt != nil)
    }
}

// MARK: - The recording, served

/// `Tests/Fixtures/btcusdt_20240808.gz` read once: its REST depth snapshot
/// (line 8) and, in recorded order, its depth-diff and bookTicker messages up
/// to line 41227, the last depth diff whose final update id (50093421558) a
/// recorded bookTicker also carries, so the book's final top has a reference.
final class ReplayedRecording: Sendable {
    struct Message: Sendable {
        var stream: String
        var text: String
    }

    static let shared = ReplayedRecording()
    static let lastLine = 41227

    let snapshot: String
    let messages: [Message]

    private init() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", TestSupport.fixture("btcusdt_20240808.gz")]
        let pipe = Pipe()
        process.standardOutput = pipe
        try! process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var snapshot = ""
        var messages: [Message] = []
        for line in data.split(separator: 10).prefix(Self.lastLine) {
            // `<receive time in ns> <message>`
            guard let space = line.firstIndex(of: 32) else { continue }
            let text = String(decoding: line[(space + 1)...], as: UTF8.self)
            if text.hasPrefix(#"{"lastUpdateId""#) {
                snapshot = text
            } else if let stream = ["btcusdt@depth@100ms", "btcusdt@bookTicker"].first(where: { text.hasPrefix(#"{"stream":"\#($0)""#) }) {
                messages.append(Message(stream: stream, text: text))
            }
        }
        self.snapshot = snapshot
        self.messages = messages
    }
}

/// A loopback stand-in for Binance's market-data side: `/stream?streams=…`
/// replays the recorded messages of the streams asked for, each as one frame
/// (frames up to `WebSocketLimits.maxMessageBytes`, so none is split), then
/// holds the connection open; `GET /api/v3/depth` answers the recorded
/// snapshot and `/api/v3/time` the time. With `closeFirstConnectionAfter`,
/// the first connection goes away after that many messages and every later
/// one replays from the start, as a fresh subscription would.
final class RecordingReplayServer: @unchecked Sendable {
    let base: String
    let connections = Locked(0)
    let snapshotRequests = Locked(0)
    private let task: Task<Void, Never>

    init(recording: ReplayedRecording, closeFirstConnectionAfter: Int? = nil) async throws {
        let connections = connections, snapshotRequests = snapshotRequests
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body: String
            switch request.uri.path {
            case "/api/v3/depth":
                snapshotRequests.update { $0 += 1 }
                body = recording.snapshot
            case "/api/v3/time":
                body = #"{"serverTime":\#(Timestamp.now().milliseconds)}"#
            default:
                return Response(status: .notFound, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"code":-1,"msg":"not replayed"}"#)))
            }
            return Response(status: .ok, headers: [.contentType: "application/json;charset=UTF-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        let upgrade: @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> = { request, _, _ in
            guard let target = StreamTarget(path: request.path ?? ""), target.combined else { return .dontUpgrade }
            return .upgrade([:]) { inbound, outbound, _ in
                let number = connections.update { $0 += 1; return $0 }
                let messages = recording.messages.filter { target.streams.contains($0.stream) }
                let dropping = number == 1 ? closeFirstConnectionAfter : nil
                for message in messages.prefix(dropping ?? messages.count) {
                    try await outbound.write(.text(message.text))
                }
                if dropping != nil {
                    try await outbound.close(.goingAway, reason: "replay drill")
                    return
                }
                // Held open, as Binance would, until the client leaves.
                for try await _ in inbound {}
            }
        }
        let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(ws: .init(maxFrameSize: WebSocketLimits.maxMessageBytes))
        let (ports, port) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "replay")
        logger.logLevel = .critical // its start and shutdown are not the test's news
        task = Task {
            let app = Application(responder: responder, server: .http1WebSocketUpgrade(configuration: webSocket, shouldUpgrade: upgrade),
                                  configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
                                  onServerRunning: { channel in port.yield(channel.localAddress?.port ?? 0); port.finish() }, logger: logger)
            try? await app.runService(gracefulShutdownSignals: [])
            port.finish()
        }
        let bound = try await withTimeout(seconds: 120, "the replay server to listen") {
            var iterator = ports.makeAsyncIterator()
            return await iterator.next() ?? 0
        }
        guard bound > 0 else { throw GenesisError.internalError("the replay server did not start") }
        base = "http://127.0.0.1:\(bound)"
    }

    deinit { task.cancel() }
}

/// `gen-fetch stream BTCUSDT` against a venue, its output in files, stopped
/// with SIGTERM (or killed if it does not stop within 30 s).
final class StreamProcess {
    let process = Process()
    let stdout: URL
    let stderr: URL

    init(venue: String, arguments: [String], directory: URL = TestSupport.temporaryDirectory()) throws {
        (stdout, stderr) = try TestSupport.launch(process, "gen-fetch", ["stream", "BTCUSDT", "--venue", venue, "--db", directory.appendingPathComponent("genesis.db").path] + arguments,
                                                  removing: ["GENESIS_DB", "GENESIS_CONFIG"], directory: directory, name: "stream")
    }

    var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
    var diagnostics: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    /// True once the whole replay was read: a `book` line written for every
    /// recorded bookTicker replayed (the first `alsoReplayedBeforeTheDrop`
    /// messages were replayed twice), and the depth book's top at the last
    /// ticker's (the one diff after that ticker, line 41227, brings the book
    /// to the ticker's update id). False after two minutes.
    func readTheWholeReplay(_ recording: ReplayedRecording, alsoReplayedBeforeTheDrop replayed: Int = 0) async throws -> Bool {
        let tickers = [recording.messages, Array(recording.messages.prefix(replayed))].joined().count { $0.stream == "btcusdt@bookTicker" }
        return try await eventually(120, every: .milliseconds(250)) {
            let lines = output.split(separator: "\n")
            guard lines.count(where: { !$0.contains(#""source":"depth""#) }) >= tickers, let top = lastDepthTop() else { return false }
            return top.bid == Decimal(string: "61685.99")! && top.ask == Decimal(string: "61686")!
        }
    }

    /// Bid and ask of the last `book` line kept from the local depth book.
    func lastDepthTop() -> (bid: Decimal, ask: Decimal)? {
        guard let line = output.split(separator: "\n").last(where: { $0.contains(#""source":"depth""#) }),
              let value = try? JSONValue.parse(Data(line.utf8)), let bid = value["bid"]?.decimal, let ask = value["ask"]?.decimal else { return nil }
        return (bid, ask)
    }

    /// SIGTERM and the exit status; -1 when it had to be killed.
    func terminate() -> Int32 {
        if process.isRunning {
            process.terminate()
            guard TestSupport.waitForExit(process, seconds: 30) else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return -1
            }
        }
        return process.terminationStatus
    }

    deinit { _ = terminate() }
}
