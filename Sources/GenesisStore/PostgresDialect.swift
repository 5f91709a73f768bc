import Foundation

/// The store's SQL is written once, in the SQLite dialect; this turns a
/// statement into PostgreSQL's, once per statement text per process. What it
/// rewrites, outside string literals only:
///
/// - `?` and `?N` placeholders become `$n`;
/// - `INSERT OR IGNORE` becomes `… ON CONFLICT DO NOTHING`, and
///   `INSERT OR REPLACE` an upsert on the table's key (`replaceKeys`);
/// - two-argument `MAX`/`MIN` (SQLite's scalar forms) become `GREATEST`/`LEAST`;
/// - `LIKE` becomes `ILIKE` (SQLite's LIKE ignores ASCII case);
/// - SQLite's `NOT INDEXED` hint goes;
/// - `CAST(… AS REAL)` becomes `DOUBLE PRECISION` (PostgreSQL's REAL is 4 bytes).
///
/// `json_extract` and `json_valid` need no rewriting: the PostgreSQL schema
/// defines both (`PostgresSchema`).
enum PostgresDialect {
    /// The conflict key of each table written with `INSERT OR REPLACE`.
    static let replaceKeys: [String: [String]] = [
        "exchange_pauses": ["venue"],
        "exchange_info_cache": ["venue"],
        "stage_progress": ["session"],
        "pipeline_heartbeat": ["session", "venue"],
        "clock_offsets": ["venue"],
        "watcher_heartbeat": ["id"],
    ]

    private static let cache = LockedValue<[String: String]>([:])

    static func translate(_ sql: String) -> String {
        if let known = cache.withLock({ $0[sql] }) { return known }
        let translated = rewrite(sql)
        cache.withLock { $0[sql] = translated }
        return translated
    }

    static func rewrite(_ sql: String) -> String {
        // Set string literals aside so that no rewrite touches their text.
        var code = "", literals: [String] = []
        var index = sql.startIndex
        while index < sql.endIndex {
            let character = sql[index]
            if character == "'" {
                var end = sql.index(after: index)
                while end < sql.endIndex {
                    if sql[end] == "'" {
                        let next = sql.index(after: end)
                        if next < sql.endIndex, sql[next] == "'" { end = sql.index(after: next); continue }
                        break
                    }
                    end = sql.index(after: end)
                }
                let stop = end < sql.endIndex ? sql.index(after: end) : end
                code += "\u{1}\(literals.count)\u{1}"
                literals.append(String(sql[index..<stop]))
                index = stop
            } else {
                code.append(character)
                index = sql.index(after: index)
            }
        }
        code = replacingInsertOr(code)
        code = code.replacingOccurrences(of: #"\bLIKE\b"#, with: "ILIKE", options: [.regularExpression, .caseInsensitive])
        code = code.replacingOccurrences(of: #"\s+NOT\s+INDEXED\b"#, with: "", options: [.regularExpression, .caseInsensitive])
        code = code.replacingOccurrences(of: #"\bAS\s+REAL\b"#, with: "AS DOUBLE PRECISION", options: [.regularExpression, .caseInsensitive])
        code = scalarExtremes(code)
        code = numberedPlaceholders(code)
        // Put the literals back.
        var result = "", parts = code.split(separator: "\u{1}", omittingEmptySubsequences: false)[...]
        var inLiteral = false
        while let part = parts.popFirst() {
            result += inLiteral ? literals[Int(part)!] : String(part)
            inLiteral.toggle()
        }
        return result
    }

    private static func replacingInsertOr(_ code: String) -> String {
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
        if let range = trimmed.range(of: #"^INSERT\s+OR\s+IGNORE\s+INTO"#, options: [.regularExpression, .caseInsensitive]) {
            return "INSERT INTO" + trimmed[range.upperBound...] + " ON CONFLICT DO NOTHING"
        }
        guard let range = trimmed.range(of: #"^INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)\s*\(([^)]*)\)"#, options: [.regularExpression, .caseInsensitive]) else {
            return code
        }
        let head = trimmed[range]
        let table = head.replacingOccurrences(of: #"^INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)[\s\S]*$"#, with: "$1", options: [.regularExpression, .caseInsensitive])
        let columns = head[head.firstIndex(of: "(")!...].dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let key = replaceKeys[table] else { preconditionFailure("INSERT OR REPLACE INTO \(table) needs its key in PostgresDialect.replaceKeys") }
        let updates = columns.filter { !key.contains($0) }.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", ")))" + trimmed[range.upperBound...]
            + " ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates)"
    }

    /// The statements of a script, split at the semicolons that end them
    /// (not those inside quotes, `$$` bodies or `--` comments): the driver
    /// speaks only the extended protocol, one statement per query.
    static func statements(_ script: String) -> [String] {
        var result: [String] = [], current = ""
        var quote: Character?, dollar = false, comment = false
        var previous: Character = " "
        for character in script {
            defer { previous = character }
            if comment {
                if character == "\n" { comment = false }
                continue
            }
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
                continue
            }
            if dollar {
                current.append(character)
                if character == "$" && previous == "$" { dollar = false }
                continue
            }
            switch character {
            case "'", "\"": quote = character; current.append(character)
            case "$" where previous == "$": dollar = true; current.append(character)
            case "-" where previous == "-": current.removeLast(); comment = true
            case ";":
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { result.append(statement) }
                current = ""
            default: current.append(character)
            }
        }
        let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !statement.isEmpty { result.append(statement) }
        return result
    }

    /// `MAX(a, b)` → `GREATEST(a, b)`, `MIN(a, b)` → `LEAST(a, b)`; the
    /// one-argument aggregates stay.
    private static func scalarExtremes(_ code: String) -> String {
        var characters = Array(code)
        var position = 0
        while position + 4 <= characters.count {
            let word = String(characters[position..<position + 4]).uppercased()
            let boundary = position == 0 || !(characters[position - 1].isLetter || characters[position - 1].isNumber || characters[position - 1] == "_")
            guard boundary, word == "MAX(" || word == "MIN(" else { position += 1; continue }
            var depth = 0, cursor = position + 3, twoArguments = false
            while cursor < characters.count {
                switch characters[cursor] {
                case "(": depth += 1
                case ")": depth -= 1
                case "," where depth == 1: twoArguments = true
                default: break
                }
                if depth == 0 { break }
                cursor += 1
            }
            if twoArguments {
                let name = Array(word == "MAX(" ? "GREATEST" : "LEAST")
                characters.replaceSubrange(position..<position + 3, with: name)
                position += name.count
            } else {
                position += 4
            }
        }
        return String(characters)
    }

    /// `?` → `$1, $2, …` in order; `?N` → `$N`.
    private static func numberedPlaceholders(_ code: String) -> String {
        var result = "", next = 1
        var characters = code.makeIterator()
        var pending: Character? = characters.next()
        while let character = pending {
            pending = characters.next()
            guard character == "?" else { result.append(character); continue }
            var digits = ""
            while let digit = pending, digit.isASCII, digit.isNumber { digits.append(digit); pending = characters.next() }
            if digits.isEmpty { result += "$\(next)"; next += 1 } else { result += "$" + digits }
        }
        return result
    }
}
