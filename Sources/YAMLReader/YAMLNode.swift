import Diagnostics

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

    /// Generous for real specs (the largest public ones are ~5 MB, nest ~30 deep), tight enough
    /// that a hostile file fails in milliseconds.
    public static let `default` = YAMLLimits(
        maxFileBytes: 256 << 20, maxScalarBytes: 8 << 20, maxDepth: 512, maxExpandedNodes: 10_000_000)
}

/// One node in the arena: 16 bytes (a large spec has a quarter of a million). The kind shares a
/// word with the line and the style with the column: lines and columns stay exact up to 2^30
/// and 2^29, beyond any file the default limits admit (256 MiB), and saturate past them.
struct NodeRecord: Sendable {
    private var lineAndKind: UInt32
    private var columnAndStyle: UInt32
    /// Scalars: index into `scalars`. Collections: first index into `children`.
    var payload: UInt32
    /// Collections: items of a sequence, pairs of a mapping.
    var count: UInt32

    private static let lineBits: UInt32 = 30
    private static let columnBits: UInt32 = 29

    init(kind: UInt8, style: UInt8, line: UInt32, column: UInt32, payload: UInt32, count: UInt32) {
        lineAndKind = UInt32(kind) << NodeRecord.lineBits | min(line, 1 << NodeRecord.lineBits - 1)
        columnAndStyle = UInt32(style) << NodeRecord.columnBits | min(column, 1 << NodeRecord.columnBits - 1)
        self.payload = payload
        self.count = count
    }

    /// `YAMLNode.Kind` raw value.
    var kind: UInt8 { UInt8(truncatingIfNeeded: lineAndKind >> NodeRecord.lineBits) }
    /// `YAMLNode.ScalarStyle` raw value, for scalars.
    var style: UInt8 { UInt8(truncatingIfNeeded: columnAndStyle >> NodeRecord.columnBits) }
    var line: UInt32 { lineAndKind & (1 << NodeRecord.lineBits - 1) }
    var column: UInt32 { columnAndStyle & (1 << NodeRecord.columnBits - 1) }
}

/// The nodes of a document (or of one chunk of it) as flat arrays; see `YAMLDocument`.
struct Arena: Sendable {
    var records: [NodeRecord]
    var scalars: [String]
    var children: [Int32]
    var mappingIndexes: [Int32: [String: Int32]]
    var tags: [Int32: String]
    var root: Int32
    /// Nodes under the root counting every alias as a full copy (the billion-laughs measure).
    var rootExpandedSize: UInt32
    /// Some node is reached through an alias, so it may have more than one parent.
    var hasAliases: Bool

    func isEmptyScalar(_ index: Int32) -> Bool {
        let record = records[Int(index)]
        return record.kind == YAMLNode.Kind.scalar.rawValue && record.style == YAMLNode.ScalarStyle.plain.rawValue
            && scalars[Int(record.payload)].isEmpty
    }
}

/// A parsed YAML (or JSON) file: one document, stored as a compact arena of located nodes.
///
/// Nodes live in flat arrays (records, scalar texts, child indices), so a 4 MB spec costs a few
/// allocations per node kind rather than one object per node, and an alias is just another
/// reference to its anchor's node.
public final class YAMLDocument: Sendable {
    /// The path as shown in diagnostics.
    public let file: String
    /// The file's identity, which outlives this tree: see `SourceNode`.
    public let source: SourceFile
    let records: [NodeRecord]
    let scalars: [String]
    /// Child node indices; a mapping's children alternate key, value.
    let children: [Int32]
    /// Key → value index for mappings with many pairs, so lookups in `paths` or `schemas` are O(1).
    let mappingIndexes: [Int32: [String: Int32]]
    /// Explicit tags (`!!str`), by node index.
    let tags: [Int32: String]
    let rootIndex: Int32
    /// The document uses YAML aliases (`*name`): a node may then sit under several parents, so
    /// subtrees cannot be assumed disjoint.
    public let hasAliases: Bool

