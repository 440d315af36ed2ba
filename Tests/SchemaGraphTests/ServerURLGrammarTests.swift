#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing

@testable import SchemaGraph

/// The client holds a server URL as `URL(string: "…")!`, so every URL the grammar lets through
/// must be one Foundation parses; the grammar is checked against Foundation here.
@Suite("Server URL grammar")
struct ServerURLGrammarTests {
    static let accepted = [
        "https://api.telnyx.com/v2",
        "HTTP://EXAMPLE.COM",
        "https://api.example.com:8443/v1/",
        "http://localhost:8080",
        "https://user:pa%20ss@example.com/a?b=c&d=e#frag",
        "https://example.com/a;b=c/@x:y/~z!$&'()*+,=",
        "https://example.com/search?q=a/b?c",
        "https://ex-ample.co.uk/%E2%82%AC",
        "http://[::1]:8080/v1",
        "http://[2001:db8::7]/",
        "http://[2001:db8:0:0:0:0:0:7]",
        "http://[::ffff:192.168.0.1]/",
        "http://192.168.0.1:9000/api",
    ]

    static let rejected = [
        "",
        "/v1",
        "api.example.com/v1",
        "wss://api.example.com/socket",
        "ftp://example.com",
        "https://",
        "https:///path",
        "https://example.com:/",
        "https://example.com:80a/",
        "https://example.com:123456/",
        "https://exa mple.com",
        "https://example.com/a b",
        "https://example.com/%zz",
        "https://example.com/%4",
        "https://example.com/a#b#c",
        "https://example.com/[x]",
        "https://{region}.example.com",
        "https://example.com/{version}",
        "https://exämple.com",
        "https://example.com/\u{0}",
        "https://example.com\"/",
        "http://[::1/",
        "http://[1::2::3]/",
        "http://[12345::]/",
        "http://[1:2:3:4:5:6:7]/",
        "http://[1:2:3:4:5:6:7:8:9]/",
        "http://[::256.0.0.1]/",
        "http://[::01.2.3.4]/",
        "http://[:1::]/",
        "http://[::1]x/",
    ]

    @Test(arguments: accepted)
    func acceptsWhatFoundationParses(url: String) {
        #expect(ServerURLGrammar.isValid(url))
        #expect(URL(string: url) != nil)
    }

    @Test(arguments: rejected)
    func rejects(url: String) {
        #expect(!ServerURLGrammar.isValid(url))
    }

    @Test func ipv6Addresses() {
        for address in ["::", "::1", "1::", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4"] {
            #expect(ServerURLGrammar.isIPv6Address(ArraySlice(address.utf8)), "\(address)")
        }
        for address in ["", ":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "g::", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4"] {
            #expect(!ServerURLGrammar.isIPv6Address(ArraySlice(address.utf8)), "\(address)")
        }
    }
}
