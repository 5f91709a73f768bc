import Foundation
import Logging
import ZIPFoundation
import GenesisDomain

/// `gen-fetch import`: Binance kline files (`.csv` or the published `.zip`)
/// and plain OHLCV CSV into the store, idempotently. Rows already stored are
/// skipped; minutes the exchange did not trade stay missing (never invented).
public struct KlineImporter {
    public struct Report: Sendable, Equatable {
        public var file: String
        public var symbol: String
        public var interval: String
        public var rows = 0
        public var inserted = 0
        public var skipped = 0
        public var rejected = 0
    }

    let store: CandleRepository
    let logger: Logger
    /// Rows per transaction: large enough to be fast, small enough to keep memory flat.
    let batchSize = 50_000

    public init(store: CandleRepository, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Symbol and interval from Binance's file names (`BTCUSDT-1m-2020-01.zip`).
    public static func identify(fileName: String) -> (symbol: String, interval: Interval)? {
        let parts = URL(fileURLWithPath: fileName).deletingPathExtension().lastPathComponent.split(separator: "-")
        guard parts.count >= 2, let interval = Interval(String(parts[1])) else { return nil }
        let symbol = String(parts[0])
        guard (try? Symbol.validate(symbol)) != nil else { return nil }
        return (symbol, interval)
    }

    /// Intervals up to a day sit on a UTC grid of their own length (3d and
    /// 1w klines start on other boundaries and are not checked).
    static let largestGridded = Interval("1d")!

    public func importFile(_ path: String, symbol: String?, interval: Interval?) throws -> Report {
        let identified = KlineImporter.identify(fileName: path)
        guard let symbol = symbol ?? identified?.symbol else {
            throw GenesisError.badInput(source: path, message: "cannot tell the symbol from the file name; pass --symbol")
        }
        guard let interval = interval ?? identified?.interval else {
            throw GenesisError.badInput(source: path, message: "cannot tell the interval from the file name; pass --interval")
        }
        try Symbol.validate(symbol)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw GenesisError.badInput(source: path, message: "no such readable file")
        }
        var report = Report(file: path, symbol: symbol, interval: interval.name)
        var batch: [KlineRow] = []
        batch.reserveCapacity(batchSize)
        var splitter = LineSplitter()
        let source = URL(fileURLWithPath: path).lastPathComponent
        var previous: Int64?
        var spacing = Spacing()
        let maxLineBytes = splitter.maxLineBytes
        let handleLine: (UnsafeBufferPointer<UInt8>?, Int) throws -> Void = { bytes, number in
            func reject(_ reason: String) {
                report.rejected += 1
                if report.rejected <= Self.linesNamed { logger.error("\(source) line \(number): \(reason)") }
            }
            guard let bytes else { return reject("longer than \(maxLineBytes) bytes; not a kline row") }
            if bytes.isEmpty || (bytes.count == 1 && bytes[0] == 13) { return }
            let parsed: KlineRow?
            do {
                parsed = try KlineCSV.parse(bytes)
            } catch let error as LineError {
                return reject(error.reason)
            } catch {
                throw error
            }
            guard let row = parsed else { return }
            if let previous {
                let gap = row.openTime - previous
                if gap <= 0 { return reject("open time \(Timestamp(milliseconds: row.openTime).iso8601) is not after the previous row's") }
                spacing.note(gap: gap, interval: interval)
            }
            previous = row.openTime
            // A row off the interval's UTC grid is not one of its candles.
            if interval.milliseconds <= Self.largestGridded.milliseconds, row.openTime.modulo(interval.milliseconds) != 0 {
                return reject("open time \(Timestamp(milliseconds: row.openTime).iso8601) is not on the \(interval) grid")
            }
            batch.append(row)
            report.rows += 1
            if batch.count >= batchSize {
                try spacing.check(path, interval)
                try flush(&batch, into: &report)
            }
        }
        if path.lowercased().hasSuffix(".zip") {
            let archive: Archive
            do {
                archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            } catch {
                throw GenesisError.badInput(source: path, message: "not a readable zip archive")
            }
            let entries = archive.filter { $0.type == .file && $0.path.lowercased().hasSuffix(".csv") }
            guard !entries.isEmpty else { throw GenesisError.badInput(source: path, message: "the archive holds no .csv file") }
            for entry in entries {
                do {
                    _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: false) { data in try splitter.feed(data, handleLine) }
                } catch let error as GenesisError {
                    throw error
                } catch {
                    throw GenesisError.badInput(source: path, message: "the archive is damaged (\(error))")
                }
                try splitter.finish(handleLine)
                splitter = LineSplitter()
            }
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw GenesisError.badInput(source: path, message: "cannot open") }
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                try splitter.feed(data, handleLine)
            }
            try splitter.finish(handleLine)
        }
        defer {
            if report.rejected > Self.linesNamed { logger.error("\(source): \(report.rejected - Self.linesNamed) more lines rejected (the first \(Self.linesNamed) are named above)") }
        }
        try spacing.check(path, interval)
        try flush(&batch, into: &report)
        return report
    }

    /// Rejected lines named one by one per file; the rest are counted.
    static let linesNamed = 20

    /// How far apart the rows open: when most are closer than the interval
    /// the file holds a finer one (a file of minutes is not one of hours),
    /// and nothing of it is stored. A stray row is only rejected.
    struct Spacing {
        var gaps = 0
        var close = 0
        var smallest = Int64.max

        mutating func note(gap: Int64, interval: Interval) {
            gaps += 1
            if gap < interval.milliseconds {
                close += 1
                smallest = min(smallest, gap)
            }
        }

        func check(_ path: String, _ interval: Interval) throws {
            guard close * 2 > gaps else { return }
            throw GenesisError.badInput(source: path, message: "\(close) of its \(gaps) rows open closer together than \(interval) (down to \(smallest / 1000) s apart): these are not \(interval) candles; import the file with the interval it holds")
        }
    }

    private func flush(_ batch: inout [KlineRow], into report: inout Report) throws {
        guard !batch.isEmpty else { return }
        let symbol = report.symbol
        let (inserted, skipped) = try store.insertCandles(symbol: symbol, interval: Interval(report.interval)!, rows: batch)
        report.inserted += inserted
        report.skipped += skipped
        batch.removeAll(keepingCapacity: true)
    }
}
