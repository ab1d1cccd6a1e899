import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OAuth

/// Reading the files a command is given, with errors that name the file and the reason:
/// missing, permission, a directory, corrupt JSON with its line and column, or JSON that is not
/// what oauthctl writes there.
enum LocalFiles {
    /// The most a file is read to: far more than any token, secret, provider or captured
    /// response, and a bound for a path that never ends (`/dev/zero`).
    static let maximumBytes = 16 << 20

    /// The bytes of `path`, at most `limit` of them; `-` is standard input.
    ///
    /// - Throws: ``LocalFileError`` for a file that is missing, unreadable, a directory, or
    ///   longer than `limit`.
    static func read(_ path: String, role: String, console: Console? = nil, limit: Int = maximumBytes) throws(LocalFileError) -> Data {
        if path == "-", let console { return console.readStandardInput() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LocalFileError(role: role, path: path, reason: .missing)
        }
        guard !isDirectory.boolValue else { throw LocalFileError(role: role, path: path, reason: .isDirectory) }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw LocalFileError(role: role, path: path, reason: LocalFileError.reason(errno: errno)) }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw LocalFileError(role: role, path: path, reason: LocalFileError.reason(errno: errno)) }
            if count == 0 { break }
            guard count <= limit - data.count else {
                throw LocalFileError(role: role, path: path, reason: .unexpectedContent("expected at most \(limit) bytes, got more"))
            }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// The JSON value in `path`, read by the package's strict parser.
    static func readJSON(_ path: String, role: String, console: Console? = nil) throws(LocalFileError) -> JSONValue {
        let data = try read(path, role: role, console: console)
        do {
            return try JSONParser(maximumDepth: 64).parse(data)
        } catch {
            let (line, column) = position(of: error.offset, in: data)
            throw LocalFileError(role: role, path: path, reason: .corruptJSON(line: line, column: column, detail: detail(of: error)))
        }
    }

    /// The JSON object in `path`.
    static func readObject(_ path: String, role: String, expected: String) throws(LocalFileError) -> JSONObject {
        guard case .object(let object) = try readJSON(path, role: role) else {
            throw LocalFileError(role: role, path: path, reason: .unexpectedContent("expected \(expected) (a JSON object), got another JSON value"))
        }
        return object
    }

    /// A value oauthctl wrote as JSON into `path`, decoded; a decoding failure names the member.
    static func decode<T: Decodable>(_ type: T.Type, from path: String, role: String, expected: String) throws(LocalFileError) -> T {
        let object = try readObject(path, role: role, expected: expected)
        do {
            return try JSONDecoder().decode(T.self, from: JSONWriter.data(.object(object)))
        } catch let error as DecodingError {
            throw LocalFileError(role: role, path: path, reason: .unexpectedContent("expected \(expected), got JSON that \(describe(error))"))
        } catch {
            throw LocalFileError(role: role, path: path, reason: .unexpectedContent("expected \(expected), got something else"))
        }
    }

    /// The 1-based line and column (in bytes) of a byte offset.
    static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for (index, byte) in data.prefix(offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// The parser's message without its byte offset, which the line and column replace.
    private static func detail(of error: JSONParseError) -> String {
        var text = error.description
        if text.hasPrefix("JSON: ") { text.removeFirst(6) }
        return text.replacingOccurrences(of: " at byte \(error.offset)", with: "").replacingOccurrences(of: " (byte \(error.offset))", with: "")
    }

    /// What a `DecodingError` says, in a few words and without any value.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "lacks the member \"\(path(context, key))\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "has the wrong kind of value at \"\(path(context))\""
        case .dataCorrupted(let context): return "is not valid at \"\(path(context))\": \(context.debugDescription)"
        @unknown default: return "cannot be read"
        }
    }
}

/// `read(2)`, named apart from the methods called `read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
