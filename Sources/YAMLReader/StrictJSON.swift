/// A one-pass check that a `.json` file is strict JSON (RFC 8259), run before libyaml parses it.
///
/// libyaml reads JSON as YAML and so accepts what JSON forbids: trailing commas, comments,
/// single quotes, bare words. A spec saying `.json` should be JSON, and a tool that accepts
/// `[1, 2,]` silently is hiding a broken file. Iterative, so depth costs no stack.
enum StrictJSON {
    struct Problem: Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    private enum Container { case object, array }

    /// What the parser expects next.
    private enum Expecting {
        case value
        case valueOrEnd        // after `[`
        case keyOrEnd          // after `{`
        case key               // after `,` in an object
        case colon
        case commaOrEnd
        case nothing           // after the top-level value
    }

    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var index = 0
        var line = 1
        var lineStart = 0
        var stack: [Container] = []
        var expecting = Expecting.value
        // Where the last comma was (line, line start, offset): a trailing comma is reported there.
        // Its column is only computed then, so minified one-line JSON stays linear.
        var lastComma = (line: 1, lineStart: 0, offset: 0)

        func column(_ at: Int) -> Int {
            // Columns count Unicode scalars: skip UTF-8 continuation bytes.
            var count = 1
            var position = lineStart
            while position < at {
                if bytes[position] & 0xC0 != 0x80 { count += 1 }
                position += 1
            }
            return count
        }
        func problem(_ message: String, at offset: Int) -> Problem {
            Problem(message: message, line: line, column: column(offset))
        }
        func trailingComma(_ container: String) -> Problem {
            line = lastComma.line
            lineStart = lastComma.lineStart
            return problem("trailing comma in JSON \(container)", at: lastComma.offset)
        }

        // Skip a UTF-8 byte order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
            lineStart = 3
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0D:
                index += 1
                continue
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
                continue
            default:
                break
            }
            if byte == UInt8(ascii: "/") && index + 1 < bytes.count && (bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*")) {
                return problem("comments are not allowed in JSON", at: index)
            }
            switch expecting {
            case .nothing:
                return problem("unexpected text after the JSON value", at: index)
            case .colon:
                guard byte == UInt8(ascii: ":") else { return problem("expected ':' after an object key", at: index) }
                index += 1
                expecting = .value
                continue
            case .commaOrEnd:
                if byte == UInt8(ascii: ",") {
                    lastComma = (line, lineStart, index)
                    index += 1
                    expecting = stack.last == .object ? .key : .value
                    continue
                }
                if byte == UInt8(ascii: "}") && stack.last == .object || byte == UInt8(ascii: "]") && stack.last == .array {
                    stack.removeLast()
                    index += 1
                    expecting = stack.isEmpty ? .nothing : .commaOrEnd
                    continue
                }
                return problem(stack.last == .object ? "expected ',' or '}' in a JSON object" : "expected ',' or ']' in a JSON array", at: index)
            case .keyOrEnd, .key:
                if byte == UInt8(ascii: "}") {
                    if expecting == .key {
                        return trailingComma("object")
                    }
                    stack.removeLast()
                    index += 1
                    expecting = stack.isEmpty ? .nothing : .commaOrEnd
                    continue
                }
                if byte == UInt8(ascii: "'") { return problem("JSON strings use double quotes, not single quotes", at: index) }
                guard byte == UInt8(ascii: "\"") else { return problem("object keys must be double-quoted strings in JSON", at: index) }
                if let failure = scanString(bytes, &index, problem) { return failure }
                expecting = .colon
                continue
            case .value, .valueOrEnd:
                if byte == UInt8(ascii: "]") && stack.last == .array {
                    if expecting == .value && !stack.isEmpty {
                        return trailingComma("array")
                    }
                    stack.removeLast()
                    index += 1
                    expecting = stack.isEmpty ? .nothing : .commaOrEnd
                    continue
                }
                switch byte {
                case UInt8(ascii: "{"):
                    stack.append(.object)
                    index += 1
                    expecting = .keyOrEnd
                case UInt8(ascii: "["):
                    stack.append(.array)
                    index += 1
                    expecting = .valueOrEnd
                case UInt8(ascii: "\""):
                    if let failure = scanString(bytes, &index, problem) { return failure }
                    expecting = stack.isEmpty ? .nothing : .commaOrEnd
                case UInt8(ascii: "'"):
                    return problem("JSON strings use double quotes, not single quotes", at: index)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if let failure = scanNumber(bytes, &index, problem) { return failure }
                    expecting = stack.isEmpty ? .nothing : .commaOrEnd
                default:
                    var end = index
                    while end < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end]) { end += 1 }
                    let word = String(decoding: bytes[index..<end], as: UTF8.self)
                    guard word == "true" || word == "false" || word == "null" else {
                        return problem(word.isEmpty ? "expected a JSON value" : "'\(word)' is not a JSON value (strings need double quotes)", at: index)
                    }
                    index = end
                    expecting = stack.isEmpty ? .nothing : .commaOrEnd
                }
            }
        }
        if !stack.isEmpty || expecting == .value {
            return problem(stack.isEmpty ? "the file holds no JSON value" : "the JSON ends before every '{' and '[' is closed", at: bytes.count)
        }
        return nil
    }

    /// Scans a string starting at its opening quote; leaves `index` after the closing quote.
    private static func scanString(_ bytes: [UInt8], _ index: inout Int, _ problem: (String, Int) -> Problem) -> Problem? {
        let start = index
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return nil
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { break }
                let escape = bytes[index + 1]
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    let hex = bytes[(index + 2)..<min(index + 6, bytes.count)]
                    guard hex.count == 4, hex.allSatisfy({ isHexDigit($0) }) else {
                        return problem("'\\u' must be followed by four hex digits in JSON", index)
                    }
                    index += 6
                default:
                    return problem("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a JSON string", index)
                }
                continue
            case 0x0A:
                return problem("unterminated JSON string (a raw line break is not allowed inside a string)", start)
            case 0x00..<0x20:
                return problem("control character 0x\(String(byte, radix: 16, uppercase: true)) must be escaped in a JSON string", index)
            default:
                index += 1
                continue
            }
        }
        return problem("unterminated JSON string", start)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private static func scanNumber(_ bytes: [UInt8], _ index: inout Int, _ problem: (String, Int) -> Problem) -> Problem? {
        let start = index
        func digits() -> Int {
            var count = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                index += 1
                count += 1
            }
            return count
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        guard digits() > 0 else { return problem("invalid JSON number", start) }
        if bytes[integerStart] == UInt8(ascii: "0") && index - integerStart > 1 {
            return problem("JSON numbers cannot have leading zeros", start)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return problem("invalid JSON number: digits must follow '.'", start) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return problem("invalid JSON number: digits must follow the exponent", start) }
        }
        return nil
    }
}
