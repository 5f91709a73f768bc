import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

/// `gen-report backup`: an online copy of the database, checked and pruned.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database while others write (SQLite online backup), check the copy, keep the newest N copies.",
        discussion: """
            The copy comes from one read snapshot through SQLite's backup API, so the
            watcher and cron jobs keep writing meanwhile. It is written as
            DIR/genesis-YYYYMMDDTHHMMSSZ.db (UTC) with its chain head beside it
            (.db.head, DESIGN §1.2), mode 0600, in a directory of mode
            0700 (created if missing; an existing one others can read is refused,
            exit 4), then checked with PRAGMA integrity_check (a failing copy is
            deleted, exit 7). Last, all but the newest --keep copies are deleted
            (default: backup.keep in the configuration, 42 = a week at one every 4 h).
            A PostgreSQL store (--db postgres://…) is backed up the same way into the
            same kind of file: its rows copied from one read snapshot of the server.
            Restoring one: docs/RUNBOOK.md.

            Examples:
              gen-report backup --to ~/.genesis/backups
              gen-report backup --to /var/backups/genesis --keep 84 --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Directory for the copies.", valueName: "dir")) var to: String
    @Option(help: ArgumentHelp("Copies to keep, newest first (default: backup.keep, 42).", valueName: "n")) var keep: Int?
    @Flag(help: "One JSON object instead of text.") var json = false

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1, not \(keep)") }
        if to.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--to needs a directory") }
    }

    func run() throws {
        let logger = global.logger("gen-report")
        let config = try global.loadConfigWithoutStore()
        let store = try global.openStore("gen-report backup", create: false)
        let directory = (to as NSString).expandingTildeInPath
        let started = Date()
        let result = try StoreBackup.run(store: store, to: directory, at: Timestamp.now(), keep: keep ?? config.backup.keep)
        let seconds = Date().timeIntervalSince(started)
        if json {
            var line = JSONLineBuilder()
            line.field("path", result.path)
            line.field("bytes", result.bytes)
            line.field("pages", result.pages)
            line.field("integrity", result.integrity)
            line.field("seconds", approximate: seconds, places: 3)
            line.field("pruned", strings: result.pruned)
            if let head = result.head { line.field("head_seq", head.seq) }
            print(line.finish(), terminator: "")
        } else {
            let head = result.head.map { "head \($0.seq)" } ?? "no head file (the database has none: gen-report verify)"
            print("backup \(result.path): \(result.bytes) bytes, \(result.pages) pages, integrity \(result.integrity), \(head), \(String(format: "%.2f", seconds)) s")
            if !result.pruned.isEmpty { print("pruned \(result.pruned.count) older: \(result.pruned.joined(separator: ", "))") }
        }
        logger.debug("backup of \(store.path) done")
    }
}

/// `gen-report restore`: a backup put in place as the database, with its
/// chain head, then verified.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a backup in place as the database (with its chain head) and verify it.",
        discussion: """
            Copies BACKUP (a gen-report backup copy) and BACKUP.head to the database
            path (--db, $GENESIS_DB, ~/.genesis/genesis.db), mode 0600, then runs
            gen-report verify on it. Nothing is overwritten: move the database you
            are replacing aside first, with its -wal, -shm and .head files (exit 7
            otherwise). With --db postgres://… the backup's rows are copied into that
            server database, which must be new and empty (exit 7 otherwise). Exit 7 too when the restored copy does not verify. The whole
            procedure, including reconciling with the exchange afterwards:
            docs/RUNBOOK.md §8.

            Example:
              gen-report restore ~/.genesis/backups/genesis-20240301T120000Z.db
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The backup copy to restore.", valueName: "backup")) var backup: String
    @Flag(help: "The verification as one JSON object instead of text.") var json = false

    func run() throws {
        _ = global.logger("gen-report")
        let source = (backup as NSString).expandingTildeInPath
        let head = try StoreBackup.restore(from: source, to: global.databasePath)
        let target = DatabaseLocation.displayName(global.databasePath)
        let store = try global.openStore("gen-report restore", create: false)
        let report = try store.verifyRecord()
        if json {
            print(report.json(), terminator: "")
        } else {
            print("restored \(source) to \(target)" + (head == .missing ? " (the backup has no head file)" : ""))
            for line in report.lines { print(line) }
        }
        guard report.intact else {
            throw GenesisError.stateConflict("restored \(target), but it does not verify: \(report.tampered.count) finding\(report.tampered.count == 1 ? "" : "s") on stdout; do not trade on it before you know why")
        }
    }
}
