#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Parallelism

/// Parses a large block-style YAML file on every core.
///
/// A spec is a mapping of a few top-level keys, and almost all of its bytes sit under two of
/// them (`paths`, `components`) as mappings of many sibling keys. Each sibling starts on a line
/// of its own at a known indentation, so the file can be cut at those lines into pieces that
/// libyaml parses independently; the pieces' nodes are then joined into one arena with the
/// same nodes, lines and columns as a parse of the whole file.
///
/// Cutting is only attempted where indentation alone decides the structure: plain keys that
/// open block mappings, nested at most `Plan.deepestIndent` columns deep, in a file without
/// document markers, directives, merge keys or a flow-style root.
/// A line at such a cut cannot belong to a scalar or collection that started before it, except
/// inside a quoted scalar or flow collection that is still open, and then the piece before the
/// cut fails to parse. Any piece failing, any key repeated across pieces, or any piece whose
/// structure is not what the lines promised gives nil, and the caller parses the whole file in
/// one piece, which reports every error exactly where it is.
///
/// A strict JSON file is cut by its `JSONOutline` instead, at the members of its shallow
/// objects, since its lines say nothing about its structure. A run of members parses on its own
/// when wrapped in braces, and the wrapping is done so that every node keeps its line and column.
enum ChunkedParse {
    /// Below this size one libyaml pass is quicker than cutting and joining.
    static let minimumBytes = 256 << 10
    /// From this size up, pieces are decoded ahead of libyaml (see `document`).
    static let decodingAheadMinimumBytes = 2 << 20
    /// How deep a JSON file's objects are outlined, and so can be cut inside (the root is 0):
    /// down to an operation, whose members (`responses`...) are the smallest pieces, as in YAML.
    static let jsonOutlineDepth = 3

    /// The document, or nil when the file is small, not cut-able or not well formed. A JSON
    /// file is cut by its `outline` (and not at all without one). `pieceBytes` (for tests)
    /// overrides how large a piece should be.
    static func document(
        _ bytes: [UInt8], file: String, limits: YAMLLimits, outline: JSONOutline? = nil, minimumBytes: Int = minimumBytes,
        pieceBytes: Int? = nil
    ) -> YAMLDocument? {
        guard bytes.count >= minimumBytes else { return nil }
        // Sixteen pieces, not eight: two threads take pieces as they finish, and the last piece
        // runs alone while the other thread waits (a sixteenth of the file: 3 ms less on Telnyx).
        let size = pieceBytes ?? max(64 << 10, bytes.count / 16)
        guard let plan = outline.map({ Plan(outline: $0, bytes: bytes, pieceBytes: size) }) ?? Plan(bytes, pieceBytes: size),
            plan.pieces.count > 1
        else { return nil }
        // Pieces are decoded ahead of libyaml (`DecodedInput`) in a large file only, where the
        // reader's work is large and memory is a small multiple of the file. A small file's
        // peak is mostly fixed costs, and there the earlier end of the parse, or a YAML piece's
        // copy, added 0.2 to 0.5 MB (Discord, Twilio, Box) for a millisecond or two.
        let decodesAhead = bytes.count >= ChunkedParse.decodingAheadMinimumBytes
        var arenas = Concurrently.map(plan.pieces) { piece in
            // JSON members parse inside a `{` and `}` added around them; `columnOffset` keeps the
            // brace from taking a column of their first line.
            var builder = TreeBuilder(
                bytes: piece.wrapped ? braced(bytes, piece.range) : bytes, file: file, limits: limits,
                range: piece.wrapped ? nil : piece.range, lineOffset: piece.line, columnOffset: piece.columnOffset,
                depthOffset: piece.depth, reading: !decodesAhead ? .reader : piece.wrapped ? .decodedInPlace : .decodedCopy)
            return try? builder.buildArena()
        }
        // Taken out of `arenas`, so that `joined` alone holds the pieces and `join` can move their
        // scalars instead of copying them.
        var joined: [Arena] = []
        for index in arenas.indices {
            guard let arena = arenas[index].take() else { return nil }
            joined.append(arena)
        }
        guard let arena = join(&joined, plan: plan, limits: limits) else { return nil }
        return YAMLDocument(file: file, arena: arena)
    }

