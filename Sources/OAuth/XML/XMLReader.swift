import Foundation

/// An element read by ``XMLReader``: its name, its attributes, the text directly inside it, and
/// its child elements, in document order.
package struct XMLElement: Sendable, Hashable {
    /// The element's name as written, prefix included (`soap:Body`).
    package var name: String
    /// The attributes, in document order.
    package var attributes: [(name: String, value: String)] {
        get { attributePairs.map { ($0.name, $0.value) } }
        set { attributePairs = newValue.map { Attribute(name: $0.name, value: $0.value) } }
    }
    /// The character data directly inside the element (text and CDATA, references resolved),
    /// joined in order; child elements' text is not included.
    package var text: String
    /// The child elements, in order.
    package var children: [XMLElement]

    private var attributePairs: [Attribute]

    private struct Attribute: Sendable, Hashable {
        var name: String
        var value: String
    }

    /// Creates an element.
    package init(name: String, attributes: [(name: String, value: String)] = [], text: String = "", children: [XMLElement] = []) {
        self.name = name
        self.attributePairs = attributes.map { Attribute(name: $0.name, value: $0.value) }
        self.text = text
        self.children = children
    }
}

/// Why ``XMLReader`` refused a document: what it expected, what came, and the byte offset.
package enum XMLReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document is larger than the limit.
    case tooLarge(limit: Int, found: Int)
    /// Elements nest deeper than the limit.
    case tooDeep(limit: Int, offset: Int)
    /// The document has more elements than the limit.
    case tooManyElements(limit: Int, offset: Int)
    /// The bytes are not UTF-8.
    case invalidUTF8
    /// Something other than what the grammar allows here.
    case unexpected(expected: String, found: String, offset: Int)
    /// A construct the reader does not accept on purpose: a document type declaration, an
    /// entity other than the five predefined ones.
    case unsupported(String, offset: Int)

    package var description: String {
        switch self {
        case .tooLarge(let limit, let found): "XML body: expected at most \(limit) bytes, got \(found)"
        case .tooDeep(let limit, let offset): "XML body: expected elements nested at most \(limit) deep, got deeper at byte \(offset)"
        case .tooManyElements(let limit, let offset): "XML body: expected at most \(limit) elements, got more at byte \(offset)"
        case .invalidUTF8: "XML body: expected UTF-8, got other bytes"
        case .unexpected(let expected, let found, let offset): "XML body: expected \(expected), got \(found) at byte \(offset)"
        case .unsupported(let construct, let offset): "XML body: \(construct) at byte \(offset) is not accepted"
        }
    }
}

