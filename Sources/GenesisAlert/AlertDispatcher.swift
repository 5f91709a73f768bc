import Foundation
import Logging
import GenesisDomain
import GenesisStore

/// Delivers alerts through the configured channels under the policy, and
/// records what became of each (`alert_deliveries`). One per command run;
/// its policy starts from the record, so the limits hold across runs.
public actor AlertDispatcher {
    /// What one channel did with one alert.
    public struct Outcome: Sendable, Equatable {
        public var code: String
        public var channel: String
        /// delivered, failed, deduplicated or rate_limited.
        public var status: String
        public var attempts: Int
        public var detail: String
    }

    let minLevel: AlertLevel
    public private(set) var policy: AlertPolicy
    let channels: [any AlertChannel]
    let store: Store?
    let clock: any TimeSource
    let sleep: @Sendable (Int) async throws -> Void
    let logger: Logger

    /// `sleep` waits the given seconds between attempts (a test passes one
    /// that only records them).
    public init(settings: GenesisConfig.Alert, channels: [any AlertChannel], store: Store?, clock: any TimeSource = WallClock(), logger: Logger,
                sleep: @escaping @Sendable (Int) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }) throws {
        minLevel = AlertLevel(rawValue: settings.minLevel) ?? .warning
        var policy = AlertPolicy(settings)
        if let store {
            // One decision per alert, however many channels it went to.
            var seen = Set<String>()
            for record in try store.alertDeliveries(since: clock.now().adding(milliseconds: -policy.memory), limit: 100_000) {
                guard seen.insert("\(record.decidedAt.milliseconds)|\(record.code)|\(record.symbol ?? "")").inserted else { continue }
                policy.remember(code: record.code, symbol: record.symbol, status: record.status, at: record.decidedAt)
            }
        }
        self.policy = policy
        self.channels = channels
        self.store = store
        self.clock = clock
        self.sleep = sleep
        self.logger = logger
    }

    /// Delivers `message` when its level is at least `alert.minLevel` and
    /// the policy lets it go; a due summary of suppressed alerts goes first.
    /// Returns nothing for an alert below the level.
    @discardableResult
    public func dispatch(_ message: AlertMessage) async -> [Outcome] {
        guard message.level >= minLevel else { return [] }
        var outcomes = await flushSummary()
        let now = clock.now()
        switch policy.admit(message, at: now) {
        case .send:
            outcomes += await send(message, decidedAt: now, attempts: policy.retries)
        case .deduplicated:
            let detail = "sent within the last \(policy.dedupeMilliseconds / 60_000) minutes (alert.dedupeMinutes)"
            record(message, decidedAt: now, channel: "-", status: "deduplicated", attempts: 0, detail: detail)
            logger.debug("\(message.code): not sent again: \(detail)")
            outcomes.append(Outcome(code: message.code, channel: "-", status: "deduplicated", attempts: 0, detail: detail))
        case .rateLimited:
            let detail = "\(policy.maxPerHour) alerts were sent in the last hour (alert.maxPerHour)"
            record(message, decidedAt: now, channel: "-", status: "rate_limited", attempts: 0, detail: detail)
            logger.warning("\(message.code): held back: \(detail); a summary follows when the limit lifts")
            outcomes.append(Outcome(code: message.code, channel: "-", status: "rate_limited", attempts: 0, detail: detail))
        }
        return outcomes
    }

    /// Sends the "N alerts suppressed" summary when the limit has lifted.
    @discardableResult
    public func flushSummary() async -> [Outcome] {
        let now = clock.now()
        guard let summary = policy.summary(at: now) else { return [] }
        return await send(summary, decidedAt: now, attempts: policy.retries)
    }

    /// `gen-alert test`: one attempt on every channel, outside the policy.
    public func test(_ message: AlertMessage) async -> [Outcome] {
        await send(message, decidedAt: clock.now(), attempts: 1)
    }

    /// Every channel at once, each with up to `attempts` tries and the
    /// policy's backoff between them.
    func send(_ message: AlertMessage, decidedAt: Timestamp, attempts: Int) async -> [Outcome] {
        guard !channels.isEmpty else { return [] }
        let policy = policy, sleep = sleep, logger = logger
        let outcomes = await withTaskGroup(of: (Int, Outcome).self) { group in
            for (index, channel) in channels.enumerated() {
                group.addTask {
                    var attempt = 0
                    var answer = ChannelAnswer(delivered: false, detail: "not tried")
                    while attempt < attempts {
                        attempt += 1
                        answer = await channel.deliver(message)
                        if answer.delivered || attempt == attempts || Task.isCancelled { break }
                        let wait = policy.backoff(afterAttempt: attempt)
                        logger.warning("\(message.code) via \(channel.name): attempt \(attempt) failed (\(answer.detail)); next in \(wait) s")
                        do { try await sleep(wait) } catch { break }
                    }
                    return (index, Outcome(code: message.code, channel: channel.name, status: answer.delivered ? "delivered" : "failed",
                                           attempts: attempt, detail: answer.detail))
                }
            }
            var collected: [(Int, Outcome)] = []
            for await result in group { collected.append(result) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for outcome in outcomes {
            record(message, decidedAt: decidedAt, channel: outcome.channel, status: outcome.status, attempts: outcome.attempts, detail: outcome.detail)
            if outcome.status == "delivered" {
                logger.info("\(message.code) delivered via \(outcome.channel) (\(outcome.attempts) attempt\(outcome.attempts == 1 ? "" : "s"))")
            } else {
                logger.error("\(message.code) NOT delivered via \(outcome.channel) after \(outcome.attempts) attempt\(outcome.attempts == 1 ? "" : "s"): \(outcome.detail)")
            }
        }
        return outcomes
    }

    private func record(_ message: AlertMessage, decidedAt: Timestamp, channel: String, status: String, attempts: Int, detail: String?) {
        guard let store else { return }
        do {
            try store.recordAlertDelivery(AlertDeliveryRecord(decidedAt: decidedAt, alertTs: message.ts, level: message.level.rawValue, code: message.code,
                                                              symbol: message.symbol, source: message.source, message: message.message,
                                                              channel: channel, status: status, attempts: attempts, detail: detail))
        } catch {
            logger.error("cannot record the delivery of \(message.code): \(error)")
        }
    }
}
