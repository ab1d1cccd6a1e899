import Foundation
import OAuth
import OAuthProviders

extension FuzzTarget {
    /// A recording file: read strictly, written back and read again to the same file, and
    /// replayed through a provider's fixes (picked by the input's length).
    static let recording = FuzzTarget("recording", "recording files, their round trip and their replay") { bytes in
        let (read, violation) = FuzzRules.checked("recording", bytes: bytes.count) { try Recording.decode(Data(bytes)) }
        if let violation { return violation }
        guard let recording = read else { return nil }
        let written = recording.jsonData()
        let (again, second) = FuzzRules.checked("recording written back", bytes: written.count) { try Recording.decode(written) }
        if let second { return second }
        guard let again, again.jsonData() == written else {
            return FuzzViolation("recording: expected the written file to read back the same, got \(again.map { String(decoding: $0.jsonData(), as: UTF8.self) } ?? "an error")")
        }
        _ = recording.replay(with: providers[bytes.count % providers.count])
        return nil
    }

    /// A provider definition (`provider.json`, `--provider-file`): read against the built-in
    /// catalog and registry; a provider read writes back to JSON that reads the same.
    static let providerJSON = FuzzTarget("provider-json", "provider definitions in JSON, and their round trip") { bytes in
        let catalog = BuiltInProviders.catalog
        let registry = ProviderRegistry.builtIn
        let (read, violation) = FuzzRules.checked("provider JSON", bytes: bytes.count) { try Provider.decode(from: Data(bytes), catalog: catalog, registry: registry) }
        if let violation { return violation }
        guard let provider = read else { return nil }
        let (written, writing) = FuzzRules.checked("provider written back", bytes: bytes.count) { try provider.jsonData() }
        if let writing { return writing }
        guard let written else { return nil }
        let (again, reading) = FuzzRules.checked("provider read back", bytes: written.count) { try Provider.decode(from: written, catalog: catalog, registry: registry) }
        if let reading { return reading }
        guard let again, (try? again.jsonData()) == written else {
            return FuzzViolation("provider JSON: expected the written definition to read back the same, got \(again.map { String(describing: try? $0.jsonData()) } ?? "an error")")
        }
        return nil
    }
}
