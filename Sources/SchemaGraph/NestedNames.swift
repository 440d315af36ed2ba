/// Gives nested types back the names they asked for, where a numeric suffix was not needed.
///
/// While types are being converted, the name registry cannot know which types the code inside
/// each type will use, so it keeps every nested name apart from every top-level name: a spec
/// with a top-level `Status` gets `Call.Status2`. Once the graph is complete the references are
/// known, and a nested type may take a top-level type's name wherever nothing that would see
/// the nested one (its parent, and everything inside the parent) uses the top-level one.
///
/// Every other rule of `NameRegistry` still holds, checked on the names as they now are: a
/// restored name is not a reserved or non-type top-level name (client, errors, resources), not
/// the name of an ancestor, nor of a type declared directly in one that code inside the parent
/// refers to, and not the name of any other type inside the parent. So `SchemaGraph.qualifiedName(of:from:)` still spells every reference
/// so that Swift finds the intended declaration. Types are visited in declaration order, each
/// taking the first free name of `Status`, `Status2`, ..., so the result is deterministic.
enum NestedNames {
    /// What `restore` needs to know of the types that does not depend on nested names: each
    /// top-level type by name, and which types code inside each parent of a renamed type
    /// spells. Made from the converted types, on another core while names are still being
    /// given to operations and resources (nothing between changes a type).
    struct Scopes: Sendable {
        fileprivate var topLevelByName: [String: Int] = [:]
        /// Only the parents of types that asked for another name are looked into, each once.
        fileprivate var usedInside: [TypeID: Set<Int>] = [:]

        init(types: [TypeDecl], requested: [TypeID: String]) {
            guard !requested.isEmpty else { return }
            topLevelByName.reserveCapacity(types.count)
            // By index: iterating the declarations would copy each one.
            for index in types.indices where types[index].parent == nil { topLevelByName[types[index].name] = index }
            for id in requested.keys {
                guard let parent = types[id.index].parent, usedInside[parent] == nil else { continue }
                usedInside[parent] = NestedNames.typesSpelledFrom(inside: parent, in: types)
            }
        }
    }

    /// - Parameters:
    ///   - scopes: made from `types` as they are, with the same `requested`.
    ///   - requested: for each nested type whose name got a suffix, the name it asked for.
    ///   - isTopLevel: the registry's top-level names. Those that are not graph types (reserved
    ///     names, the client, errors and resources) stay unshadowed whatever the graph references.
    static func restore(_ types: inout [TypeDecl], scopes: Scopes, requested: [TypeID: String], isTopLevel: (String) -> Bool) {
        guard !requested.isEmpty else { return }
        let topLevelByName = scopes.topLevelByName
        var renamed = Set<TypeID>()
        for (id, base) in requested.sorted(by: { $0.key < $1.key }) {
            guard let parent = types[id.index].parent, let used = scopes.usedInside[parent] else { continue }
            let decl = types[id.index]
            for candidate in candidates(base, upTo: decl.name) {
                if let topLevel = topLevelByName[candidate] {
                    if used.contains(topLevel) { continue }
                } else if isTopLevel(candidate) {
                    continue
                }
                if isTaken(candidate, by: id, under: parent, used: used, in: types) { continue }
                types[id.index].name = candidate
                renamed.insert(id)
                break
            }
        }
        renameUnionCases(&types, naming: renamed)
    }

    /// A union's cases are named after their types (`mediaURL(MediaURL)`), so a union holding a
    /// renamed type names its cases again, the same way the type builder did.
    private static func renameUnionCases(_ types: inout [TypeDecl], naming renamed: Set<TypeID>) {
        guard !renamed.isEmpty else { return }
        func mentionsRenamed(_ value: ValueType) -> Bool {
            switch value.type {
            case .named(let id): renamed.contains(id)
            case .array(let element): mentionsRenamed(element)
            case .primitive, .dictionary, .any: false
            }
        }
        for index in types.indices {
            guard case .union(var union) = types[index].kind, union.variants.contains(where: { mentionsRenamed($0.type) }) else { continue }
            var caseNames = MemberNames(reserved: TypeBuilder.reservedUnionCases)
            for variant in union.variants.indices {
                union.variants[variant].caseName = caseNames.allocateIdentifier(TypeBuilder.caseName(for: union.variants[variant], in: types))
            }
            types[index].kind = .union(union)
        }
    }

    /// `Status`, `Status2`, ... up to (not including) the name the type has now.
    private static func candidates(_ base: String, upTo current: String) -> [String] {
        guard current != base else { return [] }
        var names = [base]
        guard current.hasPrefix(base), let suffix = Int(current.dropFirst(base.count)), suffix > 2 else { return names }
        names += (2..<suffix).map { "\(base)\($0)" }
        return names
    }

    /// Whether a type other than `id` would clash with `name` from inside `parent`: an ancestor,
    /// a type declared directly in one, or any type inside `parent`.
    /// Whether `name` would hide, inside `parent`, a type that code there refers to by that name,
    /// or clash: another type inside `parent`, an ancestor, or a type declared directly in an
    /// ancestor that code inside `parent` spells (which it would spell by its bare name).
    private static func isTaken(_ name: String, by id: TypeID, under parent: TypeID, used: Set<Int>, in types: [TypeDecl]) -> Bool {
        var inside = [parent]
        while let next = inside.popLast() {
            for child in types[next.index].children where child != id {
                if types[child.index].name == name { return true }
                inside.append(child)
            }
        }
        var ancestor: TypeID? = parent
        while let current = ancestor {
            if types[current.index].name == name { return true }
            if let above = types[current.index].parent,
                types[above.index].children.contains(where: { $0 != id && types[$0.index].name == name && used.contains($0.index) })
            {
                return true
            }
            ancestor = types[current.index].parent
        }
        return false
    }

    /// The types whose names code inside `parent` (itself and everything nested in it) may
    /// start a reference with: each type it references and every type around that one. (An
    /// alias is spelled in its parent's scope, which is inside `parent` too, unless the alias is
    /// `parent` itself: counting that is only cautious.)
    fileprivate static func typesSpelledFrom(inside parent: TypeID, in types: [TypeDecl]) -> Set<Int> {
        var used = Set<Int>()
        var inside = [parent]
        while let next = inside.popLast() {
            types[next.index].forEachHeldValue { value in
                value.forEachNamedType { referenced in
                    var around: TypeID? = referenced
                    while let current = around, used.insert(current.index).inserted { around = types[current.index].parent }
                }
            }
            inside.append(contentsOf: types[next.index].children)
        }
        return used
    }
}
