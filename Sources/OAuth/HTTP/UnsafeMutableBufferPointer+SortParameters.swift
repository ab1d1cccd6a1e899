extension UnsafeMutableBufferPointer {
    /// Sorts a request's parameters in place: an insertion sort for up to 32, which allocates
    /// nothing and is fastest for the handful a request carries, the standard library's sort for
    /// more. The insertion sort keeps equal elements in order; callers that need that for any
    /// count break ties in `precedes`.
    mutating func sortParameters(by precedes: (Element, Element) -> Bool) {
        guard count > 32 else {
            for index in indices.dropFirst() {
                let element = self[index]
                var hole = index
                while hole > 0, precedes(element, self[hole - 1]) {
                    self[hole] = self[hole - 1]
                    hole -= 1
                }
                self[hole] = element
            }
            return
        }
        sort(by: precedes)
    }
}
