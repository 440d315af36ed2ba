/// A dictionary keyed by node, in less memory than `[SourceNode: Value]`: the nodes of the first
/// file it sees (nearly every node of a run: the root spec's) are keyed by their index alone,
/// 4 bytes instead of 16, in a table of its own (`IndexTable`). Nodes of other files (reached
/// through `$ref`) go in a dictionary of their own. Takes tree nodes while decoding, and their
/// `SourceNode`s once the tree is gone.
///
/// Inlinable, so that the modules using it specialize it for their values: unspecialized, each
/// access went through generic dictionary code (about 3,000 instructions a store).
public struct NodeMap<Value> {
    @usableFromInline var firstFile: SourceFile?
    @usableFromInline var inFirstFile = IndexTable<Value>()
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

/// A hash table from node index to value, for `NodeMap`: open addressing, probed slot by slot.
///
/// A dictionary hashes every key with SipHash, a hundred instructions for a 4-byte index, and
/// the graph looks schemas up by node some 200,000 times on a large spec. An index is spread
/// by one multiplication instead (Fibonacci hashing: node indices are dense, and the high bits
/// of their product with 2^32/φ are evenly spread).
///
/// The values sit apart, in the order they were added, and the slots hold their positions:
/// growing the table moves 8-byte slots, never a value (moving values retained and released
/// everything they hold, three times the cost of a dictionary's growth).
@usableFromInline struct IndexTable<Value> {
    @usableFromInline struct Slot {
        /// The node index, or `empty`.
        @usableFromInline var key: Int32
        /// Where its value is in `values`.
        @usableFromInline var position: Int32

        @inlinable init(key: Int32, position: Int32) {
            self.key = key
            self.position = position
        }
    }

    @usableFromInline static var empty: Int32 { -1 }

    /// Empty, or a power of two slots, at most three quarters in use.
    @usableFromInline var slots: [Slot] = []
    @usableFromInline var values: [Value] = []
    /// Each value's key, for growing and removing.
    @usableFromInline var keys: [Int32] = []
    /// 32 minus log2 of the slot count: a key's home slot is the top bits of its product.
    @usableFromInline var shift: UInt32 = 32

    @inlinable init() {}

    @inlinable var count: Int { values.count }

    @inlinable func home(_ key: Int32) -> Int {
        Int(truncatingIfNeeded: (UInt32(bitPattern: key) &* 0x9E37_79B9) >> shift)
    }

    /// The slot holding `key`, or the empty slot where it would go. There is a free slot.
    @inlinable func probe(_ key: Int32) -> (slot: Int, found: Bool) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = home(key)
            while true {
                let held = slots[slot].key
                if held == key { return (slot, true) }
                if held == IndexTable.empty { return (slot, false) }
                slot = (slot + 1) & mask
            }
        }
    }

    @inlinable subscript(key: Int32) -> Value? {
        get {
            guard !values.isEmpty else { return nil }
            let (slot, found) = probe(key)
            return found ? values[Int(slots[slot].position)] : nil
        }
        set {
            guard let newValue else { return remove(key) }
            var (slot, found) = slots.isEmpty ? (0, false) : probe(key)
            if found { return values[Int(slots[slot].position)] = newValue }
            if (values.count + 1) * 4 > slots.count * 3 {
                grow()
                slot = probe(key).slot
            }
            slots[slot] = Slot(key: key, position: Int32(values.count))
            values.append(newValue)
            keys.append(key)
        }
    }

    @inlinable mutating func grow() {
        let capacity = max(64, slots.count * 2)
        slots = Array(repeating: Slot(key: IndexTable.empty, position: 0), count: capacity)
        shift = 32 - UInt32(capacity.trailingZeroBitCount)
        for position in keys.indices {
            let slot = probe(keys[position]).slot
            slots[slot] = Slot(key: keys[position], position: Int32(position))
        }
    }

    /// Empties `key`'s slot, moves back the entries after it that probed past it (so that each
    /// stays reachable from its home slot), and moves the last value into the freed position.
    @inlinable mutating func remove(_ key: Int32) {
        guard !values.isEmpty else { return }
        var (hole, found) = probe(key)
        guard found else { return }
        let position = Int(slots[hole].position)
        let mask = slots.count - 1
        var next = (hole + 1) & mask
        while slots[next].key != IndexTable.empty {
            // The entry may move into the hole unless its home lies after the hole, up to it.
            if (next - home(slots[next].key)) & mask >= (next - hole) & mask {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole].key = IndexTable.empty
        let last = values.count - 1
        if position != last {
            values.swapAt(position, last)
            keys.swapAt(position, last)
            slots[probe(keys[position]).slot].position = Int32(position)
        }
        values.removeLast()
        keys.removeLast()
    }
}

extension IndexTable.Slot: Sendable {}
extension IndexTable: Sendable where Value: Sendable {}
