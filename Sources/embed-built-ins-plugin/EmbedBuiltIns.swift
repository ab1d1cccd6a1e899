import Foundation
import PackagePlugin

/// Generates the lists that would otherwise be edited by hand, so that adding a building block
/// is one file and adding a provider is one folder:
/// - for `OAuth`, the catalog of building blocks, one per file in `Fixes/BuildingBlocks/`;
/// - for `OAuthProviders`, every folder under `Providers/` (definition, README, recordings)
///   embedded in the product, and the providers' own building blocks.
@main
struct EmbedBuiltIns: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "embed-built-ins").url
        let mode: String, directory: URL, output: URL
        switch target.name {
        case "OAuth":
            mode = "blocks"
            directory = context.package.directoryURL.appending(path: "Sources/OAuth/Fixes/BuildingBlocks")
            output = context.pluginWorkDirectoryURL.appending(path: "BuiltInBlocks.swift")
        case "OAuthProviders":
            mode = "providers"
            directory = context.package.directoryURL.appending(path: "Providers")
            output = context.pluginWorkDirectoryURL.appending(path: "BuiltInProviderFolders.swift")
        default:
            Diagnostics.error("EmbedBuiltIns applies to the OAuth and OAuthProviders targets, not \(target.name)")
            return []
        }
        return [.buildCommand(
            displayName: "Embedding the built-in \(mode) of \(target.name)",
            executable: tool,
            arguments: [mode, directory.path, output.path],
            inputFiles: Self.files(under: directory),
            outputFiles: [output]
        )]
    }

    /// Every file under a directory, so that adding or editing one regenerates the list.
    private static func files(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
