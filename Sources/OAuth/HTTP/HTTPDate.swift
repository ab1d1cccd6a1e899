import Foundation

/// Reads an HTTP-date (RFC 9110 §5.6.7): the preferred IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms a recipient must also accept,
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
public enum HTTPDate {
    /// The date the text names, or `nil` when it is none of the three forms or names no real
    /// day and time.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count <= 64 else { return nil }
        if let date = imfFixdate(bytes) ?? rfc850(bytes) ?? asctime(bytes) { return date }
        return nil
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }
    private static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { Array($0.utf8) }
    private static let longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map { Array($0.utf8) }

    /// `day-name "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"`.
    private static func imfFixdate(_ b: [UInt8]) -> Date? {
        guard b.count == 29, shortDays.contains(Array(b[0..<3])), b[3] == UInt8(ascii: ","), b[4] == 0x20,
              let day = number(b[5..<7]), b[7] == 0x20, let month = month(b[8..<11]), b[11] == 0x20,
              let year = number(b[12..<16]), b[16] == 0x20, let time = time(b[17..<25]), Array(b[25...]) == Array(" GMT".utf8)
        else { return nil }
        return date(year: year, month: month, day: day, time: time)
    }

    /// `day-name-l "," SP 2DIGIT "-" month "-" 2DIGIT SP time SP "GMT"`; a two-digit year
    /// more than 50 years ahead is taken to be in the past century (RFC 9110 §5.6.7).
    private static func rfc850(_ b: [UInt8]) -> Date? {
        guard let comma = b.firstIndex(of: UInt8(ascii: ",")), longDays.contains(Array(b[..<comma])) else { return nil }
        let rest = Array(b[(comma + 1)...])
        guard rest.count == 23, rest[0] == 0x20, let day = number(rest[1..<3]), rest[3] == UInt8(ascii: "-"),
              let month = month(rest[4..<7]), rest[7] == UInt8(ascii: "-"), let shortYear = number(rest[8..<10]), rest[10] == 0x20,
              let time = time(rest[11..<19]), Array(rest[19...]) == Array(" GMT".utf8)
        else { return nil }
        let currentYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        var year = currentYear / 100 * 100 + shortYear
        if year > currentYear + 50 { year -= 100 }
        return date(year: year, month: month, day: day, time: time)
    }

    /// `day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time SP 4DIGIT`.
    private static func asctime(_ b: [UInt8]) -> Date? {
        guard b.count == 24, shortDays.contains(Array(b[0..<3])), b[3] == 0x20, let month = month(b[4..<7]), b[7] == 0x20,
              b[10] == 0x20, let time = time(b[11..<19]), b[19] == 0x20, let year = number(b[20..<24])
        else { return nil }
        let day: Int?
        if b[8] == 0x20 { day = number(b[9..<10]) } else { day = number(b[8..<10]) }
        guard let day else { return nil }
        return date(year: year, month: month, day: day, time: time)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy(\.isDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func month(_ name: ArraySlice<UInt8>) -> Int? {
        months.firstIndex(of: Array(name)).map { $0 + 1 }
    }

    /// `2DIGIT ":" 2DIGIT ":" 2DIGIT` as seconds into the day.
    private static func time(_ b: ArraySlice<UInt8>) -> Int? {
        let b = Array(b)
        guard b.count == 8, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
              let hour = number(b[0..<2]), let minute = number(b[3..<5]), let second = number(b[6..<8]),
              hour < 24, minute < 60, second < 61
        else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    /// The instant, from days since 1970-01-01 by the civil-calendar formula.
    private static func date(year: Int, month: Int, day: Int, time: Int) -> Date? {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...lengths[month - 1]).contains(day) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + time))
    }
}
