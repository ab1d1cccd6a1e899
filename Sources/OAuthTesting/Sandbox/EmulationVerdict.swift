import OAuth

/// What running the same flows against a provider's emulation, once with its fixes and once
/// with the strict core alone, shows about the provider.
///
/// A fix that acted in the flows (the trace of fixes fired says so) must be needed: the strict
/// core alone must then fail somewhere. A provider whose fixes changed nothing in the flows is
/// standard there, and the strict core alone must pass. Fixes that only declare a setting the
/// strict core's caller chooses too (the client authentication method) do not count as acting.
///
/// ```swift
/// let verdict = EmulationVerdict(provider: provider, fired: fired, passedWithFixes: true, strictCorePassed: false)
/// verdict.succeeded     // true: the fixes are what makes the provider work
/// ```
public enum EmulationVerdict: Sendable, Hashable, CustomStringConvertible {
    /// The fixes acted and the strict core alone fails somewhere: they are needed.
    case fixesNeeded([FixID])
    /// No fix acted and the strict core alone passes every flow.
    case standard
    /// A flow fails even with the provider's fixes.
    case failsWithFixes
    /// These fixes acted, yet the strict core alone passes every flow: the emulation does not
    /// show the quirk they are for.
    case strictCorePassesDespite([FixID])
    /// No fix acted, yet the strict core alone fails: the emulation refuses something the fixes
    /// did not change.
    case strictCoreFailsWithoutFixes

    /// Judges one provider's runs.
    ///
    /// - Parameters:
    ///   - fired: the fixes that acted in the run with the provider's fixes.
    ///   - passedWithFixes: whether every flow passed with the fixes.
    ///   - strictCorePassed: whether every flow passed with the strict core alone.
    public init(provider: Provider, fired: [FixID], passedWithFixes: Bool, strictCorePassed: Bool) {
        let chosen = Set(Self.callerChoices(of: provider))
        var seen = Set<FixID>()
        let acting = fired.filter { !chosen.contains($0) && seen.insert($0).inserted }
        switch (passedWithFixes, acting.isEmpty, strictCorePassed) {
        case (false, _, _): self = .failsWithFixes
        case (true, false, false): self = .fixesNeeded(acting)
        case (true, true, true): self = .standard
        case (true, false, true): self = .strictCorePassesDespite(acting)
        case (true, true, false): self = .strictCoreFailsWithoutFixes
        }
    }

    /// The provider's fixes that only declare the client authentication method, which the
    /// strict core's caller can choose without any fix.
    public static func callerChoices(of provider: Provider) -> [FixID] {
        guard let source = provider.hooks.source(of: ClientAuthenticationSetting.self) else { return [] }
        return provider.fixes.filter { $0.id == source && $0.stages.count == 1 }.map(\.id)
    }

    /// Whether the runs show what they should: the fixes needed, or the provider standard.
    public var succeeded: Bool {
        switch self {
        case .fixesNeeded, .standard: true
        case .failsWithFixes, .strictCorePassesDespite, .strictCoreFailsWithoutFixes: false
        }
    }

    /// One sentence for a report.
    public var description: String {
        switch self {
        case .fixesNeeded: "the strict core alone fails: the fixes are needed"
        case .standard: "standard: the strict core alone passes: no fix is needed in these flows"
        case .failsWithFixes: "FAILS with the provider's fixes"
        case .strictCorePassesDespite(let fixes):
            "the strict core alone passes although \(fixes.map(\.rawValue).joined(separator: ", ")) acted: the emulation misses that quirk"
        case .strictCoreFailsWithoutFixes: "the strict core alone fails although no fix acted: the emulation refuses a standard request"
        }
    }
}
