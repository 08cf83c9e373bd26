// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "numwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "numwatch", targets: ["numwatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // 2.13: a graceful shutdown triggered before `run` is kept (ProviderAccount.run relies on it).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        // Already there through the ones above; named because numwatch imports their modules itself.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        // Tests only: property-based checks of the decoders and the config reader.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // numwatch's vocabulary, below every other module: a watch and its services, the provider's
        // settings and limits, the closed sets (sample outcome, alert state, severity), Toman, the
        // wall clock, timestamps and the provider's Tehran clock, the doorbell, where a secret is
        // read, and the text escaping every module that shows outside data uses.
        .target(name: "Domain"),
        // The provider's HTTP API: typed models, the lenient decoders, the client and its error type.
        .target(
            name: "ProviderAPI",
            dependencies: [
                "Domain",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // A faithful provider simulator served over real HTTP.
        .target(
            name: "Simulator",
            dependencies: [
                "Domain", "ProviderAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The configuration file: parsing, defaults and validation with file:line: key errors.
        .target(
            name: "Config",
            dependencies: [
                "Domain",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The SQLite history (change points, rollups, retention, backups), the numbers ledger, and
        // the migrator every module registers its own tables with.
        .target(
            name: "Store",
            dependencies: [
                "Domain",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Numbers: take, check, cancel and the SMS push, guarded against the provider's bans and
        // recorded in the ledger; the cheapest-country choice.
        .target(
            name: "Numbers",
            dependencies: ["Domain", "ProviderAPI", "Store"]
        ),
        // Alert rules, their evaluation inside the store's write of a round (and, for what time
        // alone moves, on a timer of its own), their state and their tables.
        .target(
            name: "Alerting",
            dependencies: [
                "Domain", "Store", "Config",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Webhook delivery: the outbox and its table, the body formats, signing, retries, its own HTTP client.
        .target(
            name: "Delivery",
            dependencies: [
                "Domain", "Alerting", "Config", "Store",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The scheduler that samples the provider into the store (its settings: `sampling:` and the watches).
        .target(
            name: "Sampler",
            dependencies: [
                "Domain", "ProviderAPI", "Store", "Config",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP side of `numwatch serve`: /metrics, the JSON API and probes, the HTML report, the
        // SMS callback, access control.
        .target(
            name: "Web",
            dependencies: [
                "Domain", "ProviderAPI", "Store", "Sampler", "Config", "Alerting", "Delivery", "Numbers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The one setup path (serve, demo, the CLI's provider commands), every module's tables in
        // shipped order, reload, logging, and the CLI's one-shot commands, so the executable stays thin.
        .target(
            name: "App",
            dependencies: [
                "Domain", "ProviderAPI", "Simulator", "Config", "Store", "Sampler", "Web", "Alerting", "Delivery", "Numbers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        // The command line: parses, boots logging, calls App.
        .executableTarget(
            name: "numwatch",
            dependencies: [
                "Domain", "App", "Config", "Store", "Simulator", "ProviderAPI", "Alerting", "Numbers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks (run through the scripts in bench/).
        .executableTarget(
            name: "numwatch-bench",
            dependencies: [
                "Domain", "ProviderAPI", "Simulator", "Store", "Alerting", "Config", "App", "Sampler", "Web",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/numwatch-bench"
        ),
        .testTarget(
            name: "NumwatchTests",
            dependencies: [
                "Domain", "ProviderAPI", "Simulator", "Config", "Store", "Sampler", "Web", "App", "Alerting", "Delivery", "Numbers",
                // Not linked into the tests: built beside them for the crash-safety test to kill.
                "numwatch-bench",
                // The CLI's commands, parsed and run in-process by the CLI fuzzer.
                "numwatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Every existential spelled `any` (SE-0335), in every target.
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny")]
}
