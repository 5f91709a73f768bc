extension Schema {
    /// The supervised live pipeline's heartbeat (DESIGN §6): one row per
    /// pipeline, keyed by the session and venue gen-exec runs for, written
    /// by gen-exec's `PipelineMonitor` and read by `gen-report health`. Like
    /// `watcher_heartbeat`, a stale row without `stopped_at` means the
    /// pipeline died. Times are epoch milliseconds; `last_candle_at` is the
    /// candle's own (close) time, the others are when gen-exec saw the line.
    static let v19 = """
    CREATE TABLE pipeline_heartbeat (
        session TEXT NOT NULL,
        venue TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        stopped_at INTEGER,
        last_candle_at INTEGER,
        last_signal_at INTEGER,
        last_order_at INTEGER,
        last_fill_at INTEGER,
        lines_read INTEGER NOT NULL DEFAULT 0,
        candles INTEGER NOT NULL DEFAULT 0,
        orders INTEGER NOT NULL DEFAULT 0,
        executions INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session, venue)
    );
    """
}
