/// A dictionary keyed by node, in less memory than `[YAMLNode: Value]`: the nodes of the first
/// document it sees (nearly every node of a run: the root spec's) are keyed by their index alone,
/// 4 bytes instead of 16. Nodes of other documents (files reached through `$ref`) go in a
/// dictionary of their own.
///
/// Inlinable, so that the modules using it specialize it for their values: unspecialized, each
/// access went through generic dictionary code (about 3,000 instructions a store).
public struct NodeMap<Value> {
    @usableFromInline var firstDocument: YAMLDocument?
    @usableFromInline var inFirstDocument: [Int32: Value] = [:]
    @usableFromInline var inOtherDocuments: [YAMLNode: Value] = [:]

    @inlinable public init() {}

    @inlinable public subscript(node: YAMLNode) -> Value? {
        get {
            node.document === firstDocument ? inFirstDocument[node.index] : inOtherDocuments[node]
        }
        set {
            if firstDocument == nil { firstDocument = node.document }
            if node.document === firstDocument {
                inFirstDocument[node.index] = newValue
            } else {
                inOtherDocuments[node] = newValue
            }
        }
    }

    /// Adds `other`'s entries, keeping this map's value where both have one.
    public mutating func merge(_ other: NodeMap<Value>) {
        if let document = other.firstDocument, firstDocument == nil || firstDocument === document {
            firstDocument = document
            inFirstDocument.merge(other.inFirstDocument) { mine, _ in mine }
        } else if let document = other.firstDocument {
            for (index, value) in other.inFirstDocument where self[YAMLNode(document: document, index: index)] == nil {
                self[YAMLNode(document: document, index: index)] = value
            }
        }
        for (node, value) in other.inOtherDocuments where self[node] == nil { self[node] = value }
    }
}

extension NodeMap: Sendable where Value: Sendable {}
