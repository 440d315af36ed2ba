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
        var edges: [[Int]] = []
        edges.reserveCapacity(types.count)
        for index in types.indices {
            var targets: [Int] = []
            forEachStoredValue(of: types[index]) { value in forEachStoredTarget(value, in: types) { targets.append($0) } }
            edges.append(targets)
        }
        let component = stronglyConnectedComponents(count: types.count, edges: edges)
        // Only a type whose component has other members, or that stores itself, is in a cycle:
        // the few there are looked at again, property by property.
        var members = [Int](repeating: 0, count: types.count)
        for number in component { members[number] += 1 }
        var found = Indirections()
        for index in types.indices where members[component[index]] > 1 || edges[index].contains(index) {
            let inCycle = { (value: ValueType) in
                var found = false
                forEachStoredTarget(value, in: types) { target in found = found || component[target] == component[index] }
                return found
            }
            switch types[index].kind {
            case .object(let object):
                for property in object.properties.indices where inCycle(object.properties[property].type) {
                    found.properties.append((index, property))
                }
            case .union(let union):
                if union.variants.contains(where: { inCycle($0.type) }) { found.unions.append(index) }
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

    /// The values a type stores: its properties', its variants', or an alias's one.
    private static func forEachStoredValue(of decl: TypeDecl, _ body: (ValueType) -> Void) {
        switch decl.kind {
        case .object(let object): for property in object.properties { body(property.type) }
        case .union(let union): for variant in union.variants { body(variant.type) }
        case .alias(let value): body(value)
        case .enumeration: break
        }
    }

    /// The declarations a value stores inline (not behind an array or dictionary). Called back
    /// one by one rather than returned in an array: one array per property was most of the work.
    private static func forEachStoredTarget(_ value: ValueType, in types: [TypeDecl], _ body: (Int) -> Void) {
        guard case .named(let id) = value.type else { return }
        // Aliases are transparent to Swift: follow a chain of them to what it names. Chains are
        // short; a cycle of aliases is stopped at the first repeat.
        body(id.index)
        guard case .alias(let inner) = types[id.index].kind, case .named(var next) = inner.type else { return }
        var seen = [id.index]
        while !seen.contains(next.index) {
            body(next.index)
            seen.append(next.index)
            guard case .alias(let inner) = types[next.index].kind, case .named(let following) = inner.type else { return }
            next = following
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
