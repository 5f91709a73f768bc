import GenesisDomain
/// The versioned schema (DESIGN §1.2). Migrations are append-only: a shipped
/// migration is never edited, because its checksum is recorded in every
/// database it ran on and a mismatch stops every command.
///
/// Money and quantities are TEXT holding exact decimals; REAL appears only for
/// statistics (scores, correlations, percentiles).
enum Schema {
    static let migrations: [(id: String, sql: String)] = [
        ("v1-foundation", v1),
        ("v2-exchange", v2),
        ("v3-limit-orders", v3),
        ("v4-discipline", v4),
        ("v5-watcher", v5),
        ("v6-limit-cooling-off", v6),
        ("v7-cross-correlation", v7),
        ("v8-halt-cause", v8),
        ("v9-progress-bytes", v9),
        ("v10-live-account", v10),
        (headFileMigration, v11),
        ("v12-session-data-period", v12),
        ("v13-position-correlations", v13),
        ("v14-commission-rates", v14),
        ("v15-exchange-balances", v15),
        ("v16-protection-and-transfers", v16),
        ("v17-recorded-books", v17),
        ("v18-alert-deliveries", v18),
        ("v19-pipeline-heartbeat", v19),
    ]

    /// The migration from which this build keeps the chain head file and
    /// stamps the tier and tilt state rows (`Store.migrate` anchors the head
    /// of an older database when it applies it).
    static let headFileMigration = "v11-verify-baseline"

    /// Recorded best bid/ask (DESIGN §1.2 "Data"): `book` lines stored by
    /// `gen-fetch stream --record` and `gen-fetch import` of a recording, for
    /// `gen-fetch replay --book`. Prices stay the exact text the line had;
    /// the key (symbol, ts, update id) makes recording the same quotes again
    /// a no-op, and is also the replay order.
    static let v17 = """
    CREATE TABLE books (
        symbol TEXT NOT NULL,
        ts INTEGER NOT NULL,
        update_id INTEGER NOT NULL,
        source TEXT NOT NULL,
        bid TEXT NOT NULL,
        bid_qty TEXT,
        ask TEXT NOT NULL,
        ask_qty TEXT,
        PRIMARY KEY (symbol, ts, update_id)
    ) WITHOUT ROWID;
    """

    /// Protection on the exchange (DESIGN §10): the stop and target GENESIS
    /// places after an entry fills are orders like any other, marked with
    /// the entry they protect and their trigger price. Deposits and
    /// withdrawals the exchange reports (`balanceUpdate`) move the balance
    /// without being profit or loss, each recorded once by its source key.
    static let v16 = """
    ALTER TABLE orders ADD COLUMN protects TEXT;
    ALTER TABLE orders ADD COLUMN trigger_price TEXT;
    CREATE INDEX orders_protects ON orders (protects) WHERE protects IS NOT NULL;
    CREATE TABLE account_transfers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session TEXT NOT NULL,
        venue TEXT NOT NULL,
        asset TEXT NOT NULL,
        amount TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL')),
        source_key TEXT NOT NULL UNIQUE,
        occurred_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL
    );
    """

    /// What the live account's exchange last said it holds (GET
    /// /api/v3/account, read by every exchange command on start): compared
    /// with what GENESIS manages in `gen-risk account`.
    static let v15 = """
    CREATE TABLE exchange_balances (
        venue TEXT NOT NULL,
        asset TEXT NOT NULL,
        free TEXT NOT NULL,
        locked TEXT NOT NULL,
        read_at INTEGER NOT NULL,
        PRIMARY KEY (venue, asset)
    );
    """

    /// The live account's taker commission as the exchange reports it
    /// (`commissionRates` of GET /api/v3/account): live orders are sized
    /// with it, not with the paper fee.
    static let v14 = """
    ALTER TABLE live_account ADD COLUMN taker_commission TEXT;
    """

