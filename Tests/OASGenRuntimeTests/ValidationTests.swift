import Foundation
import LoopbackServer
import Testing

@testable import OASGenRuntime

@Suite("Constraint validation")
struct ValidationTests {
    /// The violations the checks record, as `path: message` lines.
    func messages(_ checks: (inout ValidationContext) -> Void) -> [String] {
        var context = ValidationContext()
        checks(&context)
        return context.violations.map(\.description)
    }

    @Test("Numbers: every keyword, integral values without .0")
    func numbers() {
        #expect(messages { $0.check(120, at: "weight", minimum: 0, maximum: 100) } == ["weight: 120 is greater than maximum 100"])
        #expect(messages { $0.check(-1, at: "weight", minimum: 0) } == ["weight: -1 is less than minimum 0"])
        #expect(messages { $0.check(0, at: "n", exclusiveMinimum: 0) } == ["n: 0 is less than or equal to exclusive minimum 0"])
        #expect(messages { $0.check(1.0, at: "p", exclusiveMaximum: 1) } == ["p: 1 is greater than or equal to exclusive maximum 1"])
        #expect(messages { $0.check(7, at: "n", multipleOf: 5) } == ["n: 7 is not a multiple of 5"])
        #expect(messages { $0.check(1.5, at: "t", maximum: 0.5) } == ["t: 1.5 is greater than maximum 0.5"])
        #expect(messages { $0.check(Float(2.5), at: "f", minimum: 3) } == ["f: 2.5 is less than minimum 3"])
        #expect(messages { $0.check(Int32(4), at: "i", maximum: 3) } == ["i: 4 is greater than maximum 3"])
        #expect(messages { $0.check(Decimal(string: "10.25"), at: "d", maximum: 10) } == ["d: 10.25 is greater than maximum 10"])
        #expect(messages { $0.check(Int64.max, at: "big", multipleOf: 2) } == ["big: 9223372036854775807 is not a multiple of 2"])
        // Within the rules: no violations, including decimal multiples that binary cannot hold.
        let valid = messages {
            $0.check(0.3, at: "a", multipleOf: 0.1)
            $0.check(19.99, at: "b", multipleOf: 0.01)
            $0.check(100, at: "c", minimum: 0, maximum: 100, multipleOf: 10)
            $0.check(Int?.none, at: "d", minimum: 1)
        }
        #expect(valid == [])
    }

