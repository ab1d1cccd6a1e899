/// A JSON object whose members keep the order they were written in.
///
/// Member names are compared by their UTF-8 bytes, as RFC 8259 §8.3 says, never by Swift's
/// canonical equivalence: `"é"` (U+00E9) and `"e\u{301}"` are two members. Lookup, insertion
/// and renaming take constant time however many members there are: an object of more than 16
/// members keeps an index from name to position (a smaller one is scanned, which costs less than
/// hashing); removal moves the members after the removed one.
///
/// Two objects are equal when they have the same members, whatever their order.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One member: a name and its value.
    public struct Member: Sendable, Hashable {
        /// The member name.
        public var key: String
        /// The member value.
        public var value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }

        /// Same name (byte for byte) and same value.
        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.key.hasSameBytes(as: rhs.key) && lhs.value == rhs.value
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(MemberName(key))
            hasher.combine(value)
        }
    }

    /// The members in order.
    public private(set) var members: [Member]

    /// Where each member name sits in ``members``, once there are more than
    /// ``indexThreshold`` members; a small object is scanned, which is cheaper than hashing.
    private var positions: [MemberName: Int]?

    /// The member count above which lookups go through an index.
    static let indexThreshold = 16

    /// Creates an object from members; a later member replaces an earlier one with the same key.
    public init(_ members: [Member] = []) {
        self.members = []
        self.members.reserveCapacity(members.count)
        for member in members { self[member.key] = member.value }
    }

    /// Creates an object from members already known to have distinct keys.
    init(uniqueMembers members: [Member]) {
        self.members = members
        if members.count > Self.indexThreshold { buildIndex() }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { Member(key: $0.0, value: $0.1) })
    }

    private mutating func buildIndex() {
        var index = [MemberName: Int](minimumCapacity: members.count * 2)
        for (position, member) in members.enumerated() { index[MemberName(member.key)] = position }
        positions = index
        ParseWork.add(members.count)
    }

    /// The position of the member with this name (compared by bytes), if any. Constant time:
    /// an index lookup, or a scan of at most ``indexThreshold`` members.
    private func position(of key: String) -> Int? {
        if let positions {
            ParseWork.add(1)
            return positions[MemberName(key)]
        }
        return members.firstIndex { $0.key.hasSameBytes(as: key) }
    }

    /// Makes room for `count` members.
    mutating func reserveCapacity(_ count: Int) {
        members.reserveCapacity(count)
    }

    /// Appends a member whose name the caller has checked is not yet present.
    mutating func appendNew(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
        if positions != nil {
            positions![MemberName(key)] = members.count - 1
        } else if members.count > Self.indexThreshold {
            buildIndex()
        }
    }

    /// The value of a member. Setting a value replaces the member in place or appends one;
    /// setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let position = position(of: key) {
                if let newValue { members[position].value = newValue } else { remove(at: position) }
            } else if let newValue {
                appendNew(key, newValue)
            }
        }
    }

    /// Whether a member has this name.
    public func contains(_ key: String) -> Bool {
        position(of: key) != nil
    }

    /// The member names in order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether there are no members.
    public var isEmpty: Bool { members.isEmpty }

    /// Renames a member in place, keeping its position. Does nothing when `key` is absent; a
    /// member already called `newKey` is replaced.
    public mutating func renameMember(_ key: String, to newKey: String) {
        guard !key.hasSameBytes(as: newKey), var position = position(of: key) else { return }
        if let other = self.position(of: newKey) {
            remove(at: other)
            if other < position { position -= 1 }
        }
        members[position].key = newKey
        if positions != nil {
            positions![MemberName(key)] = nil
            positions![MemberName(newKey)] = position
        }
    }

    /// Removes a member and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let value = members[position].value
        remove(at: position)
        return value
    }

    /// Removes the member at `position` and moves the index of every later one down.
    private mutating func remove(at position: Int) {
        let removed = members.remove(at: position)
        guard positions != nil else { return }
        positions![MemberName(removed.key)] = nil
        for later in position..<members.count { positions![MemberName(members[later].key)] = later }
        ParseWork.add(members.count - position + 1)
    }

    /// The number of members, so that `map` and the like allocate their result once.
    public var underestimatedCount: Int { members.count }

    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        return lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }

    /// Compact JSON text for this object.
    public var description: String { JSONWriter.string(.object(self)) }
}
