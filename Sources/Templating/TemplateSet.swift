import Diagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of compiled templates that can include each other as partials.
///
/// Rendering is strict: a name no context on the stack knows is an error naming the template,
/// line and column, so a typo in a user's template fails loudly instead of printing nothing.
public struct TemplateSet: Sendable {
    private var compiled: [String: CompiledTemplate] {
        didSet { partials = TemplateSet.link(compiled) }
    }
    /// Each template's partials, by position in its `partialNames` (nil for a name with no
    /// template): found once here, not by name at every inclusion.
    private var partials: [ObjectIdentifier: [CompiledTemplate?]] = [:]

    /// Compiles every template. Names are file names without `.mustache` (`Models.swift`, `struct`).
    public init(templates: [String: String]) throws(DiagnosticsError) {
        var compiled: [String: CompiledTemplate] = [:]
        var errors: [Diagnostic] = []
        for (name, source) in templates.sorted(by: { $0.key < $1.key }) {
            do throws(DiagnosticsError) {
                let fileName = name + ".mustache"
                // Compiled templates address their text with 32-bit offsets.
                guard source.utf8.count <= TemplateSet.maximumTemplateBytes else {
                    throw DiagnosticsError(.error("template is larger than \(TemplateSet.maximumTemplateBytes >> 20) MiB", at: SourceLocation(file: fileName, line: 1, column: 1)))
                }
                compiled[name] = CompiledTemplate(try TemplateCompiler.compile(source, name: fileName), fileName: fileName)
            } catch {
                errors += error.diagnostics
            }
        }
        if !errors.isEmpty { throw DiagnosticsError(errors) }
        self.compiled = compiled
        partials = TemplateSet.link(compiled)
    }

    private static func link(_ compiled: [String: CompiledTemplate]) -> [ObjectIdentifier: [CompiledTemplate?]] {
        compiled.values.reduce(into: [:]) { links, template in
            links[ObjectIdentifier(template)] = template.partialNames.map { compiled[$0] }
        }
    }

    /// This set with some templates replaced (or added), file by file.
    public func overriding(with templates: [String: String]) throws(DiagnosticsError) -> TemplateSet {
        let overrides = try TemplateSet(templates: templates)
        var copy = self
        copy.compiled.merge(overrides.compiled) { _, new in new }
        return copy
    }

    public var names: [String] { compiled.keys.sorted() }

    /// The largest template accepted; real ones are a few kilobytes.
    public static let maximumTemplateBytes = 64 << 20

    /// Renders the named template with `context` at the bottom of the context stack.
    public func render(_ name: String, context: any TemplateContext) throws(DiagnosticsError) -> String {
        String(decoding: try renderUTF8(name, context: context).bytes, as: UTF8.self)
    }

    /// `render`, as the UTF-8 bytes the renderer wrote, in chunks. They are valid UTF-8,
    /// because every piece is: the templates' text and the view models' strings.
    public func renderUTF8(_ name: String, context: any TemplateContext) throws(DiagnosticsError) -> ChunkedText {
        guard let template = compiled[name] else {
            throw DiagnosticsError(.error("no template named '\(name)'", at: nil))
        }
        var renderer = TemplateRenderer(partials: partials, context: context)
        try renderer.render(template, depth: 0)
        return renderer.output.finish()
    }

    /// Reads every `*.mustache` file of a folder: file name without extension → text.
    public static func loadFolder(_ path: String) throws(DiagnosticsError) -> [String: String] {
        guard let directory = opendir(path) else {
            throw DiagnosticsError(.error("cannot read templates folder '\(path)': \(String(cString: strerror(errno)))", at: nil))
        }
        defer { closedir(directory) }
        var templates: [String: String] = [:]
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasSuffix(".mustache"), !name.hasPrefix(".") else { continue }
            let file = path + "/" + name
            guard let handle = fopen(file, "rb") else {
                throw DiagnosticsError(.error("cannot read template '\(file)': \(String(cString: strerror(errno)))", at: nil))
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = fread(&buffer, 1, buffer.count, handle)
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            fclose(handle)
            templates[String(name.dropLast(".mustache".count))] = String(decoding: bytes, as: UTF8.self)
        }
        return templates
    }
}

