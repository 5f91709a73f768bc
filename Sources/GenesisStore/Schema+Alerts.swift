extension Schema {
    /// Alerts delivered to the trader (`gen-alert`): one row per alert and
    /// channel with what became of it (delivered, failed, deduplicated,
    /// rate_limited), which `gen-alert history` shows and from which each
    /// run rebuilds its de-duplication and rate limit. Operational records,
    /// not audit events. `decided_at` is when the policy judged the alert
    /// (the rows of one alert on two channels share it). `alert_cursor`
    /// holds the last `events.seq` that `gen-alert events` has looked at.
    static let v18 = """
    CREATE TABLE alert_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        decided_at INTEGER NOT NULL,
        alert_ts INTEGER NOT NULL,
        level TEXT NOT NULL,
        code TEXT NOT NULL,
        symbol TEXT,
        source TEXT NOT NULL,
        message TEXT NOT NULL,
        channel TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('delivered', 'failed', 'deduplicated', 'rate_limited')),
        attempts INTEGER NOT NULL,
        detail TEXT
    );
    CREATE INDEX alert_deliveries_by_time ON alert_deliveries(decided_at);
    CREATE TABLE alert_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_seq INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    """
}
