import Foundation

/// DESIGN §1.3: loosening any protective setting takes effect only after a
/// cooling-off delay (`risk.loosenCoolingOffMinutes`, default 1 h), so a rule
/// cannot be widened in the heat of a losing streak and used the same
/// minute. Tightening takes effect at once.
///
/// Works on flattened values (`ConfigKeys.flatten`) and the direction of
/// each key in `ConfigKeys.rules`. While a loosening cools off, the value in
/// force is the stricter of the old and the new one, item by item for lists:
/// a list that gains one name and loses another drops the lost one at once
/// and waits for the new one.
public enum LimitCoolingOff {
    /// The value in force while a change of `key` from `old` to `new` cools
    /// off: `new` itself when it is not looser than `old`.
    public static func stricter(_ key: String, old: String, new: String) -> String {
        guard old != new, let rule = ConfigKeys.rule(for: key) else { return new }
        return stricter(rule.loosening, absent: rule.absent, old: old, new: new)
    }

    /// True when `new` allows more than `old` for `key`.
    public static func isLooser(_ key: String, old: String, new: String) -> Bool {
        stricter(key, old: old, new: new) != new
    }

    /// The keys of `new` that allow more than in `old` (keys missing from
    /// either are not compared).
    public static func loosened(from old: [String: String], to new: [String: String]) -> [String] {
        new.keys.sorted().filter { key in old[key].map { isLooser(key, old: $0, new: new[key]!) } ?? false }
    }

    static func stricter(_ loosening: Loosening, absent: AbsentMeans, old: String, new: String) -> String {
        switch loosening {
        case .notProtective:
            return new
        case .onAnyChange:
            return old
        case .whenSetGrows:
            guard let before = ConfigKeys.items(of: old), let after = ConfigKeys.items(of: new) else { return old }
            return "[" + after.filter(before.contains).joined(separator: ", ") + "]"
        case .whenLarger, .whenSmaller:
            let largerIsLooser = loosening == .whenLarger
            if let before = ConfigKeys.items(of: old), let after = ConfigKeys.items(of: new) {
                // Item by item; a list that changes length has no item-wise order, and waits whole.
                guard before.count == after.count else { return old }
                return "[" + zip(before, after).map { stricterScalar(largerIsLooser, absent: absent, old: $0, new: $1) }.joined(separator: ", ") + "]"
            }
            return stricterScalar(largerIsLooser, absent: absent, old: old, new: new)
        }
    }

    /// The stricter of two numbers (or `null`s); text that is not a number
    /// cannot be ordered, so any change of it waits.
    static func stricterScalar(_ largerIsLooser: Bool, absent: AbsentMeans, old: String, new: String) -> String {
        guard old != new else { return new }
        let before = old == "null" ? nil : Decimal.parse(old), after = new == "null" ? nil : Decimal.parse(new)
        switch (before, after) {
        case let (before?, after?):
            if before == after { return new }
            return (after > before) == largerIsLooser ? old : new
        case (nil, nil):
            return old // not numbers at all
        case (nil, _?), (_?, nil):
            // One side is `null`: an endless figure, no limit, or not comparable.
            let newIsAbsent = after == nil
            switch absent {
            case .incomparable:
                return old
            case .noLimit:
                return newIsAbsent ? old : new
            case .infinite:
                // +∞ is the loosest of larger-is-looser figures and the strictest of the others.
                let absentIsLoosest = largerIsLooser
                return newIsAbsent == absentIsLoosest ? old : new
            }
        }
    }
}
