import Foundation
import Logging
import GenesisBinance
import GenesisDomain
import GenesisStore

/// One HTTP request as the control API sees it (the server's framework stays outside).
public struct ControlRequest: Sendable {
    public var method: String
    public var path: String
    /// The raw query string, without `?`.
    public var query: String
    public var body: [UInt8]
    public var apiKey: String?

    public init(method: String, path: String, query: String = "", body: [UInt8] = [], apiKey: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.apiKey = apiKey
    }
}

/// Its answer: a status, extra headers and a JSON body.
public struct ControlResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: String
}

/// The control API of DESIGN §6, independent of the HTTP server: routing,
/// the key, the per-endpoint budgets, and the endpoints themselves.
/// Order of checks: route (404), method (405), key (401), budget (429),
/// then the endpoint's own validation (400, 422) and work (409, 500).
public final class ControlAPI: Sendable {
    public enum Endpoint: String, Sendable, CaseIterable {
        case health, account, positions, tilt, tier, performance, events, halt
        case closeAll = "close-all"

        public var path: String { "/v1/\(rawValue)" }
        public var method: String { self == .halt || self == .closeAll ? "POST" : "GET" }
    }

    let settings: ControlSettings
    let store: Store
    let config: GenesisConfig
    let session: String
    let actions: any ControlActions
    let clock: any TimeSource
    let logger: Logger
    let keyCheck: APIKeyCheck
    let keyFingerprint: String
    let limiter: RateLimiter

    public init(settings: ControlSettings, store: Store, config: GenesisConfig, session: String, actions: any ControlActions,
                clock: any TimeSource = WallClock(), logger: Logger) {
        self.settings = settings
        self.store = store
        self.config = config
        self.session = session
        self.actions = actions
        self.clock = clock
        self.logger = logger
        keyCheck = APIKeyCheck(key: settings.apiKey)
        keyFingerprint = APIKeyCheck.fingerprint(settings.apiKey)
        limiter = RateLimiter(clock: clock)
    }

    public func handle(_ request: ControlRequest) async -> ControlResponse {
        do {
            let endpoint = try route(request)
            guard keyCheck.matches(request.apiKey) else {
                if case let .limited(seconds) = limiter.take("auth-failures", perMinute: settings.authFailuresPerMinute) { throw ControlError.rateLimited(seconds) }
                logger.notice("control API: refused \(request.method) \(request.path): \(request.apiKey == nil ? "no" : "wrong") X-API-Key")
                throw ControlError.unauthorized
            }
            // Per endpoint and per key (one key today; the fingerprint keeps buckets apart if keys ever rotate).
            if case let .limited(seconds) = limiter.take("\(endpoint.rawValue)#\(keyFingerprint)", perMinute: budget(endpoint)) {
                throw ControlError.rateLimited(seconds)
            }
            let body = try await respond(endpoint, request)
            return ControlResponse(status: 200, headers: [:], body: body.text)
        } catch {
            let answer = ControlError.from(error)
            if answer.status >= 500 {
                logger.error("control API: \(request.method) \(request.path) failed: \(error)")
            } else if answer.status == 409 || answer.status == 422 {
                logger.notice("control API: \(request.method) \(request.path): \(answer.code)")
            }
            return ControlResponse(status: answer.status, headers: answer.headers, body: answer.body)
        }
    }

    func route(_ request: ControlRequest) throws -> Endpoint {
        guard let endpoint = Endpoint.allCases.first(where: { $0.path == request.path }) else { throw ControlError.notFound(request.path) }
        guard request.method == endpoint.method else { throw ControlError.methodNotAllowed([endpoint.method]) }
        return endpoint
    }

    func budget(_ endpoint: Endpoint) -> Int {
        switch endpoint {
        case .halt: settings.haltPerMinute
        case .closeAll: settings.closeAllPerMinute
        default: settings.readsPerMinute
        }
    }

    func respond(_ endpoint: Endpoint, _ request: ControlRequest) async throws -> JSONValue {
        let query = Query(request.query)
        let now = clock.now()
        switch endpoint {
        case .health: return try health(now: now)
        case .account: return try account(now: now)
        case .positions: return try positions(now: now)
        case .tilt: return try tilt(now: now)
        case .tier: return try tier(now: now)
        case .performance: return try performance(query, now: now)
        case .events: return try events(query, now: now)
        case .halt: return try await halt(request.body)
        case .closeAll: return try await closeAll(request.body)
        }
    }
}

/// A parsed query string, percent-decoded. A parameter given twice is a
/// bad request (it would be a list, and every parameter here is one value).
struct Query {
    private var values: [String: [String]] = [:]

    init(_ raw: String) {
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            values[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The parameter's one value, nil when absent.
    func value(_ name: String) throws -> String? {
        guard let all = values[name] else { return nil }
        guard all.count == 1 else { throw ControlError.badRequest("\(name) may be given once") }
        return all[0]
    }
}