    /// `{`, the bytes of `range`, `}`; padded, to be decoded in place.
    private static func braced(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        DecodedInput.padded(count: range.count + 2) { buffer in
            buffer[0] = 0x7B
            bytes.withUnsafeBufferPointer { source in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(fromContentsOf: UnsafeBufferPointer(rebasing: source[range]))
            }
            buffer[range.count + 1] = 0x7D
        }
    }

    // MARK: Cutting

    /// A byte range parsed on its own, as a mapping at column `rootColumn`.
    struct Piece: Sendable {
        var range: Range<Int>
        /// 0-based line of the range's first byte.
        var line: Int
        /// Where the piece's root mapping must be: for block YAML, its keys' column.
        var rootColumn: Int
        /// Collections enclosing the piece's root mapping in the whole file.
        var depth: Int
        /// Keys the piece's root mapping must have, one pair each.
        var keyCount: Int
        /// JSON members, parsed inside a `{` and `}` added around them.
        var wrapped = false
        /// Added to the columns of nodes on the piece's first line (JSON pieces start mid-line).
        var columnOffset = 0
    }

    /// Part of a mapping, in file order: its pairs are the pairs of all its parts.
    indirect enum Part {
        /// Whole entries, parsed as one piece.
        case piece(Int)
        /// One key whose mapping value is itself made of parts.
        case cut(CutKey, parts: [Part])
    }

    /// A key joined with the mapping made of its value's parts, and where both are in the file.
    struct CutKey {
        var text: String
        /// 1-based, as node records count.
        var line: Int
        var column: Int
        var style: YAMLNode.ScalarStyle
        /// Where the value mapping is: in JSON its `{`; nil for a block mapping, which libyaml
        /// places at its first key.
        var mappingPosition: (line: Int, column: Int)?
    }

    struct Plan {
        var pieces: [Piece] = []
        /// The root mapping's parts.
        var parts: [Part] = []
        /// Where the root mapping is, when not at its first key: a JSON root's `{`.
        var rootPosition: (line: Int, column: Int)?

        /// Deepest indentation the planner looks at: keys this deep can still be cut under.
        static let deepestIndent = 8

        /// A structural line: content indented at most `deepestIndent`, not a comment.
        ///
        /// Positions are stored in 32 bits (`YAMLLimits.maxFileBytes` is far below 2 GB), so that
        /// the 50,000 lines of a 4 MB spec take 1.2 MB, not 3.3 MB of memory to fault in.
        private struct Line {
            /// `explicitKey` and `explicitValue` are the `? ` and `: ` lines of a complex key, which
            /// YAML writers use for keys too long for one line (one of Twilio's paths).
            enum Kind: UInt8 { case key, item, explicitKey, explicitValue, other }
            private var storedStart: Int32
            private var storedEnd: Int32
            private var storedNumber: Int32
            private var keyStart: Int32
            private var keyEnd: Int32
            private var storedIndent: UInt8
            var kind: Kind
            /// For keys: whether the value is left for the following lines.
            var opensBlock: Bool

            init(start: Int, end: Int, number: Int, indent: Int, kind: Kind, key: Range<Int>, opensBlock: Bool) {
                storedStart = Int32(start)
                storedEnd = Int32(end)
                storedNumber = Int32(number)
                storedIndent = UInt8(indent)
                self.kind = kind
                keyStart = Int32(key.lowerBound)
                keyEnd = Int32(key.upperBound)
                self.opensBlock = opensBlock
            }

            var start: Int { Int(storedStart) }
            /// Where the line ends: its line feed, or the end of the file.
            var end: Int { Int(storedEnd) }
            var number: Int {
                get { Int(storedNumber) }
                set { storedNumber = Int32(newValue) }
            }
            var indent: Int { Int(storedIndent) }
            /// For keys: the key's bytes.
            var key: Range<Int> {
                get { Int(keyStart)..<Int(keyEnd) }
                set {
                    keyStart = Int32(newValue.lowerBound)
                    keyEnd = Int32(newValue.upperBound)
                }
            }
        }

