import Foundation

/// Writes ``JSONValue``s as JSON text, compact or indented, members in their order.
public enum JSONWriter {
    /// Compact JSON text for a value.
    public static func string(_ value: JSONValue) -> String {
        var output = ""
        write(value, into: &output, indent: nil, level: 0)
        return output
    }

    /// JSON text indented by two spaces per level, for people to read.
    public static func prettyString(_ value: JSONValue) -> String {
        var output = ""
        write(value, into: &output, indent: "  ", level: 0)
        return output
    }

    /// Compact JSON bytes for a value.
    public static func data(_ value: JSONValue) -> Data {
        Data(string(value).utf8)
    }

    private static func write(_ value: JSONValue, into output: inout String, indent: String?, level: Int) {
        switch value {
        case .null: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .number(let number): output += number.literal
        case .string(let string): writeString(string, into: &output)
        case .array(let array):
            writeContainer(open: "[", close: "]", count: array.count, into: &output, indent: indent, level: level) { index, output in
                write(array[index], into: &output, indent: indent, level: level + 1)
            }
        case .object(let object):
            let members = object.members
            writeContainer(open: "{", close: "}", count: members.count, into: &output, indent: indent, level: level) { index, output in
                writeString(members[index].key, into: &output)
                output += indent == nil ? ":" : ": "
                write(members[index].value, into: &output, indent: indent, level: level + 1)
            }
        }
    }

    private static func writeContainer(
        open: String, close: String, count: Int, into output: inout String, indent: String?, level: Int,
        element: (Int, inout String) -> Void
    ) {
        output += open
        guard count > 0 else {
            output += close
            return
        }
        for index in 0..<count {
            if index > 0 { output += "," }
            if let indent { output += "\n" + String(repeating: indent, count: level + 1) }
            element(index, &output)
        }
        if let indent { output += "\n" + String(repeating: indent, count: level) }
        output += close
    }

    private static func writeString(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16, uppercase: false)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
