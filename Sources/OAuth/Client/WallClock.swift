import Foundation

/// Where the package reads the time: when a token was issued, whether it has expired. Inject
/// one in tests to move time by hand.
public protocol WallClock: Sendable {
    /// The current time.
    var now: Date { get }
}

/// The system's clock.
public struct SystemClock: WallClock {
    /// Creates the system clock.
    public init() {}

    public var now: Date { Date() }
}
