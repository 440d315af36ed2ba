import CYAML
import Diagnostics

/// Builds a `YAMLDocument` from libyaml's event stream in one pass, without recursion: open
/// collections live on an explicit stack, so nesting depth is bounded by `maxDepth`, not by
/// the thread's stack.
struct TreeBuilder {
    /// Mappings with more pairs than this get a hash index (and hashed duplicate detection).
    static let indexedMappingThreshold: UInt32 = 16

    let bytes: [UInt8]
    let file: String
    let limits: YAMLLimits

    private var records: [NodeRecord] = []
    private var scalars: [String] = []
    /// Scalars too long for a String's inline form, each text once (see `LongScalars`).
    private var longScalars: LongScalars
    private var children: [Int32] = []
    private var mappingIndexes: [Int32: [String: Int32]] = [:]
    private var tags: [Int32: String] = [:]
    private var anchors: [String: Int32] = [:]
    /// Nodes counting every alias as a full copy of its anchor, per node (saturating).
    private var expandedSizes: [UInt32] = []
    /// Open collections: the node and where its children start in `pending`.
    private var frames: [(node: Int32, start: Int)] = []
    /// Children of the open collections, innermost last.
    private var pending: [Int32] = []
    private var root: Int32 = -1
    private var hasAliases = false
    private var documentCount = 0

    /// The part of `bytes` this builder reads: all of it, or one chunk of a chunked parse.
    let range: Range<Int>
    /// Lines before `range` (0-based line of its first byte), added to every node's line.
    let lineOffset: Int
    /// Added to the column of every node on the first line (a JSON chunk starts mid-line).
    let columnOffset: Int
    /// Collections that enclose `range` in the whole file, counted against `maxDepth`.
    let depthOffset: Int
    /// How libyaml gets the input.
    let reading: InputReading

    enum InputReading {
        /// Through its own reader.
        case reader
        /// Decoded ahead, from a copy (`DecodedInput`).
        case decodedCopy
        /// Decoded ahead, in place: `bytes` is `DecodedInput.padded`.
        case decodedInPlace
    }

