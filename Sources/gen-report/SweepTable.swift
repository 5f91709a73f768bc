import Foundation
import GenesisDomain

/// `gen-report sweep` for people: the combinations ranked out of sample,
/// the folds and their choices, the walk-forward line, the warnings.
enum SweepTable {
    static func text(_ evaluation: SweepEvaluation) -> String {
        var text = "Combinations, ranked out of sample by \(evaluation.rankBy.rawValue) (IS: train windows pooled, OOS: test windows in a row)\n"
        let header = ["rank", "combination", "IS trades", "IS return", "IS Sharpe", "OOS trades", "OOS win", "OOS net P&L", "OOS return",
                      "OOS worst DD", "OOS Sharpe", "Sharpe gap"]
        let rows = evaluation.ranking.enumerated().map { rank, index -> [String] in
            let result = evaluation.combinations[index]
            let a = result.inSample, b = result.outOfSample
            return [String(rank + 1), result.combination.label, String(a.trades), percent(a.returnPercent), number(a.sharpe),
                    String(b.trades), ReportFormat.percent(b.winRate), ReportFormat.money(b.netPnL), percent(b.returnPercent),
                    percent(b.worstMaxDrawdownPercent), number(b.sharpe), number(result.sharpeGap)]
        }
        text += columns([header] + rows)

        text += "\nFolds: each chooses on its train window by \(evaluation.rankBy.rawValue), then trades the test window after it\n"
        let foldRows = evaluation.choices.map { choice -> [String] in
            let train = SweepAggregate([choice.train]), test = SweepAggregate([choice.test])
            return [String(choice.fold.index + 1), choice.fold.train.label, choice.fold.test.label,
                    evaluation.combinations[choice.chosen].combination.label, percent(train.returnPercent), String(test.trades), percent(test.returnPercent)]
        }
        text += columns([["fold", "train", "test", "chosen", "train return", "test trades", "test return"]] + foldRows)

        let line = evaluation.walkForward, chosenIS = evaluation.walkForwardInSample
        text += "\n" + TextTable.render(title: "Walk-forward, out of sample: the figure to believe", rows: [
            ("trades", "\(line.trades) over \(line.runs) test window\(line.runs == 1 ? "" : "s")"),
            ("win rate", ReportFormat.percent(line.winRate, why: line.trades == 0 ? "no closed trades" : nil)),
            ("net P&L (marked to market)", ReportFormat.money(line.netPnL)),
            ("return (windows chained)", percent(line.returnPercent)),
            ("max drawdown, worst window", percent(line.worstMaxDrawdownPercent)),
            ("max drawdown, chained", String(format: "%.2f%%", line.chainedMaxDrawdownPercent)),
            ("Sharpe (daily returns chained)", sharpe(line)),
            ("in-sample Sharpe of the same choices", sharpe(chosenIS)),
        ])
        if !evaluation.warnings.isEmpty {
            text += "\nWarnings\n--------\n" + evaluation.warnings.map { "- \($0.code.rawValue): \($0.message)\n" }.joined()
        }
        return text
    }

    static func percent(_ value: Decimal?) -> String { value.map { ReportFormat.money($0) + "%" } ?? "n/a" }
    static func number(_ value: Double?) -> String { ReportFormat.number(value) }

    static func sharpe(_ aggregate: SweepAggregate) -> String {
        let why = aggregate.dailyReturns.count < PerformanceMetrics.minimumDailyReturns
            ? "needs at least \(PerformanceMetrics.minimumDailyReturns) daily returns; there are \(aggregate.dailyReturns.count)"
            : "the daily returns do not vary"
        return ReportFormat.number(aggregate.sharpe, why: why)
    }

    /// Left-aligned columns two spaces apart.
    static func columns(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
