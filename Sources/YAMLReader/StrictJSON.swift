import Parallelism

/// A check that a `.json` file is strict JSON (RFC 8259), run before libyaml parses it: one pass,
/// or two halves side by side for a large file.
///
/// libyaml reads JSON as YAML and so accepts what JSON forbids: trailing commas, comments,
/// single quotes, bare words. A spec saying `.json` should be JSON, and a tool that accepts
/// `[1, 2,]` silently is hiding a broken file. Iterative, so depth costs no stack.
///
/// The same pass can outline the file's shallow objects (`JSONOutline`): where each of their
/// members starts and ends. A chunked parse cuts the file there, because this lexer, unlike
/// line patterns, knows exactly which bytes are inside strings.
enum StrictJSON {
    struct Problem: Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    /// The first way `bytes` is not strict JSON, or nil.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        scan(bytes, outlineDepth: -1).problem
    }

    /// Checks `bytes` and, when `outlineDepth` is not negative, outlines the objects nested at
    /// most that deep (the root object is at depth 0). The outline is nil when there is a
    /// problem, when the root is not an object, or when none was asked for.
    static func scan(_ bytes: [UInt8], outlineDepth: Int, halvesFrom minimumBytes: Int = halvesMinimumBytes) -> (problem: Problem?, outline: JSONOutline?) {
        bytes.withUnsafeBufferPointer { buffer in
            if bytes.count >= minimumBytes, let scanned = scanInHalves(buffer, outlineDepth: outlineDepth) { return scanned }
            var scanner = Scanner(bytes: buffer, outlineDepth: outlineDepth)
            if let problem = scanner.run() { return (problem, nil) }
            return (nil, outlineDepth >= 0 && !scanner.outline.objects.isEmpty ? scanner.outline : nil)
        }
    }

    /// From this size a file is checked in two halves side by side (`scanInHalves`).
    static let halvesMinimumBytes = 256 << 10

    /// The file's two halves checked side by side, with the result of one pass: on a large spec
    /// the check ran alone on one core for 4 to 9% of a whole run (ElevenLabs' 3.6 MB).
    ///
    /// A raw line break cannot be inside a JSON string, so a line starts outside every string.
    /// The cut is at a line that starts an object member (`"key":` after a `,`), indented as
    /// the member of an object `depth` deep; the second half starts there as if inside `depth`
    /// open objects, and what it does to them (members added, a member's value ended) is kept
    /// apart. The first half must then end as the second began: expecting a key, inside
    /// exactly `depth` objects, outlined where the second half took them to be. Nil when no
    /// line fits or the halves do not meet so: the caller checks the file in one pass.
    static func scanInHalves(_ bytes: UnsafeBufferPointer<UInt8>, outlineDepth: Int) -> (problem: Problem?, outline: JSONOutline?)? {
        guard let (cut, depth) = memberLine(in: bytes) else { return nil }
        // Placeholder objects stand for the open objects that the first half outlines: the
        // root, and each member's object down to `outlineDepth`.
        let placeholders = outlineDepth < 0 ? 0 : min(depth, outlineDepth + 1)
        let halves = SharedBytes(bytes: bytes)
        let scanned = Concurrently.map([true, false]) { isFirst in
            if isFirst {
                var scanner = Scanner(bytes: UnsafeBufferPointer(rebasing: halves.bytes[..<cut]), outlineDepth: outlineDepth)
                scanner.endsMidway = true
                return ScannedHalf(problem: scanner.run(), scanner: scanner)
            }
            var scanner = Scanner(bytes: halves.bytes, outlineDepth: outlineDepth)
            scanner.startMidway(at: cut, depth: depth, placeholders: placeholders)
            return ScannedHalf(problem: scanner.run(), scanner: scanner)
        }
        let (first, second) = (scanned[0], scanned[1])
        // The first problem in the file, as one pass would report it.
        if let problem = first.problem { return (problem, nil) }
        let open = first.scanner.stack
        guard first.scanner.expecting == .key, open.count == depth,
            open.indices.allSatisfy({ open[$0] != Scanner.array && (open[$0] >= 0) == ($0 < placeholders) })
        else { return nil }
        let lineOffset = first.scanner.line - 1
        if var problem = second.problem {
            problem.line += lineOffset
            return (problem, nil)
        }
        guard second.scanner.stack.isEmpty, outlineDepth >= 0 else { return (nil, nil) }
        var outline = first.scanner.outline
        let appended = outline.objects.count
        func index(_ object: Int) -> Int { object < placeholders ? Int(open[object]) : appended + object - placeholders }
        func moved(_ member: JSONOutline.Member) -> JSONOutline.Member {
            var member = member
            member.line += lineOffset
            member.object = member.object.map(index)
            return member
        }
        let secondObjects = second.scanner.outline.objects
        for var object in secondObjects[placeholders...] {
            object.line += lineOffset
            object.members = object.members.map(moved)
            outline.objects.append(object)
        }
        for placeholder in 0..<placeholders {
            let target = index(placeholder)
            if let end = second.scanner.placeholderValueEnds[placeholder] {
                // The member whose value spans the cut, the first half's last.
                guard !outline.objects[target].members.isEmpty else { return nil }
                outline.objects[target].members[outline.objects[target].members.count - 1].valueEnd = end
            }
            outline.objects[target].members += secondObjects[placeholder].members.map(moved)
        }
        outline.linesAgree = first.scanner.outline.linesAgree && second.scanner.outline.linesAgree
        return (nil, outline)
    }

    /// The offset of a line near the middle that starts an object member after a `,`, and the
    /// depth of the object whose member it is (indented as such, in the file's indentation
    /// unit: the indentation of the root's first member); nil when none is found.
    private static func memberLine(in bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, depth: Int)? {
        func indent(at start: Int) -> Int {
            var end = start
            while end < bytes.count, bytes[end] == 0x20 { end += 1 }
            return end - start
        }
        func lineStart(after offset: Int) -> Int? {
            ByteWords.offset(of: 0x0A, in: bytes, from: offset, before: bytes.count).flatMap { $0 + 1 < bytes.count ? $0 + 1 : nil }
        }
        // The indentation unit: the first indented line's (the root's first member).
        guard let second = lineStart(after: 0) else { return nil }
        let unit = indent(at: second)
        guard (1...8).contains(unit), second + unit < bytes.count, bytes[second + unit] == UInt8(ascii: "\"") else { return nil }
        // Looked for from the middle on, over an eighth of the file at most.
        var start = lineStart(after: bytes.count / 2)
        while let line = start, line < bytes.count / 2 + bytes.count / 8 {
            start = lineStart(after: line)
            let spaces = indent(at: line)
            guard spaces > 0, spaces % unit == 0, spaces / unit <= 8, line + spaces < bytes.count, bytes[line + spaces] == UInt8(ascii: "\""),
                isKey(bytes, from: line + spaces)
            else { continue }
            var before = line - 1
            while before >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[before]) { before -= 1 }
            guard before >= 0, bytes[before] == UInt8(ascii: ",") else { continue }
            return (line, spaces / unit)
        }
        return nil
    }

    /// Whether the string starting at `quote` is followed, on its line, by a `:`.
    private static func isKey(_ bytes: UnsafeBufferPointer<UInt8>, from quote: Int) -> Bool {
        var index = quote + 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != 0x0A {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
        index += 1
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: ":")
    }

    /// The file while both halves read it.
    private struct SharedBytes: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// A half's result, handed back from its thread (the scanner reads the shared file).
    private struct ScannedHalf: @unchecked Sendable {
        var problem: Problem?
        var scanner: Scanner
    }

    private enum Expecting {
        case value
        case valueOrEnd        // after `[`
        case keyOrEnd          // after `{`
        case key               // after `,` in an object
        case colon
        case commaOrEnd
        case nothing           // after the top-level value
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let outlineDepth: Int
        var index = 0
        var line = 1
        var lineStart = 0
        /// The open containers: `array`, `object`, or the outline index of an outlined object.
        var stack: [Int32] = []
        var expecting = Expecting.value
        /// Where the last comma was (line, line start, offset): a trailing comma is reported there.
        /// Its column is only computed then, so minified one-line JSON stays linear.
        var lastComma = (line: 1, lineStart: 0, offset: 0)
        var outline = JSONOutline()
        /// The first half of a file checked in halves: it ends at a line of the file, not with the
        /// JSON value, so the end is not checked.
        var endsMidway = false
        /// The second half's placeholders whose last member is the first half's: where that
        /// member's value ended, by placeholder.
        var placeholderValueEnds: [Int: Int] = [:]

        static let array: Int32 = -2
        static let object: Int32 = -1

        init(bytes: UnsafeBufferPointer<UInt8>, outlineDepth: Int) {
            self.bytes = bytes
            self.outlineDepth = outlineDepth
        }

        var inObject: Bool { (stack.last ?? Scanner.array) != Scanner.array }

        /// Starts the second half of a file checked in halves at `offset`, a member's line, as if
        /// inside `depth` open objects of which the outer `placeholders` are outlined (as
        /// objects of this scanner's outline, stand-ins for the first half's). Lines are
        /// counted from 1 at `offset`.
        mutating func startMidway(at offset: Int, depth: Int, placeholders: Int) {
            index = offset
            lineStart = offset
            for level in 0..<depth {
                if level < placeholders {
                    stack.append(Int32(outline.objects.count))
                    outline.objects.append(JSONOutline.Object(open: offset, line: 1, lineStart: offset))
                } else {
                    stack.append(Scanner.object)
                }
            }
            expecting = .key
        }

        mutating func run() -> Problem? {
            // Skip a UTF-8 byte order mark.
            if index == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                index = 3
                lineStart = 3
            }
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x20, 0x09:
                    // Indentation: two fifths of a pretty-printed spec's bytes, skipped in one run,
                    // eight spaces at a time while there are.
                    var position = index + 1
                    while position + 8 <= bytes.count, ByteWords.word(bytes, at: position) == StrictJSON.eightSpaces { position += 8 }
                    while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
                    index = position
                    continue
                case 0x0D:
                    // libyaml ends a line at a lone CR too; outlined lines would then disagree with its.
                    if index + 1 == bytes.count || bytes[index + 1] != 0x0A { outline.linesAgree = false }
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
                if let problem = step(byte) { return problem }
            }
            if !endsMidway, !stack.isEmpty || expecting == .value {
                return problem(stack.isEmpty ? "the file holds no JSON value" : "the JSON ends before every '{' and '[' is closed", at: bytes.count)
            }
            return nil
        }

        /// Handles the token starting with `byte` at `index`.
        private mutating func step(_ byte: UInt8) -> Problem? {
            switch expecting {
            case .nothing:
                return problem("unexpected text after the JSON value", at: index)
            case .colon:
                guard byte == UInt8(ascii: ":") else { return problem("expected ':' after an object key", at: index) }
                index += 1
                expecting = .value
            case .commaOrEnd:
                if byte == UInt8(ascii: ",") {
                    lastComma = (line, lineStart, index)
                    index += 1
                    expecting = inObject ? .key : .value
                    return nil
                }
                if byte == UInt8(ascii: "}") && inObject || byte == UInt8(ascii: "]") && !inObject {
                    close()
                    return nil
                }
                return problem(inObject ? "expected ',' or '}' in a JSON object" : "expected ',' or ']' in a JSON array", at: index)
            case .keyOrEnd, .key:
                if byte == UInt8(ascii: "}") {
                    if expecting == .key { return trailingComma("object") }
                    close()
                    return nil
                }
                if byte == UInt8(ascii: "'") { return problem("JSON strings use double quotes, not single quotes", at: index) }
                guard byte == UInt8(ascii: "\"") else { return problem("object keys must be double-quoted strings in JSON", at: index) }
                let keyStart = index
                if let failure = scanString() { return failure }
                if let outlined = stack.last, outlined >= 0 {
                    outline.objects[Int(outlined)].members.append(JSONOutline.Member(
                        keyStart: keyStart, keyEnd: index, line: line, lineStart: lineStart))
                }
                expecting = .colon
            case .value, .valueOrEnd:
                if byte == UInt8(ascii: "]") && !stack.isEmpty && !inObject {
                    if expecting == .value { return trailingComma("array") }
                    close()
                    return nil
                }
                switch byte {
                case UInt8(ascii: "{"):
                    stack.append(openObject())
                    index += 1
                    expecting = .keyOrEnd
                case UInt8(ascii: "["):
                    stack.append(Scanner.array)
                    index += 1
                    expecting = .valueOrEnd
                case UInt8(ascii: "\""):
                    if let failure = scanString() { return failure }
                    valueEnded()
                case UInt8(ascii: "'"):
                    return problem("JSON strings use double quotes, not single quotes", at: index)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if let failure = scanNumber() { return failure }
                    valueEnded()
                default:
                    var end = index
                    while end < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end]) { end += 1 }
                    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                    guard word == "true" || word == "false" || word == "null" else {
                        return problem(word.isEmpty ? "expected a JSON value" : "'\(word)' is not a JSON value (strings need double quotes)", at: index)
                    }
                    index = end
                    valueEnded()
                }
            }
            return nil
        }

        /// The stack entry for an object opening at `index`: outlined when it is the root, or the
        /// value of a member of an outlined object and not deeper than `outlineDepth`.
        private mutating func openObject() -> Int32 {
            guard outlineDepth >= 0, stack.count <= outlineDepth else { return Scanner.object }
            if let parent = stack.last {
                guard parent >= 0 else { return Scanner.object }
                outline.objects[Int(parent)].members[outline.objects[Int(parent)].members.count - 1].object = outline.objects.count
            }
            outline.objects.append(JSONOutline.Object(open: index, line: line, lineStart: lineStart))
            return Int32(outline.objects.count - 1)
        }

        /// Closes the innermost container at `index`, which ends a value.
        private mutating func close() {
            stack.removeLast()
            index += 1
            valueEnded()
        }

        /// A value ended just before `index`: the member holding it, when outlined, ends there.
        private mutating func valueEnded() {
            expecting = stack.isEmpty ? .nothing : .commaOrEnd
            if let outlined = stack.last, outlined >= 0 {
                let object = Int(outlined)
                // No member yet: a placeholder (see `startMidway`), whose member is the first half's.
                guard !outline.objects[object].members.isEmpty else {
                    placeholderValueEnds[object] = index
                    return
                }
                outline.objects[object].members[outline.objects[object].members.count - 1].valueEnd = index
            }
        }

        private func column(_ at: Int) -> Int {
            TextPosition.column(ofByte: at, lineStart: lineStart, in: bytes)
        }

        private func problem(_ message: String, at offset: Int) -> Problem {
            Problem(message: message, line: line, column: column(offset))
        }

        private mutating func trailingComma(_ container: String) -> Problem {
            line = lastComma.line
            lineStart = lastComma.lineStart
            return problem("trailing comma in JSON \(container)", at: lastComma.offset)
        }

        /// Scans a string starting at its opening quote; leaves `index` after the closing quote.
        private mutating func scanString() -> Problem? {
            let start = index
            index += 1
            let endsRun = StrictJSON.endsStringRun
            while index < bytes.count {
                // Ordinary bytes, which are nearly all of a string, are skipped a run at a time:
                // eight at a time while none of the eight can end the run, then one by one.
                var position = index
                while position + 8 <= bytes.count, !StrictJSON.mayEndStringRun(ByteWords.word(bytes, at: position)) { position += 8 }
                while position < bytes.count, !endsRun[Int(bytes[position])] { position += 1 }
                index = position
                guard index < bytes.count else { break }
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
                        guard hex.count == 4, hex.allSatisfy({ StrictJSON.isHexDigit($0) }) else {
                            return problem("'\\u' must be followed by four hex digits in JSON", at: index)
                        }
                        index += 6
                    default:
                        return problem("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a JSON string", at: index)
                    }
                    continue
                case 0x0A:
                    return problem("unterminated JSON string (a raw line break is not allowed inside a string)", at: start)
                case 0x00..<0x20:
                    return problem("control character 0x\(String(byte, radix: 16, uppercase: true)) must be escaped in a JSON string", at: index)
                case 0xC2, 0xE2:
                    // NEL (C2 85), LS (E2 80 A8) and PS (E2 80 A9) end lines for libyaml, not for JSON.
                    if byte == 0xC2 ? next(is: 0x85) : next(is: 0x80) && index + 2 < bytes.count && bytes[index + 2] & 0xFE == 0xA8 {
                        outline.linesAgree = false
                    }
                    index += 1
                default:
                    index += 1
                }
            }
            return problem("unterminated JSON string", at: start)
        }

        private func next(is byte: UInt8) -> Bool {
            index + 1 < bytes.count && bytes[index + 1] == byte
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        private mutating func scanNumber() -> Problem? {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let integerStart = index
            guard digits() > 0 else { return problem("invalid JSON number", at: start) }
            if bytes[integerStart] == UInt8(ascii: "0") && index - integerStart > 1 {
                return problem("JSON numbers cannot have leading zeros", at: start)
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { return problem("invalid JSON number: digits must follow '.'", at: start) }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { return problem("invalid JSON number: digits must follow the exponent", at: start) }
            }
            return nil
        }

        private mutating func digits() -> Int {
            var count = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                index += 1
                count += 1
            }
            return count
        }
    }

    /// The bytes `scanString` looks at one by one: the quote, the backslash, control characters,
    /// and the lead bytes of NEL, LS and PS. Every other byte continues a string.
    private static let endsStringRun: [Bool] = (0...255).map { byte in
        byte < 0x20 || byte == Int(UInt8(ascii: "\"")) || byte == Int(UInt8(ascii: "\\")) || byte == 0xC2 || byte == 0xE2
    }

    private static let eightSpaces: UInt64 = 0x2020_2020_2020_2020

    /// Whether any of the eight bytes of `word` may be one that `endsStringRun` marks. Never
    /// false when one is; may be true when none is (a borrow can flag a byte after a true
    /// one), and then the bytes are looked at one by one anyway.
    @inline(__always)
    private static func mayEndStringRun(_ word: UInt64) -> Bool {
        // A byte below 0x20: subtracting 0x20 borrows into its top bit, which it did not have.
        let (lowBits, highBits) = (ByteWords.lowBits, ByteWords.highBits)
        let control = (word &- lowBits &* 0x20) & ~word
        // A byte equal to `byte`: zero once xored with it, so subtracting 1 borrows likewise.
        func has(_ byte: UInt8) -> UInt64 {
            let xored = word ^ (lowBits &* UInt64(byte))
            return (xored &- lowBits) & ~xored
        }
        return (control | has(UInt8(ascii: "\"")) | has(UInt8(ascii: "\\")) | has(0xC2) | has(0xE2)) & highBits != 0
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}

/// Where the members of a strict JSON file's shallow objects start and end, by byte offset.
struct JSONOutline: Equatable {
    struct Object: Equatable {
        /// The offset of the `{`, its 1-based line, and where that line starts.
        var open: Int
        var line: Int
        var lineStart: Int
        var members: [Member] = []
    }

    struct Member: Equatable {
        /// The key's opening quote, and the offset just after its closing quote.
        var keyStart: Int
        var keyEnd: Int
        /// The key's 1-based line, and where that line starts.
        var line: Int
        var lineStart: Int
        /// The offset just after the value.
        var valueEnd = 0
        /// The value's outline, when it is an outlined object.
        var object: Int?
    }

    /// `objects[0]` is the root.
    var objects: [Object] = []
    /// False when libyaml counts lines differently from JSON (a lone CR, or NEL, LS or PS in a
    /// string), so that lines taken from the outline would not be libyaml's.
    var linesAgree = true
}