    init(
        bytes: [UInt8], file: String, limits: YAMLLimits, range: Range<Int>? = nil, lineOffset: Int = 0, columnOffset: Int = 0,
        depthOffset: Int = 0, reading: InputReading = .reader
    ) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
        self.range = range ?? 0..<bytes.count
        self.lineOffset = lineOffset
        self.columnOffset = columnOffset
        self.depthOffset = depthOffset
        self.reading = reading
        // Real specs run about one node per 20 bytes.
        let estimate = self.range.count / 20 + 16
        records.reserveCapacity(estimate)
        expandedSizes.reserveCapacity(estimate)
        scalars.reserveCapacity(estimate / 2 + 16)
        children.reserveCapacity(estimate)
        // About one distinct long scalar per 250 bytes (Telnyx: 17,000 in 4.2 MB): the table is
        // not rebuilt a dozen times as it grows.
        longScalars = LongScalars(capacity: self.range.count / 250)
    }

    mutating func build() throws(DiagnosticsError) -> YAMLDocument {
        var arena = try buildArena()
        guard !arena.isEmptyScalar(arena.root) else {
            throw DiagnosticsError(.error("the file is empty; expected an OpenAPI document", at: location(line: 1, column: 1)))
        }
        // The arrays grew by doubling; the document keeps them for the whole run, so give back
        // the slack (up to half of each) now, while nothing else is allocated yet. (A chunked
        // parse skips this: joining copies its pieces' arrays anyway.)
        arena.records = TreeBuilder.trimmed(arena.records)
        arena.scalars = TreeBuilder.trimmed(arena.scalars)
        arena.children = TreeBuilder.trimmed(arena.children)
        return YAMLDocument(file: file, arena: arena)
    }

    /// Parses `range` into an arena of nodes.
    mutating func buildArena() throws(DiagnosticsError) -> Arena {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw DiagnosticsError(.error("libyaml could not start (out of memory)", at: location(line: 1, column: 1)))
        }
        defer { yaml_parser_delete(&parser) }
        // A local copy (shared storage, no bytes copied) so the loop can mutate self meanwhile.
        let input = bytes
        let result: Result<Void, DiagnosticsError> = input.withUnsafeBufferPointer { buffer in
            // libyaml reads the buffer lazily, so every event is handled inside this closure.
            yaml_parser_set_input_string(&parser, buffer.baseAddress.map { $0 + range.lowerBound }, range.count)
            // The input, already checked and decoded, unless libyaml's reader must report a
            // problem in it (see `DecodedInput`); its own buffer goes back before it is freed.
            let decoded = range.isEmpty || reading == .reader
                ? nil : DecodedInput(UnsafeBufferPointer(rebasing: buffer[range]), isPadded: reading == .decodedInPlace && range.upperBound == bytes.count, parser: &parser)
            defer { decoded?.restore(&parser) }
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(DiagnosticsError(syntaxError(parser)))
                }
                let type = event.type
                if type == YAML_STREAM_END_EVENT {
                    oasgen_yaml_event_free(&event)
                    return .success(())
                }
                let outcome = handle(&event)
                oasgen_yaml_event_free(&event)
                if case .failure = outcome { return outcome }
            }
        }
        if case .failure(let error) = result { throw error }
        guard root >= 0 else {
            throw DiagnosticsError(.error("the file is empty; expected an OpenAPI document", at: location(line: 1, column: 1)))
        }
        let rootExpandedSize = expandedSizes[Int(root)]
        expandedSizes = []
        return Arena(
            records: records, scalars: scalars, children: children, mappingIndexes: mappingIndexes, tags: tags,
            root: root, rootExpandedSize: rootExpandedSize, hasAliases: hasAliases)
    }

    /// `array`, reallocated to its size when more than a quarter of its capacity is unused.
    private static func trimmed<Element>(_ array: [Element]) -> [Element] {
        array.capacity > array.count + array.count / 4 ? Array(unsafeUninitializedCapacity: array.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: array)
        } : array
    }

    // MARK: Events

    private mutating func handle(_ event: inout yaml_event_t) -> Result<Void, DiagnosticsError> {
        let mark = event.start_mark
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documentCount += 1
            if documentCount > 1 {
                return fail("expected a single YAML document, found another; split the stream into separate files", mark)
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            guard data.length <= limits.maxScalarBytes else {
                return fail("scalar is larger than \(limits.maxScalarBytes >> 20) MiB (\(data.length >> 20) MiB); the most oasgen reads in one value is \(limits.maxScalarBytes >> 20) MiB", mark)
            }
            let bytes = UnsafeBufferPointer(start: data.value, count: data.length)
            let text = data.length > 15 ? longScalars.text(bytes) : String(decoding: bytes, as: UTF8.self)
            let index = appendRecord(kind: .scalar, style: TreeBuilder.style(data.style), mark: mark, payload: UInt32(scalars.count))
            scalars.append(text)
            if let tag = data.tag { tags[index] = String(cString: tag) }
            if let anchor = data.anchor { anchors[String(cString: anchor)] = index }
            addChild(index)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isSequence = event.type == YAML_SEQUENCE_START_EVENT
            let index = appendRecord(kind: isSequence ? .sequence : .mapping, style: 0, mark: mark, payload: 0)
            let anchor = isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
            let tag = isSequence ? event.data.sequence_start.tag : event.data.mapping_start.tag
            if let tag { tags[index] = String(cString: tag) }
            if let anchor { anchors[String(cString: anchor)] = index }
            addChild(index)
            frames.append((index, pending.count))
            if frames.count + depthOffset > limits.maxDepth {
                return fail("nesting is deeper than \(limits.maxDepth) levels; a real spec never needs that many", mark)
            }
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return closeCollection()
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let target = anchors[name] else {
                return fail("alias '*\(name)' refers to no anchor '&\(name)' defined before it", mark)
            }
            if frames.contains(where: { $0.node == target }) {
                return fail("alias '*\(name)' refers to a node that contains it; recursive YAML cannot describe an API", mark)
            }
            hasAliases = true
            addChild(target)
        default:
            break
        }
        return .success(())
    }

    private mutating func appendRecord(kind: YAMLNode.Kind, style: UInt8, mark: yaml_mark_t, payload: UInt32) -> Int32 {
        let index = Int32(records.count)
        let column = Int(mark.column) + 1 + (mark.line == 0 ? columnOffset : 0)
        records.append(NodeRecord(kind: kind.rawValue, style: style, line: UInt32(lineOffset + Int(mark.line) + 1), column: UInt32(column), payload: payload, count: 0))
        expandedSizes.append(1)
        return index
    }

    private mutating func addChild(_ index: Int32) {
        if frames.isEmpty {
            root = index
        } else {
            pending.append(index)
        }
    }

    private mutating func closeCollection() -> Result<Void, DiagnosticsError> {
        guard let frame = frames.popLast() else { return .success(()) }
        let node = frame.node
        // The members go straight from `pending` to `children`, with no array of their own.
        let first = children.count
        if records[Int(node)].kind == YAMLNode.Kind.mapping.rawValue {
            if case .failure(let error) = appendMapping(node, members: frame.start..<pending.count) { return .failure(error) }
            records[Int(node)].count = UInt32((children.count - first) / 2)
        } else {
            children.append(contentsOf: pending[frame.start...])
            records[Int(node)].count = UInt32(children.count - first)
        }
        pending.removeSubrange(frame.start...)
        records[Int(node)].payload = UInt32(first)

        // The billion-laughs guard: every alias counts as a full copy of what it names.
        var size: UInt64 = 1
        for member in children[first...] { size += UInt64(expandedSizes[Int(member)]) }
        guard size <= UInt64(limits.maxExpandedNodes) else {
            let record = records[Int(node)]
            return .failure(DiagnosticsError(.error(
                "aliases expand this document to more than \(limits.maxExpandedNodes) nodes (a 'billion laughs' document?); refusing to read it",
                at: location(line: Int(record.line), column: Int(record.column)))))
        }
        expandedSizes[Int(node)] = UInt32(size)
        return .success(())
    }

    /// Appends a mapping's pairs (`members` of `pending`) to `children`: applies merge keys
    /// (`<<: *base`), rejects duplicate keys, and indexes large mappings. On failure the builder
    /// stops, so what was appended does not matter.
    private mutating func appendMapping(_ node: Int32, members: Range<Int>) -> Result<Void, DiagnosticsError> {
        let first = children.count
        var merges: [Int32] = []
        let large = members.count / 2 > Int(TreeBuilder.indexedMappingThreshold)
        // A large mapping's index (key text → value node) also finds its duplicate keys: one
        // insertion per key, where a second table of key nodes hashed every key twice.
        var index: [String: Int32] = large ? Dictionary(minimumCapacity: members.count / 2) : [:]

        var pair = members.lowerBound
        while pair + 1 < members.upperBound {
            let key = pending[pair]
            let value = pending[pair + 1]
            pair += 2
            let keyRecord = records[Int(key)]
            guard keyRecord.kind == YAMLNode.Kind.scalar.rawValue else {
                children.append(key)
                children.append(value)
                continue
            }
            let text = scalars[Int(keyRecord.payload)]
            if text == "<<" && keyRecord.style == YAMLNode.ScalarStyle.plain.rawValue && tags[key] == nil {
                merges.append(value)
                continue
            }
            // A large mapping's index says whether the key is new; the scan finds the earlier key
            // (a small mapping's only test, a large one's only on error).
            let mayRepeat = large ? index.updateValue(value, forKey: text) != nil : true
            if mayRepeat, let earlier = firstKey(text, from: first) {
                let earlierRecord = records[Int(earlier)]
                return .failure(DiagnosticsError(.error(
                    "duplicate key '\(Diagnostic.singleLine(text))' in mapping (first defined at \(earlierRecord.line):\(earlierRecord.column))",
                    at: location(line: Int(keyRecord.line), column: Int(keyRecord.column)))))
            }
            children.append(key)
            children.append(value)
        }

        // Merged keys never override explicit ones, and earlier merge sources win.
        if !merges.isEmpty {
            var sources: [Int32] = []
            for merge in merges {
                let record = records[Int(merge)]
                if record.kind == YAMLNode.Kind.mapping.rawValue {
                    sources.append(merge)
                } else if record.kind == YAMLNode.Kind.sequence.rawValue {
                    let start = Int(record.payload)
                    sources += children[start..<start + Int(record.count)]
                }
            }
            var present = Set<String>()
            var member = first
            while member + 1 < children.count {
                let record = records[Int(children[member])]
                if record.kind == YAMLNode.Kind.scalar.rawValue { present.insert(scalars[Int(record.payload)]) }
                member += 2
            }
            for source in sources {
                let record = records[Int(source)]
                guard record.kind == YAMLNode.Kind.mapping.rawValue else {
                    return .failure(DiagnosticsError(.error("a merge key ('<<') takes a mapping or a list of mappings", at: location(line: Int(record.line), column: Int(record.column)))))
                }
                // A source's pairs were appended before this mapping's, so they stay put.
                let start = Int(record.payload)
                for offset in 0..<Int(record.count) {
                    let key = children[start + offset * 2]
                    let keyRecord = records[Int(key)]
                    guard keyRecord.kind == YAMLNode.Kind.scalar.rawValue else { continue }
                    let text = scalars[Int(keyRecord.payload)]
                    guard present.insert(text).inserted else { continue }
                    children.append(key)
                    children.append(children[start + offset * 2 + 1])
                }
            }
            if (children.count - first) / 2 > Int(TreeBuilder.indexedMappingThreshold) {
                index = [:]
                var member = first
                while member + 1 < children.count {
                    let record = records[Int(children[member])]
                    if record.kind == YAMLNode.Kind.scalar.rawValue { index[scalars[Int(record.payload)]] = children[member + 1] }
                    member += 2
                }
            } else {
                index = [:]
            }
        }
        if !index.isEmpty { mappingIndexes[node] = index }
        return .success(())
    }

    /// The key node with this text among the pairs appended to `children` from `first` on
    /// (small mappings: a linear scan beats hashing).
    private func firstKey(_ text: String, from first: Int) -> Int32? {
        var member = first
        while member + 1 < children.count {
            let record = records[Int(children[member])]
            if record.kind == YAMLNode.Kind.scalar.rawValue, scalars[Int(record.payload)] == text { return children[member] }
            member += 2
        }
        return nil
    }

    private static func style(_ style: yaml_scalar_style_t) -> UInt8 {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: YAMLNode.ScalarStyle.singleQuoted.rawValue
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: YAMLNode.ScalarStyle.doubleQuoted.rawValue
        case YAML_LITERAL_SCALAR_STYLE: YAMLNode.ScalarStyle.literal.rawValue
        case YAML_FOLDED_SCALAR_STYLE: YAMLNode.ScalarStyle.folded.rawValue
        default: YAMLNode.ScalarStyle.plain.rawValue
        }
    }

    // MARK: Errors

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    private func fail(_ message: String, _ mark: yaml_mark_t) -> Result<Void, DiagnosticsError> {
        .failure(DiagnosticsError(.error(message, at: location(line: lineOffset + Int(mark.line) + 1, column: Int(mark.column) + 1))))
    }

    /// A diagnostic for libyaml's error, phrased for people, at libyaml's position.
    private func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if parser.error == YAML_READER_ERROR {
            // libyaml points at the byte where decoding failed, which for a cut-short sequence
            // is the byte after its lead byte: report the sequence where it starts.
            let offset = problem.contains("UTF-8") ? TextPosition.sequenceStart(before: parser.problem_offset, in: bytes) : parser.problem_offset
            let (line, column) = TextPosition.lineAndColumn(ofByte: offset, in: bytes)
            let at = location(line: line, column: column)
            if problem.contains("UTF-8") {
                let byte = offset < bytes.count ? bytes[offset] : 0
                return .error("invalid UTF-8 byte sequence starting with byte \(TextPosition.hex(byte)); the file must be UTF-8 text", at: at)
            }
            if problem.contains("control characters") {
                let value = parser.problem_value >= 0 ? " (0x\(String(parser.problem_value, radix: 16, uppercase: true)))" : ""
                return .error("control character\(value) is not allowed in YAML", at: at)
            }
            return .error("cannot read the text: \(problem)", at: at)
        }
        let mark = parser.problem_mark
        let at = location(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        let context = parser.context.map { String(cString: $0) } ?? ""
        let contextMark = parser.context_mark
        let opened = "\(contextMark.line + 1):\(contextMark.column + 1)"
        if problem == "found character that cannot start any token",
            TextPosition.byte(atLine: Int(mark.line), column: Int(mark.column), in: bytes) == UInt8(ascii: "\t")
        {
            return .error("tab characters cannot be used for indentation in YAML; use spaces", at: at)
        }
        if context.contains("quoted scalar") && problem.contains("end of stream") {
            return .error("unterminated quoted string (it starts at \(opened))", at: at)
        }
        // A quote left open on its line runs on into the next lines, and libyaml only notices
        // later, where the structure stops making sense: name the quote.
        if let quote = TextPosition.unclosedQuote(fromLine: Int(contextMark.line), toLine: Int(mark.line), in: bytes) {
            return .error("YAML syntax error: the string opened with \(quote.character) at \(quote.line + 1):\(quote.column + 1) is not closed on its line, so it runs on to here", at: at)
        }
        if problem == "did not find expected node content",
            let byte = TextPosition.byte(atLine: Int(mark.line), column: Int(mark.column), in: bytes), (0x21..<0x7F).contains(byte)
        {
            return .error("YAML syntax error: unexpected '\(Character(Unicode.Scalar(byte)))' where a value was expected", at: at)
        }
        if context.contains("flow mapping") || context.contains("flow sequence") {
            let kind = context.contains("mapping") ? "flow mapping '{'" : "flow sequence '['"
            return .error("unterminated or malformed \(kind) opened at \(opened): \(problem)", at: at)
        }
        let detail = context.isEmpty ? "" : " (\(context) at \(opened))"
        return .error("YAML syntax error: \(problem)\(detail)", at: at)
    }
}

