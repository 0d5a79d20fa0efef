/// Comparisons of secrets whose time does not depend on where they differ.
enum ConstantTime {
    /// Whether `a` and `b` (digests of one length) are equal, looking at every byte.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