/// One level of the context stack.
///
/// A list item is its position and its list's lookup, not a copy of the item: boxing each item
/// as an `any TemplateContext` cost an allocation per item per section. A struct whose `kind`
/// says which fields hold, not an enum with payloads, because every lookup asks each frame up the
/// stack, and matching an enum's payload copied the whole frame each time (a retain and a release
/// per frame per name, 2% of a large spec's generation).
private struct Frame {
    private enum Kind: UInt8 { case context, item, textItem, text }

    private let kind: Kind
    /// A context, boxed so that a lookup can ask it through an unretained reference: read out
    /// of the frame, the existential was copied (its storage retained) for every name asked.
    private let context: ContextBox?
    /// An item's list, not owned: the section's value, which the renderer holds while the
    /// section renders, owns it. Asked through an unretained reference, a lookup neither retains
    /// nor releases anything.
    private let items: Unmanaged<TemplateItems>?
    /// A list of strings, for `textItem`.
    private let texts: [String]
    /// A text section's own text.
    private let text: String
    /// An item's position: a list's section moves its one frame from item to item.
    fileprivate(set) var index: Int
    private let count: Int

    private init(kind: Kind, context: ContextBox? = nil, items: Unmanaged<TemplateItems>? = nil,
                 texts: [String] = [], text: String = "", index: Int = 0, count: Int = 0) {
        self.kind = kind
        self.context = context
        self.items = items
        self.texts = texts
        self.text = text
        self.index = index
        self.count = count
    }

    static func context(_ context: any TemplateContext) -> Frame { Frame(kind: .context, context: ContextBox(context)) }

    /// The first item of `items`, which the caller keeps alive while the frame is used.
    static func item(_ items: TemplateItems) -> Frame {
        Frame(kind: .item, items: .passUnretained(items), index: 0, count: items.count)
    }

    /// The first item of a list of strings: `{{.}}` is the string.
    static func textItem(_ items: [String]) -> Frame {
        Frame(kind: .textItem, texts: items, index: 0, count: items.count)
    }

    /// A text section's own text, as `{{.}}`.
    static func text(_ text: String) -> Frame { Frame(kind: .text, text: text) }

    /// The frame's answer for `key`, read field by field through the pointer: a method on the
    /// frame would get a copy of it, every reference in it retained, because the view model it
    /// calls could, for all the compiler knows, change the stack under it.
    static func value(at frame: UnsafePointer<Frame>, forKey key: TemplateKey) -> TemplateValue? {
        switch frame.pointee.kind {
        case .context:
            // The frame owns the box, and the frame outlives the lookup.
            return Unmanaged.passUnretained(frame.pointee.context.unsafelyUnwrapped)._withUnsafeGuaranteedRef { $0.context.value(forKey: key) }
        case .item:
            let index = frame.pointee.index
            // Nearly every lookup is for the item's own names.
            guard key.isItemKey else { return frame.pointee.items!._withUnsafeGuaranteedRef { $0.value(index, key) } }
            return key == .dot ? nil : Frame.position(key, index: index, count: frame.pointee.count)
        case .textItem:
            guard key.isItemKey else { return nil }
            let index = frame.pointee.index
            return key == .dot ? .text(frame.pointee.texts[index]) : Frame.position(key, index: index, count: frame.pointee.count)
        case .text:
            return key == .dot ? .text(frame.pointee.text) : nil
        }
    }

    /// `@first`, `@last` or `@index`.
    private static func position(_ key: TemplateKey, index: Int, count: Int) -> TemplateValue? {
        switch key {
        case .first: .bool(index == 0)
        case .last: .bool(index == count - 1)
        case .index: .text(String(index))
        default: nil
        }
    }
}

/// A context on the stack (see `Frame.context`).
private final class ContextBox {
    let context: any TemplateContext

    init(_ context: any TemplateContext) { self.context = context }
}

