import Foundation

/// The audit trail's last link (sequence number and hash), kept in a file
/// beside the database (`<db>.head`, DESIGN §1.2). The hash chain alone proves
/// that no event inside it was changed; only a copy of its end kept outside
/// the database file shows that events were cut from the end, or all deleted.
public struct ChainHead: Sendable, Equatable {
    public var seq: Int64
    public var hash: String

    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// The file's one line: `{"v":1,"seq":120,"hash":"…"}`.
    public var line: String {
        var line = JSONLineBuilder()
        line.field("v", 1)
        line.field("seq", seq)
        line.field("hash", hash)
        return line.finish()
    }

    /// Reads the file's text; nil when it is not a head line.
    public init?(line text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              (object["v"] as? NSNumber)?.intValue == 1,
              let seq = (object["seq"] as? NSNumber)?.int64Value, seq >= 1,
              let hash = object["hash"] as? String, hash.count == 64, hash.allSatisfy(\.isHexDigit) else { return nil }
        self.init(seq: seq, hash: hash)
    }
}

/// What was found where the head file should be.
public enum HeadFileState: Sendable, Equatable {
    case missing
    /// The file exists but does not hold a head line (the text, shortened).
    case unreadable(String)
    case present(ChainHead)

    public var head: ChainHead? { if case let .present(head) = self { head } else { nil } }
}

extension ChainHead {
    /// Compares the chain in the database with the head kept beside it: the
    /// one decision about the chain's end. `lastSeq` is the newest event's
    /// sequence number (nil for an empty table), `hashAtHeadSeq` the stored
    /// hash of the event the head names (nil when there is no such event).
    ///
    /// Events past the head are a warning, not tampering: the head is written
    /// just after each commit, so a process that dies between the two leaves
    /// the head one transaction behind; those events are still covered by the
    /// hash chain, which is checked on its own.
    public static func findings(_ state: HeadFileState, path: String, lastSeq: Int64?, hashAtHeadSeq: String?) -> [VerifyFinding] {
        let subject = (path as NSString).lastPathComponent
        switch state {
        case .missing:
            guard let lastSeq else { return [] }
            return [VerifyFinding(.tampered, .head, subject, "the head file \(path) is missing while the chain holds \(lastSeq) events: it was deleted, or the database was copied without it, so events cut from the end cannot be ruled out")]
        case let .unreadable(text):
            return [VerifyFinding(.tampered, .head, subject, "the head file \(path) does not hold a chain head (it reads '\(text)')")]
        case let .present(head):
            let last = lastSeq ?? 0
            if last < head.seq {
                let cut = head.seq - last
                let what = last == 0 ? "all \(head.seq) events were deleted (the events table is empty)"
                    : "the chain ends at event \(last) but the head file says \(head.seq): the last \(cut) event\(cut == 1 ? " was" : "s were") deleted"
                return [VerifyFinding(.tampered, .head, subject, what)]
            }
            var findings: [VerifyFinding] = []
            if hashAtHeadSeq == nil {
                findings.append(VerifyFinding(.tampered, .head, subject, "event \(head.seq), the chain's end according to the head file, is missing"))
            } else if hashAtHeadSeq != head.hash {
                findings.append(VerifyFinding(.tampered, .head, subject, "event \(head.seq) does not have the hash the head file recorded for it: the chain was rewritten from there"))
            }
            if last > head.seq {
                findings.append(VerifyFinding(.warning, .head, subject, "\(last - head.seq) event\(last - head.seq == 1 ? "" : "s") (\(head.seq + 1)…\(last)) lie beyond the head file: a process stopped between its commit and writing the head, or the head is older than the database; they are covered by the hash chain only"))
            }
            return findings
        }
    }
}
