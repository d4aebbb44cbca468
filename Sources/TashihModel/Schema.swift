import TashihJSON

/// The annotation schema: span families, their labels, and the typed attributes each label
/// may carry. Labels are unique across families, so a label names its family.
///
/// The default schema (``Schema/default``) is PRODUCT.md's: actors, numbers and stance. A
/// workspace may replace it with a `"schema"` object in `tashih.json` (see docs/ARCHITECTURE.md).
public struct Schema: Sendable, Hashable {
    public var families: [Family]

    public init(families: [Family]) throws(SchemaError) {
        self.families = families
        try validate()
    }

    /// A family of labels sharing attributes, e.g. `number` with COUNT, PERCENT, MEASURE.
    public struct Family: Sendable, Hashable {
        public var name: String
        public var labels: [String]
        public var attributes: [Attribute]

        public init(name: String, labels: [String], attributes: [Attribute]) {
            self.name = name
            self.labels = labels
            self.attributes = attributes
        }
    }

    /// An attribute: its name, its type, and the labels it applies to (nil: all the family's).
    public struct Attribute: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// A number (JSON number).
            case number
            /// One of a closed set of strings.
            case choice([String])
            /// Free text (e.g. the counted noun).
            case text
            /// An identifier such as an actor id: ASCII letters, digits, `_`, `-`, `.`, `:`.
            case identifier
        }

        public var name: String
        public var kind: Kind
        public var labels: [String]?

        public init(name: String, kind: Kind, labels: [String]? = nil) {
            self.name = name
            self.kind = kind
            self.labels = labels
        }

        /// The kind as written in `tashih.json`.
        public var kindName: String {
            switch kind {
            case .number: return "number"
            case .choice: return "choice"
            case .text: return "text"
            case .identifier: return "identifier"
            }
        }
    }

    /// The family a label belongs to.
    public func family(ofLabel label: String) -> Family? {
        families.first { $0.labels.contains(label) }
    }

    /// The family with this name.
    public func family(named name: String) -> Family? {
        families.first { $0.name == name }
    }

    /// Every label, in schema order.
    public var allLabels: [String] { families.flatMap(\.labels) }

    /// The attribute `name` as it applies to `label`, or nil if the label does not take it.
    public func attribute(_ name: String, forLabel label: String) -> Attribute? {
        guard let f = family(ofLabel: label) else { return nil }
        return f.attributes.first { $0.name == name && ($0.labels == nil || $0.labels!.contains(label)) }
    }

    /// The attributes a label may carry.
    public func attributes(forLabel label: String) -> [Attribute] {
        guard let f = family(ofLabel: label) else { return [] }
        return f.attributes.filter { $0.labels == nil || $0.labels!.contains(label) }
    }

    func validate() throws(SchemaError) {
        var seenLabels: [String: String] = [:]
        var seenFamilies: Set<String> = []
        guard !families.isEmpty else { throw SchemaError("the schema has no families") }
        for f in families {
            guard Self.isName(f.name) else { throw SchemaError("family name \"\(f.name)\" must be letters, digits and '_'") }
            guard seenFamilies.insert(f.name).inserted else { throw SchemaError("family \"\(f.name)\" is defined twice") }
            guard !f.labels.isEmpty else { throw SchemaError("family \"\(f.name)\" has no labels") }
            for l in f.labels {
                guard Self.isName(l) else { throw SchemaError("label \"\(l)\" must be letters, digits and '_'") }
                if let other = seenLabels[l] {
                    throw SchemaError(
                        "label \(l) is in both families \"\(other)\" and \"\(f.name)\"; labels must be unique across families")
                }
                seenLabels[l] = f.name
            }
            var attrNames: Set<String> = []
            for a in f.attributes {
                guard Self.isName(a.name) else {
                    throw SchemaError("attribute name \"\(a.name)\" must be letters, digits and '_'")
                }
                if let ls = a.labels {
                    for l in ls where !f.labels.contains(l) {
                        throw SchemaError("attribute \(a.name) names label \(l), which is not in family \"\(f.name)\"")
                    }
                }
                if case .choice(let values) = a.kind, values.isEmpty {
                    throw SchemaError("attribute \(a.name) is a choice with no values")
                }
                // The same name may appear twice only for disjoint label sets.
                if attrNames.contains(a.name) && a.labels == nil {
                    throw SchemaError("attribute \(a.name) is defined twice in family \"\(f.name)\"")
                }
                attrNames.insert(a.name)
            }
        }
    }

    static func isName(_ s: String) -> Bool {
        !s.isEmpty
            && s.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
            }
    }
}

