import OpenAPIDocument

/// Where an operation sits in the client (`ai.assistants.canaryDeploys`) and what its method is
/// called (`create`), following the vendors' SDK conventions.
enum OperationNaming {
    /// One path, split: `/ai/assistants/{assistant_id}/canary-deploys`.
    struct PathShape {
        enum Segment: Equatable {
            case literal(String)
            case parameter(String)
        }
        var segments: [Segment]

        init(_ path: String) {
            segments = path.split(separator: "/").map { part in
                if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
                return .literal(String(part))
            }
        }

        var endsWithParameter: Bool {
            if case .parameter = segments.last { return true }
            return false
        }

        var parameterNames: [String] {
            segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
        }

        /// Literal segments that name resources, without a leading version (`v1`, `v2beta`) and
        /// without segments that only hold a parameter in part (`{id}.json`).
        var resourceWords: [String] {
            var words = segments.compactMap { segment -> String? in
                guard case .literal(let text) = segment, !text.contains("{") else { return nil }
                return text
            }
            if let first = words.first, OperationNaming.isVersion(first) { words.removeFirst() }
            return words
        }
    }

    static func isVersion(_ text: String) -> Bool {
        let lower = Array(text.lowercased().utf8)
        guard lower.count >= 2, lower[0] == UInt8(ascii: "v"), (48...57).contains(lower[1]) else { return false }
        // v1, v2, v1beta, v2alpha1, v1.1
        return lower.dropFirst().allSatisfy { (48...57).contains($0) || (97...122).contains($0) || $0 == 46 }
    }

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
                return object.properties.contains { property in
                    ["data", "items", "results", "records", "entries"].contains(property.name)
                        && { if case .array = property.type.type { return true } else { return false } }()
                }
            default: return false
            }
        default: return false
        }
    }
}