    private init(twinOf other: YAMLDocument) {
        // A path of more than 15 bytes is an object, counted as each location is made.
        file = String(decoding: Array(other.file.utf8), as: UTF8.self)
        source = other.source
        records = other.records
        scalars = other.scalars
        children = other.children
        mappingIndexes = other.mappingIndexes
        tags = other.tags
        rootIndex = other.rootIndex
        hasAliases = other.hasAliases
    }

    /// The same tree as another object, for a second thread to read: every node read holds the
    /// document it was read through, and two threads counting references to one object slow
    /// each other down (decoding Telnyx's spec on two cores took twice as long). Shares the
    /// storage and the file's identity, so nodes read through either are the same `SourceNode`s.
    public func twin() -> YAMLDocument { YAMLDocument(twinOf: self) }

    init(file: String, arena: Arena) {
        self.file = file
        source = SourceFile(path: file)
        records = arena.records
        scalars = arena.scalars
        children = arena.children
        mappingIndexes = arena.mappingIndexes
        tags = arena.tags
        rootIndex = arena.root
        hasAliases = arena.hasAliases
    }

    /// Parses bytes. `.json` files (by `file`'s extension) are first checked for strict JSON,
    /// since libyaml accepts things JSON forbids (trailing commas, comments, single quotes).
    public static func parse(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) throws(DiagnosticsError) -> YAMLDocument {
        guard bytes.count <= limits.maxFileBytes else {
            throw DiagnosticsError(.error("the file is \(bytes.count >> 20) MiB; the most oasgen reads is \(limits.maxFileBytes >> 20) MiB", at: SourceLocation(file: file, line: 1, column: 1)))
        }
        if file.lowercased().hasSuffix(".json") {
            // Large files are outlined in the same pass, so that they can be cut into pieces.
            let scan = StrictJSON.scan(bytes, outlineDepth: bytes.count >= ChunkedParse.minimumBytes ? ChunkedParse.jsonOutlineDepth : -1)
            if let problem = scan.problem {
                throw DiagnosticsError(.error(problem.message, at: SourceLocation(file: file, line: problem.line, column: problem.column)))
            }
            if let outline = scan.outline, let document = ChunkedParse.document(bytes, file: file, limits: limits, outline: outline) {
                return document
            }
        } else if let document = ChunkedParse.document(bytes, file: file, limits: limits) {
            return document
        }
        // A file read in one piece is small, or could not be cut: decoding it ahead would hold a
        // second copy of it while it is parsed (see `ChunkedParse.document`).
        var builder = TreeBuilder(bytes: bytes, file: file, limits: limits, reading: .reader)
        return try builder.build()
    }

    /// Reads and parses a file. `displayPath` is what diagnostics show (defaults to `path`).
    public static func load(path: String, displayPath: String? = nil, limits: YAMLLimits = .default) throws(DiagnosticsError) -> YAMLDocument {
        let shown = displayPath ?? path
        let bytes = try FileReading.read(path: path, displayPath: shown, limit: limits.maxFileBytes)
        return try parse(bytes, file: shown, limits: limits)
    }

    /// The document's root node.
    public var root: YAMLNode { YAMLNode(document: self, index: rootIndex) }

    /// Number of distinct nodes stored (aliases share their anchor's node).
    public var nodeCount: Int { records.count }
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

    init(document: YAMLDocument, index: Int32) {
        self.document = document
        self.index = index
    }

    /// This node, read through `twin` (made by `twin()` from this node's document).
    public func reading(through twin: YAMLDocument) -> YAMLNode {
        precondition(twin.source === document.source, "not a twin of this node's document")
        return YAMLNode(document: twin, index: index)
    }

    @inline(__always) var record: NodeRecord { document.records[Int(index)] }

    public var kind: Kind { Kind(rawValue: record.kind) ?? .scalar }

    public var location: SourceLocation {
        let record = self.record
        return SourceLocation(file: document.file, line: Int(record.line), column: Int(record.column))
    }

    /// This node's identity and position, without the tree: what decoded objects keep.
    public var source: SourceNode {
        let record = self.record
        return SourceNode(file: document.source, index: index, line: record.line, column: record.column)
    }

    /// The explicit tag, if one was written (e.g. `tag:yaml.org,2002:str` for `!!str`), else nil.
    public var tag: String? { document.tags[index] }

    // MARK: Scalars

