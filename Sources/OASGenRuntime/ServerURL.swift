import Foundation

extension URL {
    /// A server URL from an OpenAPI server template: `https://{region}.api.example.com/{version}`
    /// with `["region": "eu", "version": "v2"]`.
    ///
    /// Variables without a value keep their `{name}` text. Characters a URL cannot hold are
    /// percent-encoded, so the result is always a URL.
    public init(serverTemplate: String, variables: [String: String]) {
        var text = serverTemplate
        for (name, value) in variables {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        if let url = URL(string: text) {
            self = url
            return
        }
        // Keep URL syntax (`:/?#[]@` and sub-delims), encode the rest.
        let allowed = CharacterSet.urlQueryAllowed.union(.urlPathAllowed).union(CharacterSet(charactersIn: "#[]@"))
        guard let encoded = text.addingPercentEncoding(withAllowedCharacters: allowed), let url = URL(string: encoded)
        else { preconditionFailure("Server URL \(QuotedText.quote(text, limit: .max)) cannot be made into a URL") }
        self = url
    }
}
