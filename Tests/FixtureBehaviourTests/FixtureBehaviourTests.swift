import FeatureAdditionalProperties
import FeatureComposition
import FeatureConstraints
import FeatureEnums
import FeatureNullability
import FeatureRecursion
import FeatureUnions
import Foundation
import HostileAPI
import OASGenRuntime
import Testing

/// Encodes with the runtime's coders and returns the JSON as an object, for key-level checks.
func jsonObject<T: Encodable>(_ value: T) throws -> [String: Any] {
    let data = try JSONCoding.makeEncoder().encode(value)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONCoding.makeDecoder().decode(type, from: Data(json.utf8))
}

func reencoded<T: Codable>(_ type: T.Type, _ json: String) throws -> String {
    String(decoding: try JSONCoding.makeEncoder().encode(try decode(type, json)), as: UTF8.self)
}

/// The generated code must mean exactly what the hostile spec says, however its text tried to
/// break out: every name and value round-trips unchanged.
@Suite("Hostile spec: meaning survives")
struct HostileMeaningTests {
    @Test func enumRawValuesAreTheSpecsStrings() {
        #expect(HostileAPI.Kind.allCases.map(\.rawValue) == [
            "in", "self", "Type", "default", "quote\"d", "back\\slash", "new\nline", "*/", "\"\"\"",
            "\\(interpolation)", "1080p", "🚀", "", "undocumented", "rawValue", "not_in", "notIn",
        ])
        #expect(HostileAPI.Number.allCases.map(\.rawValue) == [0, -1, 1, 9_007_199_254_740_993])
        // A value the spec does not list is kept as is.
        #expect(HostileAPI.Kind(rawValue: "brand new").rawValue == "brand new")
        #expect(HostileAPI.Kind(rawValue: "undocumented") == .undocumented2)
    }

    @Test func propertyNamesOnTheWireAreTheSpecsNames() throws {
        let value = Everything(
            _self: "s", _init: "i", type: "t", in: 1, default: "d", _2fa: true, property: "empty", property2: "rocket",
            quoteD: "q", backSlash: "b", newLine: "n", versionID: "v1", versionID2: "v2", additionalProperties2: "a",
            container: "c", decoder: "dec", hashValue2: "h", kind: .quoteD, number: .valueMinus1)
        let object = try jsonObject(value)
        #expect(Set(object.keys) == [
            "self", "init", "Type", "in", "default", "2fa", "", "🚀", "quote\"d", "back\\slash", "new\nline",
            "version_id", "versionId", "additionalProperties", "container", "decoder", "hashValue", "kind", "number",
        ])
        #expect(object["kind"] as? String == "quote\"d")
        #expect(object["number"] as? Int == -1)
        let back = try JSONCoding.makeDecoder().decode(Everything.self, from: try JSONCoding.makeEncoder().encode(value))
        #expect(back == value)
    }

    @Test func typesNamedLikeTheirPropertiesStillDecode() throws {
        // Member "0" and its inline type are both `_0`; member "9" and the schema "9" both `_9`.
        let json = #"{"self": "s", "in": 1, "0": {"1": {"x": "y"}}, "9": "nine"}"#
        let value = try JSONCoding.makeDecoder().decode(Everything.self, from: Data(json.utf8))
        #expect(value._0?._1?.x == "y")
        #expect(value._9 == .nine)
        let object = try jsonObject(value)
        #expect(object["9"] as? String == "nine")
        #expect((object["0"] as? [String: Any])?["1"] as? [String: String] == ["x": "y"])
    }

    @Test func schemasNamedLikeRuntimeTypesAreRenamedAndStillCode() throws {
        // `AnyCodingKey` and `AdditionalProperties` are what every model's coding calls.
        let json = #"{"outer": {"key": "k", "n": 1}}"#
        let value = try JSONCoding.makeDecoder().decode(AdditionalPropertiesModel.self, from: Data(json.utf8))
        #expect(value == ["outer": AnyCodingKeyModel(key: "k", additionalProperties: ["n": 1])])
        #expect(try jsonObject(AnyCodingKeyModel(key: "k", additionalProperties: ["n": 1])) as NSDictionary == ["key": "k", "n": 1])
        // `Memberwise` is what every model's `==` and `hash(into:)` call.
        let memberwise = MemberwiseModel(equal: true, combine: AnyCodingKeyModel(key: "k"))
        #expect(memberwise == MemberwiseModel(equal: true, combine: AnyCodingKeyModel(key: "k")))
        #expect(memberwise != MemberwiseModel(equal: true, combine: AnyCodingKeyModel(key: "j")))
    }

    @Test func invalidServerURLsAreNotOffered() {
        #expect(HostileClient.Server.api.url.absoluteString == "https://api.example.com/v1")
    }

    @Test func serverVariableValuesKeepTheirExactText() {
        #expect(HostileClient.Server.Stage.allCases.map(\.rawValue) == ["in", "", "rawValue", "a\"b\n", "1st", "URL", "😀"])
        #expect(HostileClient.Server.tenant().url.absoluteString == "https://acme.example.com/in")
        // A value a URL cannot hold is percent-encoded, never spliced in raw.
        #expect(HostileClient.Server.tenant(stage: .aB).url.absoluteString == "https://acme.example.com/a%22b%0A")
    }
}