    /// DESIGN §3.4: each ρ the correlation rule acted on, exact (REAL, as
    /// computed), with what it was measured on: the entry gen-risk approved
    /// and each position held (`cause` 'entry'), and the pair a force
    /// reduction cut ('force_reduction'). The table of v1 had no session,
    /// interval or return type and a key two sessions would share; nothing
    /// ever wrote it, and its rows (none) are carried over all the same.
    static let v13 = """
    ALTER TABLE position_correlations RENAME TO position_correlations_v1;
    CREATE TABLE position_correlations (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL,
        -- The entry (or the newer position, at a force reduction) and the position held beside it.
        symbol_a TEXT NOT NULL,
        symbol_b TEXT NOT NULL,
        computed_at INTEGER NOT NULL,
        correlation REAL NOT NULL CHECK (correlation BETWEEN -1.0000001 AND 1.0000001),
        -- The settings: returns in the window, the least shared returns, the return type.
        window_size INTEGER NOT NULL,
        minimum_returns INTEGER NOT NULL,
        return_type TEXT NOT NULL CHECK (return_type IN ('log', 'simple')),
        -- The interval of the candles used (the preferred one or a fallback) and the returns ρ is over.
        interval TEXT NOT NULL,
        returns_used INTEGER NOT NULL,
        cause TEXT NOT NULL CHECK (cause IN ('entry', 'force_reduction')),
        -- The signal of the entry, or the entry order of the position cut.
        reference TEXT NOT NULL,
        UNIQUE (session, cause, reference, symbol_b)
    );
    INSERT INTO position_correlations (session, symbol_a, symbol_b, computed_at, correlation, window_size, minimum_returns, return_type,
                                       interval, returns_used, cause, reference)
        SELECT 'default', symbol_a, symbol_b, computed_at, correlation, window_size, 20, 'log', '1h', window_size, 'entry', 'v1-' || rowid
        FROM position_correlations_v1;
    DROP TABLE position_correlations_v1;
    CREATE INDEX position_correlations_by_time ON position_correlations (session, computed_at);
    """

    /// The period a session replayed, on the data's clock (DESIGN §8): the
    /// first and the newest event time gen-exec saw over all its runs on the
    /// session, so the equity curve spans the data, not the trades and never
    /// the wall clock. NULL for a session run on an exchange's clock (live).
    static let v12 = """
    ALTER TABLE trading_sessions ADD COLUMN data_from INTEGER;
    ALTER TABLE trading_sessions ADD COLUMN data_to INTEGER;
    """

    /// `gen-report verify` (DESIGN §1.2): events from `first_seq` on were
    /// written by a build that records, for every tier and tilt state row it
    /// writes, an event holding the row (`ledger.tier_state`,
    /// `ledger.tilt_state`). A state row with no such event is proof of
    /// tampering only when it could not predate them.
    static let v11 = """
    CREATE TABLE verify_baseline (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        first_seq INTEGER NOT NULL
    );
    INSERT INTO verify_baseline (id, first_seq) SELECT 1, COALESCE(MAX(seq), 0) + 1 FROM events;
    """

    /// DESIGN §10, one live account: the exchange account this database
    /// trades (bound the first time an exchange venue acts on it), the
    /// offset to the exchange's clock that corrects the wall clock, and the
    /// clock each signal was judged on (gen-exec sends only orders judged on
    /// the wall clock to an exchange).
    static let v10 = """
    CREATE TABLE live_account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        venue TEXT NOT NULL,
        rest_base TEXT NOT NULL,
        exchange_account TEXT NOT NULL,
        bound_at INTEGER NOT NULL
    );
    CREATE TABLE clock_offsets (
        venue TEXT PRIMARY KEY,
        offset_ms INTEGER NOT NULL,
        measured_at INTEGER NOT NULL,
        -- The machine's monotonic clock at the measurement, and its boot:
        -- the exchange's time is carried forward from here (AnchoredClock).
        uptime_ms INTEGER,
        boot_id TEXT
    );
    ALTER TABLE signals ADD COLUMN judged_on TEXT CHECK (judged_on IN ('data', 'wall'));
    ALTER TABLE signals ADD COLUMN judged_at INTEGER;
    """

    /// The replay barrier counts the bytes gen-exec has handled, so a signal
    /// waits for every line written before it, not only for its timestamp
    /// (several symbols share one).
    static let v9 = """
    ALTER TABLE stage_progress ADD COLUMN consumed INTEGER NOT NULL DEFAULT 0;
    """