        init?(_ bytes: [UInt8], pieceBytes: Int) {
            guard let lines = Plan.structuralLines(bytes), let first = lines.first, first.indent == 0, first.kind == .key,
                let parts = plan(lines[...], bodyStart: 0, bodyLine: 0, end: bytes.count, indent: 0, depth: 0, bytes: bytes, pieceBytes: pieceBytes)
            else { return nil }
            self.parts = parts
        }

        /// The parts of a mapping whose keys are the lines of `body` at `indent` (the other lines
        /// lie inside their values); nil when `body` is not a block mapping of plain keys there.
        /// The mapping's bytes run from `bodyStart` (on 0-based line `bodyLine`) to `end`. A nil
        /// result leaves `pieces` as it found them.
        private mutating func plan(
            _ body: ArraySlice<Line>, bodyStart: Int, bodyLine: Int, end: Int, indent: Int, depth: Int,
            bytes: [UInt8], pieceBytes: Int
        ) -> [Part]? {
            // Entries: from a key at `indent` up to the next; items at `indent` belong to the key
            // above them (`tags:` followed by `- name: …`).
            var entries: [Int] = []  // positions in `body` of the entries' key lines
            for position in body.indices {
                let line = body[position]
                guard line.indent >= indent else { return nil }
                guard line.indent == indent else { continue }
                switch line.kind {
                case .key, .explicitKey: entries.append(position)
                case .item, .explicitValue: continue
                case .other: return nil
                }
            }
            guard !entries.isEmpty else { return nil }
            let firstPiece = pieces.count
            var parts: [Part] = []
            var run: (start: Int, line: Int, keys: Int)?
            func endRun(at runEnd: Int) {
                guard let current = run else { return }
                parts.append(.piece(pieces.count))
                pieces.append(Piece(range: current.start..<runEnd, line: current.line, rootColumn: indent + 1, depth: depth, keyCount: current.keys))
                run = nil
            }
            for (number, position) in entries.enumerated() {
                let keyLine = body[position]
                // The first entry takes the comments and blank lines before it.
                let start = number == 0 ? bodyStart : keyLine.start
                let startLine = number == 0 ? bodyLine : keyLine.number
                let next = number + 1 < entries.count ? entries[number + 1] : body.endIndex
                let entryEnd = number + 1 < entries.count ? body[next].start : end
                if entryEnd - start > pieceBytes, keyLine.opensBlock, keyLine.indent < Plan.deepestIndent {
                    let valueStart = min(keyLine.end + 1, bytes.count)
                    let valueIndent = position + 1 < next ? body[position + 1].indent : 0
                    if valueIndent > indent,
                        let inner = plan(
                            body[(position + 1)..<next], bodyStart: valueStart, bodyLine: keyLine.number + 1, end: entryEnd,
                            indent: valueIndent, depth: depth + 1, bytes: bytes, pieceBytes: pieceBytes)
                    {
                        endRun(at: keyLine.start)
                        // Comments before a first key that is cut belong to no piece: they hold no nodes.
                        let key = CutKey(
                            text: String(decoding: bytes[keyLine.key], as: UTF8.self), line: keyLine.number + 1, column: indent + 1,
                            style: .plain)
                        parts.append(.cut(key, parts: inner))
                        continue
                    }
                }
                if var current = run {
                    current.keys += 1
                    run = current
                } else {
                    run = (start, startLine, 1)
                }
                if entryEnd - run!.start >= pieceBytes { endRun(at: entryEnd) }
            }
            endRun(at: end)
            // A mapping left in one piece is better parsed as part of its parent's piece.
            if parts.count == 1, case .piece = parts[0], depth > 0 {
                pieces.removeSubrange(firstPiece...)
                return nil
            }
            return parts
        }

        /// Lines with content indented at most `deepestIndent`, classified; nil for a file with
        /// merge keys, which apply to a whole mapping and so cannot be cut.
        ///
        /// The file's halves (cut after a line feed) are scanned side by side: this scan is the
        /// only part of a chunked parse that runs before both cores have work.
        private static func structuralLines(_ bytes: [UInt8]) -> [Line]? {
            let middle = bytes.withUnsafeBufferPointer { buffer in
                ByteWords.offset(of: 0x0A, in: buffer, from: buffer.count / 2, before: buffer.count).map { $0 + 1 } ?? buffer.count
            }
            let halves = Concurrently.map([0..<middle, middle..<bytes.count]) { range in structuralLines(bytes, range) }
            guard let first = halves[0], let second = halves[1] else { return nil }
            var lines = first.lines
            lines.reserveCapacity(first.lines.count + second.lines.count)
            for var line in second.lines {
                line.number += first.lineCount
                lines.append(line)
            }
            return lines
        }