@Suite("Generated models")
struct GeneratedModelTests {
    @Test func openEnumsKeepUnknownValues() throws {
        let status = try decode(FeatureEnums.Status.self, "\"paused\"")
        #expect(status == .undocumented("paused"))
        #expect(try reencoded(FeatureEnums.Status.self, "\"paused\"") == "\"paused\"")
        #expect(try decode(FeatureEnums.Status.self, "\"not_in\"") == .notIn)
        #expect(FeatureEnums.Priority.high.rawValue == 3)
        #expect(try decode(FeatureEnums.Priority.self, "7") == .undocumented(7))
        // `anyOf: [enum, string]` is one open enum.
        #expect(try decode(KnownOrCustom.self, "\"alloy\"") == .alloy)
        #expect(try decode(KnownOrCustom.self, "\"ballad\"") == .undocumented("ballad"))
        // A const discriminator defaults to its value, and reads as it when a response leaves
        // it out (OpenAI's own examples of eval run data sources do).
        #expect(Event().type == .created)
        #expect(try decode(Event.self, "{}").type == .created)
        #expect(try reencoded(Event.self, "{}") == #"{"type":"created"}"#)
    }

    @Test func aSortFieldsReverseIsNamedDescending() throws {
        #expect(try decode(SortOrder.self, "\"-created_at\"") == .createdAtDescending)
        #expect(SortOrder.createdAt.rawValue == "created_at")
    }

    @Test func symbolsAreSpelledWhereANameWouldLoseThem() throws {
        #expect(Comparison.allCases == [.greaterThanOrEquals, .lessThan, .equals, .notEquals, .space])
        #expect(Comparison.greaterThanOrEquals.rawValue == ">=")
        #expect(try decode(Comparison.self, "\"!=\"") == .notEquals)
        // Before, `E.164` was `.e1642` beside `+E.164`'s `.e164`.
        #expect(NumberFormat.plusE164.rawValue == "+E.164")
        #expect(NumberFormat.e164.rawValue == "E.164")
        #expect(NumberFormat.e164National.rawValue == "E.164-national")
        #expect(NumberFormat.mp3_44100_128.rawValue == "mp3_44100_128")
        #expect(NumberFormat._16_9.rawValue == "16:9")
    }

    @Test func titledConstantsAreOneEnumNamedByTheirTitles() throws {
        // Each value decodes to its own case; before, every integer decoded as the first variant.
        #expect(try decode(AuditAction.self, "10") == .channelCreate)
        #expect(try decode(AuditAction.self, "1") == .guildUpdate)
        #expect(try decode(AuditAction.self, "99") == .undocumented(99))
        #expect(try reencoded(AuditAction.self, "10") == "10")
        #expect(try decode(AuthorType.self, "\"-user\"") == .noUser)
        #expect(AuthorType.noUser.rawValue == "-user")
    }