    /// The scalar's text as written (after YAML unescaping), nil for collections.
    public var scalar: String? {
        let record = self.record
        return record.kind == Kind.scalar.rawValue ? document.scalars[Int(record.payload)] : nil
    }

    public var scalarStyle: ScalarStyle? {
        let record = self.record
        return record.kind == Kind.scalar.rawValue ? ScalarStyle(rawValue: record.style) : nil
    }

    /// The scalar resolved per the YAML 1.2 core schema; nil for collections.
    public var scalarValue: ScalarValue? {
        let record = self.record
        guard record.kind == Kind.scalar.rawValue else { return nil }
        let text = document.scalars[Int(record.payload)]
        if let tag = document.tags.isEmpty ? nil : document.tags[index] {
            return ScalarResolution.resolve(text, tag: tag)
        }
        guard record.style == ScalarStyle.plain.rawValue else { return .string(text) }
        return ScalarResolution.resolvePlain(text)
    }

    // MARK: Collections

    /// Number of items of a sequence, pairs of a mapping; 0 for scalars.
    public var count: Int {
        let record = self.record
        return record.kind == Kind.scalar.rawValue ? 0 : Int(record.count)
    }

    /// The items of a sequence (empty for other kinds). A view: no allocation.
    public var items: Items {
        let record = self.record
        let isSequence = record.kind == Kind.sequence.rawValue
        return Items(document: document, start: Int(record.payload), count: isSequence ? Int(record.count) : 0)
    }

    /// The key/value pairs of a mapping in document order (empty for other kinds).
    /// Merge keys (`<<`) are already applied. A view: no allocation.
    public var pairs: Pairs {
        let record = self.record
        let isMapping = record.kind == Kind.mapping.rawValue
        return Pairs(document: document, start: Int(record.payload), count: isMapping ? Int(record.count) : 0)
    }

    /// The value for a scalar key of a mapping; nil if absent or not a mapping.
    public subscript(key: String) -> YAMLNode? {
        let record = self.record
        guard record.kind == Kind.mapping.rawValue else { return nil }
        if record.count > TreeBuilder.indexedMappingThreshold {
            return document.mappingIndexes[index]?[key].map { YAMLNode(document: document, index: $0) }
        }
        let start = Int(record.payload)
        for pair in 0..<Int(record.count) {
            let keyIndex = document.children[start + pair * 2]
            let keyRecord = document.records[Int(keyIndex)]
            if keyRecord.kind == Kind.scalar.rawValue, document.scalars[Int(keyRecord.payload)] == key {
                return YAMLNode(document: document, index: document.children[start + pair * 2 + 1])
            }
        }
        return nil
    }

    public var description: String {
        switch kind {
        case .scalar:
            let text = scalar ?? ""
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "scalar \(Diagnostic.singleLine("\"\(shown)\"")) at \(location)"
        case .sequence: return "sequence of \(count) at \(location)"
        case .mapping: return "mapping of \(count) at \(location)"
        }
    }

    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs.document === rhs.document && lhs.index == rhs.index
    }

    /// The index alone: nearly every node of a run is in one document, and `==` tells the
    /// documents apart (hashing both doubled the cost of every node-keyed cache).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(index)
    }
}

extension YAMLNode {
    /// The items of a sequence node.
    public struct Items: RandomAccessCollection, Sendable {
        let document: YAMLDocument
        let start: Int
        let count_: Int

        init(document: YAMLDocument, start: Int, count: Int) {
            self.document = document
            self.start = start
            self.count_ = count
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { count_ }

        public subscript(position: Int) -> YAMLNode {
            YAMLNode(document: document, index: document.children[start + position])
        }
    }

    /// The key/value pairs of a mapping node.
    public struct Pairs: RandomAccessCollection, Sendable {
        let document: YAMLDocument
        let start: Int
        let count_: Int

        init(document: YAMLDocument, start: Int, count: Int) {
            self.document = document
            self.start = start
            self.count_ = count
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { count_ }

        public subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) {
            let base = start + position * 2
            return (YAMLNode(document: document, index: document.children[base]), YAMLNode(document: document, index: document.children[base + 1]))
        }
    }
}
