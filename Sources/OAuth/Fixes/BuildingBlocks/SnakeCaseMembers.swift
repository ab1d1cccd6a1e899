/// Renames camelCase token response members to snake_case, such as Plentymarkets'
/// `accessToken` to `access_token`. Members already in snake_case are left alone, and a member
/// is not renamed onto one that exists.
public struct SnakeCaseMembers: BuildingBlock {
    public static let kind = "snake-case-members"
    public static let purpose = "Renames camelCase token response members to snake_case."
    public static let parameters: [BlockParameter<Self>] = []
    public static let example = SnakeCaseMembers()

    public init() {}

    public var summary: String { "Renames camelCase token response members (accessToken, expiresIn, …) to snake_case." }

    public func stages() -> [FixStage] {
        [.tokenResponse { response in
            response.modifyJSONObject { object in
                for key in object.keys {
                    let snake = Self.snakeCase(key)
                    if snake != key, object[snake] == nil { object.renameMember(key, to: snake) }
                }
            }
        }]
    }

    /// `accessToken` → `access_token`: an underscore before each capital that follows a
    /// lowercase letter or digit, then all lowercase.
    static func snakeCase(_ key: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(key.utf8.count + 4)
        var previous: UInt8?
        for byte in key.utf8 {
            let isUpper = byte >= 0x41 && byte <= 0x5A
            if isUpper, let previous, (previous >= 0x61 && previous <= 0x7A) || (previous >= 0x30 && previous <= 0x39) {
                result.append(UInt8(ascii: "_"))
            }
            result.append(isUpper ? byte | 0x20 : byte)
            previous = byte
        }
        return String(decoding: result, as: UTF8.self)
    }
}
