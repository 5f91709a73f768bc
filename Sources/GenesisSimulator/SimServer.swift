import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import GenesisBinance
import GenesisDomain

/// gen-sim's network side: every HTTP request goes to `SimAPI` with its raw
/// query string and body; WebSocket upgrades on `/ws…` and `/stream…` get
/// the market streams, by path or by `SUBSCRIBE` message, as Binance serves them.
public enum SimServer {
    /// Runs until cancelled. `onListening` receives the bound port (useful with port 0).
    public static func run(api: SimAPI, host: String, port: Int, onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let streams = api.exchange.streams
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let simRequest = SimRequest(method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
                                        rawBody: String(buffer: body), apiKey: request.headers[HTTPField.Name("X-MBX-APIKEY")!])
            let answer = await api.handle(simRequest)
            var headers = HTTPFields()
            headers[.contentType] = "application/json;charset=UTF-8"
            for (name, value) in answer.headers { headers[HTTPField.Name(name)!] = value }
            return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
        }
        let upgrade: @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> = { request, _, _ in
            if (request.path ?? "").hasPrefix("/ws-api/v3") {
                let path = request.path ?? ""
                return .upgrade([:]) { inbound, outbound, _ in try await webSocketAPI(api: api, path: path, inbound: inbound, outbound: outbound) }
            }
            guard let target = StreamTarget(path: request.path ?? "") else { return .dontUpgrade }
            return .upgrade([:]) { inbound, outbound, _ in
                let (id, events) = await streams.subscribe(streams: target.streams, combined: target.combined)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in events { try await outbound.writeTextMessage(text) }
                        // The stream ended: a drop (fault) or shutdown.
                        try await outbound.close(.goingAway, reason: "stream closed")
                    }
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            guard case let .text(text) = message else { continue }
                            try await outbound.writeTextMessage(await control(text, id: id, streams: streams))
                        }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
                await streams.unsubscribe(id)
            }
        }
        // Frames up to Binance's message sizes: at the library's 16 KiB default a large event would go out split into
        // continuation frames, which Binance never sends, and a client that only copes with small frames would pass here.
        let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(ws: .init(maxFrameSize: WebSocketLimits.maxMessageBytes))
        let app = Application(responder: responder, server: .http1WebSocketUpgrade(configuration: webSocket, shouldUpgrade: upgrade), configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) })
        try await app.runService()
    }

    /// One `/ws-api/v3` connection: requests answered in order, and the
    /// user-data events of its subscriptions written as they happen.
    static func webSocketAPI(api: SimAPI, path: String, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let session = SimWebSocketSession(api: api, path: path, connectedSince: await api.serverTime())
        // A subscription's events are written by its own task, the answers by the
        // request loop; `terminated` tells the loop a subscription's last event
        // (eventStreamTerminated) is on the wire, so the answer to the unsubscribe
        // or logout that ended it always comes after it, as a client expects.
        let (terminated, terminatedSignal) = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (forwarders, forward) = AsyncStream<AsyncStream<String>>.makeStream()
            group.addTask {
                try await withThrowingTaskGroup(of: Void.self) { streams in
                    for await events in forwarders {
                        streams.addTask {
                            for await text in events {
                                try await outbound.writeTextMessage(text)
                                // Unsubscribed: the connection stays open, this subscription is done.
                                if text.contains(SimUserStreams.terminationMark) {
                                    terminatedSignal.yield()
                                    return
                                }
                            }
                            // The subscription ended (a drill dropped it): so does the connection, as on Binance.
                            try await outbound.close(.goingAway, reason: "stream closed")
                        }
                    }
                    try await streams.waitForAll()
                }
            }
            group.addTask {
                defer { forward.finish() }
                var written = terminated.makeAsyncIterator()
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case let .text(text) = message else { continue }
                    guard let answer = await session.handle(text, events: { forward.yield($0) }) else { continue }
                    for _ in 0..<(await session.takeTerminated()) { _ = await written.next() }
                    try await outbound.writeTextMessage(answer)
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Answers `SUBSCRIBE`, `UNSUBSCRIBE` and `LIST_SUBSCRIPTIONS`.
    static func control(_ text: String, id: Int, streams: SimStreams) async -> String {
        guard let message = try? JSONValue.parse(Data(text.utf8)), let method = message["method"]?.string else {
            return #"{"code":2,"msg":"Invalid request"}"#
        }
        let requestID = message["id"] ?? .null
        let names = (message["params"]?.array ?? []).compactMap(\.string)
        switch method {
        case "SUBSCRIBE":
            _ = await streams.update(id, add: names)
            return JSONValue.object([("result", .null), ("id", requestID)]).text
        case "UNSUBSCRIBE":
            _ = await streams.update(id, remove: names)
            return JSONValue.object([("result", .null), ("id", requestID)]).text
        case "LIST_SUBSCRIPTIONS":
            let current = await streams.update(id)
            return JSONValue.object([("result", .array(current.map { .string($0) })), ("id", requestID)]).text
        default:
            return JSONValue.object([("code", .integer(2)), ("msg", .string("Invalid request: unknown method \(method)")), ("id", requestID)]).text
        }
    }
}

/// Which streams a WebSocket path asks for: `/ws/<stream>`, `/ws`,
/// `/stream?streams=a/b` (combined, wrapped events) or `/stream`.
struct StreamTarget {
    var streams: Set<String>
    var combined: Bool

    init?(path: String) {
        let parts = path.split(separator: "?", maxSplits: 1)
        let route = String(parts.first ?? "")
        let query = parts.count > 1 ? String(parts[1]) : ""
        if route == "/ws" || route.hasPrefix("/ws/") {
            combined = false
            streams = Set(route.dropFirst(3).split(separator: "/").map(String.init))
        } else if route == "/stream" || route == "/stream/" {
            combined = true
            let value = QueryString.parse(query).first { $0.0 == "streams" }?.1 ?? ""
            streams = Set(value.split(separator: "/").map(String.init))
        } else {
            return nil
        }
    }
}
