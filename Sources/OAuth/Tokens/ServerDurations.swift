import Foundation

/// The bounds every duration and instant a server sends is held to before any arithmetic.
///
/// Servers send `expires_in`, `interval`, `Retry-After` and `expires_at` as numbers of any
/// size; a client that multiplies, adds or converts them unchecked traps (`Int(9.2e18)`,
/// `Duration.seconds(Int.max)`). These bounds are far outside anything a real server means and
/// far inside what `Int`, `Double` and `Duration` hold:
///
/// | what | bound |
/// |---|---|
/// | a lifetime (`expires_in` of a token or a device code) | 0 to 10 years (315,360,000 s), clamped |
/// | a polling interval (RFC 8628 `interval`) | 1 to 3,600 s, clamped |
/// | a `Retry-After` delay | 0 to 3,600 s, clamped |
/// | an instant (`expires_at`, `exp`) | Unix seconds 0 to 253,402,300,799 (9999-12-31T23:59:59Z), clamped |
public enum ServerDurations {
    /// The longest lifetime kept: ten years of 365 days, in seconds.
    public static let maximumLifetime = 315_360_000

    /// The polling intervals kept, in seconds.
    public static let intervals = 1...3600

    /// The longest `Retry-After` delay kept, in seconds.
    public static let maximumRetryAfter = 3600

    /// The instants kept, in Unix seconds: from 1970 to the end of year 9999.
    public static let unixSeconds = 0...253_402_300_799

    /// A lifetime held between 0 and ``maximumLifetime``.
    public static func lifetime(_ seconds: Int) -> Int {
        min(max(seconds, 0), maximumLifetime)
    }

    /// A polling interval held within ``intervals``.
    public static func interval(_ seconds: Int) -> Int {
        min(max(seconds, intervals.lowerBound), intervals.upperBound)
    }

    /// A polling interval in seconds, fractional or not, held within ``intervals``; a NaN
    /// becomes the upper bound.
    public static func interval(_ seconds: TimeInterval) -> TimeInterval {
        guard !seconds.isNaN else { return TimeInterval(intervals.upperBound) }
        return min(max(seconds, TimeInterval(intervals.lowerBound)), TimeInterval(intervals.upperBound))
    }

    /// The date of a Unix time, held within ``unixSeconds``.
    public static func date(unixSeconds seconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(min(max(seconds, unixSeconds.lowerBound), unixSeconds.upperBound)))
    }

    /// A date as whole Unix seconds (rounded down), held within ``unixSeconds``: never traps,
    /// whatever the `Double` inside. `nil` for a date that is not a number (NaN).
    public static func unixSeconds(of date: Date) -> Int? {
        let seconds = date.timeIntervalSince1970
        guard !seconds.isNaN else { return nil }
        let clamped = min(max(seconds.rounded(.down), Double(unixSeconds.lowerBound)), Double(unixSeconds.upperBound))
        return Int(clamped)
    }

    /// A `Retry-After` field value (RFC 9110 §10.2.3) as a delay in seconds, held between 0 and
    /// ``maximumRetryAfter``: delta-seconds (`1*DIGIT`, however many digits), or an HTTP-date
    /// counted from `reference`. `nil` for no value, a malformed one, or a date without a
    /// reference.
    public static func retryAfter(_ value: String?, reference: Date?) -> Int? {
        guard let value else { return nil }
        let text = value.trimmingASCIIWhitespace()
        if !text.isEmpty, text.utf8.allSatisfy(\.isDigit) {
            // Too many digits for an Int is still a delay, and a long one.
            return Int(text).map { min($0, maximumRetryAfter) } ?? maximumRetryAfter
        }
        guard let date = HTTPDate.parse(text), let reference else { return nil }
        let delay = date.timeIntervalSince(reference)
        guard delay > 0 else { return 0 }
        return Int(min(delay.rounded(.up), Double(maximumRetryAfter)))
    }
}