    /// Why trading is halted, as a value (`HaltCause`); halts recorded before
    /// it existed are classified once from their reason's wording.
    static let v8 = """
    ALTER TABLE trading_state ADD COLUMN cause TEXT CHECK (cause IN ('manual', 'emergency', 'reconciliation'));
    UPDATE trading_state SET cause = CASE
        WHEN state <> 'HALTED' THEN NULL
        WHEN reason LIKE 'emergency%' THEN 'emergency'
        WHEN reason LIKE 'reconciliation%' THEN 'reconciliation'
        ELSE 'manual' END;
    """

    /// The cross-pair correlation that confirms PANIC (DESIGN §7), kept with
    /// the market state it was read beside.
    static let v7 = """
    ALTER TABLE market_states ADD COLUMN cross_correlation REAL;
    """

    /// Loosened risk limits waiting out their cooling-off (DESIGN §1.3): the
    /// old value stays in force until `effective_at`.
    static let v6 = """
    CREATE TABLE limit_loosenings (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL,
        key TEXT NOT NULL,
        old_value TEXT NOT NULL,
        new_value TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        effective_at INTEGER NOT NULL,
        UNIQUE (session, key)
    );
    """

    /// The watcher's heartbeat (DESIGN §6): one row per database, because one
    /// watcher per database is the rule. Health reports and the control API
    /// read it; `stopped_at` tells a clean shutdown from a dead process.
    static let v5 = """
    CREATE TABLE watcher_heartbeat (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        venue TEXT NOT NULL,
        session TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        stopped_at INTEGER,
        stream_connected INTEGER NOT NULL DEFAULT 0,
        last_stream_event_at INTEGER,
        stream_lag_ms INTEGER,
        reconnects INTEGER NOT NULL DEFAULT 0,
        gap_fills INTEGER NOT NULL DEFAULT 0,
        last_fill_at INTEGER,
        circuit_state TEXT NOT NULL DEFAULT 'closed',
        used_weight INTEGER,
        weight_limit INTEGER
    );
    """

    /// The tier state machine and the tilt detector, per session (a backtest
    /// keeps its own), so no restart clears a lockout, an escalation, an
    /// adjustment period or a cooldown.
    static let v4 = """
    CREATE TABLE tier_states (
        session TEXT PRIMARY KEY REFERENCES accounts(session),
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );

    -- One row per session and UTC day: which gates passed (gen-risk tier evaluate).
    CREATE TABLE tier_evaluations (
        session TEXT NOT NULL,
        day INTEGER NOT NULL,
        evaluated_at INTEGER NOT NULL,
        tier TEXT NOT NULL,
        target TEXT,
        gates TEXT NOT NULL,
        passed INTEGER NOT NULL,
        PRIMARY KEY (session, day)
    );

    CREATE TABLE tilt_states (
        session TEXT PRIMARY KEY,
        score INTEGER NOT NULL DEFAULT 0,
        level TEXT NOT NULL DEFAULT 'NORMAL' CHECK (level IN ('NORMAL', 'CAUTION', 'WARNING', 'LOCKED')),
        locked INTEGER NOT NULL DEFAULT 0,
        recovery_until INTEGER,
        forced_break_until INTEGER,
        tilt_debt TEXT NOT NULL DEFAULT '0',
        evidence TEXT NOT NULL DEFAULT '[]',
        evaluated_at INTEGER,
        updated_at INTEGER NOT NULL
    );

    ALTER TABLE lockouts ADD COLUMN session TEXT NOT NULL DEFAULT 'default';
    ALTER TABLE journal_entries ADD COLUMN session TEXT NOT NULL DEFAULT 'default';
    ALTER TABLE tilt_events ADD COLUMN session TEXT NOT NULL DEFAULT 'default';
    CREATE INDEX events_by_type ON events(type, occurred_at);

    -- The effective configuration the trading commands last ran with, per
    -- session; a difference is logged as a behaviour.config_change event.
    CREATE TABLE config_snapshots (
        session TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        recorded_at INTEGER NOT NULL
    );
    """