        /// The structural lines of `range`, which starts a line, numbered from 0 at its start, and
        /// how many lines it has; nil when it has a merge key.
        private static func structuralLines(_ bytes: [UInt8], _ range: Range<Int>) -> (lines: [Line], lineCount: Int)? {
            bytes.withUnsafeBufferPointer { buffer -> (lines: [Line], lineCount: Int)? in
                let count = range.upperBound
                func offset(of byte: UInt8, from start: Int) -> Int? { ByteWords.offset(of: byte, in: buffer, from: start, before: count) }
                // `<<:` anywhere: a merge key applies to a whole mapping, which cutting would split.
                // (It cannot straddle the halves: they meet after a line feed.)
                var search = range.lowerBound
                while let at = offset(of: 0x3C, from: search) {
                    if at + 2 < count, buffer[at + 1] == 0x3C, buffer[at + 2] == 0x3A { return nil }
                    search = at + 1
                }
                var lines: [Line] = []
                // Real specs have a structural line every 80 to 160 bytes: room for one every 40 is
                // one allocation, of which only the part used is ever touched.
                lines.reserveCapacity(range.count / 40 + 16)
                var start = range.lowerBound
                var number = 0
                while start < count {
                    let end = offset(of: 0x0A, from: start) ?? count
                    var indent = 0
                    while indent <= Plan.deepestIndent, start + indent < end, buffer[start + indent] == 0x20 { indent += 1 }
                    let contentStart = start + indent
                    if indent <= Plan.deepestIndent, contentStart < end, buffer[contentStart] != 0x23, buffer[contentStart] != 0x0D {
                        lines.append(classify(buffer, start: start, indent: indent, end: end, number: number))
                    }
                    start = end + 1
                    number += 1
                }
                return (lines, number)
            }
        }

        private static func classify(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, indent: Int, end: Int, number: Int) -> Line {
            let contentStart = start + indent
            var line = Line(start: start, end: end, number: number, indent: indent, kind: .other, key: contentStart..<contentStart, opensBlock: false)
            let first = bytes[contentStart]
            if first == 0x2D || first == 0x3F || first == 0x3A {
                // "-", "?" or ":" then a space or the line's end: a sequence item ("---" is not),
                // a complex key, its value.
                let next = contentStart + 1 < end ? bytes[contentStart + 1] : 0x0A
                if next == 0x20 || next == 0x0D || next == 0x0A {
                    line.kind = first == 0x2D ? .item : first == 0x3F ? .explicitKey : .explicitValue
                }
                return line
            }
            guard isKeyStart(first) else { return line }
            var index = contentStart + 1
            while index < end {
                let byte = bytes[index]
                if byte == 0x3A {
                    let next = index + 1 < end ? bytes[index + 1] : 0x0A
                    if next == 0x20 || next == 0x0D || next == 0x0A { break }
                } else if !isKeyByte(byte) {
                    return line
                }
                index += 1
            }
            guard index < end else { return line }
            line.kind = .key
            line.key = contentStart..<index
            var rest = index + 1
            while rest < end, bytes[rest] == 0x20 || bytes[rest] == 0x0D { rest += 1 }
            line.opensBlock = rest == end && bytes[contentStart..<index].allSatisfy(isNameByte)
            return line
        }

        /// The first byte of a plain key this planner trusts: a letter, digit, `_`, `/` or `$`.
        private static func isKeyStart(_ byte: UInt8) -> Bool {
            isNameByte(byte) && byte != 0x2D && byte != 0x2E || byte == 0x2F || byte == 0x24
        }

