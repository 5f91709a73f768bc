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
        let handleLine: (UnsafeBufferPointer<UInt8>, Int) throws -> Void = { bytes, number in
            if bytes.isEmpty || (bytes.count == 1 && bytes[0] == 13) { return }
            let parsed: KlineRow?
            do {
                parsed = try KlineCSV.parse(bytes)
            } catch let error as LineError {
                report.rejected += 1
                logger.error("\(source) line \(number): \(error.reason)")
                return
            } catch {
                throw error
            }
            guard let row = parsed else { return }
            batch.append(row)
            report.rows += 1
            if batch.count >= batchSize { try flush(&batch, into: &report) }
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
        try flush(&batch, into: &report)
        return report
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
