/// An open-addressing map from 64-bit keys that are already hashes (`MatchKey`) to small
/// values: no re-hashing, no SipHash, a probe or two per lookup. Key 0 is never stored.
struct KeyMap<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        keys = [UInt64](repeating: 0, count: n)
        values = [Value?](repeating: nil, count: n)
        mask = n - 1
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key ^ (key >> 29)) & UInt64(mask)) }

    subscript(key: UInt64) -> Value? {
        get {
            guard key != 0 else { return nil }
            var i = slot(key)
            while true {
                let k = keys[i]
                if k == key { return values[i] }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            precondition(key != 0, "key 0 is reserved")
            if count * 2 >= keys.count { grow() }
            var i = slot(key)
            while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
            if keys[i] == 0 {
                guard newValue != nil else { return }
                keys[i] = key
                count += 1
            }
            values[i] = newValue  // (removal is not needed by the matchers)
        }
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 != 0 }
        let n = keys.count * 2
        keys = [UInt64](repeating: 0, count: n)
        values = [Value?](repeating: nil, count: n)
        mask = n - 1
        count = 0
        for (k, v) in old { self[k] = v }
    }
}

/// A set of 64-bit keys that are already hashes (`MatchKey`), over a ``KeyMap``: a probe or two
/// per look-up, where `Set<UInt64>` hashes every key with SipHash first.
struct KeySet: Sendable, ExpressibleByArrayLiteral {
    private var map = KeyMap<Bool>()
    /// Key 0 (reserved in the map) is kept apart.
    private var hasZero = false

    init() {}

    init<S: Sequence>(_ keys: S) where S.Element == UInt64 {
        for k in keys { insert(k) }
    }

    init(arrayLiteral keys: UInt64...) { self.init(keys) }

    mutating func insert(_ key: UInt64) {
        if key == 0 { hasZero = true } else { map[key] = true }
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool { key == 0 ? hasZero : map[key] != nil }
}

/// A fixed table of word keys, one a slot (by the key's own bits: keys are already hashes), the
/// newest in a slot winning: the memory of the suite's word memos, flat however large the
/// corpus. Key 0 is never held.
final class WordSlots: @unchecked Sendable {
    static let count = 1 << 14
    let keys: UnsafeMutablePointer<UInt64>

    init() {
        keys = .allocate(capacity: Self.count)
        keys.initialize(repeating: 0, count: Self.count)
    }

    deinit { keys.deallocate() }

    @inline(__always) func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key ^ (key >> 32)) & UInt64(Self.count - 1))
    }

    /// Whether `key` holds its slot.
    @inline(__always) func holds(_ key: UInt64) -> Bool { key != 0 && keys[slot(key)] == key }

    /// Puts `key` in its slot; returns the slot.
    @discardableResult @inline(__always) func put(_ key: UInt64) -> Int {
        let i = slot(key)
        keys[i] = key
        return i
    }
}
