/// Finding the names a mistyped one probably meant: the "did you mean" of the registry's
/// errors, and of `oauthctl`'s.
///
/// ```swift
/// NearMatches.find("facebok", in: ["facebook", "github"])   // ["facebook"]
/// ```
public enum NearMatches {
    /// The candidates within a small edit distance of `name`, or containing it, closest first.
    public static func find(_ name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = name.lowercased()
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            let lowered = candidate.lowercased()
            let distance = editDistance(target, lowered)
            let allowed = max(2, target.count / 3)
            if distance <= allowed { return (candidate, distance) }
            if !target.isEmpty, lowered.contains(target) || target.contains(lowered) { return (candidate, allowed + 1) }
            return nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// The Levenshtein distance between two strings.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
