/// Which server URLs the generated client may hold: absolute http(s) URLs that follow RFC 3986's
/// grammar, so `URL(string:)` accepts them on every platform and the generated `!` after it can
/// never trap. (Checking with Foundation's own parser would tie the answer to the platform the
/// generator runs on, not the one the client runs on.)
enum ServerURLGrammar {
    /// `https://user@api.example.com:8443/v1?x=1#top` and the like: an http(s) scheme, a host
    /// (a name, or an IP literal in brackets), an optional numeric port, then path, query and
    /// fragment characters, with every `%` starting a two-digit hex escape.
    static func isValid(_ url: String) -> Bool {
        let bytes = Array(url.utf8)
        guard let afterScheme = schemeEnd(bytes) else { return false }
        let authorityEnd = bytes[afterScheme...].firstIndex { $0 == slash || $0 == question || $0 == hash } ?? bytes.count
        guard isValidAuthority(bytes[afterScheme..<authorityEnd]) else { return false }
        // Path, then query and fragment: the same characters, plus `?` after the path; one `#`.
        let rest = bytes[authorityEnd...]
        guard rest.count(where: { $0 == hash }) <= 1 else { return false }
        return isEscaped(rest) { isPathCharacter($0) || $0 == slash || $0 == question || $0 == hash }
    }

    /// The index after `http://` or `https://` (in any case).
    private static func schemeEnd(_ bytes: [UInt8]) -> Int? {
        for scheme in ["http://", "https://"] where bytes.count > scheme.utf8.count {
            if zip(bytes, scheme.utf8).allSatisfy({ lowercased($0) == $1 }) { return scheme.utf8.count }
        }
        return nil
    }

    /// `[userinfo@]host[:port]`, with a host that is not empty.
    private static func isValidAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
        var hostAndPort = authority
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
            let userInfo = authority[..<at]
            guard isEscaped(userInfo, where: { isSubDelimiterOrUnreserved($0) || $0 == colon }) else { return false }
            hostAndPort = authority[(at + 1)...]
        }
        if hostAndPort.first == UInt8(ascii: "[") {
            guard let close = hostAndPort.firstIndex(of: UInt8(ascii: "]")),
                isIPv6Address(hostAndPort[(hostAndPort.startIndex + 1)..<close])
            else { return false }
            return isPort(hostAndPort[(close + 1)...])
        }
        var host = hostAndPort
        if let colonIndex = hostAndPort.firstIndex(of: colon) {
            host = hostAndPort[..<colonIndex]
            guard isPort(hostAndPort[colonIndex...]) else { return false }
        }
        return !host.isEmpty && isEscaped(host, where: isSubDelimiterOrUnreserved)
    }

    /// Nothing, or `:` and one to five digits.
    private static func isPort(_ text: ArraySlice<UInt8>) -> Bool {
        if text.isEmpty { return true }
        let digits = text.dropFirst()
        return text.first == colon && (1...5).contains(digits.count) && digits.allSatisfy(isDigit)
    }

    /// RFC 4291's text form: eight groups of one to four hex digits, or fewer around one `::`;
    /// the last two groups may be written as a dotted IPv4 address.
    static func isIPv6Address(_ text: ArraySlice<UInt8>) -> Bool {
        let halves = split(text, on: [colon, colon])
        guard halves.count <= 2 else { return false }
        var groupCount = 0
        for (index, half) in halves.enumerated() where !half.isEmpty {
            var groups = half.split(separator: colon, omittingEmptySubsequences: false)
            if index == halves.count - 1, let last = groups.last, last.contains(UInt8(ascii: ".")) {
                guard isIPv4Address(last) else { return false }
                groups.removeLast()
                groupCount += 2
            }
            guard groups.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(isHexDigit) }) else { return false }
            groupCount += groups.count
        }
        return halves.count == 2 ? groupCount <= 7 : groupCount == 8
    }

    /// Four decimal numbers from 0 to 255, without leading zeros.
    private static func isIPv4Address(_ text: ArraySlice<UInt8>) -> Bool {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(isDigit), part.count == 1 || part.first != UInt8(ascii: "0") else { return false }
            return Int(String(decoding: part, as: UTF8.self))! <= 255
        }
    }

    /// The parts of `text` around each occurrence of `separator`.
    private static func split(_ text: ArraySlice<UInt8>, on separator: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = [], start = text.startIndex, index = text.startIndex
        while index < text.endIndex {
            if text[index...].starts(with: separator) {
                parts.append(text[start..<index])
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// Whether every byte is allowed, or starts a `%XX` escape.
    private static func isEscaped(_ text: ArraySlice<UInt8>, where allowed: (UInt8) -> Bool) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == UInt8(ascii: "%") {
                guard index + 2 < text.endIndex, isHexDigit(text[index + 1]), isHexDigit(text[index + 2]) else { return false }
                index += 3
            } else {
                guard allowed(text[index]) else { return false }
                index += 1
            }
        }
        return true
    }

    /// RFC 3986's `pchar`, less the `%` of escapes: unreserved, sub-delimiters, `:` and `@`.
    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        isSubDelimiterOrUnreserved(byte) || byte == colon || byte == UInt8(ascii: "@")
    }

    private static func isSubDelimiterOrUnreserved(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lowercased(byte)) || "-._~!$&'()*+,;=".utf8.contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(lowercased(byte))
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static let slash = UInt8(ascii: "/"), question = UInt8(ascii: "?"), hash = UInt8(ascii: "#"), colon = UInt8(ascii: ":")
}
