import Foundation

/// The outcome of walking the audit trail's hash chain.
public struct ChainVerification: Sendable, Equatable {
    public var checked: Int
    /// The first sequence number whose row does not match its hash or link.
    public var firstBadSeq: Int64?
    public var problem: String?

    public init(checked: Int, firstBadSeq: Int64?, problem: String?) {
        self.checked = checked
        self.firstBadSeq = firstBadSeq
        self.problem = problem
    }

    public var ok: Bool { firstBadSeq == nil }
}
