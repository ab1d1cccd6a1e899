// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "oauth",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "OAuth", targets: ["OAuth"]),
        .library(name: "OAuthProviders", targets: ["OAuthProviders"]),
        .library(name: "OAuthTesting", targets: ["OAuthTesting"]),
        .executable(name: "oauthctl", targets: ["oauthctl"]),
    ],
    targets: [
        // The core. Its catalog of building blocks is one block per file in
        // Fixes/BuildingBlocks/, listed at build time.
        .target(name: "OAuth", plugins: ["EmbedBuiltIns"]),
        // One folder per provider under Providers/ (definition, README, recordings, and a
        // provider's own building blocks in Swift), embedded in the product at build time:
        // adding a provider is adding a folder.
        .target(name: "OAuthProviders", dependencies: ["OAuth"], path: "Providers", plugins: ["EmbedBuiltIns"]),
        // Recording.schema.json documents the recording format; a test holds it to the reader.
        .target(name: "OAuthTesting", dependencies: ["OAuth", "OAuthProviders"], exclude: ["Recording.schema.json"]),
        .executableTarget(name: "oauthctl", dependencies: ["OAuth", "OAuthProviders", "OAuthTesting"]),
        // Many tasks sending protected requests through one client and a shared token store:
        // several at once show one refresh per expiry window (README, Shared token stores).
        .executableTarget(name: "oauth-load", dependencies: ["OAuth"]),
        .executableTarget(name: "embed-built-ins"),
        .plugin(name: "EmbedBuiltIns", capability: .buildTool(), dependencies: ["embed-built-ins"], path: "Sources/embed-built-ins-plugin"),
        // The request corpus and the test vectors are read from the source tree by their tests, not built.
        .testTarget(name: "OAuthTests", dependencies: ["OAuth", "OAuthTesting"], exclude: ["Corpus", "Vectors"]),
        .testTarget(name: "OAuthProvidersTests", dependencies: ["OAuth", "OAuthProviders", "OAuthTesting"]),
        .testTarget(name: "oauthctlTests", dependencies: ["oauthctl", "oauth-load", "OAuth", "OAuthProviders", "OAuthTesting"]),
    ]
)
