import Diagnostics
import Foundation
import Testing

@testable import GeneratorCore

@Suite("Configuration")
struct ConfigurationTests {
    func load(_ text: String) throws(DiagnosticsError) -> GeneratorConfiguration {
        let folder = TemporaryFolder()
        let path = folder.file("oasgen.yaml")
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return try GeneratorConfiguration.load(path: path, displayPath: "oasgen.yaml")
    }

    @Test func readsEveryOption() throws {
        let configuration = try load("""
            spec: api.yaml
            output: Out
            module: MyAPI
            emitters: [models]
            access: package
            modelFiles: 3
            templates: my-templates
            client:
              name: MyClient
              credentialEnvironment: MY_KEY
              sharedHeaders:
                - {header: x-api-key, property: apiKey, environment: MY_API_KEY}
            filter:
              operations: {include: [a, b], exclude: [c]}
              tags: {exclude: [internal]}
            names:
              types: {Rule-Input: RoutingRule}
              operations: {a: things.make}
            """)
        #expect(configuration.specPath.hasSuffix("/api.yaml"))
        #expect(configuration.outputPath.hasSuffix("/Out"))
        #expect(configuration.moduleName == "MyAPI")
        #expect(configuration.emitters == ["models"])
        #expect(configuration.access == .package)
        #expect(configuration.modelFileCount == 3)
        #expect(configuration.templatesPath?.hasSuffix("/my-templates") == true)
        #expect(configuration.graph.clientName == "MyClient")
        #expect(configuration.graph.credentialEnvironmentVariable == "MY_KEY")
        #expect(configuration.graph.sharedHeaders == [SharedHeaderOptionForTests.apiKey])
        #expect(configuration.graph.includeOperations == ["a", "b"])
        #expect(configuration.graph.excludeOperations == ["c"])
        #expect(configuration.graph.excludeTags == ["internal"])
        #expect(configuration.graph.typeNames == ["Rule-Input": "RoutingRule"])
        #expect(configuration.graph.operationNames == ["a": "things.make"])
    }

    @Test func onlyTheSpecIsRequired() throws {
        let configuration = try load("spec: telnyx-canary.yaml\n")
        #expect(configuration.moduleName == "TelnyxCanary")
        #expect(configuration.outputPath.hasSuffix("/Generated/TelnyxCanary"))
    }

    @Test func unknownKeysAreErrorsWithTheirPosition() {
        #expect(throws: DiagnosticsError.self) { try load("spec: a.yaml\nmodul: X\n") }
        do {
            _ = try load("spec: a.yaml\nclient:\n  nmae: X\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "oasgen.yaml:3:3: error: unknown configuration key 'nmae'; expected one of: name, credentialEnvironment, sharedHeaders")
        }
    }

    @Test func wrongValuesAreErrorsWithTheirPosition() {
        do {
            _ = try load("spec: a.yaml\naccess: open\nemitters: [models, docs]\nmodule: 9lives\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "oasgen.yaml:2:9: error: unknown access level 'open'; expected public, package or internal",
                "oasgen.yaml:3:20: error: unknown emitter 'docs'; available: models, client",
                "oasgen.yaml:4:9: error: '9lives' is not a valid Swift identifier",
            ])
        }
    }
}

import SchemaGraph

enum SharedHeaderOptionForTests {
    static let apiKey = SharedHeaderOption(header: "x-api-key", property: "apiKey", environmentVariable: "MY_API_KEY")
}