        /// Bytes of a plain key: printable ASCII except those that start comments, anchors,
        /// aliases, tags or quotes. (Brackets and braces stay: `/numbers/{id}`.)
        private static func isKeyByte(_ byte: UInt8) -> Bool {
            guard byte > 0x20, byte < 0x7F else { return false }
            switch byte {
            case 0x23, 0x26, 0x2A, 0x21, 0x22, 0x27, 0x7C, 0x3E, 0x25, 0x40, 0x60, 0x2C: return false
            default: return true
            }
        }

        /// Bytes of a key that may be cut under: `paths`, `components`, `x-tagGroups`.
        private static func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F || byte == 0x2D || byte == 0x2E
        }
    }

    // MARK: Joining

    /// The pieces' arenas as one, with the root mapping (and each cut key's mapping) made of the
    /// pieces' pairs in file order. Nil when a piece is not the mapping its lines promised, a key
    /// repeats across pieces, or aliases expand the whole past the limit.
    /// The pieces' scalars are moved out (`arenas` is left with empty ones): copying retained
    /// each string, and freeing the pieces then released it again, on this thread.
    static func join(_ arenas: inout [Arena], plan: Plan, limits: YAMLLimits) -> Arena? {
        // Where each piece's nodes, scalars and children go in the joined arrays.
        var bases: [(records: Int, scalars: Int, children: Int)] = []
        var totals = (records: 0, scalars: 0, children: 0)
        var expanded: UInt64 = 1
        for (index, arena) in arenas.enumerated() {
            let root = arena.records[Int(arena.root)]
            let piece = plan.pieces[index]
            guard root.kind == YAMLNode.Kind.mapping.rawValue, root.column == UInt32(piece.rootColumn),
                root.count == UInt32(piece.keyCount), arena.tags[arena.root] == nil
            else { return nil }
            bases.append(totals)
            totals.records += arena.records.count
            totals.scalars += arena.scalars.count
            totals.children += arena.children.count
            expanded += UInt64(arena.rootExpandedSize) + 2
        }
        guard expanded <= UInt64(limits.maxExpandedNodes) else { return nil }
        // The pieces' children, then the joined mappings' pairs: at most every piece root's pairs
        // again, and one pair per cut key (fewer cut keys than pieces).
        let joinedPairs = arenas.reduce(0) { $0 + 2 * Int($1.records[Int($1.root)].count) + 2 }
        // The pieces are copied side by side, each into its own part of the joined arrays: the
        // copying is mostly first touches of fresh memory, which the kernel fills page by page.
        var records: [NodeRecord] = []
        var scalars: [String] = []
        var children: [Int32] = []
        records = [NodeRecord](unsafeUninitializedCapacity: totals.records + 3 * arenas.count) { recordBuffer, recordCount in
            children = [Int32](unsafeUninitializedCapacity: totals.children + joinedPairs) { childBuffer, childCount in
                scalars = [String](unsafeUninitializedCapacity: totals.scalars + arenas.count) { scalarBuffer, scalarCount in
                    let target = JoinTarget(records: recordBuffer, scalars: scalarBuffer, children: childBuffer)
                    arenas.withUnsafeMutableBufferPointer { pieces in
                        let (pieces, bases) = (JoinSources(arenas: pieces), bases)
                        _ = Concurrently.map(Array(bases.indices)) { index in target.move(&pieces.arenas[index], to: bases[index]) }
                    }
                    scalarCount = totals.scalars
                }
                childCount = totals.children
            }
            recordCount = totals.records
        }
        var mappingIndexes: [Int32: [String: Int32]] = [:]
        var tags: [Int32: String] = [:]
        var roots: [Int32] = []
        for (index, arena) in arenas.enumerated() {
            let recordBase = Int32(bases[index].records)
            for (node, index) in arena.mappingIndexes {
                mappingIndexes[node + recordBase] = index.mapValues { $0 + recordBase }
            }
            for (node, tag) in arena.tags { tags[node + recordBase] = tag }
            roots.append(arena.root + recordBase)
        }

        /// A mapping of the pairs of `sources` (piece roots and one-pair holders), at `position`
        /// or else at the first source's (libyaml places a block mapping at its first key), or
        /// nil when a key repeats.
        func mapping(of sources: [Int32], at position: (line: Int, column: Int)?) -> Int32? {
            var pairs: [Int32] = []
            // Key text → value: finds repeated keys, and is the mapping's index when it is large.
            var index: [String: Int32] = [:]
            for source in sources {
                let record = records[Int(source)]
                let start = Int(record.payload)
                for offset in 0..<Int(record.count) {
                    let key = children[start + offset * 2]
                    let value = children[start + offset * 2 + 1]
                    let keyRecord = records[Int(key)]
                    if keyRecord.kind == YAMLNode.Kind.scalar.rawValue {
                        guard index.updateValue(value, forKey: scalars[Int(keyRecord.payload)]) == nil else { return nil }
                    }
                    pairs.append(key)
                    pairs.append(value)
                }
            }
            let first = records[Int(sources[0])]
            let node = Int32(records.count)
            records.append(NodeRecord(
                kind: YAMLNode.Kind.mapping.rawValue, style: 0, line: position.map { UInt32($0.line) } ?? first.line,
                column: position.map { UInt32($0.column) } ?? first.column,
                payload: UInt32(children.count), count: UInt32(pairs.count / 2)))
            children.append(contentsOf: pairs)
            if pairs.count / 2 > Int(TreeBuilder.indexedMappingThreshold) { mappingIndexes[node] = index }
            return node
        }

        /// The mapping made of `parts`: each piece's pairs, and each cut key with its own mapping.
        func mapping(of parts: [Part], at position: (line: Int, column: Int)?) -> Int32? {
            var sources: [Int32] = []
            for part in parts {
                switch part {
                case .piece(let piece):
                    sources.append(roots[piece])
                case .cut(let key, let inner):
                    guard let value = mapping(of: inner, at: key.mappingPosition) else { return nil }
                    let keyNode = Int32(records.count)
                    records.append(NodeRecord(
                        kind: YAMLNode.Kind.scalar.rawValue, style: key.style.rawValue,
                        line: UInt32(key.line), column: UInt32(key.column), payload: UInt32(scalars.count), count: 0))
                    scalars.append(key.text)
                    // A one-pair mapping holding the cut key, so that it joins its mapping like a piece.
                    let holder = Int32(records.count)
                    records.append(NodeRecord(
                        kind: YAMLNode.Kind.mapping.rawValue, style: 0, line: UInt32(key.line), column: UInt32(key.column),
                        payload: UInt32(children.count), count: 1))
                    children.append(keyNode)
                    children.append(value)
                    sources.append(holder)
                }
            }
            return mapping(of: sources, at: position)
        }

        guard let root = mapping(of: plan.parts, at: plan.rootPosition) else { return nil }
        return Arena(
            records: records, scalars: scalars, children: children, mappingIndexes: mappingIndexes, tags: tags,
            root: root, rootExpandedSize: UInt32(min(expanded, UInt64(UInt32.max))),
            hasAliases: arenas.contains { $0.hasAliases })
    }
}

