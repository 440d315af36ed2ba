/// A dictionary keyed by node, in less memory than `[SourceNode: Value]`: the nodes of the first
/// file it sees (nearly every node of a run: the root spec's) are keyed by their index alone,
/// 4 bytes instead of 16. Nodes of other files (reached through `$ref`) go in a dictionary of
/// their own. Takes tree nodes while decoding, and their `SourceNode`s once the tree is gone.
///
/// Inlinable, so that the modules using it specialize it for their values: unspecialized, each
/// access went through generic dictionary code (about 3,000 instructions a store).
public struct NodeMap<Value> {
    @usableFromInline var firstFile: SourceFile?
    @usableFromInline var inFirstFile: [Int32: Value] = [:]
    @usableFromInline var inOtherFiles: [Key: Value] = [:]

    @usableFromInline struct Key: Hashable, Sendable {
        @usableFromInline let file: SourceFile
        @usableFromInline let index: Int32

        @inlinable init(file: SourceFile, index: Int32) {
            self.file = file
            self.index = index
        }

        @inlinable static func == (lhs: Key, rhs: Key) -> Bool { lhs.file === rhs.file && lhs.index == rhs.index }

        @inlinable func hash(into hasher: inout Hasher) {
            hasher.combine(ObjectIdentifier(file))
            hasher.combine(index)
        }
    }

    @inlinable public init() {}

    @inlinable public subscript(node: SourceNode) -> Value? {
        get { self[node.file, node.index] }
        set { self[node.file, node.index] = newValue }
    }

    @inlinable public subscript(node: YAMLNode) -> Value? {
        get { self[node.document.source, node.index] }
        set { self[node.document.source, node.index] = newValue }
    }

    @inlinable subscript(file: SourceFile, index: Int32) -> Value? {
        get {
            file === firstFile ? inFirstFile[index] : inOtherFiles[Key(file: file, index: index)]
        }
        set {
            if firstFile == nil { firstFile = file }
            if file === firstFile {
                inFirstFile[index] = newValue
            } else {
                inOtherFiles[Key(file: file, index: index)] = newValue
            }
        }
    }
}

extension NodeMap: Sendable where Value: Sendable {}
