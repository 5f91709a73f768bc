/// The stable exit codes of DESIGN §1.0. Scripts and cron jobs branch on these,
/// so a number never changes meaning once published.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    case internalError = 1
    case usage = 2
    case badInput = 3
    case configuration = 4
    case unavailable = 5
    case refused = 6
    case stateConflict = 7

    public var summary: String {
        switch self {
        case .ok: "ok"
        case .internalError: "internal error"
        case .usage: "usage error"
        case .badInput: "bad input lines"
        case .configuration: "configuration"
        case .unavailable: "exchange or network unavailable"
        case .refused: "refused by a rule (tier, tilt, risk, halt)"
        case .stateConflict: "state conflict"
        }
    }
}
