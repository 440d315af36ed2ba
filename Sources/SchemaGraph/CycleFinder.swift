/// Finds types that contain themselves by value and marks the edges that must be boxed.
///
/// Swift structs and enums need a finite size, so a struct that stores itself (directly or
/// through other structs and enums) must break the cycle somewhere. Arrays and dictionaries are
/// already heap storage and break cycles on their own. Every stored edge inside a strongly
/// connected component is boxed (`@Indirect` property, `indirect` enum), which is minimal
/// enough and, unlike "break one edge", does not depend on traversal order.
enum CycleFinder {
    /// The stored values that must be boxed: they depend on the types' shapes only, so they can
    /// be found while names are still being settled (`mark` then applies them).
    struct Indirections: Sendable {
        var properties: [(type: Int, property: Int)] = []
        var unions: [Int] = []
    }

    static func indirections(in types: [TypeDecl]) -> Indirections {
        let edges = types.map { storedEdges(of: $0, in: types) }
        let component = stronglyConnectedComponents(count: types.count, edges: edges)
        var found = Indirections()
        for index in types.indices {
            let inCycle = { (target: Int) in component[target] == component[index] }
            switch types[index].kind {
            case .object(let object):
                for property in object.properties.indices where storedTargets(object.properties[property].type, in: types).contains(where: inCycle) {
                    found.properties.append((index, property))
                }
            case .union(let union):
                if union.variants.contains(where: { storedTargets($0.type, in: types).contains(where: inCycle) }) {
                    found.unions.append(index)
                }
            case .enumeration, .alias:
                break
            }
        }
        return found
    }

    /// Boxes the stored values `indirections` found, in the same declarations (renamed or not).
    static func mark(_ indirections: Indirections, in types: inout [TypeDecl]) {
        for (index, property) in indirections.properties {
            guard case .object(var object) = types[index].kind else { continue }
            object.properties[property].needsIndirection = true
            types[index].kind = .object(object)
        }
        for index in indirections.unions {
            guard case .union(var union) = types[index].kind else { continue }
            union.isIndirect = true
            types[index].kind = .union(union)
        }
    }

    /// Declarations a type stores inline (not behind an array or dictionary).
    private static func storedEdges(of decl: TypeDecl, in types: [TypeDecl]) -> [Int] {
        switch decl.kind {
        case .object(let object): return object.properties.flatMap { storedTargets($0.type, in: types) }
        case .union(let union): return union.variants.flatMap { storedTargets($0.type, in: types) }
        case .alias(let value): return storedTargets(value, in: types)
        case .enumeration: return []
        }
    }

    private static func storedTargets(_ value: ValueType, in types: [TypeDecl]) -> [Int] {
        switch value.type {
        case .named(let id):
            // Aliases are transparent to Swift: follow a chain of them to what it names.
            var targets = [id.index]
            var current = id
            while case .alias(let inner) = types[current.index].kind, case .named(let next) = inner.type,
                !targets.contains(next.index)
            {
                targets.append(next.index)
                current = next
            }
            return targets
        case .primitive, .array, .dictionary, .any:
            return []
        }
    }

    /// Tarjan's algorithm with an explicit stack. Returns a component number per node.
    static func stronglyConnectedComponents(count: Int, edges: [[Int]]) -> [Int] {
        var index = [Int](repeating: -1, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var component = [Int](repeating: -1, count: count)
        var stack: [Int] = []
        var nextIndex = 0
        var nextComponent = 0
        // (node, position of the next edge to look at)
        var work: [(node: Int, edge: Int)] = []

        for start in 0..<count where index[start] == -1 {
            work.append((start, 0))
            while let (node, edge) = work.last {
                if edge == 0 && index[node] == -1 {
                    index[node] = nextIndex
                    lowLink[node] = nextIndex
                    nextIndex += 1
                    stack.append(node)
                    onStack[node] = true
                }
                if edge < edges[node].count {
                    work[work.count - 1].edge += 1
                    let next = edges[node][edge]
                    if index[next] == -1 {
                        work.append((next, 0))
                    } else if onStack[next] {
                        lowLink[node] = min(lowLink[node], index[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
                if lowLink[node] == index[node] {
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component[member] = nextComponent
                        if member == node { break }
                    }
                    nextComponent += 1
                }
            }
        }
        return component
    }
}
