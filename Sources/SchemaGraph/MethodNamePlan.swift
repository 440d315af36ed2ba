import OpenAPIDocument

/// What each operation's method and resource would be called, decided from paths, methods and
/// operationIds alone: all of naming but one question, whether a GET's success response looks
/// like a list, which needs the converted types. So it is made on another core while the types
/// are converted, and a GET that the answer changes gets both names (`method`, `listMethod`).
/// Collisions between the names are settled afterwards, in `Builder.nameOperations`.
struct MethodNamePlan: Sendable {
    struct Entry: Sendable {
        /// The resource path: `["ai", "assistants", "canaryDeploys"]`.
        var resource: [String]
        /// `resource` joined by dots: `ai.assistants.canaryDeploys`.
        var resourceKey: String
        var method: String
        /// The method's name when the success response looks like a list, when that differs.
        var listMethod: String?
    }

    /// By operation.
    var entries: [Entry] = []
    /// By operation: its path's `nestedCollections`.
    var nesting: [Int] = []
    /// Every resource and the resources it is nested in, as `resourceKey`s: a method may not
    /// take a name that a nested resource has.
    var resourceNames: Set<String> = []
    /// The order in which operations claim their names: the most nested first, then in
    /// document order.
    var claimOrder: [Int] = []

    /// `sources` are the document's operations behind `operations`, `shapes` their paths.
    init(operations: [OperationDecl], sources: [Operation], shapes: [OperationNaming.PathShape], operationNames: [String: String]) {
        let names = NameCache()
        let methodsByPath = Dictionary(grouping: operations.indices, by: { operations[$0].path })
        // Request paths by resource (`accounts`: `/Accounts.json`, `/Accounts/{Sid}.json`), and
        // the collections that have items: `/Accounts/{}` for `/Accounts/{AccountSid}/Calls/{Sid}.json`.
        var pathResources: [[String]] = []  // by operation: the resource its path names
        var pathsByResource: [String: Set<String>] = [:]
        var collectionsWithItems: Set<String> = []
        for shape in shapes {
            let resource = shape.resourceWords.map { names.camelName($0) }.filter { !$0.isEmpty }
            pathResources.append(resource)
            nesting.append(shape.nestedCollections)
            let key = resource.joined(separator: ".")
            pathsByResource[key, default: []].insert(shape.requestPath)
            if shape.endsWithParameter { collectionsWithItems.insert(shape.collectionKey(droppingLast: true)) }
        }

        func wanted(_ index: Int, returnsList: Bool) -> (resource: [String], method: String) {
            let operation = operations[index]
            let shape = shapes[index]
            let raw: Operation? = sources[index]
            var resource = pathResources[index]
            let pathResource = resource.joined(separator: ".")
            var method = OperationNaming.verb(method: operation.method, path: shape, returnsList: returnsList)
            // GET on a collection that has items at `{id}` below it lists them, whatever the page
            // looks like. (Telnyx's `/brand/{brandId}/smsOtp` is one resource with
            // `/brand/smsOtp/{referenceId}`, but not its collection.)
            if operation.method == .get, !shape.endsWithParameter, collectionsWithItems.contains(shape.collectionKey(droppingLast: false)) {
                method = "list"
            }
            let methodsHere = methodsByPath[operation.path, default: []].map { operations[$0].method }
            if operation.method == .put, methodsHere.contains(.patch) {
                method = "replace"
            }
            // DELETE, PUT or PATCH on a collection whose items have paths of their own changes
            // many at once (Telnyx's bulk `DELETE /room_recordings`). The item's operation keeps
            // the plain verb, so that `delete()` with no arguments cannot mean "delete them all".
            if operation.method == .delete || operation.method == .put || operation.method == .patch, !shape.endsWithParameter,
                collectionsWithItems.contains(shape.collectionKey(droppingLast: false))
            {
                method = OperationNaming.collectionWideName(operationID: operation.operationID, shape: shape, method: operation.method, verb: method)
            }
            // POST to one item does what its operationId says when that is an action (cancel a
            // run); otherwise it changes the item (OpenAI, Telnyx, Twilio), unless PUT or PATCH does.
            if operation.method == .post, shape.endsWithParameter {
                if let action = OperationNaming.actionVerb(operationID: operation.operationID, summary: operation.summary) {
                    method = action
                } else if !methodsHere.contains(.put), !methodsHere.contains(.patch) {
                    method = "update"
                }
            }
            // An item the path names by number is its collection's, and the operation is named
            // by what it does: Box's `PUT /users/{user_id}/folders/0` (the root folder),
            // "Transfer owned folders", is `users.folders.transfer(userID:)`.
            if shape.endsWithFixedItem, let action = OperationNaming.actionVerb(operationID: operation.operationID, summary: operation.summary) {
                method = action
            }
            // POST /things/{id}/verb with nothing else on that path is an action: things.verb(...).
            // So is a last segment that starts with an action verb or with the operationId's first
            // word (`/graders/run`, `PATCH /sub_number_orders/{id}/cancel`, `/messages/bulk-delete`
            // of `bulk_delete_messages`), whatever the method and whatever comes before it.
            // A plural last segment (`/agents/{id}/deployments`) is a collection, not a verb, and
            // so is one that other paths share (`/Siprec.json` beside `/Siprec/{Sid}.json`).
            if case .literal(let segment)? = shape.segments.last, shape.segments.count >= 2,
                case let last = OperationNaming.PathShape.name(of: segment),
                methodsHere.count == 1, !resource.isEmpty, !OperationNaming.looksPlural(last),
                pathsByResource[pathResource, default: []].count == 1
            {
                let previous = shape.segments[shape.segments.count - 2]
                let afterItem = previous.isParameter || previous == .literal("actions")
                if operation.method == .post && afterItem
                    || resource.count >= 2 && OperationNaming.namesAction(segment: last, operationID: operation.operationID)
                {
                    method = OperationNaming.segmentAction(last, operationID: operation.operationID)
                    resource.removeLast()
                }
            }
            // `/files/{file_id}#add_shared_link`: the fragment is there to name the operation.
            if let fragment = shape.fragment, let named = OperationNaming.fragmentMethod(fragment, verb: method) {
                method = named
            }
            if let group = OperationNaming.fernGroup(raw?.extensions["x-fern-sdk-group-name"]) {
                resource = group.map { SwiftNames.camelName($0) }.filter { !$0.isEmpty }
            }
            if let fernMethod = raw?.extensions["x-fern-sdk-method-name"]?.stringValue {
                method = SwiftNames.camelName(fernMethod)
            }
            if let override = operationNames[operation.operationID] {
                let parts = override.split(separator: ".").map { SwiftNames.camelName(String($0)) }
                if parts.count > 1 { resource = Array(parts.dropLast()) }
                method = parts.last ?? method
            }
            return (resource, method.isEmpty ? "call" : method)
        }

        for (index, operation) in operations.enumerated() {
            let plain = wanted(index, returnsList: false)
            // Only a GET of a collection is named by what it returns.
            let list = operation.method == .get && !shapes[index].endsWithParameter ? wanted(index, returnsList: true).method : plain.method
            let key = plain.resource.joined(separator: ".")
            entries.append(Entry(resource: plain.resource, resourceKey: key, method: plain.method, listMethod: list == plain.method ? nil : list))
            for end in plain.resource.indices { resourceNames.insert(plain.resource[...end].joined(separator: ".")) }
        }
        let nesting = nesting
        claimOrder = operations.indices.sorted { nesting[$0] != nesting[$1] ? nesting[$0] > nesting[$1] : $0 < $1 }
    }
}
