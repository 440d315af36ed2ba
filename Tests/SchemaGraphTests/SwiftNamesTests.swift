import Testing

@testable import SchemaGraph

@Suite("Swift names")
struct SwiftNamesTests {
    @Test(arguments: [
        ("Rule-Input", "RuleInput"),
        ("type_:AgentDeploymentRequest", "TypeAgentDeploymentRequest"),
        ("HTTPValidationError", "HTTPValidationError"),
        ("http_validation_error", "HTTPValidationError"),
        ("canary-deploys", "CanaryDeploys"),
        ("2fa_email", "_2faEmail"),
        ("", "Unnamed"),
        ("🚀", "Unnamed"),
        ("a\"b\\c\nd", "ABCD"),
        ("iOSDevice", "IOSDevice"),
        ("oauth_clients", "OAuthClients"),
        ("OAuthToken", "OAuthToken"),
        ("fqdn_connections", "FQDNConnections"),
        ("list_fqdns", "ListFQDNs"),
        ("gpt-4.1", "Gpt4_1"),
    ])
    func typeNames(input: String, expected: String) {
        #expect(SwiftNames.typeName(input) == expected)
    }

    @Test(arguments: [
        ("version_id", "versionID"),
        ("assistant_ids", "assistantIDs"),
        ("api_key", "apiKey"),
        ("xi-api-key", "xiAPIKey"),
        ("not_in", "notIn"),
        ("traffic_percentage_branch_id_map", "trafficPercentageBranchIDMap"),
        ("URL", "url"),
        ("NAME", "name"),
        ("createdAt", "createdAt"),
        ("10dlc", "_10dlc"),
        ("oauth_client_id", "oauthClientID"),
        ("OAuthToken", "oauthToken"),
        ("sim_card_ids", "simCardIDs"),
        // Numbers the text kept apart stay apart.
        ("mp3_44100_128", "mp3_44100_128"),
        ("16:9", "_16_9"),
        ("gpt-4.1-mini", "gpt4_1Mini"),
        ("gpt-4-1106-preview", "gpt4_1106Preview"),
        ("E.164", "e164"),
        ("AccountSid", "accountSID"),
        ("call_sids", "callSIDs"),
    ])
    func camelNames(input: String, expected: String) {
        #expect(SwiftNames.camelName(input) == expected)
    }

    @Test func keywordsAreEscapedOrRenamed() {
        #expect(SwiftNames.memberName("in") == "`in`")
        #expect(SwiftNames.memberName("default") == "`default`")
        #expect(SwiftNames.memberName("self") == "_self")
        #expect(SwiftNames.memberName("init") == "_init")
        #expect(SwiftNames.memberName("") == "value")
        #expect(SwiftNames.memberName("", fallback: "empty") == "empty")
    }

    /// `escapedMember` skips its table for names no keyword could be: this fails if a keyword
    /// is ever added that breaks the rule it relies on.
    @Test func everyKeywordIsEscaped() {
        for keyword in SwiftNames.keywords.union(SwiftNames.unusableMemberNames) {
            #expect(SwiftNames.escapedMember(keyword) != keyword, "\(keyword)")
        }
        #expect(SwiftNames.escapedMember("createdAt") == "createdAt")
        #expect(SwiftNames.escapedMember("classes") == "classes")
    }

    @Test func fernPrefixesAreDropped() {
        #expect(TypeBuilder.componentTypeName("type_:AgentDeploymentRequest") == "AgentDeploymentRequest")
        #expect(TypeBuilder.componentTypeName("Rule-Output") == "RuleOutput")
    }

    @Test func singulars() {
        #expect(SwiftNames.singular("rules") == "rule")
        #expect(SwiftNames.singular("policies") == "policy")
        #expect(SwiftNames.singular("addresses") == "address")
        #expect(SwiftNames.singular("status") == "status")
        #expect(SwiftNames.singularTypeName("CanaryDeploys") == "CanaryDeploy")
    }

    @Test func plurals() {
        #expect(SwiftNames.plural("logEntry") == "logEntries")
        #expect(SwiftNames.plural("key") == "keys")
        #expect(SwiftNames.plural("status") == "statuses")
        #expect(SwiftNames.plural("box") == "boxes")
        #expect(SwiftNames.plural("mediaURL") == "mediaURLs")
        #expect(SwiftNames.plural("strings") == "strings")
    }

    @Test func memberNamesResolveCollisionsInOrder() {
        var names = MemberNames(reserved: ["undocumented"])
        #expect(names.allocate("version_id") == "versionID")
        #expect(names.allocate("versionId") == "versionID2")
        #expect(names.allocate("undocumented") == "undocumented2")
        #expect(names.allocate("self") == "_self")
        #expect(names.allocate("self") == "_self2")
    }

