import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// gen-sim's HTTP side: every request goes to `SimAPI` with its raw query
/// string and body, on 127.0.0.1 (or the host given).
public enum SimServer {
    /// Runs until cancelled. `onListening` receives the bound port (useful with port 0).
    public static func run(api: SimAPI, host: String, port: Int, onListening: @escaping @Sendable (Int) async -> Void) async throws {
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
        let app = Application(responder: responder, configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) })
        try await app.runService()
    }
}
