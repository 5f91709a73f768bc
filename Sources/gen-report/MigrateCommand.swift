import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

/// `gen-report migrate`: a whole store copied into another backend, verified.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a whole store into a new database (SQLite file or PostgreSQL server) and verify the copy.",
        discussion: """
            Every table is copied verbatim from one read snapshot of the source into
            one transaction of the target: the events keep their sequence numbers and
            hashes, so the copy's chain is the source's, and the source's chain head
            is carried over. The target must be a new database (no account, no
            event; exit 7 otherwise); its schema is created first. Then the copy is
            verified as `gen-report verify` does (exit 7 if it does not verify).
            Stop the pipeline and the watcher first: what they write after the
            snapshot is not in the copy.

            A SQLite source is `sqlite:PATH` or a plain path; a server is a
            postgres:// URL, with the password in PGPASSWORD or ~/.pgpass rather
            than in the URL (command lines are visible to other users).

            Examples:
              gen-report migrate --from sqlite:~/.genesis/genesis.db --to postgres://trader@db.example.com/genesis
              gen-report migrate --from postgres://trader@db.example.com/genesis --to sqlite:/tmp/copy.db --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The store to copy.", valueName: "sqlite:path|postgres://…")) var from: String
    @Option(help: ArgumentHelp("The new store to copy it into.", valueName: "sqlite:path|postgres://…")) var to: String
    @Flag(help: "One JSON object instead of text.") var json = false

    /// `sqlite:PATH` → PATH (with ~ expanded); anything else as given.
    static func location(_ text: String) -> String {
        let path = text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
        return PostgresLocation.isURL(path) ? path : (path as NSString).expandingTildeInPath
    }

    func validate() throws {
        if Self.location(from) == Self.location(to) { throw ValidationError("--from and --to name the same store") }
    }

    func run() throws {
        _ = global.logger("gen-report")
        let origin = ["command": "gen-report migrate", "pid": String(getpid())]
        let source = try Store(path: Self.location(from), origin: origin, create: false)
        let target = try Store(path: Self.location(to), origin: origin, create: true)
        let started = Date()
        let result = try StoreCopy.copy(from: source, to: target)
        let seconds = Date().timeIntervalSince(started)
        let report = try target.verifyRecord()
        if json {
            var line = JSONLineBuilder()
            line.field("from", source.path)
            line.field("to", target.path)
            line.field("rows", result.total)
            for (table, count) in result.rows where count > 0 { line.field("rows_\(table)", count) }
            if let head = result.head { line.field("head_seq", head.seq) }
            line.field("seconds", approximate: seconds, places: 3)
            line.field("intact", report.intact)
            print(line.finish(), terminator: "")
        } else {
            let tables = result.rows.filter { $0.count > 0 }.map { "\($0.table) \($0.count)" }.joined(separator: ", ")
            print("copied \(source.path) to \(target.path): \(result.total) rows in \(String(format: "%.2f", seconds)) s (\(tables))")
            for line in report.lines { print(line) }
        }
        guard report.intact else {
            throw GenesisError.stateConflict("copied to \(target.path), but the copy does not verify: \(report.tampered.count) finding\(report.tampered.count == 1 ? "" : "s") on stdout")
        }
    }
}
