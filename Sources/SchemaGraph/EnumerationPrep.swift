import OpenAPIDocument
import YAMLReader

/// The enumeration of every schema in a document that lists its values (`enum`, or `const`), made
/// ahead on another core while the type builder declares types: an enumeration's cases and
/// their names depend on its schema alone (`TypeBuilder.enumeration`), and naming the cases of a
/// large API's thousand enumerations is a tenth of building its graph.
///
/// Schemas are found under the components and the operations, without following references
/// (what they point at is found where it is declared). A schema missed here is converted where
/// it is met, the same way.
enum EnumerationPrep {
    static func make(_ document: OpenAPI) -> NodeMap<EnumType> {
        var walk = Walk()
        for schema in document.components.schemas.values { walk.visit(schema) }
        for case .value(let parameter) in document.components.parameters.values { walk.visit(parameter.schema) }
        for case .value(let body) in document.components.requestBodies.values { walk.visit(body.content.values) }
        for case .value(let response) in document.components.responses.values { walk.visit(response.content.values) }
        for case .value(let item) in document.paths.values {
            for case .value(let parameter) in item.parameters { walk.visit(parameter.schema) }
            for (_, operation) in item.operations {
                for case .value(let parameter) in operation.parameters { walk.visit(parameter.schema) }
                if case .value(let body)? = operation.requestBody { walk.visit(body.content.values) }
                for case .value(let response) in operation.responses.values { walk.visit(response.content.values) }
            }
        }
        return walk.found
    }

    private struct Walk {
        var found = NodeMap<EnumType>()
        /// Schemas seen, by node: the same schema can be reached twice (a YAML alias).
        var visited = NodeMap<Bool>()

        mutating func visit(_ content: some Collection<MediaType>) {
            for media in content { visit(media.schema) }
        }

        /// `isAlternative`: the schema is one of a `oneOf` or `anyOf`. One value there is a
        /// constant of the union (Discord's events are thousands of `{title: ..., const: 1}`),
        /// which the union names itself: made here, its enumeration would only take memory.
        mutating func visit(_ schema: Schema?, isAlternative: Bool = false) {
            guard let schema, visited[schema.node] == nil else { return }
            visited[schema.node] = true
            if let values = schema.listedValues, values.count(where: { !$0.isNull }) > (isAlternative ? 1 : 0) {
                found[schema.node] = TypeBuilder.enumeration(schema, allowedValues: nil)
            }
            for property in schema.properties.values { visit(property) }
            visit(schema.items)
            if case .schema(let values)? = schema.additionalProperties { visit(values) }
            for part in schema.allOf { visit(part) }
            for part in schema.oneOf { visit(part, isAlternative: true) }
            for part in schema.anyOf { visit(part, isAlternative: true) }
            for part in schema.prefixItems { visit(part) }
            visit(schema.not)
        }
    }
}
