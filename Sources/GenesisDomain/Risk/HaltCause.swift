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
}
