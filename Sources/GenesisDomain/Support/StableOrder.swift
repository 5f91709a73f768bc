extension RandomAccessCollection where Index == Int {
    /// The indices in the order of `key`, equal keys in index order (a stable
    /// sort); nil when the elements are in that order already, the usual case
    /// for rows the store reads in booking order, which then need no sort and
    /// no copy. Reads only the keys, so large elements are not copied to check.
    public func stableOrderIfUnsorted<Key: Comparable>(by key: (Int) -> Key) -> [Int]? {
        guard indices.dropFirst().contains(where: { key($0 - 1) > key($0) }) else { return nil }
        return indices.sorted { (key($0), $0) < (key($1), $1) }
    }
}
