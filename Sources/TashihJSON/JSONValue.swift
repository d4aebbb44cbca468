/// A parsed JSON value.
///
/// Objects keep their keys in the order they were read (`JSONObject`), numbers keep the literal
/// they were written as (`JSONNumber`), so a canonical file read and written again is
/// byte-identical.
///
/// Equality is exact, like the bytes a value writes: strings and keys compare by their Unicode
/// scalars, not by Swift's canonical equivalence (`"بَّ"` with shadda then fatha is not equal to
/// fatha then shadda, whose code-point offsets and hashes differ), numbers by their literal
/// (`1.0` is not `1`), objects by their keys in order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number, if this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return sameScalars(x, y)
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0 as UInt8)
        case .bool(let b):
            h.combine(1 as UInt8)
            h.combine(b)
        case .number(let n):
            h.combine(2 as UInt8)
            h.combine(n)
        case .string(let s):
            h.combine(3 as UInt8)
            hashScalars(s, into: &h)
        case .array(let a):
            h.combine(4 as UInt8)
            h.combine(a)
        case .object(let o):
            h.combine(5 as UInt8)
            h.combine(o)
        }
    }

    /// A short name of the value's kind, for error messages ("a string", "an object", ...).
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON number, kept as the literal it was written as.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal, e.g. `40`, `-1.5`, `2e3`. Always a valid JSON number literal.
    public let literal: String

    /// Wraps a literal that is already known to be valid JSON (the parser's output).
    public init(validatedLiteral: String) { self.literal = validatedLiteral }

    /// An integer number.
    public init(_ value: Int) { self.literal = String(value) }

    /// A floating-point number, written in the shortest form that reads back the same;
    /// integral values are written without a fraction (`2000`, not `2000.0`).
    /// Non-finite values have no JSON form and are a programming error.
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON has no literal for \(value)")
        if value == value.rounded(), abs(value) < 9.0e15 {
            self.literal = String(Int64(value))
        } else {
            self.literal = "\(value)"
        }
    }

    /// The value as an `Int`, if the literal is an integer that fits (`40`, not `40.5` or `1e400`).
    public var intValue: Int? {
        if let i = Int(literal) { return i }
        // `2e3`, `40.0`: integral doubles within Int's exact range.
        if let d = Double(literal), d.isFinite, d == d.rounded(), abs(d) < 9.0e15 { return Int(d) }
        return nil
    }

    /// The value as a `Double` (nil only if it does not fit, e.g. `1e400`).
    public var doubleValue: Double? {
        guard let d = Double(literal), d.isFinite else { return nil }
        return d
    }

    public var description: String { literal }
}

/// A JSON object: key/value pairs in the order they were read. Keys are unique (the parser
/// rejects duplicates). Lookup is linear, which is fastest for the small objects of JSONL records.
public struct JSONObject: Sendable, Hashable, Sequence {
    public var entries: [(key: String, value: JSONValue)]

    public init() { entries = [] }
    public init(_ entries: [(key: String, value: JSONValue)]) { self.entries = entries }

    /// The value for `key`, compared by Unicode scalars (not by canonical equivalence).
    public subscript(key: String) -> JSONValue? {
        get {
            for e in entries where sameScalars(e.key, key) { return e.value }
            return nil
        }
        set {
            if let i = entries.firstIndex(where: { sameScalars($0.key, key) }) {
                if let v = newValue { entries[i].value = v } else { entries.remove(at: i) }
            } else if let v = newValue {
                entries.append((key, v))
            }
        }
    }

    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        entries.makeIterator()
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { sameScalars($0.key, $1.key) && $0.value == $1.value }
    }

    public func hash(into h: inout Hasher) {
        h.combine(entries.count)
        for e in entries {
            hashScalars(e.key, into: &h)
            h.combine(e.value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// Whether two strings have the same Unicode scalars (the same UTF-8 bytes), unlike `==`, which
/// calls canonically equivalent strings equal.
@inline(__always)
func sameScalars(_ a: String, _ b: String) -> Bool {
    JSONParser.sameUTF8(a, b)
}

/// Hashes a string's UTF-8 bytes, consistently with `sameScalars`.
@inline(__always)
func hashScalars(_ s: String, into h: inout Hasher) {
    h.combine(s.utf8.count)
    let done: Void? = s.utf8.withContiguousStorageIfAvailable { h.combine(bytes: UnsafeRawBufferPointer($0)) }
    if done == nil { for b in s.utf8 { h.combine(b) } }
}
