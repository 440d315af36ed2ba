import Diagnostics

/// A value a view model hands to a template.
///
/// There is no escaping: view models pass text that is already safe where the template puts it.
public enum TemplateValue {
    /// Interpolated as is. In a section: rendered once if non-empty, with the text as `{{.}}`.
    case text(String)
    case bool(Bool)
    /// A section renders once per item, with the item on top of the context stack. The item is
    /// asked for its values by position. Build it with `list(_:)`.
    case items(TemplateItems)
    /// A list of strings: a section renders once per string, available as `{{.}}`.
    case texts([String])
    /// A section renders once with this context on top of the stack.
    case context(any TemplateContext)

    /// A section renders once per view model of `items`.
    ///
    /// Inlined so that the closure is specialized for the view model's type where it is built:
    /// items are never copied one by one into `any TemplateContext` boxes, nor looked up
    /// through unspecialized generic code.
    @inlinable
    public static func list<Item: TemplateContext>(_ items: [Item]) -> TemplateValue {
        // Through the buffer, the item is borrowed where it lies; `items[index]` would copy it.
        .items(TemplateItems(count: items.count) { index, key in items.withUnsafeBufferPointer { $0[index].value(forKey: key) } })
    }

    /// `list(_:)` of class instances. Each item is asked through an unretained reference read
    /// where it lies (the list holds it): read as a reference, it was retained and released for
    /// every name looked up in it.
    @inlinable
    public static func list<Item: TemplateContext & AnyObject>(_ items: [Item]) -> TemplateValue {
        .items(TemplateItems(count: items.count) { index, key in
            items.withUnsafeBufferPointer { buffer in
                UnsafeRawPointer(buffer.baseAddress! + index).load(as: Unmanaged<Item>.self)._withUnsafeGuaranteedRef { $0.value(forKey: key) }
            }
        })
    }
}

/// A list's items for a section: how many, and each one's values by position.
///
/// A class, so that the renderer's frame for the section can refer to it without owning it (the
/// section's value does): a closure held in the frame itself was retained and released for
/// every name looked up in an item, half a million times on a large spec.
public final class TemplateItems {
    public let count: Int
    /// `value(index, key)`: the value the item at `index` gives for `key`.
    public let value: (Int, TemplateKey) -> TemplateValue?

    @inlinable
    public init(count: Int, value: @escaping (Int, TemplateKey) -> TemplateValue?) {
        self.count = count
        self.value = value
    }
}

/// A view model. Return nil for names it does not know, so lookup continues outward.
public protocol TemplateContext {
    func value(forKey key: TemplateKey) -> TemplateValue?
}

/// One node of a template as compiled, before it is flattened (see `CompiledTemplate`).
indirect enum TemplateNode {
    /// Literal text without line breaks, as the UTF-8 bytes the renderer writes.
    case text([UInt8])
    case newline
    case variable(path: [TemplateKey], line: Int, column: Int)
    case section(path: [TemplateKey], inverted: Bool, children: [TemplateNode], line: Int, column: Int)
    /// A partial with the indentation of its standalone tag.
    case partial(name: String, indentation: [UInt8], line: Int, column: Int)
}

/// Compiles Mustache source into nodes, applying the spec's standalone-line rules at compile
/// time: a line holding only whitespace and one section, inverted, closing, partial or comment
/// tag disappears entirely; a standalone partial keeps its indentation for every line it renders.
enum TemplateCompiler {
    private enum Sigil { case variable, section, inverted, close, partial, comment }

    private struct Tag {
        var sigil: Sigil
        var name: String
        var line: Int
        var column: Int
    }

    private enum Piece {
        case text(String)
        case tag(Tag)
        case newline
        case standalone(Tag, indentation: String)
    }

