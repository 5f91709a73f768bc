import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

@Suite struct OrderBookTests {
    typealias Level = OrderBookSync.Level
    func level(_ price: String, _ quantity: String) -> Level { Level(price: Decimal(string: price)!, quantity: Decimal(string: quantity)!) }

    @Test func followsBinancesAlgorithmOnCraftedEvents() {
        var book = OrderBookSync()
        book.apply(.init(firstUpdateID: 5, finalUpdateID: 8, bids: [level("99", "1")], asks: []))
        book.apply(.init(firstUpdateID: 9, finalUpdateID: 12, bids: [level("100", "2")], asks: [level("101", "3")]))
        #expect(book.needsSnapshot)
        // A snapshot older than the first buffered event is refused.
        let stale = book.applySnapshot(lastUpdateID: 4, bids: [], asks: [])
        #expect(!stale)
        // This one contains events up to 10: the first is dropped, the second straddles it and applies.
        let usable = book.applySnapshot(lastUpdateID: 10, bids: [level("98", "1"), level("99", "4")], asks: [level("102", "1")])
        #expect(usable)
        #expect(book.state == .live && book.lastUpdateID == 12)
        #expect(book.bestBid == level("100", "2") && book.bestAsk == level("101", "3"))
        book.apply(.init(firstUpdateID: 13, finalUpdateID: 13, bids: [level("100", "0")], asks: []))
        #expect(book.bestBid == level("99", "4"))
        book.apply(.init(firstUpdateID: 11, finalUpdateID: 13, bids: [level("50", "1")], asks: [])) // stale: ignored
        #expect(book.bestBid == level("99", "4"))
        book.apply(.init(firstUpdateID: 20, finalUpdateID: 21, bids: [], asks: [])) // hole: 14…19 lost
        #expect(book.state == .waitingForSnapshot && book.resyncs == 1)
    }

    /// The real Binance recording: diffs at 100 ms, one REST snapshot taken
    /// mid-stream, and the real-time bookTicker, whose update ids share the
    /// book's sequence. Whenever the book stands exactly at a ticker's id, its
    /// best bid and ask must be the ticker's, to the last digit.
    @Test func keepsTheRealRecordedBookInStepWithTheTicker() throws {
        let path = TestSupport.fixture("btcusdt_20240808.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var book = OrderBookSync()
        var tickers: [Int64: (Decimal, Decimal)] = [:]
        var compared = 0
        var mismatches = 0
        var diffs = 0
        // The first 12,000 of its 41,249 lines (about a minute and a half of
        // market) keep the test fast; the snapshot is on line 8.
        for line in data.split(separator: 10).prefix(12_000) {
            guard let space = line.firstIndex(of: 32) else { continue }
            let message = try JSONValue.parse(Data(line[(space + 1)...]))
            if let snapshotID = message["lastUpdateId"]?.integer {
                let usable = book.applySnapshot(lastUpdateID: snapshotID, bids: OrderBookSync.levels(message["bids"]), asks: OrderBookSync.levels(message["asks"]))
                #expect(usable)
                continue
            }
            guard let stream = message["stream"]?.string, let event = message["data"] else { continue }
            if stream.hasSuffix("@bookTicker"), let id = event["u"]?.integer, let bid = event["b"]?.decimal, let ask = event["a"]?.decimal {
                tickers[id] = (bid, ask)
            } else if stream.contains("@depth"), let first = event["U"]?.integer, let final = event["u"]?.integer {
                diffs += 1
                book.apply(.init(firstUpdateID: first, finalUpdateID: final, bids: OrderBookSync.levels(event["b"]), asks: OrderBookSync.levels(event["a"])))
                if book.state == .live, let ticker = tickers[book.lastUpdateID] {
                    compared += 1
                    if book.bestBid?.price != ticker.0 || book.bestAsk?.price != ticker.1 { mismatches += 1 }
                }
            }
        }
        #expect(diffs > 800)
        #expect(book.state == .live)
        #expect(book.resyncs == 0)
        #expect(compared > 20)
        #expect(mismatches == 0)
    }
}
