import OpenAPIDocument

/// Where an operation sits in the client (`ai.assistants.canaryDeploys`) and what its method is
/// called (`create`), following the vendors' SDK conventions.
enum OperationNaming {
    /// The operationId of an operation that has none: its method, then its path as a type name.
    static func synthesizedID(method: HTTPMethod, path: String) -> String {
        method.rawValue + SwiftNames.typeName(path)
    }

    /// The stem of names for an operation's inline types: `CreateCanaryDeploy` (from the
    /// operationId), or verb and resource when the operationId is one word (`create` on
    /// `/deployments` → `CreateDeployment`).
    static func inlineTypeBase(operationID: String, path: String, shape: PathShape, method: HTTPMethod) -> String {
        let stripped = strippingFastAPISuffix(operationID, path: path, method: method)
        if SwiftNames.words(stripped).count >= 2 { return SwiftNames.typeName(stripped) }
        let resource = shape.resourceWords.last.map(SwiftNames.singular) ?? ""
        return SwiftNames.typeName(stripped + " " + resource)
    }

    /// One path template, split: `/ai/assistants/{assistant_id}/canary-deploys`.
    ///
    /// Real specs put more than segments in the template: `{Sid}.json`, a `#fragment` to tell
    /// two operations on one path apart (Box), or a fixed `?query` (OpenAI). The fragment is not
    /// sent but names the operation; the query becomes fixed query items.
    struct PathShape {
        enum Segment: Equatable {
            case literal(String)
            /// A segment holding one or more `{name}`s, possibly with literal text around them.
            case parameter(String)

            var isParameter: Bool {
                if case .parameter = self { return true }
                return false
            }
        }
        var segments: [Segment]
        /// The path to request: no fragment, no query.
        var requestPath: String
        /// `?beta=true` in the template → `[("beta", "true")]`.
        var fixedQuery: [(name: String, value: String)]
        var parameterNames: [String]
        /// `get_shared_link` in `/files/{file_id}#get_shared_link`; nil when there is none.
        var fragment: String?

        init(_ path: String) {
            // Searched byte by byte: every delimiter is ASCII.
            var template = Substring(path)
            if let hash = template.utf8.firstIndex(of: UInt8(ascii: "#")) {
                let text = template[template.utf8.index(after: hash)...]
                fragment = text.isEmpty ? nil : String(text)
                template = template[..<hash]
            }
            var query: Substring = ""
            if let question = template.utf8.firstIndex(of: UInt8(ascii: "?")) {
                query = template[template.utf8.index(after: question)...]
                template = template[..<question]
            }
            requestPath = String(template)
            fixedQuery = query.utf8.split(separator: UInt8(ascii: "&")).map { pair in
                let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1)
                return (String(Substring(parts[0])), parts.count > 1 ? String(Substring(parts[1])) : "")
            }
            parameterNames = URLTemplate.variableNames(template)
            segments = template.utf8.split(separator: UInt8(ascii: "/")).map { part in
                part.contains(UInt8(ascii: "{")) ? .parameter(String(Substring(part))) : .literal(String(Substring(part)))
            }
        }

        /// A literal segment as a name: without the `.json` that Twilio ends every path with, so
        /// that `/Accounts.json` and `/Accounts/{Sid}.json` are one resource, `accounts`.
        static func name(of segment: String) -> String {
            guard segment.utf8.count > 5, segment.lowercased().hasSuffix(".json") else { return segment }
            return String(segment.dropLast(5))
        }

        /// The path with each parameter as `{}` and no `.json`, so that a collection and the
        /// parent of its items' path compare equal: `Calls.json` and `Calls/{Sid}.json`.
        func collectionKey(droppingLast: Bool) -> String {
            var key = ""
            for segment in droppingLast ? segments.dropLast() : segments[...] {
                switch segment {
                case .literal(let text): key += "/" + PathShape.name(of: text)
                case .parameter: key += "/{}"
                }
            }
            return key
        }

        var endsWithParameter: Bool { segments.last?.isParameter ?? false }

        /// The path ends at one item named by a number, not a parameter: Box's
        /// `/users/{user_id}/folders/0`, the root folder. The number names no resource.
        var endsWithFixedItem: Bool {
            guard segments.count >= 2, case .literal(let text)? = segments.last else { return false }
            return PathShape.isNumber(text)
        }