    @Test("Strings: lengths in code points, patterns anywhere, quoted and truncated values")
    func strings() {
        #expect(messages { $0.check("ab", at: "name", minLength: 3) } == [#"name: "ab" is shorter than minLength 3"#])
        #expect(messages { $0.check("héllo", at: "name", maxLength: 4) } == [#"name: "héllo" is longer than maxLength 4"#])
        #expect(messages { $0.check("👍🏽", at: "e", maxLength: 2) }.isEmpty)  // two code points, one character
        #expect(messages { $0.check("AB1", at: "slug", pattern: "^[a-z]+$") } == [#"slug: "AB1" does not match pattern '^[a-z]+$'"#])
        #expect(messages { $0.check("say \"hi\"\n", at: "q", maxLength: 1) } == [#"q: "say \"hi\"\n" is longer than maxLength 1"#])
        #expect(messages { $0.check(String(repeating: "a", count: 50), at: "long", maxLength: 10) }
            == [#"long: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…" (50 characters) is longer than maxLength 10"#])
        let valid = messages {
            $0.check("xx-12", at: "a", pattern: "[0-9]+")  // unanchored: matches anywhere
            $0.check("anything", at: "b", pattern: "([unclosed")  // does not compile: skipped
            $0.check(String?.none, at: "c", minLength: 1)
        }
        #expect(valid == [])
    }

    @Test("Arrays and dictionaries: counts, uniqueness, element checks and paths")
    func collections() {
        #expect(messages { $0.check([Int](), at: "ids", minItems: 1) } == ["ids: has 0 items, fewer than minItems 1"])
        #expect(messages { $0.check([1, 2], at: "ids", maxItems: 1) } == ["ids: has 2 items, more than maxItems 1"])
        #expect(messages { $0.check(["a", "b", "a"], at: "tags", uniqueItems: true) } == ["tags: has duplicate items at [0] and [2]"])
        #expect(messages { $0.check(["a": 1], at: "meta", minProperties: 2) } == ["meta: has 1 property, fewer than minProperties 2"])
        #expect(messages { $0.check(["a": 1, "b": 2], at: "meta", maxProperties: 1) } == ["meta: has 2 properties, more than maxProperties 1"])
        #expect(messages { $0.checkEach([1, 9, 3, 7], at: "scores", maximum: 5) }
            == ["scores[1]: 9 is greater than maximum 5", "scores[3]: 7 is greater than maximum 5"])
        #expect(messages { $0.checkEach([0.5, nil, 2.5], at: "ratios", maximum: 1) } == ["ratios[2]: 2.5 is greater than maximum 1"])
        #expect(messages { $0.checkEach(["ok", ""], at: "names", minLength: 1) } == [#"names[1]: "" is shorter than minLength 1"#])
        #expect(messages { $0.checkEach(["b key": -1, "a": 2, "_c$1": -3], at: "limits", minimum: 0) }
            == [#"limits._c$1: -3 is less than minimum 0"#, #"limits["b key"]: -1 is less than minimum 0"#])
        #expect(messages { $0.checkEach(["x": "toolong"], at: "", maxLength: 3) } == [#"x: "toolong" is longer than maxLength 3"#])
    }

    @Test("Nested models: every violation, with its path in wire names")
    func nested() throws {
        let request = CanaryDeployRequest(
            name: "Canary!",
            rules: [
                Rule(serve: Serve(rollout: [Rollout(variant: "a", weight: 50), Rollout(variant: "", weight: 120)])),
                Rule(serve: Serve(rollout: [])),
            ],
            labels: ["blue team": Rule(serve: Serve(rollout: [Rollout(variant: "x", weight: -1)]))])
        let error = #expect(throws: RequestValidationError.self) { try request.validate() }
        #expect(error?.violations.map(\.description) == [
            #"name: "Canary!" does not match pattern '^[a-z][a-z0-9-]*$'"#,
            #"rules[0].serve.rollout[1].variant: "" is shorter than minLength 1"#,
            "rules[0].serve.rollout[1].weight: 120 is greater than maximum 100",
            "rules[1].serve.rollout: has 0 items, fewer than minItems 1",
            #"labels["blue team"].serve.rollout[0].weight: -1 is less than minimum 0"#,
        ])
        #expect(error?.violations[2] == RequestValidationError.Violation(path: "rules[0].serve.rollout[1].weight", message: "120 is greater than maximum 100"))
        #expect(request.violations.count == 5)
        let duplicate = Serve(rollout: [Rollout(variant: "a", weight: 1), Rollout(variant: "a", weight: 1)])
        #expect(duplicate.violations.map(\.description) == ["rollout: has duplicate items at [0] and [1]"])
        let valid = CanaryDeployRequest(name: "ok", rules: [Rule(serve: Serve(rollout: [Rollout(variant: "a", weight: 100)]))])
        try valid.validate()
    }

    @Test("Recursive models, property counts, unions and arrays of arrays")
    func otherShapes() {
        let tree = TreeNode(name: "leaf", parent: TreeNode(name: "", parent: TreeNode(name: "root")), additionalProperties: ["a": 1, "b": -2, "c": 3])
        #expect(tree.violations.map(\.description) == [
            "has 5 properties, more than maxProperties 3",
            #"parent.name: "" is shorter than minLength 1"#,
            "b: -2 is less than minimum 0",
        ])
        #expect(Shape.circle(Circle(radius: 0)).violations.map(\.description) == ["radius: 0 is less than or equal to exclusive minimum 0"])
        #expect(Shape.square(Square(side: -1)).violations.isEmpty)
        #expect(messages { $0.validate([[Rollout(variant: "a", weight: 1)], [Rollout(variant: "b", weight: 101)]], at: "grid") }
            == ["grid[1][0].weight: 101 is greater than maximum 100"])
        #expect(messages { $0.validate([Rollout(variant: "a", weight: 1), nil, Rollout(variant: "", weight: 1)], at: "maybe") }
            == [#"maybe[2].variant: "" is shorter than minLength 1"#])
        #expect(messages { $0.report("must be set when mode is custom", at: "mode") } == ["mode: must be set when mode is custom"])
    }

    @Test("The client validates before sending and reports every violation")
    func clientRejectsBeforeSending() async throws {
        try await withServer { server in
            let client = CanaryClient(apiKey: nil, server: .custom(server.baseURL))
            let body = CanaryDeployRequest(name: "ok", rules: [Rule(serve: Serve(rollout: [Rollout(variant: "a", weight: 101)]))])
            let error = await expectAPIError { () throws(CanaryError) in
                try await client.create(assistantID: "a", body: body)
            }
            let invalid = try #require(error?.validationPayload)
            #expect(invalid.description == "Invalid request: rules[0].serve.rollout[0].weight: 101 is greater than maximum 100")
            let fixed = CanaryDeployRequest(name: "ok", rules: [Rule(serve: Serve(rollout: [Rollout(variant: "a", weight: 10)]))])
            let parameters = await expectAPIError { () throws(CanaryError) in
                try await client.create(assistantID: "a", body: fixed, limit: 0, tags: ["", "b", "c", "d"])
            }
            #expect(parameters?.validationPayload?.violations.map(\.description) == [
                "limit: 0 is less than minimum 1",
                "tags: has 4 items, more than maxItems 3",
                #"tags[0]: "" is shorter than minLength 1"#,
            ])
            #expect(server.requests.isEmpty)
        }
    }
}