/// A schema that cannot be used, with what is wrong.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Schema {
    /// The qualifier values of number spans.
    public static let qualifiers = ["exact", "approx", "at_least", "more_than", "less_than", "at_most", "range"]
    /// The category values of COUNT spans.
    public static let countCategories = [
        "killed", "wounded", "captured", "missing", "fighters", "civilians", "displaced", "surrendered",
        "equipment", "other",
    ]

    /// The default schema of PRODUCT.md: actors, numbers, stance.
    public static let `default`: Schema = {
        // Force-unwrap: the literal below is checked by the tests (`defaultSchemaIsValid`).
        try! Schema(families: [
            Family(
                name: "actor",
                labels: ["STATE", "STATE_FORCE", "ARMED_GROUP", "COALITION", "PERSON", "MEDIA", "ORG"],
                attributes: [Attribute(name: "actor_id", kind: .identifier)]),
            Family(
                name: "number",
                labels: ["COUNT", "PERCENT", "MEASURE"],
                attributes: [
                    Attribute(name: "value", kind: .number),
                    Attribute(name: "value_max", kind: .number),
                    Attribute(name: "qualifier", kind: .choice(qualifiers)),
                    Attribute(name: "counted", kind: .text),
                    Attribute(name: "category", kind: .choice(countCategories), labels: ["COUNT"]),
                ]),
            Family(
                name: "stance",
                labels: ["HOSTILE", "SUPPORTIVE"],
                attributes: [Attribute(name: "target", kind: .identifier)]),
        ])
    }()
}

// MARK: - JSON form

extension Schema {
    /// The schema as JSON, the form `tashih.json` holds.
    public var json: JSONValue {
        .object(
            JSONObject([
                (
                    "families",
                    .array(
                        families.map { f in
                            .object(
                                JSONObject([
                                    ("name", .string(f.name)),
                                    ("labels", .array(f.labels.map { .string($0) })),
                                    (
                                        "attributes",
                                        .array(
                                            f.attributes.map { a in
                                                var o = JSONObject([("name", .string(a.name)), ("type", .string(a.kindName))])
                                                if case .choice(let values) = a.kind {
                                                    o["values"] = .array(values.map { .string($0) })
                                                }
                                                if let ls = a.labels { o["labels"] = .array(ls.map { .string($0) }) }
                                                return .object(o)
                                            })
                                    ),
                                ]))
                        })
                )
            ]))
    }

    /// Reads a schema from its JSON form.
    public init(json: JSONValue) throws(SchemaError) {
        guard let o = json.objectValue, let fams = o["families"]?.arrayValue else {
            throw SchemaError("a schema is an object with a \"families\" array")
        }
        var families: [Family] = []
        for (i, fv) in fams.enumerated() {
            guard let fo = fv.objectValue, let name = fo["name"]?.stringValue else {
                throw SchemaError("family #\(i + 1) needs a \"name\" string")
            }
            guard let labelsJ = fo["labels"]?.arrayValue else {
                throw SchemaError("family \"\(name)\" needs a \"labels\" array of strings")
            }
            var labels: [String] = []
            for l in labelsJ {
                guard let s = l.stringValue else { throw SchemaError("family \"\(name)\": labels must be strings") }
                labels.append(s)
            }
            var attrs: [Attribute] = []
            for av in fo["attributes"]?.arrayValue ?? [] {
                guard let ao = av.objectValue, let an = ao["name"]?.stringValue, let type = ao["type"]?.stringValue else {
                    throw SchemaError("family \"\(name)\": each attribute needs \"name\" and \"type\"")
                }
                let kind: Attribute.Kind
                switch type {
                case "number": kind = .number
                case "text": kind = .text
                case "identifier": kind = .identifier
                case "choice":
                    let values = (ao["values"]?.arrayValue ?? []).compactMap(\.stringValue)
                    kind = .choice(values)
                default:
                    throw SchemaError("attribute \(an): unknown type \"\(type)\" (use number, choice, text or identifier)")
                }
                let ls = ao["labels"]?.arrayValue?.compactMap(\.stringValue)
                attrs.append(Attribute(name: an, kind: kind, labels: ls))
            }
            families.append(Family(name: name, labels: labels, attributes: attrs))
        }
        try self.init(families: families)
    }

    /// A stable hash of the schema (SHA-256 of its canonical JSON), recorded in releases.
    public var hash: String { "sha256:" + SHA256.hex(JSONWriter.bytes(json)) }
}