/// The joined arena's arrays while the pieces are copied in, each into a part no other piece
/// writes, so the copies need no lock.
private struct JoinTarget: @unchecked Sendable {
    let records: UnsafeMutableBufferPointer<NodeRecord>
    let scalars: UnsafeMutableBufferPointer<String>
    let children: UnsafeMutableBufferPointer<Int32>

    /// Copies `arena` to `base`, its payloads and child indices moved along with it, and moves
    /// its scalars there, leaving it empty ones.
    func move(_ arena: inout Arena, to base: (records: Int, scalars: Int, children: Int)) {
        let scalarBase = UInt32(base.scalars)
        let childBase = UInt32(base.children)
        let recordBase = Int32(base.records)
        arena.records.withUnsafeBufferPointer { source in
            for (offset, var record) in source.enumerated() {
                record.payload += record.kind == YAMLNode.Kind.scalar.rawValue ? scalarBase : childBase
                (records.baseAddress! + base.records + offset).initialize(to: record)
            }
        }
        arena.children.withUnsafeBufferPointer { source in
            for (offset, child) in source.enumerated() {
                (children.baseAddress! + base.children + offset).initialize(to: child + recordBase)
            }
        }
        arena.scalars.withUnsafeMutableBufferPointer { source in
            guard let start = source.baseAddress else { return }
            (scalars.baseAddress! + base.scalars).moveInitialize(from: start, count: source.count)
            // An empty string holds no storage: neither writing it nor freeing it counts references.
            start.initialize(repeating: "", count: source.count)
        }
    }
}

