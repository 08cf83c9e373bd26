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
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        // Tests only: property-based checks of the decoders and the config reader.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // numwatch's vocabulary, below every other module: the wall clock, timestamps, the doorbell
        // that wakes a waiting service, a watch and its services, how a sample ended, the provider's
        // settings and limits, where a secret is read.
        .target(name: "Domain"),
        // The provider's HTTP API: typed models, the client and its error type.
        .target(
            name: "ProviderAPI",
            dependencies: [
                "Domain",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
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
            ]
        ),
        // Configuration file: parsing, defaults and validation with file:line:key errors.
        .target(
            name: "Config",
            dependencies: [
                "Domain", "ProviderAPI",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // SQLite history: change-point storage, rollups, retention, queries.
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
        // alone moves, on a timer of its own), and their state.
        .target(
            name: "Alerting",
            dependencies: [
                "Domain", "Store", "Config", "ProviderAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Webhook delivery: the outbox, the body formats, signing, retries, its own HTTP client.
        .target(
            name: "Delivery",
            dependencies: [
                "Domain", "Alerting", "Config", "Store", "ProviderAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The scheduler that samples the provider into the store.
        .target(
            name: "Sampler",
            dependencies: [
                "Domain", "ProviderAPI", "Store", "Config",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP side of `numwatch serve`: /metrics, /healthz, history API.
        .target(
            name: "Web",
            dependencies: [
                "Domain", "ProviderAPI", "Store", "Sampler", "Config", "Alerting", "Delivery", "Numbers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Wiring (buildApplication) and the CLI's one-shot commands, so the executable stays thin.
        .target(
            name: "App",
            dependencies: [
                "Domain", "ProviderAPI", "Simulator", "Config", "Store", "Sampler", "Web", "Alerting", "Delivery", "Numbers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "numwatch",
            dependencies: [
                "Domain", "App", "Config", "Store", "Simulator", "ProviderAPI", "Alerting", "Numbers",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
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
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
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
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
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
