import Diagnostics

/// A file the reader parsed, as an identity: the same file read once is one `SourceFile`.
///
/// Decoded objects point here rather than at their `YAMLDocument`, so that the node arena (a
/// third of the peak memory on a large spec) can be freed once every `$ref` is resolved.
public final class SourceFile: Sendable {
    /// The path as shown in diagnostics.
    public let path: String

    public init(path: String) { self.path = path }
}

/// Which node of which file a decoded object came from, and where it starts. Equal when file
/// and node are; the position only serves diagnostics.
public struct SourceNode: Sendable, Hashable, CustomStringConvertible {
    public let file: SourceFile
    /// The node's index in its document's arena.
    public let index: Int32
    private let line: UInt32
    private let column: UInt32

    init(file: SourceFile, index: Int32, line: UInt32, column: UInt32) {
        self.file = file
        self.index = index
        self.line = line
        self.column = column
    }

    public var location: SourceLocation { SourceLocation(file: file.path, line: Int(line), column: Int(column)) }

    public var description: String { "node \(index) at \(location)" }

    public static func == (lhs: SourceNode, rhs: SourceNode) -> Bool {
        lhs.file === rhs.file && lhs.index == rhs.index
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(index)
    }
}
