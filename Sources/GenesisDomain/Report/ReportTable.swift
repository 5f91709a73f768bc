import Foundation

/// A report table for machines, written once and printed as JSON or CSV, so
/// the two formats of a `gen-report` table can never disagree on a value.
///
/// The conventions are those of `gen-report summary --json`
/// (docs/METRICS.md, "The summary's figures"): money is an exact decimal
/// string, a statistic a JSON number, a missing figure null. `--json` on a
/// table prints one JSON array with one object per row (one row per line, so
/// it also greps); `gen-report audit`, a filtered event stream, stays one
/// object per line.
public struct ReportTable: Sendable {
    /// The CSV columns, in order: the names of the members each row has.
    public var columns: [String]
    /// One object per row. A member not named in `columns` (a row's
    /// `why_null`, say) is in the JSON only.
    public var rows: [[(String, JSONValue)]]

    public init(columns: [String], rows: [[(String, JSONValue)]]) {
        self.columns = columns
        self.rows = rows
    }

    /// `[`, one object per line, `]` and a newline (`[]` for no rows).
    public func json() -> String {
        guard !rows.isEmpty else { return "[]\n" }
        return "[\n" + rows.map { JSONValue.object($0).text }.joined(separator: ",\n") + "\n]\n"
    }

    /// A header line of `columns`, then one line per row: a string as it
    /// is, a number or boolean as its JSON text, null as an empty field, an
    /// object or array as its JSON text; fields quoted as RFC 4180 wants.
    public func csv() -> String {
        var text = columns.map(Self.field).joined(separator: ",") + "\n"
        for row in rows {
            text += columns.map { column in Self.field(Self.cell(row.first { $0.0 == column }?.1 ?? .null)) }.joined(separator: ",") + "\n"
        }
        return text
    }

    /// The CSV text of one value, before quoting.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case let .string(text): return text
        default: return value.text
        }
    }

    /// `text` quoted (quotes doubled) when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows of text in columns two spaces apart, for people: the first
    /// column left-aligned, the others right-aligned (they hold figures).
    public static func aligned(_ lines: [[String]]) -> String {
        let count = lines.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in lines.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return lines.map { line in
            var text = line.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 ? text + pad : pad + text
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }.joined(separator: "\n") + "\n"
    }
}
