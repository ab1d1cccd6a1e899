// swift-tools-version:6.0
import Foundation
import PackageDescription

// Each provider is a folder under Providers/ holding its Swift definition, a README and its
// recordings. Only the Swift files are compiled; everything else is excluded here, folder by
// folder, so that adding a provider never means editing this manifest.
let providersDirectory = Context.packageDirectory + "/Providers"
let nonSourceProviderFiles: [String] = {
    let files = FileManager.default
    let folders = ((try? files.contentsOfDirectory(atPath: providersDirectory)) ?? []).sorted()
    return folders.flatMap { folder -> [String] in
        let entries = (try? files.contentsOfDirectory(atPath: providersDirectory + "/" + folder)) ?? []
        return entries.filter { !$0.hasSuffix(".swift") }.sorted().map { folder + "/" + $0 }
    }
}()

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
        .target(name: "OAuth"),
        .target(
            name: "OAuthProviders",
            dependencies: ["OAuth"],
            path: "Providers",
            exclude: nonSourceProviderFiles
        ),
        .target(name: "OAuthTesting", dependencies: ["OAuth", "OAuthProviders"]),
        .executableTarget(name: "oauthctl", dependencies: ["OAuth", "OAuthProviders", "OAuthTesting"]),
        // The request corpus is read from the source tree by the fuzz test, not built.
        .testTarget(name: "OAuthTests", dependencies: ["OAuth", "OAuthTesting"], exclude: ["Corpus"]),
        .testTarget(name: "OAuthProvidersTests", dependencies: ["OAuth", "OAuthProviders", "OAuthTesting"]),
        .testTarget(name: "oauthctlTests", dependencies: ["oauthctl", "OAuth", "OAuthProviders", "OAuthTesting"]),
    ]
)