    static func compile(_ source: String, name: String) throws(DiagnosticsError) -> [TemplateNode] {
        // Scanned as UTF-8 bytes: every delimiter is ASCII. Split and searched as characters,
        // compiling the built-in templates took 1.5 ms, which a small spec's run waits for.
        let bytes = Array(source.utf8)
        var pieces: [Piece] = []
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            lineNumber += 1
            let lineBreak = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            // A CRLF line break is a line break too.
            let lineEnd = lineBreak > lineStart && bytes[lineBreak - 1] == 0x0D ? lineBreak - 1 : lineBreak
            var linePieces: [Piece] = []
            var rest = lineStart
            var column = 1
            while let open = TemplateCompiler.find(0x7B, 0x7B, in: bytes, from: rest, before: lineEnd) {
                if open > rest { linePieces.append(.text(String(decoding: bytes[rest..<open], as: UTF8.self))) }
                column += TemplateCompiler.scalarCount(bytes[rest..<open])
                let afterOpen = open + 2
                let triple = afterOpen < lineEnd && bytes[afterOpen] == 0x7B
                let close = triple
                    ? TemplateCompiler.find(0x7D, 0x7D, 0x7D, in: bytes, from: afterOpen, before: lineEnd)
                    : TemplateCompiler.find(0x7D, 0x7D, in: bytes, from: afterOpen, before: lineEnd)
                guard let close else {
                    throw DiagnosticsError(.error("unterminated tag: '{{' without '}}'", at: SourceLocation(file: name, line: lineNumber, column: column)))
                }
                let body = String(decoding: bytes[(triple ? afterOpen + 1 : afterOpen)..<close], as: UTF8.self)
                let tag = try parseTag(body, triple: triple, file: name, line: lineNumber, column: column)
                linePieces.append(.tag(tag))
                rest = close + (triple ? 3 : 2)
                column += TemplateCompiler.scalarCount(bytes[open..<rest])
            }
            if rest < lineEnd { linePieces.append(.text(String(decoding: bytes[rest..<lineEnd], as: UTF8.self))) }
            pieces += standaloneAdjusted(linePieces)
            pieces.append(.newline)
            lineStart = lineBreak + 1
        }
        // The last line break is followed by one more (empty) line than there are line breaks.
        if case .newline = pieces.last { pieces.removeLast() }
        var index = 0
        return try build(pieces, &index, until: nil, file: name)
    }

    /// Where the bytes `first`, `second` (and `third`, when given) start, at or after `start` and
    /// ending at or before `end`.
    private static func find(_ first: UInt8, _ second: UInt8, _ third: UInt8? = nil, in bytes: [UInt8], from start: Int, before end: Int) -> Int? {
        let length = third == nil ? 2 : 3
        var position = start
        while position + length <= end {
            if bytes[position] == first, bytes[position + 1] == second, third.map({ bytes[position + 2] == $0 }) ?? true {
                return position
            }
            position += 1
        }
        return nil
    }

    /// How many Unicode scalars the UTF-8 bytes hold (a column counts scalars).
    private static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
    }

    private static func parseTag(_ body: String, triple: Bool, file: String, line: Int, column: Int) throws(DiagnosticsError) -> Tag {
        var text = Substring(body)
        var sigil = Sigil.variable
        if !triple, let first = text.first {
            switch first {
            case "#": sigil = .section
            case "^": sigil = .inverted
            case "/": sigil = .close
            case ">": sigil = .partial
            case "!": sigil = .comment
            case "&": sigil = .variable
            default: break
            }
            if sigil != .variable || first == "&" { text = text.dropFirst() }
        }
        let name = text.trimmingSpaces()
        if sigil != .comment && name.isEmpty {
            throw DiagnosticsError(.error("empty tag name", at: SourceLocation(file: file, line: line, column: column)))
        }
        return Tag(sigil: sigil, name: name, line: line, column: column)
    }

    /// A line that is only whitespace and one non-variable tag becomes a standalone tag.
    private static func standaloneAdjusted(_ pieces: [Piece]) -> [Piece] {
        var tag: Tag?
        var indentation = ""
        var seenTag = false
        for piece in pieces {
            switch piece {
            case .text(let text):
                guard text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return pieces }
                if !seenTag { indentation += text }
            case .tag(let candidate):
                guard candidate.sigil != .variable, !seenTag else { return pieces }
                tag = candidate
                seenTag = true
            default:
                return pieces
            }
        }
        guard let tag else { return pieces }
        return [.standalone(tag, indentation: indentation)]
    }

    private static func build(_ pieces: [Piece], _ index: inout Int, until open: Tag?, file: String) throws(DiagnosticsError) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        while index < pieces.count {
            let piece = pieces[index]
            index += 1
            var tag: Tag
            var indentation = ""
            var standalone = false
            switch piece {
            case .text(let text):
                nodes.append(.text(Array(text.utf8)))
                continue
            case .newline:
                nodes.append(.newline)
                continue
            case .tag(let inline):
                tag = inline
            case .standalone(let lone, let indent):
                tag = lone
                indentation = indent
                standalone = true
                // The standalone line's own newline goes with it.
                if index < pieces.count, case .newline = pieces[index] { index += 1 }
            }
            switch tag.sigil {
            case .variable:
                nodes.append(.variable(path: path(tag.name), line: tag.line, column: tag.column))
            case .comment:
                break
            case .partial:
                nodes.append(.partial(name: tag.name, indentation: standalone ? Array(indentation.utf8) : [], line: tag.line, column: tag.column))
            case .section, .inverted:
                let children = try build(pieces, &index, until: tag, file: file)
                nodes.append(.section(path: path(tag.name), inverted: tag.sigil == .inverted, children: children, line: tag.line, column: tag.column))
            case .close:
                guard let open, open.name == tag.name else {
                    let expected = open.map { "'{{/\($0.name)}}'" } ?? "no closing tag"
                    throw DiagnosticsError(.error("'{{/\(tag.name)}}' does not close an open section; expected \(expected)", at: SourceLocation(file: file, line: tag.line, column: tag.column)))
                }
                return nodes
            }
        }
        if let open {
            throw DiagnosticsError(.error("section '{{#\(open.name)}}' is never closed", at: SourceLocation(file: file, line: open.line, column: open.column)))
        }
        return nodes
    }

    private static func path(_ name: String) -> [TemplateKey] {
        if name == "." { return [.dot] }
        // Most names have no dot, and `split` over characters took half of building the nodes.
        guard name.utf8.contains(0x2E) else { return [TemplateKey(name)] }
        return name.utf8.split(separator: 0x2E).map { TemplateKey(String(decoding: $0, as: UTF8.self)) }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs; read as UTF-8, as the tag was.
    fileprivate func trimmingSpaces() -> String {
        var text = utf8[...]
        while let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
        while let last = text.last, last == 0x20 || last == 0x09 { text = text.dropLast() }
        return String(decoding: text, as: UTF8.self)
    }
}
