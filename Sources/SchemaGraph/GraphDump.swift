import OpenAPIDocument
import OrderedCollections

/// A JSON rendering of the graph for debugging (`oasgen graph`). Stable: the same graph always
/// gives the same text.
extension SchemaGraph {
    public func dumpJSON() -> String {
        var root = OrderedDictionary<String, JSONValue>()
        root["title"] = .string(title)
        root["version"] = .string(apiVersion)
        root["client"] = .string(clientName)
        root["servers"] = .array(servers.map { server in
            var object: OrderedDictionary<String, JSONValue> = ["case": .string(server.caseName), "url": .string(server.url)]
            if !server.variables.isEmpty {
                object["variables"] = .array(server.variables.map { variable in
                    let type = variable.choices.map { "\($0.typeName) (\($0.cases.map(\.value).joined(separator: ", ")))" } ?? "String"
                    return .string("\(variable.name) → \(variable.swiftName): \(type) = \(variable.defaultValue)")
                })
            }
            return .object(object)
        })
        root["auth"] = .array(auth.map { .string(String(describing: $0)) })
        root["sharedHeaders"] = .array(sharedHeaders.map { header in
            .object(["header": .string(header.header), "property": .string(header.propertyName), "secret": .bool(header.isSecret)])
        })
        root["types"] = .array(types.map(dump))
        root["operations"] = .array(operations.map(dump))
        root["resources"] = dump(resources)
        root["diagnostics"] = .array(diagnostics.map { .string($0.description) })
        return JSONValue.object(root).prettyPrinted()
    }

    private func dump(_ decl: TypeDecl) -> JSONValue {
        var object = OrderedDictionary<String, JSONValue>()
        object["id"] = .integer(Int64(decl.id.index))
        object["name"] = .string(qualifiedName(of: decl.id))
        object["origin"] = .string(decl.origin)
        switch decl.kind {
        case .object(let type):
            object["kind"] = .string("object")
            object["properties"] = .array(type.properties.map { property in
                var entry = OrderedDictionary<String, JSONValue>()
                entry["name"] = .string(property.name)
                entry["swiftName"] = .string(property.swiftName)
                entry["type"] = .string(describe(property.type))
                entry["required"] = .bool(property.isRequired)
                if property.needsIndirection { entry["indirect"] = .bool(true) }
                if property.isFlattened { entry["flattened"] = .bool(true) }
                return .object(entry)
            })
            if let additional = type.additionalProperties { object["additionalProperties"] = .string(describe(additional)) }
            if !type.composedOf.isEmpty { object["composedOf"] = .array(type.composedOf.map { .string(qualifiedName(of: $0)) }) }
        case .enumeration(let type):
            object["kind"] = .string("enum")
            object["cases"] = .array(type.cases.map { .string($0.swiftName + " = " + $0.value.description) })
        case .union(let type):
            object["kind"] = .string(type.isExclusive ? "oneOf" : "anyOf")
            if let discriminator = type.discriminator { object["discriminator"] = .string(discriminator) }
            if type.isIndirect { object["indirect"] = .bool(true) }
            object["variants"] = .array(type.variants.map { variant in
                if let constant = variant.constant { return .string(variant.caseName + " = " + JSONValue.string(constant).description) }
                return .string(variant.caseName + ": " + describe(variant.type) + (variant.discriminatorValues.isEmpty ? "" : " " + variant.discriminatorValues.description))
            })
        case .alias(let value):
            object["kind"] = .string("alias")
            object["type"] = .string(describe(value))
        }
        return .object(object)
    }

    private func dump(_ operation: OperationDecl) -> JSONValue {
        var object = OrderedDictionary<String, JSONValue>()
        object["operationId"] = .string(operation.operationID)
        object["call"] = .string((operation.resourcePath + [operation.methodName]).joined(separator: "."))
        object["method"] = .string(operation.method.rawValue.uppercased())
        object["path"] = .string(operation.path)
        if let server = operation.server { object["server"] = .string(server) }
        object["parameters"] = .array(operation.parameters.map { parameter in
            .string("\(parameter.location.rawValue) \(parameter.name) → \(parameter.liftedTo.map { "client." + $0 } ?? parameter.swiftName): \(describe(parameter.type))\(parameter.isRequired ? "" : "?")")
        })
        if let body = operation.requestBody {
            object["body"] = .string("\(body.contentType): \(describe(body.type))\(body.isRequired ? "" : "?")")
        }
        object["responses"] = .array(operation.responses.map { response in
            .string("\(response.status): \(response.type.map(describe) ?? response.contentType ?? "empty")")
        })
        return .object(object)
    }

    private func dump(_ resource: Resource) -> JSONValue {
        var object = OrderedDictionary<String, JSONValue>()
        object["name"] = .string(resource.name)
        object["type"] = .string(resource.typeName)
        if !resource.operations.isEmpty {
            object["methods"] = .array(resource.operations.map { .string(operations[$0].methodName) })
        }
        if !resource.children.isEmpty { object["children"] = .array(resource.children.map(dump)) }
        return .object(object)
    }

    /// `[RuleInput]?`, `[String: Double]`, `JSONValue`: the type as Swift would spell it.
    public func describe(_ value: ValueType) -> String {
        let base: String
        switch value.type {
        case .primitive(let primitive): base = primitive.rawValue
        case .named(let id): base = qualifiedName(of: id)
        case .array(let element): base = "[\(describe(element))]"
        case .dictionary(let element): base = "[String: \(describe(element))]"
        case .any: base = "JSONValue"
        }
        return value.nullable ? base + "?" : base
    }
}

extension JSONValue {
    /// Indented JSON with two spaces, keys in their stored order.
    public func prettyPrinted() -> String {
        var output = ""
        write(into: &output, indent: "")
        return output + "\n"
    }

    private func write(into output: inout String, indent: String) {
        switch self {
        case .array(let items) where !items.isEmpty:
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += indent + "  "
                item.write(into: &output, indent: indent + "  ")
                output += index == items.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .object(let members) where !members.isEmpty:
            output += "{\n"
            for (index, member) in members.enumerated() {
                output += indent + "  " + JSONValue.quoted(member.key) + ": "
                member.value.write(into: &output, indent: indent + "  ")
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        case .array: output += "[]"
        case .object: output += "{}"
        default: output += description
        }
    }
}