        static func isNumber(_ text: String) -> Bool {
            !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }

        /// How many literal segments follow an item (`/threads/{thread_id}/runs`: one). A path
        /// that nests its collections this way names its resources; `/threads/runs` does not.
        var nestedCollections: Int {
            zip(segments, segments.dropFirst()).count { pair in pair.0.isParameter && !pair.1.isParameter }
        }

        /// Literal segments that name resources, without a leading version (`v1`, `2010-04-01`)
        /// or a format extension (`Accounts.json`).
        var resourceWords: [String] {
            var words = segments.compactMap { segment -> String? in
                guard case .literal(let text) = segment else { return nil }
                return PathShape.name(of: text)
            }
            if let first = words.first, OperationNaming.isVersion(first) { words.removeFirst() }
            if endsWithFixedItem { words.removeLast() }
            return words
        }
    }

    static func isVersion(_ text: String) -> Bool {
        let lower = Array(text.lowercased().utf8)
        // A dated version: 2010-04-01
        if lower.count >= 8, lower.allSatisfy({ (48...57).contains($0) || $0 == 45 }), lower.contains(45) { return true }
        // A bare number: 2, 2.0 (`/2.0/repositories`)
        if (1...6).contains(lower.count), (48...57).contains(lower[0]), lower.allSatisfy({ (48...57).contains($0) || $0 == 46 }) { return true }
        guard lower.count >= 2, lower[0] == UInt8(ascii: "v"), (48...57).contains(lower[1]) else { return false }
        // v1, v2, v1beta, v2alpha1, v1.1
        return lower.dropFirst().allSatisfy { (48...57).contains($0) || (97...122).contains($0) || $0 == 46 }
    }

    /// `deployments`, `canary-deploys`, `policies`: a collection rather than an action verb.
    static func looksPlural(_ segment: String) -> Bool {
        let lower = segment.lowercased()
        return lower.hasSuffix("s") && !lower.hasSuffix("ss") && !lower.hasSuffix("us") && !lower.hasSuffix("is")
    }

    /// Verbs that say what a POST to one item does when it is not an update: `cancelEvalRun`
    /// (OpenAI), `AcceptCampaign`, `InitiateTexmlAICall` (Telnyx). Verbs of creating, reading
    /// and updating are left out: those the HTTP method already names.
    static let actionVerbs: Set<String> = [
        "accept", "activate", "answer", "approve", "archive", "assign", "attach", "block", "cancel",
        "capture", "clone", "close", "complete", "confirm", "copy", "deactivate", "decline", "detach",
        "disable", "duplicate", "enable", "execute", "finalize", "hangup", "initiate", "invite", "join",
        "leave", "lock", "move", "mute", "pause", "publish", "reactivate", "redeem", "refund", "reject",
        "release", "renew", "reopen", "resend", "reset", "restore", "resume", "retry", "revoke", "run",
        "send", "share", "start", "stop", "submit", "suspend", "sync", "terminate", "transfer", "trigger",
        "unarchive", "unassign", "unblock", "unlock", "unmute", "unpublish", "unshare", "unsuspend",
        "validate", "verify", "void",
    ]

    /// `cancel` for `cancelEvalRun`: the action an operationId starts with, if it is one. An
    /// operationId that starts with the HTTP method only repeats the request, so then the
    /// summary speaks: `restore` for Box's `post_files_id`, "Restore file".
    static func actionVerb(operationID: String, summary: String?) -> String? {
        if let first = SwiftNames.words(operationID).first?.lowercased() {
            if actionVerbs.contains(first) { return first }
            guard HTTPMethod(rawValue: first) != nil else { return nil }
        }
        guard let word = summary.flatMap({ SwiftNames.words($0).first?.lowercased() }), actionVerbs.contains(word) else { return nil }
        return word
    }

    /// Whether a path's last segment names what the operation does rather than a resource: it
    /// starts with an action verb (`run`, `cancel`), or with the operationId's first word when
    /// it has more than one (`bulk-delete` of `bulk_delete_messages`).
    static func namesAction(segment: String, operationID: String) -> Bool {
        let words = SwiftNames.words(segment)
        guard let first = words.first?.lowercased() else { return false }
        if actionVerbs.contains(first) { return true }
        return words.count >= 2 && SwiftNames.words(operationID).first?.lowercased() == first
    }

    /// The method for a last segment that says what a POST to one item does: the segment
    /// (`crosspost`, `merge`), or the operationId's verb and the segment when that names a thing
    /// the operation makes or sends (`upload_application_attachment` on `/attachment`:
    /// `uploadAttachment`, where `attachment(applicationID:)` would read as a getter).
    static func segmentAction(_ segment: String, operationID: String) -> String {
        let name = SwiftNames.camelName(segment)
        let words = SwiftNames.words(segment).map { $0.lowercased() }
        guard let verb = SwiftNames.words(operationID).first?.lowercased(), objectVerbs.contains(verb),
            let first = words.first, !actionVerbs.contains(first), !objectVerbs.contains(first), !words.contains(verb)
        else { return name }
        return SwiftNames.camelName(verb + "_" + segment)
    }

    /// Verbs an operationId starts with that take what the segment names as their object.
    static let objectVerbs: Set<String> = [
        "add", "create", "download", "edit", "generate", "import", "register", "render", "request", "resend", "send", "set",
        "submit", "update", "upload",
    ]

    /// The name of a DELETE, PUT or PATCH on a whole collection: its operationId
    /// (`bulkUpdateGuildRoles`, `createOrJoinLobby`), or, when that only spells the method and
    /// path (`DeleteRoomRecordings` on `/room_recordings`), the verb and `All`: `deleteAll`.
    static func collectionWideName(operationID: String, shape: PathShape, method: HTTPMethod, verb: String) -> String {
        let stripped = strippingFastAPISuffix(operationID, path: shape.requestPath, method: method)
        let words = SwiftNames.words(stripped).map { $0.lowercased() }
        let pathWords = shape.resourceWords.flatMap { SwiftNames.words($0) }.map { $0.lowercased() }
        guard let first = words.first else { return verb + "All" }
        let onlyRepeatsRequest = (HTTPMethod(rawValue: first) != nil || first == verb) && (words.count == 1 || Array(words.dropFirst()) == pathWords)
        return onlyRepeatsRequest ? verb + "All" : SwiftNames.camelName(stripped)
    }

    /// Twilio's `StartTime<` and `StartTime>`, the bounds of a range, as words:
    /// `StartTime before`, `StartTime after` (`GreaterThan`, `LessThan` for numbers).
    static func boundWords(_ name: String, isDate: Bool) -> String {
        var text = Substring(name)
        var orEqual = false
        if text.hasSuffix("=") {
            text = text.dropLast()
            orEqual = true
        }
        let bound: String
        if text.hasSuffix("<") {
            bound = isDate ? (orEqual ? " on or before" : " before") : (orEqual ? " at most" : " less than")
        } else if text.hasSuffix(">") {
            bound = isDate ? (orEqual ? " on or after" : " after") : (orEqual ? " at least" : " greater than")
        } else {
            return name
        }
        return text.dropLast() + bound
    }

    /// The method a path's `#fragment` names, which tells apart operations that share a path:
    /// Box's `/files/{file_id}#add_shared_link` is `addSharedLink`, `/oauth2/token#refresh` is
    /// `refresh`. A fragment that names a thing rather than an action follows the method's
    /// verb: `GET /shared_items#folders` is `retrieveFolders`.
    static func fragmentMethod(_ fragment: String, verb: String) -> String? {
        let words = SwiftNames.words(fragment)
        guard let first = words.first?.lowercased() else { return nil }
        let name = SwiftNames.camelName(fragment)
        guard !name.isEmpty else { return nil }
        if actionVerbs.contains(first) || fragmentVerbs.contains(first) { return name }
        return SwiftNames.camelName(verb + " " + words.joined(separator: " "))
    }

    /// Verbs of reading and changing that start a fragment, beside `actionVerbs`.
    private static let fragmentVerbs: Set<String> = [
        "add", "create", "delete", "download", "fetch", "get", "list", "patch", "put", "refresh", "remove",
        "replace", "retrieve", "search", "set", "update", "upload",
    ]

    /// The verb-derived method name: create, update, retrieve, list, delete.
    static func verb(method: HTTPMethod, path: PathShape, returnsList: Bool) -> String {
        switch method {
        case .get: return path.endsWithParameter || !returnsList ? "retrieve" : "list"
        case .post: return "create"
        case .put, .patch: return "update"
        case .delete: return "delete"
        case .head: return "head"
        case .options: return "options"
        case .trace: return "trace"
        }
    }

    /// Strips a FastAPI-style suffix (`_<path words>_<method>`) from an operationId:
    /// `create_canary_deploy_assistants__assistant_id__canary_deploys_post` → `create_canary_deploy`.
    static func strippingFastAPISuffix(_ operationID: String, path: String, method: HTTPMethod) -> String {
        let methodSuffix = "_" + method.rawValue
        guard operationID.hasSuffix(methodSuffix) else { return operationID }
        let rest = String(operationID.dropLast(methodSuffix.count))
        let pathWords = String(path.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        // The longest tail of the path words, starting at a word boundary, that `rest` ends with.
        var best: String?
        var index = pathWords.startIndex
        while index < pathWords.endIndex {
            let tail = String(pathWords[index...])
            let trimmed = tail.drop { $0 == "_" }
            if !trimmed.isEmpty, rest.hasSuffix("_" + trimmed), rest.count > trimmed.count + 1 {
                best = String(trimmed)
                break
            }
            index = pathWords[index...].firstIndex(of: "_").map { pathWords.index(after: $0) } ?? pathWords.endIndex
        }
        guard let best else { return operationID }
        return String(rest.dropLast(best.count + 1))
    }

    /// `x-fern-sdk-group-name` as a list of names (it may be one string or a list).
    static func fernGroup(_ value: JSONValue?) -> [String]? {
        switch value {
        case .string(let text): return text.split(separator: ".").map(String.init)
        case .array(let items):
            let names = items.compactMap(\.stringValue)
            return names.isEmpty ? nil : names
        default: return nil
        }
    }

    /// Whether the response body looks like a collection: an array, or a page object with one.
    static func looksLikeList(_ value: ValueType?, in types: [TypeDecl]) -> Bool {
        guard let value else { return false }
        switch value.type {
        case .array: return true
        case .named(let id):
            switch types[id.index].kind {
            case .alias(let inner): return looksLikeList(inner, in: types)
            case .object(let object):
                let arrays = object.properties.filter { if case .array = $0.type.type { return true } else { return false } }
                if arrays.contains(where: { ["data", "items", "results", "records", "entries"].contains($0.name) }) { return true }
                // A page named after what it holds (Twilio's `available_phone_numbers`) with a
                // way to the next page, or nothing else (Telnyx's `{tags: [...]}`).
                let pageMarkers: Set = ["next_page_uri", "next_page_url", "next_page_token", "next_cursor", "has_more"]
                return arrays.count == 1 && (object.properties.count == 1 || object.properties.contains { pageMarkers.contains($0.name) })
            default: return false
            }
        default: return false
        }
    }
}

/// Path and server URL templates.
public enum URLTemplate {
    /// Walks `template` in order: `literal` gets each run of text between variables (possibly
    /// empty), `variable` each `{name}`'s name. A `{` with no `}` after it is text.
    public static func forEachPart(_ template: Substring, literal: (Substring) -> Void, variable: (Substring) -> Void) {
        var rest = template
        // Braces are ASCII, so their UTF-8 positions are character boundaries.
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")),
            let close = rest[open...].utf8.firstIndex(of: UInt8(ascii: "}"))
        {
            literal(rest[..<open])
            variable(rest[rest.utf8.index(after: open)..<close])
            rest = rest[rest.utf8.index(after: close)...]
        }
        literal(rest)
    }

    /// The names of the `{variable}` parts, in order: `/users/{id}/{kind}` → `["id", "kind"]`.
    static func variableNames(_ template: Substring) -> [String] {
        var names: [String] = []
        forEachPart(template, literal: { _ in }, variable: { names.append(String($0)) })
        return names
    }
}
