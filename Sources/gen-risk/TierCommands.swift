import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisCommandLine

/// `gen-risk tier …`: the tier state machine from the command line (DESIGN §2).
struct TierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tier",
        abstract: "The current tier, every gate toward the next one, and the features still locked.",
        discussion: """
            Examples:
              gen-risk tier
              gen-risk tier evaluate                          # daily, from cron; records which gates passed
              gen-risk tier accept --confirm "I understand the responsibilities"
              gen-risk tier demote --reason "stepping back after a bad week"
              gen-risk tier override --confirm "OVERRIDE EMERGENCY HALT" --reason "closing a hedge by hand"
            """,
        subcommands: [Status.self, Evaluate.self, Accept.self, Demote.self, Override.self],
        defaultSubcommand: Status.self
    )

    static func render(_ evaluation: TierEvaluation, state: TierState, config: GenesisConfig, json: Bool) -> String {
        let locked = evaluation.lockedFeatures(config: config)
        if json {
            var line = JSONLineBuilder()
            line.field("tier", evaluation.tier.rawValue)
            line.field("target", evaluation.target?.rawValue)
            line.field("evaluated_at", evaluation.evaluatedAt.iso8601)
            line.field("passed", evaluation.passed)
            line.field("gates", objects: evaluation.gates.map { gate in
                var item = JSONLineBuilder()
                item.field("gate", gate.name)
                item.field("current", gate.current)
                item.field("required", gate.required)
                item.field("passed", gate.passed)
                return item
            })
            line.field("locked", strings: locked)
            return line.finish().trimmingCharacters(in: .newlines)
        }
        var lines = ["tier \(evaluation.tier.rawValue)" + (evaluation.target.map { "; next: \($0.rawValue)" } ?? " (the highest)")]
        let width = evaluation.gates.map(\.name.count).max() ?? 0
        for gate in evaluation.gates {
            lines.append("  \(gate.passed ? "✓" : "✗") \(gate.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(gate.current)  (needs \(gate.required))")
        }
        if evaluation.passed {
            lines.append("every gate passes: promote with `gen-risk tier accept --confirm \"\(config.progression.acceptPhrase)\"`")
        } else if evaluation.target != nil {
            lines.append("promotion needs every gate passed")
        }
        if !locked.isEmpty { lines.append("locked until \(evaluation.target!.rawValue): " + locked.joined(separator: ", ")) }
        if let adjustment = state.adjustment, evaluation.evaluatedAt < adjustment.endsAt {
            lines.append("adjustment period at \(adjustment.tier.rawValue) until \(adjustment.endsAt.iso8601): position limits ramp 25% → 40% → 60% → 80%")
        }
        if let emergency = state.emergencyAt {
            lines.append("last emergency demotion \(emergency.iso8601); journal \(state.journalRequired ? "required before the next trade (`gen-tilt journal`)" : "written")")
        }
        return lines.joined(separator: "\n")
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the tier, each gate (current vs required) and the locked features.",
                                                        discussion: "Examples:\n  gen-risk tier status\n  gen-risk tier --json")
        @OptionGroup var options: AccountOptions

        func run() throws {
            let (config, store) = try options.open("gen-risk tier", readOnly: true)
            let now = try options.now(store)
            let snapshot = try store.tierSnapshot(session: options.session, config: config, now: now)
            let evaluation = TierMachine(config: config).evaluate(snapshot, now: now)
            print(TierCommand.render(evaluation, state: snapshot.state, config: config, json: options.json))
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate the gates once for the day and record which passed (idempotent: a second run the same UTC day shows the recorded result).",
            discussion: "Example (cron, daily):\n  5 0 * * * gen-risk tier evaluate")
        @OptionGroup var options: AccountOptions

        func run() throws {
            let (config, store) = try options.open("gen-risk tier evaluate")
            let now = try options.now(store)
            let (evaluation, fresh) = try store.recordTierEvaluation(session: options.session, config: config, now: now)
            if !fresh, !options.json { FileHandle.standardError.write(Data("gen-risk: already evaluated today at \(evaluation.evaluatedAt.iso8601); showing that result\n".utf8)) }
            print(TierCommand.render(evaluation, state: try store.tierState(session: options.session), config: config, json: options.json))
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept a promotion whose gates all pass, with the typed confirmation phrase; it opens the adjustment period.",
            discussion: "Example:\n  gen-risk tier accept --confirm \"I understand the responsibilities\"")
        @OptionGroup var options: AccountOptions
        @Option(help: "The phrase, typed exactly.") var confirm: String

        func run() throws {
            let (config, store) = try options.open("gen-risk tier accept")
            let change = try store.acceptPromotion(session: options.session, confirmation: confirm, config: config, now: try options.now(store))
            let hours = config.tiers[change.to].promotion?.adjustmentHours ?? 0
            print("promoted from \(change.from.rawValue) to \(change.to.rawValue); for the next \(hours) hours position limits ramp 25% → 40% → 60% → 80% of normal")
        }
    }

    struct Demote: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step down one tier by your own decision; open orders are canceled and the 30-day floor before re-advancement starts.",
            discussion: "Example:\n  gen-risk tier demote --reason \"too many trades this week\"")
        @OptionGroup var options: AccountOptions
        @Option(help: "Why (kept in the audit trail).") var reason: String

        func validate() throws {
            guard reason.split(separator: " ").count >= 2 else { throw ValidationError("--reason needs a few words; it goes into the audit trail") }
        }

        func run() throws {
            let (config, store) = try options.open("gen-risk tier demote")
            let (change, canceled) = try store.demoteManually(session: options.session, reason: reason, config: config, now: try options.now(store))
            print("tier \(change.from.rawValue) → \(change.to.rawValue); \(canceled.count) open order\(canceled.count == 1 ? "" : "s") canceled in the store (on an exchange: `gen-exec cancel-all`)")
        }
    }

    struct Override: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lift an emergency halt for a few minutes (at most twice a day), with the typed phrase and a reason; every attempt counts as a tilt event.",
            discussion: "Example:\n  gen-risk tier override --confirm \"OVERRIDE EMERGENCY HALT\" --reason \"closing a hedge by hand\"")
        @OptionGroup var options: AccountOptions
        @Option(help: "The phrase, typed exactly.") var confirm: String
        @Option(help: "Why (kept in the audit trail).") var reason: String

        func run() throws {
            let (config, store) = try options.open("gen-risk tier override")
            let until = try store.overrideEmergency(session: options.session, confirmation: confirm, reason: reason, config: config, now: try options.now(store))
            print("emergency halt lifted until \(until.iso8601); emergency limits still apply")
        }
    }
}

/// `gen-risk limits`: the effective limits now, and why.
struct LimitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits",
        abstract: "Print the effective risk limits right now and why (size and its multipliers, losses, positions, drawdown, trades).",
        discussion: "Examples:\n  gen-risk limits\n  gen-risk limits --session backtest-1 --at 2020-03-13 --json")
    @OptionGroup var options: AccountOptions

    func run() throws {
        // The configuration in force, as gen-risk uses it: loosenings still cooling off keep the stricter value.
        let (config, store) = try options.open("gen-risk limits", readOnly: true)
        let now = try options.now(store)
        let pending = try store.pendingLoosenings(session: options.session)
        var state = try store.riskState(session: options.session, config: config, now: now)
        // Open positions marked as gen-risk marks one its input has not priced.
        for position in state.openPositions { state.marks[position.symbol] = try store.latestClose(symbol: position.symbol, before: now) }
        let limits = EffectiveLimits(state: state, config: config, now: now)
        print(options.json ? limits.json : limits.text)
        if !options.json {
            for item in pending { print("cooling off: \(item.key) stays \(item.old) until \(item.effectiveAt.iso8601), then \(item.new)") }
        }
    }
}