    /// Limit, IOC, FOK and post-only orders keep their limit price, so a
    /// resting order is looked up and shown as it was sent.
    static let v3 = """
    ALTER TABLE orders ADD COLUMN limit_price TEXT;
    """

    /// Exchange state every command shares: pauses after 429/418 (so one
    /// command's ban stops them all) and the cached exchangeInfo.
    static let v2 = """
    CREATE TABLE exchange_pauses (
        venue TEXT PRIMARY KEY,
        until INTEGER NOT NULL,
        status INTEGER NOT NULL,
        reason TEXT NOT NULL
    );

    CREATE TABLE exchange_info_cache (
        venue TEXT PRIMARY KEY,
        fetched_at INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    """

    static let v1 = """
    CREATE TABLE schema_checksums (
        migration TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        applied_at INTEGER NOT NULL
    );

    -- One row per session: `default` is the trader's own account (created by
    -- `gen-risk account init`); any other session is a separate portfolio
    -- (a backtest) that starts from the default account's initial balance.
    CREATE TABLE accounts (
        session TEXT PRIMARY KEY,
        quote_asset TEXT NOT NULL,
        initial_balance TEXT NOT NULL,
        balance TEXT NOT NULL,
        peak_balance TEXT NOT NULL,
        day_start_balance TEXT NOT NULL,
        day INTEGER NOT NULL,
        tier TEXT NOT NULL CHECK (tier IN ('SNIPER', 'HUNTER', 'STRATEGIST', 'ARCHITECT')),
        tier_started_at INTEGER NOT NULL,
        gates_passed TEXT NOT NULL DEFAULT '[]',
        locked_features TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );

    CREATE TABLE trading_sessions (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL CHECK (type IN ('LIVE', 'PAPER', 'BACKTEST')),
        venue TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        parameters TEXT NOT NULL DEFAULT '{}'
    );

    CREATE TABLE trading_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
        reason TEXT NOT NULL,
        changed_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL
    );

    CREATE TABLE signals (
        id TEXT NOT NULL,
        session TEXT NOT NULL,
        strategy TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
        price TEXT NOT NULL,
        stop_price TEXT,
        target_price TEXT,
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED')),
        rule TEXT,
        message TEXT,
        client_order_id TEXT,
        -- The approved order line, so a re-run can send it again if it never
        -- reached gen-exec (gen-exec ignores an order it has already seen).
        order_line TEXT,
        PRIMARY KEY (session, id)
    );

    CREATE TABLE orders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client_order_id TEXT NOT NULL UNIQUE,
        exchange_order_id TEXT UNIQUE,
        session TEXT NOT NULL,
        venue TEXT NOT NULL,
        signal_id TEXT,
        strategy TEXT,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
        type TEXT NOT NULL,
        algorithm TEXT NOT NULL DEFAULT 'MARKET',
        purpose TEXT NOT NULL CHECK (purpose IN ('ENTRY', 'EXIT', 'STOP_LOSS', 'TAKE_PROFIT')),
        quantity TEXT NOT NULL,
        reference_price TEXT,
        stop_price TEXT,
        target_price TEXT,
        status TEXT NOT NULL CHECK (status IN ('PENDING', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'UNKNOWN')),
        executed_quantity TEXT NOT NULL DEFAULT '0',
        average_price TEXT,
        slice_number INTEGER NOT NULL DEFAULT 1,
        total_slices INTEGER NOT NULL DEFAULT 1,
        parent_client_order_id TEXT,
        -- A worked order's slice plan (JSON), fixed when it starts so a
        -- restart continues the same plan whatever changed meanwhile.
        slice_plan TEXT,
        latency_ms INTEGER,
        slippage TEXT,
        reject_reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX orders_by_status ON orders(status, symbol);

    CREATE TABLE fills (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        trade_id TEXT NOT NULL UNIQUE,
        client_order_id TEXT NOT NULL REFERENCES orders(client_order_id),
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
        quantity TEXT NOT NULL,
        price TEXT NOT NULL,
        quote_quantity TEXT NOT NULL,
        fee TEXT NOT NULL,
        fee_asset TEXT NOT NULL,
        is_maker INTEGER NOT NULL DEFAULT 0,
        executed_at INTEGER NOT NULL
    );
    CREATE INDEX fills_by_time ON fills(executed_at);

    CREATE TABLE positions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side = 'LONG'),
        status TEXT NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
        quantity TEXT NOT NULL,
        entry_price TEXT NOT NULL,
        stop_price TEXT,
        target_price TEXT,
        strategy TEXT,
        signal_id TEXT,
        entry_client_order_id TEXT NOT NULL REFERENCES orders(client_order_id),
        exit_client_order_id TEXT REFERENCES orders(client_order_id),
        opened_at INTEGER NOT NULL,
        closed_at INTEGER,
        exit_price TEXT,
        exit_reason TEXT,
        fees TEXT NOT NULL,
        -- Gross profit of the parts already sold (an exit can be partial).
        realized_gross TEXT NOT NULL DEFAULT '0',
        realized_pnl TEXT
    );
    CREATE UNIQUE INDEX one_open_position_per_symbol ON positions(session, symbol) WHERE status = 'OPEN';
    CREATE INDEX positions_by_close ON positions(closed_at);

    CREATE TABLE candles (
        symbol TEXT NOT NULL,
        interval TEXT NOT NULL,
        open_time INTEGER NOT NULL,
        open TEXT NOT NULL,
        high TEXT NOT NULL,
        low TEXT NOT NULL,
        close TEXT NOT NULL,
        volume TEXT NOT NULL,
        quote_volume TEXT,
        trades INTEGER,
        taker_buy_base TEXT,
        taker_buy_quote TEXT,
        PRIMARY KEY (symbol, interval, open_time)
    ) WITHOUT ROWID;

    CREATE TABLE tilt_profiles (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        score REAL NOT NULL DEFAULT 0,
        level TEXT NOT NULL DEFAULT 'NORMAL' CHECK (level IN ('NORMAL', 'CAUTION', 'WARNING', 'LOCKED')),
        baseline TEXT NOT NULL DEFAULT '{}',
        baseline_updated_at INTEGER,
        tilt_debt TEXT NOT NULL DEFAULT '0',
        updated_at INTEGER NOT NULL
    );

    CREATE TABLE tilt_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        indicator TEXT NOT NULL,
        points REAL NOT NULL,
        evidence TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );

    CREATE TABLE journal_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        written_at INTEGER NOT NULL,
        trigger_text TEXT NOT NULL,
        plan_text TEXT NOT NULL,
        body TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        distinct_words INTEGER NOT NULL,
        accepted INTEGER NOT NULL,
        rejection_reason TEXT
    );

    CREATE TABLE lockouts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reason TEXT NOT NULL,
        escalation INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        lifted_at INTEGER,
        journal_entry_id INTEGER REFERENCES journal_entries(id)
    );

    CREATE TABLE market_states (
        symbol TEXT NOT NULL,
        observed_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('DEAD', 'NORMAL', 'VOLATILE', 'PANIC', 'MAINTENANCE')),
        atr_percentile REAL,
        volume_zscore REAL,
        PRIMARY KEY (symbol, observed_at)
    );

    CREATE TABLE global_market_states (
        observed_at INTEGER PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('DEAD', 'NORMAL', 'VOLATILE', 'PANIC', 'MAINTENANCE')),
        detail TEXT NOT NULL DEFAULT '{}'
    );

    CREATE TABLE position_correlations (
        symbol_a TEXT NOT NULL,
        symbol_b TEXT NOT NULL,
        computed_at INTEGER NOT NULL,
        correlation REAL NOT NULL,
        window_size INTEGER NOT NULL,
        PRIMARY KEY (symbol_a, symbol_b, computed_at)
    );

    -- How far each pipeline's last stage has read, so gen-risk can wait for
    -- the ledger to catch up before judging a signal in a replay.
    CREATE TABLE stage_progress (
        session TEXT PRIMARY KEY,
        ts INTEGER NOT NULL,
        pid INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );

    CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        occurred_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        type TEXT NOT NULL,
        aggregate_type TEXT NOT NULL,
        aggregate_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        metadata TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
    );
    CREATE INDEX events_by_aggregate ON events(aggregate_type, aggregate_id);
    CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused'); END;
    CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is refused'); END;
    """
}
