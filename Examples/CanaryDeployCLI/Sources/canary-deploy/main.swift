import CanaryDeployAPI
import Foundation

/// canary-deploy ASSISTANT_ID VERSION:WEIGHT [VERSION:WEIGHT...] [--base-url URL]
///
/// Splits an assistant's traffic across versions, e.g.
/// `canary-deploy asst_123 v1:90 v2:10`. Reads the API key from TELNYX_API_KEY.
let arguments = Array(CommandLine.arguments.dropFirst())
var baseURL: URL?
var positional: [String] = []
var index = 0
while index < arguments.count {
    if arguments[index] == "--base-url", index + 1 < arguments.count {
        baseURL = URL(string: arguments[index + 1])
        index += 2
    } else {
        positional.append(arguments[index])
        index += 1
    }
}
guard positional.count >= 2 else {
    print("usage: canary-deploy ASSISTANT_ID VERSION:WEIGHT [VERSION:WEIGHT...] [--base-url URL]")
    exit(2)
}
let slots = positional.dropFirst().compactMap { argument -> RolloutSlot? in
    let parts = argument.split(separator: ":")
    guard parts.count == 2, let weight = Double(parts[1]) else { return nil }
    return RolloutSlot(versionID: String(parts[0]), weight: weight)
}

let client = TelnyxClient(server: baseURL.map { .custom($0) } ?? .production)
do {
    let deploy = try await client.ai.assistants.canaryDeploys.create(
        assistantID: positional[0],
        body: CanaryDeployRequest(rules: [RuleInput(serve: Serve(rollout: slots))]))
    print("canary deploy for \(deploy.assistantID): \(deploy.rules.count) rule(s), updated \(deploy.updatedAt)")
} catch {
    switch error {
    case .invalidRequest(let validation):
        print("not sent: \(validation)")
    case .status(let status):
        print("HTTP \(status.statusCode): \(status.body.map { "\($0)" } ?? "no documented body")")
    default:
        print("failed: \(error)")
    }
    exit(1)
}