    @Test func valuesPickedFromAnEnumerationAreOfItsType() throws {
        // The wider enumeration's type and case names; a single value is what `init` defaults to.
        let change = GuildChange(kind: .channelCreate)
        #expect(change.action == .guildUpdate)
        #expect(try decode(GuildChange.self, #"{"action": 1, "kind": 10}"#) == change)
        let object = try jsonObject(change)
        #expect(object["action"] as? Int == 1)
        #expect(object["kind"] as? Int == 10)
        // An enumeration that is not closed: the picked strings are still the one open enum.
        let mode: KnownOrCustom? = try decode(GuildChange.self, #"{"action": 1, "kind": 1, "mode": "whisper"}"#).mode
        #expect(mode == .undocumented("whisper"))
    }

    @Test func aTypeListedTwiceIsOneCaseThatEitherListingAdmits() throws {
        // Two string variants (at most 4 and at most 8 characters) are one `.string` case, and
        // a value the second admits is not rejected by the first one's bound.
        let text = try decode(Transcript.self, "\"hello12\"")
        #expect(text == .string("hello12"))
        try text.validate()
        #expect(try decode(Transcript.self, #"{"kind": "square", "side": 1}"#) == .square(Square(kind: "square", side: 1)))
    }

    @Test func untaggedUnionsTryTheNarrowerOfTwoOverlappingVariantsFirst() throws {
        // The spec lists number before integer and string before date-time; each still decodes.
        #expect(try decode(Measure.self, "3") == .integer(3))
        #expect(try decode(Measure.self, "2.5") == .number(2.5))
        #expect(try decode(Measure.self, "\"soon\"") == .string("soon"))
        guard case .date = try decode(Measure.self, "\"2024-05-01T12:00:00Z\"") else {
            Issue.record("a date-time string should decode as the date variant")
            return
        }
    }

    @Test func aDateIsTriedBeforeAnOpenEnumerationOfStrings() throws {
        #expect(try decode(When.self, "\"now\"") == .keyword(.now))
        guard case .date = try decode(When.self, "\"2024-05-01T12:00:00Z\"") else {
            Issue.record("a date-time string should decode as the date variant, not an unknown keyword")
            return
        }
    }

    @Test func untaggedUnionsTryTheStructThatRequiresMoreMembersFirst() throws {
        #expect(try decode(Reply.self, #"{"id": "1", "body": "hi"}"#) == .full(Reply.Full(id: "1", body: "hi")))
        #expect(try decode(Reply.self, #"{"id": "1"}"#) == .brief(Reply.Brief(id: "1")))
    }

    @Test func discriminatedUnionsDecodeByTheirTag() throws {
        #expect(try decode(Shape.self, #"{"kind": "circle", "radius": 2}"#) == .circle(Circle(kind: "circle", radius: 2)))
        // Two mapping values select the same variant.
        #expect(try decode(Shape.self, #"{"kind": "box", "side": 1}"#) == .square(Square(kind: "box", side: 1)))
        // Without a mapping entry, the variant's const is its tag.
        #expect(try decode(Shape.self, #"{"kind": "legacy"}"#) == .legacy(Legacy(kind: .legacy)))
        // An unknown tag is kept whole and written back unchanged.
        let unknown = try decode(Shape.self, #"{"kind": "hexagon", "sides": 6}"#)
        #expect(unknown == .undocumented(["kind": "hexagon", "sides": 6]))
        #expect(try reencoded(Shape.self, #"{"kind":"hexagon","sides":6}"#) == #"{"kind":"hexagon","sides":6}"#)
    }

    @Test func anEnumerationBeforeAStringTakesOnlyItsValues() throws {
        #expect(try decode(Pick.self, "\"red\"") == .color(.red))
        // Before, the open enumeration took it as `.color(.undocumented("blue"))`.
        #expect(try decode(Pick.self, "\"blue\"") == .string("blue"))
        #expect(try decode(Pick.self, #"{"custom": "c"}"#) == .custom(Pick.Custom(custom: "c")))
    }

    @Test func aFixedStringIsACaseWithoutPayload() throws {
        #expect(try decode(Epochs.self, "\"auto\"") == .auto)
        #expect(try decode(Epochs.self, "3") == .integer(3))
        #expect(try decode(Epochs.self, "\"manual\"") == .undocumented("manual"))
        #expect(try reencoded(Epochs.self, "\"auto\"") == "\"auto\"")
        // Tried before the plain string listed first, which would take them.
        #expect(try decode(Limit.self, "\"inf\"") == .inf)
        #expect(try decode(Limit.self, #""*/ \"all\"""#) == .all)
        #expect(try reencoded(Limit.self, #""*/ \"all\"""#) == #""*/ \"all\"""#)
        #expect(try decode(Limit.self, "\"ten\"") == .string("ten"))
        #expect(try decode(Limit.self, "2.5") == .number(2.5))
        // Each value of an untitled inline enumeration is a case; a titled one is a type.
        #expect(try decode(CharacterLimit.self, "\"no_update\"") == .noUpdate)
        #expect(try decode(CharacterLimit.self, "\"+\"") == .plus)
        #expect(try decode(CharacterLimit.self, "500") == .integer(500))
        #expect(try decode(CharacterLimit.self, "\"high\"") == .named(.high))
        #expect(try reencoded(CharacterLimit.self, "\"no_update\"") == "\"no_update\"")
    }

    @Test func untitledVariantsAreNamedByTheWordTheyFix() throws {
        #expect(try decode(StreamEvent.self, #"{"event": "done", "data": "x"}"#) == .done(StreamEvent.Done(data: "x")))
        let created = try decode(StreamEvent.self, #"{"event": "run.created", "data": {"kind": "circle", "radius": 1}}"#)
        #expect(created == .runCreated(StreamEvent.RunCreated(data: Circle(kind: "circle", radius: 1))))
    }

    @Test func arrayVariantsAreNamedAfterTheUnion() throws {
        #expect(try decode(Targets.self, #"[{"to": "a"}]"#) == .targets([Targets.Target(to: "a")]))
        #expect(try decode(Targets.self, "[[1, 2]]") == .integerLists([[1, 2]]))
        #expect(try decode(Targets.self, "\"all\"") == .string("all"))
    }

    @Test func theOnlyUntitledObjectVariantIsTheObject() throws {
        #expect(try decode(Filter.self, #"{"in": "a,b"}"#) == .object(Filter.Object(in: "a,b")))
        #expect(try decode(Filter.self, "\"a\"") == .string("a"))
    }

    @Test func alternativesThatOnlyRequireMembersLeaveTheObjectWhole() throws {
        // Before, this was a union of two empty structs, and every member was lost.
        let call = try decode(CallRequest.self, #"{"to": "+1", "url": "https://example.com/x"}"#)
        #expect(call == CallRequest(to: "+1", url: "https://example.com/x"))
        #expect(try jsonObject(call) as NSDictionary == ["to": "+1", "url": "https://example.com/x"])
    }

    @Test func numbersMayArriveAsText() throws {
        // Twilio sends `"price": "-0.00750"` where its description says `type: number`.
        #expect(try decode(Circle.self, #"{"kind": "circle", "radius": "2.5"}"#).radius == 2.5)
        #expect(try decode(Square.self, #"{"kind": "square", "side": " -3 "}"#).side == -3)
        // Encoded as the number the type says; text that is no number is still an error.
        #expect(try reencoded(Circle.self, #"{"kind": "circle", "radius": "2.5"}"#) == #"{"kind":"circle","radius":2.5}"#)
        #expect(throws: DecodingError.self) { try decode(Circle.self, #"{"kind": "circle", "radius": "big"}"#) }
    }

    @Test func membersFixedToOneValueRuleVariantsOut() throws {
        // Integer tags: a select is not taken for a button, though a button's members fit it.
        #expect(try decode(Component.self, #"{"type": 3, "label": "pick", "options": ["a"]}"#) == .select(Component.Select(type: .value3, label: "pick", options: ["a"])))
        #expect(try decode(Component.self, #"{"type": 2, "label": "go"}"#) == .button(Component.Button(type: .value2, label: "go")))
        // A second fixed member tells apart variants that share the first.
        let timeline = try decode(Card.self, #"{"type": "card", "card_type": "timeline", "entries": [], "duration": 4}"#)
        #expect(timeline == .timeline(Card.Timeline(type: .card, cardType: .timeline, entries: [], duration: 4)))
    }

    @Test func discriminatorValuesComeFromTheVariantsOwnTags() throws {
        // Every value of an enumeration selects its variant, not the schema's name.
        #expect(try decode(Tool.self, #"{"type": "search_2025"}"#) == .searchTool(SearchTool(type: .search2025)))
        #expect(try decode(Tool.self, #"{"type": "search"}"#) == .searchTool(SearchTool(type: .search)))
        // A constant inside `anyOf: [..., null]`.
        #expect(try decode(Tool.self, #"{"type": "reference", "id": "r"}"#) == .referenceTool(ReferenceTool(type: .reference, id: "r")))
        // A variant that is a union answers to its own variants' tags.
        #expect(try decode(Tool.self, #"{"type": "shell_call", "command": "ls"}"#) == .call(.shellCall(Call.ShellCall(type: .shellCall, command: "ls"))))
        // A tag with a default answers to it, and to the schema's name.
        #expect(try decode(Tool.self, #"{"type": "record_v1", "size": 1}"#) == .record(Record(type: "record_v1", size: 1)))
        #expect(try decode(Tool.self, #"{"type": "Record"}"#) == .record(Record(type: "Record")))
        // Variants sharing a tag: the one whose fixed role matches.
        #expect(try decode(Message.self, #"{"type": "message", "role": "assistant", "text": "hi"}"#) == .outputMessage(OutputMessage(type: .message, role: .assistant, text: "hi")))
        #expect(try decode(Message.self, #"{"type": "message", "role": "user", "text": "hi"}"#) == .inputMessage(InputMessage(type: .message, role: .user, text: "hi")))
    }

    @Test func untaggedUnionsTryEachVariant() throws {
        #expect(try decode(StringOrNumber.self, "\"a\"") == .string("a"))
        #expect(try decode(StringOrNumber.self, "3") == .integer(3))
        #expect(try decode(StringOrNumber.self, "true") == .undocumented(true))
        #expect(try decode(Content.self, #"{"type": "image", "url": "u"}"#) == .image(Content.Image(type: .image, url: "u")))
        #expect(try decode(Content.self, #"["a", "b"]"#) == .strings(["a", "b"]))
    }

    @Test func nullabilityIsTolerantOnDecodeAndExactOnEncode() throws {
        let pet = try decode(FeatureNullability.Pet.self, #"{"name": "Rex", "nickname": null, "owner": null, "extra": 1}"#)
        #expect(pet.nickname == nil)
        #expect(pet.owner == nil)
        #expect(pet.tag == nil)
        let object = try jsonObject(pet)
        // Required but nullable: written as null. Optional: left out.
        #expect(object["nickname"] is NSNull)
        #expect(object["owner"] is NSNull)
        #expect(object["tag"] == nil)
        #expect(object["extra"] == nil)
        // A type that is an object or null is nullable wherever it is used, whichever of the
        // two was converted first.
        #expect(pet.usage == nil)
        #expect(object["usage"] is NSNull)
        let counted = try decode(FeatureNullability.Pet.self, #"{"name": "Rex", "nickname": null, "owner": null, "usage": {"tokens": 3}}"#)
        #expect(counted.usage?.tokens == 3)
    }

    @Test func recursiveModelsRoundTrip() throws {
        let person = FeatureRecursion.Person(name: "Ada", manager: .init(name: "Grace", manager: .init(name: "Hopper")))
        let back = try JSONCoding.makeDecoder().decode(FeatureRecursion.Person.self, from: try JSONCoding.makeEncoder().encode(person))
        #expect(back == person)
        #expect(back.manager?.manager?.name == "Hopper")
        let sum = try decode(Expression.self, #"{"left": 1, "right": {"left": 2, "right": 3}}"#)
        guard case .sum(let outer) = sum, case .sum(let inner) = outer.right else {
            Issue.record("not a nested sum: \(sum)")
            return
        }
        #expect(inner.left == .number(2))
    }

    @Test func additionalPropertiesAreKept() throws {
        let labelled = try decode(Labelled.self, #"{"name": "n", "color": "red", "size": "L"}"#)
        #expect(labelled.name == "n")
        #expect(labelled.additionalProperties == ["color": "red", "size": "L"])
        let object = try jsonObject(labelled)
        #expect(object["color"] as? String == "red")
        #expect(object["name"] as? String == "n")
        let scores: Scores = try decode(Scores.self, #"{"a": 0.5}"#)
        #expect(scores == ["a": 0.5])
    }

    /// Models write `==` and `hash(into:)` out member by member (through `Memberwise`); each
    /// stored property must take part, the first and last ones and additional properties included.
    @Test func equalityAndHashingCoverEveryMember() throws {
        let json = #"{"self": "s", "in": 1, "2fa": true, "0": {"1": {"x": "y"}}, "nested": {"string": "x"}, "number": -1}"#
        let value = try decode(Everything.self, json)
        let same = try decode(Everything.self, json)
        #expect(value == same)
        #expect(value.hashValue == same.hashValue)
        #expect(Set([value, same]).count == 1)

        var first = value
        first._self = "other"
        var last = value
        last.nested = nil
        var deep = value
        deep._0?._1?.x = "z"
        var cleared = value
        cleared._2fa = nil
        for changed in [first, last, deep, cleared] {
            #expect(changed != value)
        }
        #expect(Set([value, first, last, deep, cleared]).count == 5)

        let labelled = Labelled(name: "n", additionalProperties: ["color": "red"])
        #expect(labelled == Labelled(name: "n", additionalProperties: ["color": "red"]))
        #expect(labelled != Labelled(name: "n", additionalProperties: ["color": "blue"]))
        #expect(labelled != Labelled(name: "m", additionalProperties: ["color": "red"]))
        #expect(Set([labelled, Labelled(name: "n", additionalProperties: ["color": "red"])]).count == 1)
    }

    @Test func compositionMergesProperties() throws {
        let pet = try decode(FeatureComposition.Pet.self, #"{"id": "p1", "name": "Rex", "kind": "a", "created_at": "2024-05-01T10:00:00Z"}"#)
        #expect(pet.id == "p1")
        #expect(pet.kind == .a)
        #expect(pet.createdAt == Date(timeIntervalSince1970: 1_714_557_600))
    }

    @Test func unionPartsOfAnAllOfShareTheObjectWithTheOtherMembers() throws {
        let json = #"{"kind": "cat", "lives": 9, "tag": "t"}"#
        let tagged = try decode(FeatureComposition.Tagged.self, json)
        #expect(tagged.animal == .cat(FeatureComposition.Cat(lives: 9)))
        #expect(tagged.tag == "t")
        let object = try jsonObject(tagged)
        #expect(Set(object.keys) == ["kind", "lives", "tag"])
        #expect(object["lives"] as? Int == 9)
        #expect(try decode(FeatureComposition.Tagged.self, try reencoded(FeatureComposition.Tagged.self, json)) == tagged)

        // Inline, the union nests as `Value`; the other variant is found without a discriminator.
        let inline = try decode(FeatureComposition.InlineTagged.self, #"{"kind": "dog", "good": true, "note": "n"}"#)
        #expect(inline.value == .dog(FeatureComposition.Dog(good: true)))
        #expect(inline.note == "n")
    }

    @Test func additionalPropertiesLeaveTheUnionPartsMembersToIt() throws {
        // `Labeled` composes `Tagged`, so it holds the union too; its extra members are strings,
        // and the cat's `lives` (a number) must not be taken for one.
        let labeled = try decode(FeatureComposition.Labeled.self, #"{"kind": "cat", "lives": 3, "tag": "t", "label": "l", "color": "black"}"#)
        #expect(labeled.animal == .cat(FeatureComposition.Cat(lives: 3)))
        #expect(labeled.additionalProperties == ["color": "black"])
        let object = try jsonObject(labeled)
        #expect(Set(object.keys) == ["kind", "lives", "tag", "label", "color"])
    }

    @Test func aUnionPartThatIsNotAnObjectIsAnErrorNotATrap() throws {
        let tagged = FeatureComposition.Tagged(animal: .undocumented("a string"), tag: "t")
        #expect(throws: EncodingError.self) { try JSONCoding.makeEncoder().encode(tagged) }
    }

    @Test func emptyPartsAddNothing() throws {
        // `properties: {}` as a part used to make the whole composition a JSONValue.
        let value = try decode(FeatureComposition.NamedWithEmptyPart.self, #"{"title": "a", "subtitle": "b"}"#)
        #expect(value == FeatureComposition.NamedWithEmptyPart(title: "a", subtitle: "b"))
    }

    @Test func scalarPartsMakeOneScalarAndDescribingPartsAnyValue() throws {
        let stamp: FeatureComposition.Timestamp = try decode(FeatureComposition.Timestamp.self, #""2024-05-01T10:00:00Z""#)
        #expect(stamp == Date(timeIntervalSince1970: 1_714_557_600))
        // Box's metadata values are `allOf: [{}, {description: ...}]`: strings, numbers, lists.
        let metadata = try decode(FeatureComposition.Metadata.self, #"{"name": "Aaron", "count": 3, "nodes": ["a"]}"#)
        #expect(metadata == ["name": .string("Aaron"), "count": .integer(3), "nodes": .array([.string("a")])])
    }

    @Test func datesDecodeWithAndWithoutFractionalSeconds() throws {
        let plain = try decode(FeatureComposition.Resource.self, #"{"id": "1", "created_at": "2024-05-01T10:00:00Z"}"#)
        let fractional = try decode(FeatureComposition.Resource.self, #"{"id": "1", "created_at": "2024-05-01T12:00:00.250+02:00"}"#)
        #expect(fractional.createdAt?.timeIntervalSince(plain.createdAt!) == 0.25)
    }
}

@Suite("Generated validation")
struct GeneratedValidationTests {
    @Test func everyConstraintIsCheckedWithItsPath() throws {
        var bad = Item(name: "Bad Name", weight: 0, share: 101, count: 1000, codes: [1, 1, -2], labels: ["a": "far too long"])
        bad.children = [Item(name: "ok"), Item(name: "")]
        do {
            try bad.validate()
            Issue.record("invalid item passed validation")
        } catch {
            #expect(error.violations.map(\.description) == [
                "name: \"Bad Name\" does not match pattern '^[a-z][a-z0-9_-]*$'",
                "weight: 0 is less than or equal to exclusive minimum 0",
                "share: 101 is greater than maximum 100",
                "count: 1000 is greater than or equal to exclusive maximum 1000",
                "codes: has duplicate items at [0] and [1]",
                "codes[2]: -2 is less than minimum 0",
                "labels.a: \"far too long\" is longer than maxLength 10",
                "children[1].name: \"\" is shorter than minLength 1",
                "children[1].name: \"\" does not match pattern '^[a-z][a-z0-9_-]*$'",
            ])
        }
        try Item(name: "fine", weight: 1, share: 100, count: 995).validate()
    }

    @Test func everyPartOfAnAllOfIsChecked() throws {
        let bad = Composed(shortCode: "toolong", level: 11)
        do {
            try bad.validate()
            Issue.record("invalid value passed validation")
        } catch {
            #expect(error.violations.map(\.description) == [
                "shortCode: \"toolong\" is longer than maxLength 4",
                "level: 11 is greater than maximum 10",
            ])
        }
        try Composed(shortCode: "ok", level: 0).validate()
    }

    /// A required write-only member is required when built for a request, and absent from the
    /// responses that carry the same schema: both must work.
    @Test func requiredWriteOnlyMemberIsSentButNotExpectedBack() throws {
        let request = Account(id: "ignored", password: "correct horse")
        #expect(try jsonObject(request)["password"] as? String == "correct horse")
        let response = try decode(Account.self, #"{"id": "a1", "nickname": "kim"}"#)
        #expect(response.id == "a1")
        #expect(response.password == nil)
        #expect(try jsonObject(response)["password"] == nil)
        do {
            try Account(id: "a1", password: "short").validate()
            Issue.record("a password under minLength passed validation")
        } catch {
            #expect(error.violations.map(\.description) == [#"password: "short" is shorter than minLength 8"#])
        }
        // A read-only required member is still required in what the server sends.
        #expect(throws: DecodingError.self) { try decode(Account.self, #"{"password": "correct horse"}"#) }
    }

    @Test func decodingNeverValidates() throws {
        let item = try decode(Item.self, #"{"name": "Not Valid At All", "share": 500}"#)
        #expect(item.share == 500)
    }
}
