import Foundation

/// Why trading is HALTED, stored as a value beside the free-text reason so
/// that what a halt permits (the emergency's cooldown before `resume`) never
/// depends on how its reason was worded.
public enum HaltCause: String, Sendable, CaseIterable {
    /// The trader: `gen-exec halt` or the control API's halt.
    case manual
    /// The emergency demotion (DESIGN §2): `resume` waits out its cooldown.
    case emergency
    /// Reconciliation found what the store cannot explain (DESIGN §5).
    case reconciliation

    /// A halt the system set rather than the trader; lifting one is a forced
    /// resume for the tilt detector.
    public var isSystem: Bool { self != .manual }

    /// A halt replaces the one in force only when it outranks it (an
    /// emergency also replaces an emergency, restarting the cooldown): the
    /// trader's halt cannot stand in for a reconciliation or an emergency
    /// whose own terms `resume` enforces.
    public func replaces(_ inForce: HaltCause?) -> Bool {
        guard let inForce else { return true }
        return self == .emergency || rank > inForce.rank
    }

    private var rank: Int {
        switch self {
        case .manual: 0
        case .reconciliation: 1
        case .emergency: 2
        }
    }
}