    /// A declaration with many members keeps its names in a set: collisions still resolve the
    /// same way before, across and after the switch.
    @Test(arguments: [0, 40])
    func memberNamesResolveCollisionsPastManyNames(capacity: Int) {
        var names = MemberNames(reserved: ["rawValue"], capacity: capacity)
        for index in 0..<30 { #expect(names.allocate("case_\(index)") == "case\(index)") }
        #expect(names.allocate("case 3") == "case32")
        #expect(names.allocate("case32") == "case322")
        #expect(names.allocate("raw_value") == "rawValue2")
        #expect(names.allocate("class") == "`class`")
        #expect(names.allocate("class") == "class2")
    }

    @Test func nestedNamesNeverShadowTopLevelNames() {
        var registry = NameRegistry(reserved: [])
        #expect(registry.allocateTopLevel("Serve") == "Serve")
        #expect(registry.allocateTopLevel("Error") == "ErrorModel")
        #expect(registry.allocateTopLevel("Type") == "Kind")
        let parent = TypeID(0)
        #expect(registry.allocateNested("Serve", scope: [(parent, "Rule")]) == "Serve2")
        #expect(registry.allocateNested("Clause", scope: [(parent, "Rule")]) == "Clause")
        #expect(registry.allocateNested("Clause", scope: [(parent, "Rule")]) == "Clause2")
        // A sibling parent can reuse a nested name.
        #expect(registry.allocateNested("Clause", scope: [(TypeID(1), "Other")]) == "Clause")
        // A nested name never repeats its ancestor's.
        #expect(registry.allocateNested("Rule", scope: [(parent, "Rule")]) == "Rule2")
    }

    @Test func resourceNamesFallBackToAnotherWordBeforeANumber() {
        var registry = NameRegistry(reserved: [])
        #expect(registry.allocateTopLevel("MediaResource") == "MediaResource")
        #expect(registry.allocateTopLevel(preferring: ["MediaResource", "MediaOperations"]) == "MediaOperations")
        #expect(registry.allocateTopLevel(preferring: ["MediaResource", "MediaOperations"]) == "MediaResource2")
        // A reserved candidate is passed over, not renamed.
        #expect(registry.allocateTopLevel(preferring: ["Error", "Failure"]) == "Failure")
    }

    @Test func fastAPISuffixes() {
        #expect(
            OperationNaming.strippingFastAPISuffix(
                "create_canary_deploy_assistants__assistant_id__canary_deploys_post",
                path: "/ai/assistants/{assistant_id}/canary-deploys", method: .post) == "create_canary_deploy")
        #expect(
            OperationNaming.strippingFastAPISuffix(
                "create_agent_deployment_route_v1_convai_agents__agent_id__deployments_post",
                path: "/v1/convai/agents/{agent_id}/deployments", method: .post) == "create_agent_deployment_route")
        #expect(OperationNaming.strippingFastAPISuffix("ListPhoneNumbers", path: "/phone_numbers", method: .get) == "ListPhoneNumbers")
        #expect(OperationNaming.strippingFastAPISuffix("get", path: "/get", method: .get) == "get")
    }

    @Test func versionSegments() {
        #expect(OperationNaming.isVersion("v1"))
        #expect(OperationNaming.isVersion("v2beta"))
        #expect(!OperationNaming.isVersion("voices"))
        #expect(!OperationNaming.isVersion("v"))
        #expect(OperationNaming.isVersion("2.0"))
        #expect(OperationNaming.isVersion("2"))
        #expect(OperationNaming.isVersion("2010-04-01"))
        #expect(!OperationNaming.isVersion("2fa"))
    }

    @Test func serverCaseNames() {
        #expect(
            ServerNaming.caseNames([
                "https://api.elevenlabs.io", "https://api.us.elevenlabs.io", "https://api.eu.residency.elevenlabs.io",
                "https://api.in.residency.elevenlabs.io",
            ]) == ["production", "us", "euResidency", "inResidency"])
        #expect(ServerNaming.caseNames(["https://api.telnyx.com/v2"]) == ["production"])
        #expect(ServerNaming.caseNames(["https://a.example.com/v1", "https://a.example.com/v2"]) == ["v1", "v2"])
        // Hosts tell these apart, so their paths (one a variable) do not count.
        #expect(ServerNaming.caseNames(["https://{region}.api.example.com/v1", "https://sandbox.example.com/{version}"]) == ["api", "sandbox"])
        // Only variables set this one apart: a short description names it, else the variables of
        // its host, else its position.
        let templated = [
            "https://example.com/api", "{protocol}://{subdomain}.example.com:{port}/{basePath}", "https://{tenant}.example.com",
            "https://{a}-{b}-{c}.example.com",
        ]
        #expect(ServerNaming.caseNames(templated, descriptions: [nil, "A custom domain.", "Any tenant's own server, by its name"])
            == ["api", "customDomain", "tenant", "server4"])
    }

    @Test func stronglyConnectedComponents() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 3 a self loop; 4 → 0 is outside the cycle.
        let components = CycleFinder.stronglyConnectedComponents(count: 5, edges: [[1], [2], [0], [3], [0]])
        #expect(components[0] == components[1] && components[1] == components[2])
        #expect(components[3] != components[0] && components[4] != components[0])
    }
}
