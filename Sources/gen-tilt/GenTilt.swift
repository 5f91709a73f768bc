import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

@main
struct GenTilt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-tilt",
        abstract: "The tilt detector: behavioural score, level, lockouts, baseline and journal (DESIGN §4).",
        discussion: """
            Examples:
              gen-tilt status                      # score, the evidence behind it, and what lifts a lock
              gen-tilt evaluate                    # from cron, every few minutes
              gen-tilt baseline                    # learn the trader's normal from the last 30 days
              gen-tilt journal --trigger "…" --plan "…" --file entry.txt
            """,
        subcommands: [Status.self, Evaluate.self, Baseline.self, Journal.self],
        defaultSubcommand: Status.self
    )

    static func main() { CommandMain.run(Self.self) }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the recent behaviour, apply the level (a LOCKED score starts its lockout), and show each indicator with its evidence, any lockout, and what lifts it.",
        discussion: "Examples:\n  gen-tilt status\n  gen-tilt status --json")
    @OptionGroup var options: AccountOptions

    func run() throws {
        let (config, store) = try options.open("gen-tilt status")
        let now = try options.now(store)
        // Status applies the level it prints: a score that reached LOCKED
        // starts its lockout the moment the trader sees it, not at the next
        // signal (and the count of lockouts says so).
        try store.evaluateTilt(session: options.session, config: config, now: now)
        let report = try store.tiltReport(session: options.session, config: config, now: now)
        print(options.json ? report.json : report.text)
    }
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the recent behaviour now and apply the interventions (for cron; gen-risk also does it before each signal).",
        discussion: "Example (cron, every 5 minutes):\n  */5 * * * * gen-tilt evaluate")
    @OptionGroup var options: AccountOptions

    func run() throws {
        let (config, store) = try options.open("gen-tilt evaluate")
        let now = try options.now(store)
        try store.evaluateTilt(session: options.session, config: config, now: now)
        let report = try store.tiltReport(session: options.session, config: config, now: now)
        print(options.json ? report.json : report.text)
    }
}

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn the trader's baseline (trades per hour, usual hours, cancel rate, typical size) from the last 30 days and show it.",
        discussion: "Example:\n  gen-tilt baseline")
    @OptionGroup var options: AccountOptions

    func run() throws {
        let (config, store) = try options.open("gen-tilt baseline")
        let baseline = try store.learnBaseline(session: options.session, config: config.tilt, now: try options.now(store))
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            print(String(decoding: try encoder.encode(baseline), as: UTF8.self))
            return
        }
        print(baseline.summary(config: config.tilt))
    }
}

struct Journal: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the journal entry that lifts a lock (or that an emergency requires): what triggered it, your plan, and a reflection.",
        discussion: """
            The reflection (at least 500 words in all, by default) comes from --file or standard input; it is refused
            when it copies an earlier accepted entry or repeats itself, when it is not language (each part needs 80% of
            its words in the dictionary and some of the small words sentences are made of), when the trigger's answer
            does not say what happened in the trading or the plan's what you will do. Each answer needs 20 words. Prompts:
              \(JournalCheck.prompts.joined(separator: "\n  "))
            Example:
              gen-tilt journal --trigger "three stops in a row on BTCUSDT this morning, and after the third I bought again within a minute at double size to win it back" \
                --plan "I will take two trades a day at the planned size, with no new entry within an hour of a loss, and stop for the day after two losses" --file today.txt
            """)
    @OptionGroup var options: AccountOptions
    @Option(help: "What triggered it.") var trigger: String
    @Option(help: "What your plan is now.") var plan: String
    @Option(help: "The reflection, as a text file (default: standard input).") var file: String?

    func run() throws {
        let logger = options.global.logger("gen-tilt")
        _ = try options.global.loadConfigWithoutStore() // a bad file stops it before the reflection is typed
        let body: String
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ValidationError("cannot read --file '\(file)'") }
            body = text
        } else {
            if isatty(STDIN_FILENO) == 1 {
                logger.notice("write your reflection, then Ctrl-D:\n  \(JournalCheck.prompts.dropFirst(2).joined(separator: "\n  "))")
            }
            body = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let store = try options.global.openStore("gen-tilt journal", create: false)
        _ = try store.requireAccount(session: options.session)
        try store.refuseTimeTravel(options.time.at, session: options.session, command: "gen-tilt journal")
        // The journal rules in force: a loosened one waits out the cooling-off (DESIGN §1.3).
        let config = try options.global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        let now = try options.now(store)
        let outcome = try store.writeJournal(JournalDraft(trigger: trigger, plan: plan, body: body), session: options.session, config: config.tilt, now: now)
        guard outcome.accepted else { throw GenesisError.refused(rule: "tilt.journal", message: outcome.message) }
        print(outcome.message)
    }
}
