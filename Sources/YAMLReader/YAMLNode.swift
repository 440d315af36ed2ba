import Diagnostics

// PUBLIC API CONTRACT (stub: the implementation replaces the bodies, not the signatures).

/// Limits that keep hostile input from exhausting memory or the stack.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxFileBytes: Int
    /// Longest single scalar accepted, in bytes.
    public var maxScalarBytes: Int
    /// Deepest nesting of sequences and mappings accepted.
    public var maxDepth: Int
    /// Most nodes the document may hold once every alias is counted as a full copy of its anchor
    /// (the "billion laughs" guard).
    public var maxExpandedNodes: Int

    public init(maxFileBytes: Int, maxScalarBytes: Int, maxDepth: Int, maxExpandedNodes: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxScalarBytes = maxScalarBytes
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
    }

    public static let `default` = YAMLLimits(
        maxFileBytes: 256 << 20, maxScalarBytes: 8 << 20, maxDepth: 512, maxExpandedNodes: 10_000_000)
}

/// A parsed YAML (or JSON) file: one document, stored as a compact arena of located nodes.
public final class YAMLDocument: Sendable {
    /// The path as shown in diagnostics.
    public let file: String

    /// Parses bytes. `.json` files (by `file`'s extension) are first checked for strict JSON.
    public static func parse(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) throws(DiagnosticsError) -> YAMLDocument {
        fatalError("stub")
    }

    /// Reads and parses a file. `displayPath` is what diagnostics show (defaults to `path`).
    public static func load(path: String, displayPath: String? = nil, limits: YAMLLimits = .default) throws(DiagnosticsError) -> YAMLDocument {
        fatalError("stub")
    }

    /// The document's root node.
    public var root: YAMLNode { fatalError("stub") }

    /// Number of distinct nodes stored (aliases share their anchor's node).
    public var nodeCount: Int { fatalError("stub") }

    init(file: String) { self.file = file }
}

/// A node of a `YAMLDocument`. Cheap to copy: a reference to the document and an index.
public struct YAMLNode: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable { case scalar, sequence, mapping }

    public enum ScalarStyle: UInt8, Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }

    /// A scalar resolved with the YAML 1.2 core schema. Only plain scalars resolve to non-strings;
    /// quoted scalars and scalars tagged `!!str` are always strings.
    public enum ScalarValue: Sendable, Hashable {
        case null
        case bool(Bool)
        /// An integer that fits in Int64; `text` is kept for exact re-emission.
        case integer(Int64, text: String)
        /// Any other number (decimal, exponent, .inf, .nan, or an integer too large for Int64).
        case number(Double, text: String)
        case string(String)
    }

    public let document: YAMLDocument
    /// Index of the node in its document's arena; stable, usable as an identity.
    public let index: Int32

    public var kind: Kind { fatalError("stub") }
    public var location: SourceLocation { fatalError("stub") }
    /// The explicit tag, if one was written (e.g. `!!str`), else nil.
    public var tag: String? { fatalError("stub") }

    // MARK: Scalars
    /// The scalar's text as written (after YAML unescaping), nil for collections.
    public var scalar: String? { fatalError("stub") }
    public var scalarStyle: ScalarStyle? { fatalError("stub") }
    /// The scalar resolved per the YAML 1.2 core schema; nil for collections.
    public var scalarValue: ScalarValue? { fatalError("stub") }

    // MARK: Collections
    /// Number of items of a sequence, pairs of a mapping; 0 for scalars.
    public var count: Int { fatalError("stub") }
    /// The items of a sequence (empty for other kinds). A view: no allocation.
    public var items: Items { fatalError("stub") }
    /// The key/value pairs of a mapping in document order (empty for other kinds).
    /// Merge keys (`<<`) are already applied. A view: no allocation.
    public var pairs: Pairs { fatalError("stub") }
    /// The value for a scalar key of a mapping; nil if absent or not a mapping.
    public subscript(key: String) -> YAMLNode? { fatalError("stub") }

    public var description: String { fatalError("stub") }

    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs.document === rhs.document && lhs.index == rhs.index
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(document))
        hasher.combine(index)
    }
}

extension YAMLNode {
    /// The items of a sequence node.
    public struct Items: RandomAccessCollection, Sendable {
        public var startIndex: Int { fatalError("stub") }
        public var endIndex: Int { fatalError("stub") }
        public subscript(position: Int) -> YAMLNode { fatalError("stub") }
    }

    /// The key/value pairs of a mapping node.
    public struct Pairs: RandomAccessCollection, Sendable {
        public var startIndex: Int { fatalError("stub") }
        public var endIndex: Int { fatalError("stub") }
        public subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) { fatalError("stub") }
    }
}