struct TemplateRenderer {
    let partials: [ObjectIdentifier: [CompiledTemplate?]]
    private var stack: [Frame]
    /// UTF-8 bytes: appending bytes is a copy, where appending to a String also checks and grows
    /// its storage each time (a tenth of a large spec's generation, measured).
    let output = RenderedBytes()
    /// Prepended to every non-empty line while a standalone partial renders: each partial's
    /// own indentation is added at the end, and taken off again when it is done.
    var indentation: [UInt8] = []
    var atLineStart = true

    init(partials: [ObjectIdentifier: [CompiledTemplate?]], context: any TemplateContext) {
        self.partials = partials
        self.stack = [.context(context)]
    }

    mutating func render(_ template: CompiledTemplate, depth: Int) throws(DiagnosticsError) {
        try render(template, template.code.indices, depth: depth)
    }

    private mutating func render(_ template: CompiledTemplate, _ range: Range<Int>, depth: Int) throws(DiagnosticsError) {
        var position = range.lowerBound
        while position < range.upperBound {
            let instruction = template.code[position]
            position += 1
            switch instruction.operation {
            case .text:
                if atLineStart && !indentation.isEmpty { indentation.withUnsafeBufferPointer { output.append($0) } }
                output.append(template.text(instruction.a, instruction.b))
                atLineStart = false
            case .newline:
                output.append(10)
                atLineStart = true
            case .variable:
                guard let value = lookup(template, instruction) else {
                    throw unknown(template, instruction)
                }
                switch consume value {
                case .text(let text): append(text)
                case .bool(let flag): append(flag ? "true" : "false")
                default:
                    throw DiagnosticsError(.error("'\(template.pathName(instruction))' is a list or an object; use it as a section", at: location(template, instruction)))
                }
            case .partial:
                let name = template.partialNames[Int(instruction.a)]
                guard let partial = partials[ObjectIdentifier(template)]?[Int(instruction.a)] else {
                    throw DiagnosticsError(.error("no partial template named '\(name)'", at: location(template, instruction)))
                }
                guard depth < 64 else {
                    throw DiagnosticsError(.error("partials nest more than 64 deep; is '\(name)' including itself without a stopping section?", at: location(template, instruction)))
                }
                let outer = indentation.count
                indentation.append(contentsOf: template.text(instruction.b, instruction.c))
                try render(partial, depth: depth + 1)
                indentation.removeSubrange(outer...)
            case .section, .invertedSection:
                let children = position..<Int(instruction.c)
                position = children.upperBound
                guard let value = lookup(template, instruction) else {
                    throw unknown(template, instruction)
                }
                if instruction.operation == .invertedSection {
                    if !TemplateRenderer.isTruthy(value) { try render(template, children, depth: depth) }
                    continue
                }
                switch consume value {
                case .bool(let flag):
                    if flag { try render(template, children, depth: depth) }
                case .text(let text):
                    guard !text.isEmpty else { continue }
                    try render(template, children, depth: depth, in: .text(text))
                case .context(let context):
                    try render(template, children, depth: depth, in: .context(context))
                case .items(let items):
                    // The frame refers to `items` unowned: it must live until the section is rendered.
                    defer { withExtendedLifetime(items) {} }
                    try renderEach(template, children, depth: depth, count: items.count, in: .item(items))
                case .texts(let items):
                    try renderEach(template, children, depth: depth, count: items.count, in: .textItem(items))
                }
            }
        }
    }

    /// The frame is consumed: moved onto the stack, not copied there (every reference in it
    /// retained) and then dropped by the caller.
    private mutating func render(_ template: CompiledTemplate, _ range: Range<Int>, depth: Int, in frame: consuming Frame) throws(DiagnosticsError) {
        stack.append(frame)
        defer { stack.removeLast() }
        try render(template, range, depth: depth)
    }

