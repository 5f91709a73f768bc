import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import GenesisBinance
import GenesisDomain
import GenesisStore

/// The control API over HTTP (DESIGN §6), served by Hummingbird 2 on a
/// loopback address. `gen-exec watch --api HOST:PORT` runs it beside the
/// watcher; `gen-exec api` runs it alone.
public enum ControlServer {
    /// Serves until the surrounding task is cancelled (or, with
    /// `handleSignals`, until SIGINT/SIGTERM). Refuses a non-loopback address
    /// without `settings.allowNonLoopback`, and a key shorter than the
    /// configured minimum. `onBound` receives the bound port (port 0 asks
    /// the system for a free one).
    public static func run(settings: ControlSettings, store: Store, config: GenesisConfig, session: String, actions: any ControlActions,
                           clock: any TimeSource = WallClock(), logger: Logger, handleSignals: Bool = false,
                           onBound: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        try settings.validate()
        let api = ControlAPI(settings: settings, store: store, config: config, session: session, actions: actions, clock: clock, logger: logger)
        let maxBody = settings.maxBodyBytes
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body: [UInt8]
            do {
                body = Array(buffer: try await request.collectBody(upTo: maxBody))
            } catch {
                return response(ControlResponse(status: ControlError.payloadTooLarge.status, headers: [:], body: ControlError.payloadTooLarge.body))
            }
            let answer = await api.handle(ControlRequest(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                                                         body: body, apiKey: request.headers[HTTPField.Name("X-API-Key")!]))
            return response(answer)
        }
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .notice)
        let app = Application(responder: responder, configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
                              onServerRunning: { channel in
                                  let port = channel.localAddress?.port ?? settings.port
                                  logger.notice("control API listening on \(settings.host):\(port) (session \(session))")
                                  onBound(port)
                              },
                              logger: quiet)
        // Cancelling the caller's task (the watcher stopping) shuts the server
        // down gracefully: open requests finish, nothing is logged as an error.
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: quiet)
        // The group runs in a task of its own so the cancellation reaches it
        // only as that graceful shutdown.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    static func response(_ answer: ControlResponse) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        for (name, value) in answer.headers { headers[HTTPField.Name(name)!] = value }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
