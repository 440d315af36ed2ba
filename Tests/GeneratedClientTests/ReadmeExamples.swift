import ElevenLabsAgents
import Foundation
import LoopbackServer
import OASGenRuntime
import TelnyxAI
import Testing

// The README's usage examples, kept here so they cannot silently stop compiling. Each runs
// against the loopback server instead of the real API.

func readmeTelnyxExample(client: TelnyxClient) async throws -> CanaryDeployResponse {
    let deploy = try await client.ai.assistants.canaryDeploys.create(
        assistantID: "asst_123",
        body: CanaryDeployRequest(rules: [
            RuleInput(serve: Serve(rollout: [
                RolloutSlot(versionID: "v1", weight: 90),
                RolloutSlot(versionID: "v2", weight: 10),
            ])),
        ]))
    print(deploy.rules.count, deploy.updatedAt)
    return deploy
}

func readmeTelnyxErrorExample(client: TelnyxClient) async -> RequestValidationError? {
    do {
        let deploy = try await client.ai.assistants.canaryDeploys.update(
            assistantID: "asst_123",
            body: CanaryDeployRequest(rules: [RuleInput(serve: Serve(rollout: [RolloutSlot(versionID: "v1", weight: 120)]))]),
            options: RequestOptions(timeout: .seconds(10)))
        print(deploy.rules)
    } catch {
        if case .invalidRequest(let validation) = error {
            return validation
        }
    }
    return nil
}

func readmeElevenLabsExample(client: ElevenLabsClient) async -> [String: Double]? {
    do {
        let result = try await client.convai.agents.deployments.create(
            agentID: "agent_123",
            body: CreateDeploymentRequest(deploymentRequest: AgentDeploymentRequest(requests: [
                AgentDeploymentRequestItem(
                    branchID: "agtbrch_8901",
                    deploymentStrategy: AgentDeploymentPercentageStrategy(trafficPercentage: 0.5)),
            ])))
        return result.trafficPercentageBranchIDMap ?? [:]
    } catch {
        switch error {
        case .status(let failure):
            if case .httpValidationError(let details)? = failure.body { print(details.detail ?? []) }
            print(failure.statusCode, failure.rawBody.count)
        case .invalidRequest(let violations):
            print(violations)
        default:
            print(error)
        }
        return nil
    }
}

@Suite("README examples")
struct ReadmeExampleTests {
    @Test func theyRunAsTheReadmeSays() async throws {
        try await withServer { server in
            server.enqueue(.json(TelnyxClientTests.responseJSON), .json(#"{"traffic_percentage_branch_id_map": {"agtbrch_8901": 0.5}}"#))
            let telnyx = TelnyxClient(apiKey: "KEY_readme", server: .custom(server.baseURL), retry: RetryPolicy(maxRetries: 4))
            let deploy = try await readmeTelnyxExample(client: telnyx)
            #expect(deploy.assistantID == "asst_123")
            let validation = await readmeTelnyxErrorExample(client: telnyx)
            #expect(validation?.description == "Invalid request: rules[0].serve.rollout[0].weight: 120 is greater than maximum 100")
            let elevenLabs = ElevenLabsClient(apiKey: "xi_readme", server: .custom(server.baseURL))
            #expect(await readmeElevenLabsExample(client: elevenLabs) == ["agtbrch_8901": 0.5])
            #expect(server.requests.count == 2)
        }
    }
}