    /// Renders `range` once per item of a list, with `frame` on the stack moved from item to
    /// item: one frame for the whole list, not one made and dropped per item.
    private mutating func renderEach(_ template: CompiledTemplate, _ range: Range<Int>, depth: Int, count: Int, in frame: consuming Frame) throws(DiagnosticsError) {
        guard count > 0 else { return }
        stack.append(frame)
        defer { stack.removeLast() }
        let top = stack.count - 1
        for index in 0..<count {
            stack[top].index = index
            try render(template, range, depth: depth)
        }
    }

    /// Appends interpolated text; inside an indented partial, every line it starts is indented.
    private mutating func append(_ text: String) {
        // Read in place: `withUTF8` is mutating, so it would need a copy of the string (a retain
        // and a release per variable). Native strings are always contiguous.
        if text.utf8.withContiguousStorageIfAvailable({ bytes in append(bytes) }) != nil { return }
        var text = text
        text.withUTF8 { bytes in append(bytes) }
    }

    private mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        // memchr: a generic search of the bytes costs more than appending them.
        guard !indentation.isEmpty, atLineStart || (text.baseAddress.map { memchr($0, 10, text.count) != nil } ?? false) else {
            output.append(text)
            if !text.isEmpty { atLineStart = false }
            return
        }
        var first = true
        for line in text.split(separator: 10, omittingEmptySubsequences: false) {
            if !first {
                output.append(10)
                atLineStart = true
            }
            first = false
            guard !line.isEmpty else { continue }
            if atLineStart { indentation.withUnsafeBufferPointer { output.append($0) } }
            output.append(UnsafeBufferPointer(rebasing: line))
            atLineStart = false
        }
    }

    private static func isTruthy(_ value: TemplateValue) -> Bool {
        switch value {
        case .bool(let flag): flag
        case .text(let text): !text.isEmpty
        case .items(let items): items.count > 0
        case .texts(let items): !items.isEmpty
        case .context: true
        }
    }

    /// Resolves the first name up the context stack, the rest inside what it found.
    private func lookup(_ template: CompiledTemplate, _ instruction: Instruction) -> TemplateValue? {
        let path = template.path(instruction)
        // Each frame is read where it lies, through a pointer (see `Frame.value(at:forKey:)`);
        // `stack[level]`, and a buffer pointer's subscript too, would copy it.
        var found: TemplateValue? = stack.withUnsafeBufferPointer { frames in
            guard let bottom = frames.baseAddress else { return nil }
            var frame = bottom + frames.count
            while frame > bottom {
                frame -= 1
                if let value = Frame.value(at: frame, forKey: path[path.startIndex]) { return value }
            }
            return nil
        }
        for name in path.dropFirst() {
            guard case .context(let context)? = found else { return nil }
            found = context.value(forKey: name)
        }
        return found
    }

    private func location(_ template: CompiledTemplate, _ instruction: Instruction) -> SourceLocation {
        SourceLocation(file: template.fileName, line: Int(instruction.line), column: Int(instruction.column))
    }

    private func unknown(_ template: CompiledTemplate, _ instruction: Instruction) -> DiagnosticsError {
        DiagnosticsError(.error("unknown name '\(template.pathName(instruction))' in template", at: location(template, instruction)))
    }
}

/// Where a renderer's bytes go: gathered in a buffer of its own and handed to the text a chunk
/// at a time. Appending each small piece straight to the text's array went through the array's
/// generic growth path, at a fifth of the renderer's own cost.
final class RenderedBytes {
    private var text = ChunkedText()
    private let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: ChunkedText.chunkCapacity)
    private var count = 0

    deinit { buffer.deallocate() }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if bytes.count > ChunkedText.chunkCapacity - count {
            flush()
            // Larger than the buffer: straight to the text.
            if bytes.count >= ChunkedText.chunkCapacity { return text.append(bytes) }
        }
        (buffer + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(_ byte: UInt8) {
        if count == ChunkedText.chunkCapacity { flush() }
        buffer[count] = byte
        count += 1
    }

    /// Everything appended.
    func finish() -> ChunkedText {
        flush()
        return text
    }

    private func flush() {
        guard count > 0 else { return }
        text.append(UnsafeBufferPointer(start: buffer, count: count))
        count = 0
    }
}
