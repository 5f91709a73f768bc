import Foundation
import GenesisDomain
import GRDB

extension Store {
    /// The report at `now`, read-only (a stored baseline is used as it is).
    public func tiltReport(session: String = Account.defaultSession, config: GenesisConfig, now: Timestamp) throws -> TiltReport {
        try read { db in
            let history = try fetchTiltHistory(db, session: session, config: config.tilt, now: now)
            var baseline = TiltBaseline.learn(from: history, now: now, config: config.tilt)
            if session == Account.defaultSession, let text = try String.fetchOne(db, sql: "SELECT baseline FROM tilt_profiles WHERE id = 1"),
               let stored = try? JSONDecoder().decode(TiltBaseline.self, from: Data(text.utf8)) {
                baseline = stored
            }
            let assessment = try assess(db, session: session, history: history, baseline: baseline, config: config.tilt, now: now)
            let standing = try fetchTiltStanding(db, session: session, now: now)
            let debt = try String.fetchOne(db, sql: "SELECT tilt_debt FROM tilt_states WHERE session = ?", arguments: [session]).flatMap { Decimal.parse($0) } ?? 0
            return TiltReport(assessment: assessment, standing: standing, debt: debt, baselineEstablished: baseline.established, now: now,
                              config: config.tilt)
        }
    }
}
