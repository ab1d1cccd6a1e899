import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// `Sources/OAuthTesting/Recording.schema.json` against the reader: every built-in recording
/// satisfies the schema, the schema names exactly the members the reader knows, and what the
/// schema refuses the reader refuses too, naming the file and the member.
@Suite struct RecordingSchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/OAuthTesting/Recording.schema.json")

    static func schema() throws -> JSONValue {
        try JSONParser().parse(try Data(contentsOf: schemaURL))
    }

    @Test func everyBuiltInRecordingSatisfiesTheSchema() throws {
        let validator = SchemaValidator(root: try Self.schema())
        var count = 0
        for provider in ProviderRegistry.builtIn.providers {
            let folder = try #require(BuiltInProviders.folder(named: provider.name))
            for file in folder.recordingFiles {
                let recording = try JSONParser().parse(file.contents.data)
                #expect(validator.errors(recording) == [], "\(folder.location)/\(file.path)")
                count += 1
            }
        }
        #expect(count > 50)
    }

    @Test func theSchemaNamesTheMembersTheReaderKnows() throws {
        let properties = try #require(try Self.schema()[path: ["properties"]]?.objectValue)
        #expect(Set(properties.keys) == Recording.memberNames)
        let expect = try #require(try Self.schema()[path: ["properties", "expect", "properties"]]?.objectValue)
        #expect(Set(expect.keys) == ["token", "deviceAuthorization", "credentials", "callback", "authorizationResponse", "error", "request", "url", "failure"])
    }

    @Test func whatTheSchemaRefusesTheReaderRefusesByName() throws {
        let validator = SchemaValidator(root: try Self.schema())
        let cases: [(json: String, member: String)] = [
            (#"{"title": "t", "source": "s", "hookPoint": "access-token-response", "response": {"status": "200"}, "expect": {"failure": "x"}}"#, "response.status"),
            (#"{"title": "t", "source": "s", "hookPoint": "access-token-response", "respons": {"status": 200}, "expect": {"failure": "x"}}"#, "respons"),
            (#"{"title": "t", "hookPoint": "access-token-response", "response": {"status": 200}, "expect": {"failure": "x"}}"#, "source"),
            (#"{"title": "t", "source": "s", "hookPoint": "token-response", "response": {"status": 200}, "expect": {"failure": "x"}}"#, "hookPoint"),
            (#"{"title": "t", "source": "s", "hookPoint": "access-token-response", "response": {"status": 200}, "expect": {"token": 1}}"#, "expect.token"),
            (#"{"title": "t", "source": "s", "hookPoint": "revocation-request", "revocationRequest": {"token": "t", "hint": "id_token", "clientID": "c"}, "expect": {"failure": "x"}}"#, "revocationRequest.hint"),
            (#"{"title": "t", "source": "s", "hookPoint": "revocation-request", "revocationRequest": {"hint": "access_token", "clientID": "c"}, "expect": {"failure": "x"}}"#, "revocationRequest.token"),
        ]
        for (json, member) in cases {
            let value = try JSONParser().parse(Data(json.utf8))
            #expect(!validator.errors(value).isEmpty, "\(json)")
            do {
                _ = try Recording.decode(Data(json.utf8), location: "Recordings/broken.json")
                Issue.record("the reader accepted \(json)")
            } catch {
                #expect(error.description.hasPrefix("recording Recordings/broken.json: "), "\(error)")
                #expect(error.description.contains(member), "\(error) should name \(member)")
                #expect(error.description.contains("expected"), "\(error)")
            }
        }
    }
}

/// The part of JSON Schema 2020-12 that `Recording.schema.json` uses: `type`, `enum`,
/// `required`, `properties`, `additionalProperties`, `items`, `minProperties`,
/// `maxProperties` and local `$ref`s.
struct SchemaValidator {
    let root: JSONValue

    func errors(_ value: JSONValue) -> [String] {
        var errors: [String] = []
        validate(value, against: root, path: "$", into: &errors)
        return errors
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard let reference = schema.objectValue?["$ref"]?.stringValue, reference.hasPrefix("#/") else { return schema }
        let path = reference.dropFirst(2).split(separator: "/").map { JSONPathComponent.key(String($0)) }
        return root[path: path] ?? .null
    }

    private func validate(_ value: JSONValue, against given: JSONValue, path: String, into errors: inout [String]) {
        let schema = resolve(given)
        guard let rules = schema.objectValue else { return }
        if let type = rules["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !allowed.contains(where: { Self.value(value, is: $0) }) { errors.append("\(path): expected \(allowed.joined(separator: " or ")), got \(value.kind)") }
        }
        if let choices = rules["enum"]?.arrayValue, !choices.contains(value) { errors.append("\(path): expected one of the enum, got \(value)") }
        if case .object(let object) = value {
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                errors.append("\(path): expected member \(name)")
            }
            if let minimum = rules["minProperties"].flatMap(Self.integer), object.count < minimum { errors.append("\(path): expected at least \(minimum) members") }
            if let maximum = rules["maxProperties"].flatMap(Self.integer), object.count > maximum { errors.append("\(path): expected at most \(maximum) members") }
            let properties = rules["properties"]?.objectValue ?? [:]
            for member in object {
                if let property = properties[member.key] {
                    validate(member.value, against: property, path: "\(path).\(member.key)", into: &errors)
                } else if let additional = rules["additionalProperties"] {
                    if additional == .bool(false) {
                        errors.append("\(path): unexpected member \(member.key)")
                    } else {
                        validate(member.value, against: additional, path: "\(path).\(member.key)", into: &errors)
                    }
                }
            }
        }
        if case .array(let elements) = value, let items = rules["items"] {
            for (index, element) in elements.enumerated() { validate(element, against: items, path: "\(path)[\(index)]", into: &errors) }
        }
    }

    private static func integer(_ value: JSONValue) -> Int? {
        if case .number(let number) = value { return number.intValue }
        return nil
    }

    private static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .number): return true
        case ("integer", .number(let number)): return number.intValue != nil
        default: return false
        }
    }
}
