import Foundation
import Testing

@testable import OASGenRuntime

@Suite("Model support: JSON values, boxes, open enums, unions, dates")
struct ModelSupportTests {
    func decode<Value: Decodable>(_ type: Value.Type, _ json: String) throws -> Value {
        try JSONCoding.makeDecoder().decode(type, from: Data(json.utf8))
    }

    func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONCoding.makeEncoder().encode(value), as: UTF8.self)
    }

    @Test("JSONValue round-trips any JSON, keeping integers apart from doubles")
    func jsonValue() throws {
        let text = #"{"a":[1,2.5,-3,1e+300,true,null,"x/y"],"b":{"c":{}},"d":9223372036854775807}"#
        let value = try decode(JSONValue.self, text)
        #expect(value == [
            "a": [1, 2.5, -3, .number(1e300), true, nil, "x/y"], "b": ["c": [:]], "d": .integer(.max),
        ])
        #expect(value["a"]?[0] == .integer(1))
        #expect(value["a"]?[1] == .number(2.5))
        #expect(value["d"]?.int64Value == .max)
        #expect(value["b"]?["c"]?.objectValue == [:])
        #expect(value["a"]?[6]?.stringValue == "x/y")
        #expect(value["missing"] == nil)
        #expect(try decode(JSONValue.self, try encode(value)) == value)
        #expect(value.description == #"{"a":[1,2.5,-3,1e+300,true,null,"x/y"],"b":{"c":{}},"d":9223372036854775807}"#)
        // JSON has one number type: 1 and 1.0 are the same value, with the same hash.
        #expect(JSONValue.integer(1) == .number(1.0))
        #expect(Set<JSONValue>([.integer(1), .number(1.0), .number(1.5)]).count == 2)
        #expect(try JSONValue(encoding: Item(id: "i", count: 2, createdAt: Date(timeIntervalSince1970: 0)))
            == ["id": "i", "count": 2, "created_at": "1970-01-01T00:00:00Z"])
        #expect(try JSONValue.object(["id": "i", "count": 2]).decode(as: Item.self) == Item(id: "i", count: 2, createdAt: nil))
    }

    @Test("Indirect boxes recursive values and is invisible on the wire")
    func indirect() throws {
        let json = #"{"extra":7,"name":"leaf","parent":{"name":"mid","parent":{"name":"root"}}}"#
        let node = try decode(TreeNode.self, json)
        #expect(node.name == "leaf")
        #expect(node.parent?.name == "mid")
        #expect(node.parent?.parent?.name == "root")
        #expect(node.parent?.parent?.parent == nil)
        #expect(node.additionalProperties == ["extra": 7])
        #expect(try encode(node) == json)
        var copy = node
        copy.parent?.name = "changed"
        #expect(node.parent?.name == "mid")  // value semantics: the original is untouched
        #expect(copy != node)

        // Synthesized `Codable` treats `@Indirect var x: T?` like a plain optional.
        struct Synthesized: Codable, Equatable {
            var name: String
            @Indirect var next: Synthesized?
        }
        let chain = try decode(Synthesized.self, #"{"name":"a","next":{"name":"b"}}"#)
        #expect(chain.next?.name == "b")
        #expect(chain.next?.next == nil)
        #expect(try encode(chain) == #"{"name":"a","next":{"name":"b"}}"#)
    }

    @Test("Open enums keep unknown values through a round trip")
    func openEnums() throws {
        let stages = try decode([Stage].self, #"["draft","live","archived"]"#)
        #expect(stages == [.draft, .live, .undocumented("archived")])
        #expect(try encode(stages) == #"["draft","live","archived"]"#)
        #expect(Stage.undocumented("live") == .live)
        #expect(Set([Stage.undocumented("live"), .live]).count == 1)
        #expect(Stage.allCases == [.draft, .live])
        let priorities = try decode([Priority].self, "[1,5,3]")
        #expect(priorities == [.low, .high, .undocumented(3)])
        #expect(try encode(priorities) == "[1,5,3]")
        #expect(Priority.high.parameterText == "5")
        #expect(throws: DecodingError.self) { try decode(Stage.self, "1") }
    }

    @Test("Tagged unions pick the variant by discriminator and keep unknown tags")
    func taggedUnions() throws {
        let shapes = try decode([Shape].self, #"[{"type":"circle","radius":2},{"type":"box","side":1},{"type":"hexagon","n":6},{"radius":1},[1]]"#)
        #expect(shapes == [
            .circle(Circle(radius: 2)), .square(Square(type: "box", side: 1)), .undocumented(["type": "hexagon", "n": 6]),
            .undocumented(["radius": 1]), .undocumented([1]),
        ])
        #expect(try encode(shapes[0]) == #"{"radius":2,"type":"circle"}"#)
        #expect(try decode([StringOrNumber].self, #"["a",1.5,true]"#) == [.string("a"), .double(1.5), .undocumented(true)])
        // A known tag whose payload does not fit is an error, not `undocumented`.
        #expect(throws: DecodingError.self) { try decode(Shape.self, #"{"type":"circle","radius":"big"}"#) }
    }

    @Test("UnionDecoding reports what every variant said")
    func unionFailures() throws {
        struct Either: Decodable {
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                var attempts = UnionDecoding()
                if attempts.attempt("circle", { try container.decode(Circle.self) }) != nil { return }
                if attempts.attempt("number", { try container.decode(Double.self) }) != nil { return }
                throw attempts.failure(decoding: Either.self, codingPath: decoder.codingPath)
            }
        }
        let error = #expect(throws: DecodingError.self) { try decode([Either].self, #"[{"type":"circle","side":1}]"#) }
        guard case .dataCorrupted(let context)? = error else {
            Issue.record("Expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.debugDescription
            == #"No variant of Either matches (circle: missing key "radius"; number: Expected to decode Double but found a dictionary instead.)"#)
        #expect(PathComponent.render(context.codingPath) == "[0]")
    }

    @Test("Dates: RFC 3339 with and without fractions, any offset or none; encoded in UTC")
    func dates() throws {
        let noon = Date(timeIntervalSince1970: 1_714_564_800)  // 2024-05-01T12:00:00Z
        #expect(RFC3339.date(from: "2024-05-01T12:00:00Z") == noon)
        #expect(RFC3339.date(from: "2024-05-01t12:00:00z") == noon)
        #expect(RFC3339.date(from: "2024-05-01 14:30:00+02:30") == noon)
        #expect(RFC3339.date(from: "2024-05-01T07:00:00-05:00") == noon)
        #expect(RFC3339.date(from: "2024-05-01T12:00:00.5Z") == noon.addingTimeInterval(0.5))
        #expect(abs(RFC3339.date(from: "2024-05-01T12:00:00.123456789Z")!.timeIntervalSince(noon) - 0.123456789) < 1e-6)
        #expect(RFC3339.date(from: "2024-05-01") == Date(timeIntervalSince1970: 1_714_521_600))
        #expect(RFC3339.date(from: "1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
        #expect(RFC3339.date(from: "2024-02-29T00:00:00Z") != nil)
        // Without an offset (Python's naive `isoformat()`): read as UTC rather than failing.
        #expect(RFC3339.date(from: "2024-05-01T12:00:00") == noon)
        #expect(RFC3339.date(from: "2024-05-01T12:00:00.250000") == noon.addingTimeInterval(0.25))
        for invalid in ["2023-02-29T00:00:00Z", "2024-05-01T12:00:00+02", "2024-05-01T25:00:00Z", "2024-5-1", "2024-05-01T12:00:00.Z", "yesterday", ""] {
            #expect(RFC3339.date(from: invalid) == nil, "\(invalid)")
        }
        #expect(RFC3339.string(from: noon) == "2024-05-01T12:00:00Z")
        #expect(RFC3339.string(from: noon.addingTimeInterval(0.25)) == "2024-05-01T12:00:00.25Z")
        #expect(RFC3339.string(from: noon.addingTimeInterval(0.123)) == "2024-05-01T12:00:00.123Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.5Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        let items = try decode([Item].self, #"[{"id":"a","count":1,"created_at":"2024-05-01T12:00:00Z"},{"id":"b","count":2,"created_at":"2024-05-01T12:00:00.750Z"}]"#)
        #expect(items.map(\.createdAt) == [noon, noon.addingTimeInterval(0.75)])
        #expect(try encode(items) == #"[{"count":1,"created_at":"2024-05-01T12:00:00Z","id":"a"},{"count":2,"created_at":"2024-05-01T12:00:00.75Z","id":"b"}]"#)
    }

    @Test("Additional properties: every undeclared member, or all of them")
    func additionalProperties() throws {
        struct Bag: Codable, Equatable {
            var values: [String: JSONValue]

            init(from decoder: any Decoder) throws {
                values = try AdditionalProperties.decode(JSONValue.self, from: decoder)
            }

            func encode(to encoder: any Encoder) throws {
                try AdditionalProperties.encode(values, to: encoder)
            }
        }
        let bag = try decode(Bag.self, #"{"b":[1],"a":null}"#)
        #expect(bag.values == ["a": nil, "b": [1]])
        #expect(try encode(bag) == #"{"a":null,"b":[1]}"#)
        #expect(throws: DecodingError.self) { try decode(TreeNode.self, #"{"name":"x","extra":"not a number"}"#) }
    }
}