/// Byte offsets ↔ lines and columns, counting columns in Unicode scalars as libyaml does.
enum TextPosition {
    static func lineAndColumn(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // count leading bytes only: one per scalar
            }
            index += 1
        }
        return (line, column)
    }

    /// The 1-based column of `offset` on the line starting at `lineStart`.
    static func column(ofByte offset: Int, lineStart: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 1
        var position = lineStart
        while position < offset {
            if bytes[position] & 0xC0 != 0x80 { count += 1 }  // leading bytes only: one per scalar
            position += 1
        }
        return count
    }

    /// The byte at a 0-based line and scalar column, if it exists.
    /// `0x0A`, `0xE9`.
    static func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    /// The offset of the lead byte of the UTF-8 sequence that decoding failed in at `offset`.
    static func sequenceStart(before offset: Int, in bytes: [UInt8]) -> Int {
        guard offset <= bytes.count else { return offset }
        var index = offset
        while index > 0, offset - index < 3 {
            index -= 1
            if bytes[index] >= 0xC0 { return index }
            if bytes[index] < 0x80 { break }
        }
        return offset
    }

    /// The first quote (`"` or `'`) on lines `first...last` (zero-based) that opens a string
    /// and is not closed on the same line, outside comments.
    static func unclosedQuote(fromLine first: Int, toLine last: Int, in bytes: [UInt8]) -> (character: String, line: Int, column: Int)? {
        var line = 0
        var index = 0
        while line < first, index < bytes.count {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        while line < last, index < bytes.count {
            var open: (quote: UInt8, column: Int)?
            var column = 0
            var previous: UInt8 = 0x20
            while index < bytes.count, bytes[index] != 0x0A {
                let byte = bytes[index]
                if let current = open {
                    if byte == current.quote && (current.quote == 0x27 || previous != 0x5C) { open = nil }
                } else if byte == 0x23 && (previous == 0x20 || previous == 0x09) {
                    // A comment: the rest of the line does not count.
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                    break
                } else if (byte == 0x22 || byte == 0x27) && " \t:[{,-".utf8.contains(previous) {
                    open = (byte, column)
                }
                previous = byte
                index += 1
                if byte & 0xC0 != 0x80 { column += 1 }
            }
            if let open { return (open.quote == 0x22 ? "'\"'" : "\"'\"", line, open.column) }
            line += 1
            index += 1
        }
        return nil
    }

    static func byte(atLine line: Int, column: Int, in bytes: [UInt8]) -> UInt8? {
        var index = 0
        var currentLine = 0
        while currentLine < line, index < bytes.count {
            if bytes[index] == 0x0A { currentLine += 1 }
            index += 1
        }
        var currentColumn = 0
        while currentColumn < column, index < bytes.count, bytes[index] != 0x0A {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            currentColumn += 1
        }
        return index < bytes.count ? bytes[index] : nil
    }
}
