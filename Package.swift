// swift-tools-version:6.1
import PackageDescription

/// GENESIS: libraries along the real seams, and one thin executable per Unix
/// command that links only what it uses.
///
/// - `GenesisDomain`: the rules and their arithmetic (market data, signals,
///   risk, tiers, tilt, execution on paper, reports' figures), the NDJSON
///   line codec, the configuration model and the seams (repository and venue
///   protocols). Foundation only, plus swift-crypto's SHA-256 for the
///   deterministic client order ids.
/// - `GenesisPipeline`: the streaming stages (gen-signal, gen-risk, gen-exec),
///   kline file import and configuration loading.
/// - `GenesisStore`: the store, on SQLite (GRDB) or a PostgreSQL server
///   (postgres-nio); all SQL lives here.
/// - `GenesisBinance`: Binance's wire rules shared by the client and the simulator
///   (request signing, API credentials).
/// - `GenesisExchange`: Binance over REST and WebSocket, the exchange venue and the watcher.
/// - `GenesisControl`: the local control API (Hummingbird).
/// - `GenesisSimulator`: gen-sim's Binance-compatible exchange; linked by gen-sim and the tests only.
/// - `GenesisCommandLine`: ArgumentParser conformances, global options, logging set-up, exit codes.
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")

/// Each command and the libraries it links.
let commands: [(name: String, libraries: [Target.Dependency])] = [
    ("gen-fetch", ["GenesisPipeline", "GenesisStore", "GenesisBinance", "GenesisExchange"]),
    ("gen-signal", ["GenesisPipeline", "GenesisStore"]),
    ("gen-risk", ["GenesisPipeline", "GenesisStore", "GenesisExchange"]),
    ("gen-exec", ["GenesisPipeline", "GenesisStore", "GenesisBinance", "GenesisExchange", "GenesisControl"]),
    ("gen-report", ["GenesisStore"]),
    ("gen-tilt", ["GenesisStore"]),
    ("gen-sim", ["GenesisStore", "GenesisBinance", "GenesisSimulator"]),
    ("gen-alert", ["GenesisPipeline", "GenesisStore", "GenesisAlert"]),
]

let package = Package(
    name: "genesis",
    platforms: [.macOS(.v14)],
    products: commands.map { .executable(name: $0.name, targets: [$0.name]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "GenesisDomain", dependencies: [crypto]),
        .target(name: "GenesisPipeline", dependencies: [
            "GenesisDomain", logging,
            .product(name: "Yams", package: "Yams"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "GenesisStore", dependencies: [
            "GenesisDomain", crypto,
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "GenesisBinance", dependencies: ["GenesisDomain", crypto]),
        .target(name: "GenesisExchange", dependencies: [
            "GenesisDomain", "GenesisBinance", "GenesisStore", logging, crypto,
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
        ]),
        .target(name: "GenesisControl", dependencies: [
            "GenesisDomain", "GenesisBinance", "GenesisStore", logging, crypto,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .target(name: "GenesisSimulator", dependencies: [
            "GenesisDomain", "GenesisBinance", logging, crypto,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .target(name: "GenesisAlert", dependencies: ["GenesisDomain", "GenesisStore", "GenesisBinance", logging, .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        .target(name: "GenesisCommandLine", dependencies: [
            "GenesisDomain", "GenesisStore", "GenesisPipeline", argumentParser, logging,
        ]),
    ] + commands.map { command in
        .executableTarget(name: command.name, dependencies: ["GenesisDomain", "GenesisCommandLine", argumentParser] + command.libraries)
    } + [
        .testTarget(
            name: "GenesisTests",
            dependencies: ["GenesisDomain", "GenesisPipeline", "GenesisStore", "GenesisBinance", "GenesisExchange", "GenesisControl",
                           "GenesisSimulator", "GenesisCommandLine"] + commands.map { .target(name: $0.name) }
        ),
    ],
    swiftLanguageModes: [.v6]
)
