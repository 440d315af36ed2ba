import Foundation
import Testing

@testable import YAMLReader

/// A large JSON file is checked in two halves side by side: the result must be one pass's,
/// outline and first problem alike, whatever the halves meet in.
@Suite("Strict JSON in halves")
struct StrictJSONHalvesTests {
    /// A spec-like document: schemas with nested objects, arrays of strings and of objects,
    /// escapes, every kind of scalar; pretty-printed, so that its lines start members.
    static func spec(schemas: Int, indent: Int = 2, enumValues: Int = 3) -> String {
        var schemaMap: [String: Any] = [:]
        for index in 0..<schemas {
            schemaMap["Schema\(index)"] = [
                "type": "object",
                "description": "Line one \"quoted\", a \\ backslash, é and 😀\nline two",
                "required": ["id"],
                "properties": [
                    "id": ["type": "integer", "minimum": -1.5e3, "nullable": false],
                    "kind": ["type": "string", "enum": (0..<enumValues).map { "value \($0)" }],
                    "items": ["type": "array", "items": ["$ref": "#/components/schemas/Schema\((index + 1) % schemas)"]],
                    "examples": [["a": 1], ["b": NSNull()], [:]] as [Any],
                ] as [String: Any],
            ] as [String: Any]
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "Halves", "version": "1"],
            "paths": ["/things/{id}": ["get": ["operationId": "getThing", "responses": ["200": ["description": "OK"]]]]],
            "components": ["schemas": schemaMap],
        ]
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let text = String(decoding: data, as: UTF8.self)
        guard indent != 2 else { return text }
        // Re-indented: JSONSerialization indents by two spaces.
        return text.split(separator: "\n" as Character, omittingEmptySubsequences: false).map { (line: Substring) -> String in
            let spaces = line.prefix { $0 == " " }.count
            return String(repeating: " ", count: spaces / 2 * indent) + line.dropFirst(spaces)
        }.joined(separator: "\n")
    }

    /// `halvesMeet`: whether the halves give the result (else one pass does).
    private func expectSameAsOnePass(_ text: String, halvesMeet: Bool, _ comment: Comment? = nil) {
        let bytes = Array(text.utf8)
        let onePass = StrictJSON.scan(bytes, outlineDepth: 3, halvesFrom: .max)
        let halves = StrictJSON.scan(bytes, outlineDepth: 3, halvesFrom: 0)
        #expect(halves.problem == onePass.problem, comment)
        #expect(halves.outline == onePass.outline, comment)
        let met = bytes.withUnsafeBufferPointer { StrictJSON.scanInHalves($0, outlineDepth: 3) } != nil
        #expect(met == halvesMeet, comment)
    }

    @Test func aValidSpecGivesOnePassOutline() throws {
        for indent in [2, 4] {
            let text = StrictJSONHalvesTests.spec(schemas: 300, indent: indent)
            expectSameAsOnePass(text, halvesMeet: true, "indent \(indent)")
            #expect(try #require(StrictJSON.scan(Array(text.utf8), outlineDepth: 3, halvesFrom: 0).outline).objects.count > 300)
        }
        // Line ends of CR LF.
        expectSameAsOnePass(StrictJSONHalvesTests.spec(schemas: 300).replacingOccurrences(of: "\n", with: "\r\n"), halvesMeet: true, "CR LF")
    }

    /// The first problem in the file, wherever it is: before the cut, after it, at the end.
    @Test(arguments: [0.25, 0.75])
    func aProblemIsReportedWhereOnePassReportsIt(at fraction: Double) {
        let text = StrictJSONHalvesTests.spec(schemas: 300)
        let at = text.index(text.startIndex, offsetBy: Int(Double(text.count) * fraction))
        let line = text[at...].range(of: "\"type\" : \"integer\"")!
        var trailing = text
        trailing.replaceSubrange(line, with: "\"type\" : \"integer\",")
        expectSameAsOnePass(trailing, halvesMeet: true, "trailing comma at \(fraction)")
        var quoted = text
        quoted.replaceSubrange(line, with: "\"type\" : 'integer'")
        expectSameAsOnePass(quoted, halvesMeet: true, "single quotes at \(fraction)")
        #expect(StrictJSON.scan(Array(quoted.utf8), outlineDepth: 3, halvesFrom: 0).problem != nil)
    }

    @Test func anUnclosedFileIsReportedAtItsEnd() {
        var text = StrictJSONHalvesTests.spec(schemas: 300)
        text.removeLast()
        expectSameAsOnePass(text, halvesMeet: true)
        #expect(StrictJSON.scan(Array(text.utf8), outlineDepth: 3, halvesFrom: 0).problem?.message == "the JSON ends before every '{' and '[' is closed")
    }

    /// Damaged copies of a spec, each a few bytes changed, added or taken out anywhere, the
    /// middle included: the halves report what one pass reports, or leave it to one pass.
    @Test func damagedSpecsGiveOnePassResult() {
        let original = Array(StrictJSONHalvesTests.spec(schemas: 120).utf8)
        var random = SplitMix64(seed: 0x5EED)
        let alphabet = Array("{}[]\",:\n \t\\a1-e.".utf8)
        var (differing, damaged, met) = (0, 0, 0)
        for round in 0..<150 {
            var bytes = original
            for _ in 0..<(1 + round % 3) {
                // Half of the damage near the middle, where the halves meet.
                let span = round % 2 == 0 ? bytes.count : bytes.count / 8
                let at = (round % 2 == 0 ? 0 : bytes.count / 2 - span / 2) + Int(random.next() % UInt64(span))
                let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 3 {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            let onePass = StrictJSON.scan(bytes, outlineDepth: 3, halvesFrom: .max)
            let halves = StrictJSON.scan(bytes, outlineDepth: 3, halvesFrom: 0)
            if halves.problem != onePass.problem || halves.outline != onePass.outline { differing += 1 }
            if onePass.problem != nil { damaged += 1 }
            if bytes.withUnsafeBufferPointer({ StrictJSON.scanInHalves($0, outlineDepth: 3) }) != nil { met += 1 }
        }
        #expect(differing == 0)
        // Otherwise the rounds proved little: most must break the file, and most meet in halves.
        #expect(damaged > 60 && met > 100, "\(damaged) damaged, \(met) met in halves")
    }

    /// The corpus's JSON specs, when the corpus is beside the repository.
    @Test func corpusSpecsMeetInTheMiddle() {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
        for name in ["elevenlabs-openapi.json", "box-openapi.json", "discord-openapi.json"] {
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(name).path) else { continue }
            expectSameAsOnePass(String(decoding: data, as: UTF8.self), halvesMeet: true, "\(name)")
        }
    }

    /// Where the middle of the file is inside an array, or the file is one line, there are no
    /// halves to meet: one pass checks it.
    @Test func anArrayOrOneLineInTheMiddleIsCheckedInOnePass() throws {
        expectSameAsOnePass(StrictJSONHalvesTests.spec(schemas: 3, enumValues: 20_000), halvesMeet: false, "a long array")
        let minified = try JSONSerialization.data(withJSONObject: ["a": Array(repeating: ["b": "c"], count: 10_000)])
        expectSameAsOnePass(String(decoding: minified, as: UTF8.self), halvesMeet: false, "one line")
        // A second line of nothing but indentation, to the end of the file: no unit to read.
        expectSameAsOnePass("{\n" + String(repeating: " ", count: 4), halvesMeet: false, "indentation only")
        expectSameAsOnePass("{\n" + String(repeating: " ", count: 300_000), halvesMeet: false, "long indentation only")
    }
}

/// A small seeded generator, so that the damaged specs are the same on every run.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