/// The pieces while `JoinTarget` moves them: each is touched by the one thread that moves it.
private struct JoinSources: @unchecked Sendable {
    let arenas: UnsafeMutableBufferPointer<Arena>
}

extension ChunkedParse.Plan {
    /// An empty plan, for the JSON planner to fill.
    private init() {}

    /// A plan for a strict JSON file: its outlined objects' members, in runs of about
    /// `pieceBytes`, with members larger than that cut inside when their value is outlined
    /// too. Nil when libyaml would count the file's lines differently, or nothing can be cut.
    init?(outline: JSONOutline, bytes: [UInt8], pieceBytes: Int) {
        guard outline.linesAgree, let root = outline.objects.first else { return nil }
        let planned = bytes.withUnsafeBufferPointer { buffer -> (ChunkedParse.Plan, [ChunkedParse.Part])? in
            var plan = ChunkedParse.Plan()
            guard let parts = plan.plan(object: 0, depth: 0, outline: outline, bytes: buffer, pieceBytes: pieceBytes) else { return nil }
            plan.rootPosition = (root.line, TextPosition.column(ofByte: root.open, lineStart: root.lineStart, in: buffer))
            return (plan, parts)
        }
        guard let (plan, parts) = planned else { return nil }
        self = plan
        self.parts = parts
    }

    /// The parts of outlined object `index`, nested in `depth` collections; nil when it has no
    /// members, or (below the root) when it would be one piece anyway. A nil result leaves
    /// `pieces` as it found them.
    private mutating func plan(
        object index: Int, depth: Int, outline: JSONOutline, bytes: UnsafeBufferPointer<UInt8>, pieceBytes: Int
    ) -> [ChunkedParse.Part]? {
        let members = outline.objects[index].members
        guard !members.isEmpty else { return nil }
        let firstPiece = pieces.count
        var parts: [ChunkedParse.Part] = []
        var run: ClosedRange<Int>?  // member positions
        func endRun() {
            guard let current = run else { return }
            let first = members[current.lowerBound]
            let column = TextPosition.column(ofByte: first.keyStart, lineStart: first.lineStart, in: bytes)
            parts.append(.piece(pieces.count))
            // The added `{` sits at column 0 of line 0, so the first key is at column 1 there.
            pieces.append(ChunkedParse.Piece(
                range: first.keyStart..<members[current.upperBound].valueEnd, line: first.line - 1, rootColumn: column - 1,
                depth: depth, keyCount: current.count, wrapped: true, columnOffset: column - 2))
            run = nil
        }
        for (position, member) in members.enumerated() {
            if member.valueEnd - member.keyStart > pieceBytes, let child = member.object,
                let key = ChunkedParse.Plan.plainKey(member, bytes),
                let inner = plan(object: child, depth: depth + 1, outline: outline, bytes: bytes, pieceBytes: pieceBytes)
            {
                endRun()
                let value = outline.objects[child]
                parts.append(.cut(ChunkedParse.CutKey(
                    text: key, line: member.line, column: TextPosition.column(ofByte: member.keyStart, lineStart: member.lineStart, in: bytes),
                    style: .doubleQuoted,
                    mappingPosition: (value.line, TextPosition.column(ofByte: value.open, lineStart: value.lineStart, in: bytes))
                ), parts: inner))
                continue
            }
            run = (run?.lowerBound ?? position)...position
            if member.valueEnd - members[run!.lowerBound].keyStart >= pieceBytes { endRun() }
        }
        endRun()
        // An object left in one piece is better parsed as part of its parent's piece.
        if parts.count == 1, case .piece = parts[0], depth > 0 {
            pieces.removeSubrange(firstPiece...)
            return nil
        }
        return parts
    }

    /// The text of a member's key when it is printable ASCII without escapes, so that the bytes
    /// between its quotes are its value: a cut key is never read by libyaml.
    private static func plainKey(_ member: JSONOutline.Member, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let text = UnsafeBufferPointer(rebasing: bytes[(member.keyStart + 1)..<(member.keyEnd - 1)])
        guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x5C }) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }
}
