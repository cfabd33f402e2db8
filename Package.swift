// swift-tools-version: 6.2
import PackageDescription

// Module graph (see docs/adr/0003-module-boundaries.md): feature modules depend only on Contracts and
// the infrastructure modules, never on each other; the executable wires them together.
let featureDependencies: [Target.Dependency] = [
    "Contracts", "Web", "Console", "Postgres", "Audit", "LibCrypto", "Blocking", "Tabular",
    .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "Logging", package: "swift-log"),
    .product(name: "CoreMetrics", package: "swift-metrics"),
]

let package = Package(
    name: "health-talent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "health-talent", targets: ["HealthTalent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),

        // Infrastructure.
        .target(name: "LibCrypto", dependencies: ["CLibCrypto"]),
        .target(name: "Blocking", dependencies: [.product(name: "NIOPosix", package: "swift-nio")]),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ", "LibCrypto", "Blocking",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Web",
            dependencies: [
                "Contracts", "LibCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The administrators' web console: layout, sessions, CSRF, assets, forms (docs/adr/0015).
        .target(
            name: "Console",
            dependencies: [
                "Contracts", "Web", "LibCrypto", "Tabular",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Contracts", dependencies: ["Postgres"]),
        // CSV as Excel writes and reads it: the one reader, decoding, dates, formula neutralisation.
        .target(name: "Tabular", dependencies: ["Contracts"]),
        .target(name: "Audit", dependencies: ["Contracts", "Postgres"]),

        // Feature modules.
        .target(
            name: "Identity",
            dependencies: featureDependencies + [.product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .target(name: "Institutions", dependencies: featureDependencies),
        .target(name: "TrialPeriod", dependencies: featureDependencies),
        .target(name: "Confirmation", dependencies: featureDependencies),
        .target(name: "Attachments", dependencies: featureDependencies),
        .target(
            name: "Notifications",
            dependencies: featureDependencies + [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The application: configuration, dependencies, wiring. Tests build the same thing.
        .target(
            name: "App",
            dependencies: [
                "Contracts", "Web", "Console", "Postgres", "LibCrypto", "Blocking", "Audit", "Tabular",
                "Identity", "Institutions", "TrialPeriod", "Confirmation", "Attachments", "Notifications",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // The executable: the commands only.
        .executableTarget(
            name: "HealthTalent",
            dependencies: [
                "App", "Contracts", "Web", "Postgres", "Blocking", "Audit", "Identity", "Attachments", "Institutions", "TrialPeriod", "Notifications", "Tabular",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/health-talent"
        ),

        // Tests.
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "Blocking", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "Contracts"]),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "Blocking", "TestSupport"]
        ),
        .target(
            name: "AppTestSupport",
            dependencies: [
                "App", "Identity", "Attachments", "Institutions", "TrialPeriod", "Confirmation", "Notifications", "Contracts", "Postgres", "Web", "LibCrypto", "Blocking", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/AppTestSupport"
        ),
        .testTarget(
            name: "IdentityTests",
            dependencies: [
                "AppTestSupport", "App", "Identity", "Console", "Contracts", "Postgres", "Web", "LibCrypto", "Blocking", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "AttachmentsTests",
            dependencies: [
                "AppTestSupport", "App", "Attachments", "Contracts", "Postgres", "Web", "LibCrypto", "Blocking", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "InstitutionsTests",
            dependencies: [
                "AppTestSupport", "App", "Institutions", "Contracts", "Postgres", "Web", "LibCrypto", "TestSupport", "Tabular",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "ConfirmationTests",
            dependencies: [
                "AppTestSupport", "App", "Confirmation", "Console", "Contracts", "Postgres", "Web", "TestSupport", "Tabular",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "TrialPeriodTests",
            dependencies: [
                "AppTestSupport", "App", "TrialPeriod", "Console", "Contracts", "Identity", "Postgres", "Web", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "AppTestSupport", "App", "Notifications", "Identity", "Contracts", "Postgres", "Web", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // HTTP behaviour shared by every endpoint, configuration, the binary and its commands, the contract.
        .testTarget(
            name: "AppTests",
            dependencies: [
                "AppTestSupport", "App", "HealthTalent", "Identity", "Notifications", "Contracts", "Postgres", "Web", "LibCrypto", "Blocking", "TestSupport", "Tabular",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ]
)