/// A small XML reader for token responses: elements, attributes, text, CDATA, comments and
/// processing instructions; character references and the five predefined entities (`&lt;`,
/// `&gt;`, `&amp;`, `&apos;`, `&quot;`). Nothing else: a document type declaration or any
/// other entity is refused, so nothing can expand or be fetched.
///
/// It reads in one pass over the bytes with an explicit stack, so its time is linear in the
/// size, and it stops at the limits on size, depth and element count.
///
/// ```swift
/// let root = try XMLReader().read(Data("<Access_Token><Token>abc</Token></Access_Token>".utf8))
/// root.children[0].text   // "abc"
/// ```
package struct XMLReader: Sendable {
    /// The largest document read, in bytes.
    package var maximumBytes = 256 * 1024
    /// The deepest nesting of elements.
    package var maximumDepth = 32
    /// The most elements in one document.
    package var maximumElements = 4096

    /// Creates a reader with the default limits.
    package init() {}

    /// Reads a document and returns its root element.
    ///
    /// - Throws: ``XMLReadError`` saying what was expected where.
    package func read(_ data: Data) throws(XMLReadError) -> XMLElement {
        guard data.count <= maximumBytes else { throw .tooLarge(limit: maximumBytes, found: data.count) }
        // Read in place, with no copy of the body.
        let result: Result<XMLElement, XMLReadError> = data.withUnsafeBytes { raw in
            var scanner = XMLScanner(bytes: raw.bindMemory(to: UInt8.self), reader: self)
            do throws(XMLReadError) {
                return .success(try scanner.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The reader's state over one document.
private struct XMLScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let reader: XMLReader
    var position = 0
    var elementCount = 0
    /// The elements open around `position`, outermost first.
    var stack: [Open] = []

    init(bytes: UnsafeBufferPointer<UInt8>, reader: XMLReader) {
        self.bytes = bytes
        self.reader = reader
    }

    /// An element being read: what it has so far.
    struct Open {
        var element: XMLElement
        /// The text so far, when it came in more than one piece or with references.
        var text: [UInt8] = []
        /// The text, while it is one run of the document's bytes without references: most
        /// elements hold one such run, read into a string with no copy in between.
        var run: Range<Int>?

        /// Appends a child element; the first one makes room for a few, as a token
        /// document's root holds a handful.
        mutating func adopt(_ child: XMLElement) {
            if element.children.isEmpty { element.children.reserveCapacity(8) }
            element.children.append(child)
        }
    }

    /// Adds character data to the innermost open element: `raw` (a CDATA section) as it is,
    /// other text with its references resolved.
    mutating func appendText(_ range: Range<Int>, at offset: Int, raw: Bool = false) throws(XMLReadError) {
        let last = stack.count - 1
        let plain = raw || !bytes[range].contains(UInt8(ascii: "&"))
        if plain, stack[last].run == nil, stack[last].text.isEmpty {
            stack[last].run = range
            return
        }
        if let run = stack[last].run {
            stack[last].text += bytes[run]
            stack[last].run = nil
        }
        if plain { stack[last].text += bytes[range] } else { stack[last].text += try characterData(bytes[range], at: offset) }
    }

    /// The text of an element being closed.
    func text(of open: Open, at offset: Int) throws(XMLReadError) -> String {
        guard let run = open.run else { return try string(open.text, at: offset) }
        return try string(run, at: offset)
    }

    mutating func document() throws(XMLReadError) -> XMLElement {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        try misc()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "<") else { throw unexpected("a root element") }
        let root = try element()
        try misc()
        guard position == bytes.count else { throw unexpected("the end of the document after the root element") }
        return root
    }

    /// White space, comments, processing instructions (the XML declaration among them) outside
    /// the root element. A document type declaration is refused.
    mutating func misc() throws(XMLReadError) {
        while true {
            skipSpace()
            if has("<?") {
                try skip(past: "?>", what: "the end of a processing instruction")
            } else if has("<!--") {
                try comment()
            } else if has("<!") {
                throw .unsupported("a document type declaration", offset: position)
            } else {
                return
            }
        }
    }

    /// The element starting at `position`, with everything inside it, read without recursion.
    mutating func element() throws(XMLReadError) -> XMLElement {
        stack.removeAll(keepingCapacity: true)
        // Token documents nest two or three deep: room for that in one allocation.
        stack.reserveCapacity(4)
        while true {
            // At "<": a start tag, an end tag, a comment, CDATA or a processing instruction,
            // told apart by the byte after it.
            let next = position + 1 < bytes.count ? bytes[position + 1] : 0
            if next == UInt8(ascii: "/"), has("<") {
                let offset = position
                position += 2
                // The end tag's name is compared with the open element's as bytes: no string
                // is made of it unless it is in an error message.
                let nameRange = try self.nameRange()
                skipSpace()
                guard has(">") else {
                    let name = try string(nameRange, at: nameRange.lowerBound)
                    throw unexpected("\">\" closing the end tag of <\(name)>")
                }
                position += 1
                guard var open = stack.popLast() else {
                    _ = try string(nameRange, at: nameRange.lowerBound)
                    throw .unexpected(expected: "a start tag", found: "an end tag", offset: offset)
                }
                if !has(nameRange, sameBytesAs: open.element.name) {
                    // Names that differ in their bytes may still be equal as Swift strings.
                    let name = try string(nameRange, at: nameRange.lowerBound)
                    guard open.element.name == name else {
                        throw .unexpected(expected: "</\(open.element.name)>", found: "</\(name)>", offset: offset)
                    }
                }
                open.element.text = try text(of: open, at: offset)
                if stack.isEmpty { return open.element }
                stack[stack.count - 1].adopt(open.element)
            } else if next == UInt8(ascii: "!"), has("<!--") {
                guard !stack.isEmpty else { throw unexpected("an element") }
                try comment()
            } else if next == UInt8(ascii: "!"), has("<![CDATA[") {
                guard !stack.isEmpty else { throw unexpected("an element") }
                position += 9
                let start = position
                guard let end = find("]]>") else { throw .unexpected(expected: "\"]]>\" ending the CDATA section", found: "the end of the document", offset: start) }
                try appendText(start..<end, at: start, raw: true)
                position = end + 3
            } else if next == UInt8(ascii: "?"), has("<?") {
                guard !stack.isEmpty else { throw unexpected("an element") }
                try skip(past: "?>", what: "the end of a processing instruction")
            } else if next == UInt8(ascii: "!"), has("<!") {
                throw .unsupported("a declaration inside an element", offset: position)
            } else if has("<") {
                let offset = position
                position += 1
                guard stack.count < reader.maximumDepth else { throw .tooDeep(limit: reader.maximumDepth, offset: offset) }
                elementCount += 1
                guard elementCount <= reader.maximumElements else { throw .tooManyElements(limit: reader.maximumElements, offset: offset) }
                var element = XMLElement(name: try name())
                var seen = Set<String>()
                while true {
                    let hadSpace = skipSpace()
                    if has("/>") {
                        position += 2
                        if stack.isEmpty { return element }
                        stack[stack.count - 1].adopt(element)
                        break
                    }
                    if has(">") {
                        position += 1
                        stack.append(Open(element: element))
                        break
                    }
                    guard hadSpace else { throw unexpected("white space, \">\" or \"/>\" in the start tag of <\(element.name)>") }
                    let attributeOffset = position
                    let attribute = try name()
                    guard seen.insert(attribute).inserted else {
                        throw .unexpected(expected: "each attribute once", found: "\(attribute) twice", offset: attributeOffset)
                    }
                    skipSpace()
                    try expect("=", "\"=\" after the attribute \(attribute)")
                    skipSpace()
                    element.attributes.append((attribute, try attributeValue()))
                }
            } else {
                throw unexpected("\"<\"")
            }
            // Character data up to the next "<".
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "<") { position += 1 }
            if start < position {
                guard !stack.isEmpty else { throw .unexpected(expected: "the end of the document", found: "text", offset: start) }
                try appendText(start..<position, at: start)
            }
            guard position < bytes.count else {
                throw .unexpected(expected: "</\(stack.last?.element.name ?? "")>", found: "the end of the document", offset: position)
            }
        }
    }

    mutating func comment() throws(XMLReadError) {
        position += 4
        try skip(past: "-->", what: "\"-->\" ending the comment")
    }

    /// A name: letters, digits, `_`, `-`, `.`, `:` and any non-ASCII byte, not starting with a
    /// digit, `-` or `.`.
    mutating func name() throws(XMLReadError) -> String {
        let range = try nameRange()
        return try string(range, at: range.lowerBound)
    }

    /// Where the name at `position` is, checked as ``name()`` checks it but not yet made a
    /// string (nor checked for UTF-8).
    mutating func nameRange() throws(XMLReadError) -> Range<Int> {
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
        guard start < position else { throw unexpected("a name") }
        let first = bytes[start]
        guard !(first >= 0x30 && first <= 0x39), first != UInt8(ascii: "-"), first != UInt8(ascii: ".") else {
            throw .unexpected(expected: "a name starting with a letter, \"_\" or \":\"", found: "\"\(Character(Unicode.Scalar(first)))\"", offset: start)
        }
        return start..<position
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"), 0x80...0xFF:
            true
        default:
            false
        }
    }

    mutating func attributeValue() throws(XMLReadError) -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
            throw unexpected("a quoted attribute value")
        }
        let quote = bytes[position]
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != quote {
            if bytes[position] == UInt8(ascii: "<") { throw unexpected("no \"<\" in an attribute value") }
            position += 1
        }
        guard position < bytes.count else { throw .unexpected(expected: "the closing quote of an attribute value", found: "the end of the document", offset: start) }
        let value = try characterData(bytes[start..<position], at: start)
        position += 1
        return try string(value, at: start)
    }

    /// Text with its references resolved.
    func characterData(_ slice: Slice<UnsafeBufferPointer<UInt8>>, at offset: Int) throws(XMLReadError) -> [UInt8] {
        guard slice.contains(UInt8(ascii: "&")) else { return Array(slice) }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            // A reference is short: look at most 12 bytes ahead for its ";".
            let limit = min(slice.endIndex, index + 12)
            guard let end = slice[index..<limit].firstIndex(of: UInt8(ascii: ";")) else {
                throw .unexpected(expected: "a reference ending with \";\"", found: "\"&\" alone", offset: offset + index - slice.startIndex)
            }
            let reference = String(decoding: slice[(index + 1)..<end], as: UTF8.self)
            switch reference {
            case "lt": output.append(UInt8(ascii: "<"))
            case "gt": output.append(UInt8(ascii: ">"))
            case "amp": output.append(UInt8(ascii: "&"))
            case "apos": output.append(UInt8(ascii: "'"))
            case "quot": output.append(UInt8(ascii: "\""))
            default:
                guard reference.hasPrefix("#"), let scalar = Self.characterReference(reference.dropFirst()) else {
                    throw .unsupported("the entity &\(reference.prefix(10));", offset: offset + index - slice.startIndex)
                }
                output += Array(String(Character(scalar)).utf8)
            }
            index = end + 1
        }
        return output
    }

    /// `#65` or `#x41` as a scalar XML allows (no NUL, no surrogates).
    static func characterReference(_ digits: Substring) -> Unicode.Scalar? {
        let value: UInt32?
        if digits.hasPrefix("x") {
            value = digits.count > 1 ? UInt32(digits.dropFirst(), radix: 16) : nil
        } else {
            value = digits.isEmpty ? nil : UInt32(digits, radix: 10)
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return scalar
    }

    func string(_ bytes: [UInt8], at offset: Int) throws(XMLReadError) -> String {
        guard let text = bytes.withUnsafeBufferPointer(UTF8Validation.string) else { throw .invalidUTF8 }
        return text
    }

    /// The document's bytes in `range` as a string, read in place.
    func string(_ range: Range<Int>, at offset: Int) throws(XMLReadError) -> String {
        guard let text = UTF8Validation.string(UnsafeBufferPointer(rebasing: bytes[range])) else { throw .invalidUTF8 }
        return text
    }

    /// Whether the document's bytes in `range` are the bytes of `string`.
    func has(_ range: Range<Int>, sameBytesAs string: String) -> Bool {
        var string = string
        return string.withUTF8 { name in
            name.count == range.count && (name.isEmpty || memcmp(name.baseAddress!, bytes.baseAddress! + range.lowerBound, name.count) == 0)
        }
    }

    func has(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            for index in 0..<count where bytes[position + index] != buffer[index] { return false }
            return true
        }
    }

    /// The index where `literal` next starts, from `position`.
    func find(_ literal: StaticString) -> Int? {
        let count = literal.utf8CodeUnitCount
        return literal.withUTF8Buffer { buffer -> Int? in
            var index = position
            while index + count <= bytes.count {
                if bytes[index] == buffer[0] {
                    var matches = true
                    for offset in 1..<count where bytes[index + offset] != buffer[offset] {
                        matches = false
                        break
                    }
                    if matches { return index }
                }
                index += 1
            }
            return nil
        }
    }

    mutating func skip(past literal: StaticString, what: @autoclosure () -> String) throws(XMLReadError) {
        guard let start = find(literal) else { throw .unexpected(expected: what(), found: "the end of the document", offset: position) }
        position = start + literal.utf8CodeUnitCount
    }

    @discardableResult
    mutating func skipSpace() -> Bool {
        let start = position
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A || bytes[position] == 0x0D {
            position += 1
        }
        return position > start
    }

    mutating func expect(_ literal: StaticString, _ what: @autoclosure () -> String) throws(XMLReadError) {
        guard has(literal) else { throw unexpected(what()) }
        position += literal.utf8CodeUnitCount
    }

    func unexpected(_ expected: String) -> XMLReadError {
        guard position < bytes.count else { return .unexpected(expected: expected, found: "the end of the document", offset: position) }
        let byte = bytes[position]
        let found = byte >= 0x20 && byte < 0x7F ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x" + String(byte, radix: 16)
        return .unexpected(expected: expected, found: found, offset: position)
    }
}
