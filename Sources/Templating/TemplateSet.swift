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
public struct TemplateSet: @unchecked Sendable {
    // @unchecked: `TemplateNode` is an immutable tree of value types (strings and arrays); it is
    // not declared Sendable only because indirect enums cannot be checked.
    private var compiled: [String: [TemplateNode]]

    /// Compiles every template. Names are file names without `.mustache` (`Models.swift`, `struct`).
    public init(templates: [String: String]) throws(DiagnosticsError) {
        var compiled: [String: [TemplateNode]] = [:]
        var errors: [Diagnostic] = []
        for (name, source) in templates.sorted(by: { $0.key < $1.key }) {
            do throws(DiagnosticsError) {
                compiled[name] = try TemplateCompiler.compile(source, name: name + ".mustache")
            } catch {
                errors += error.diagnostics
            }
        }
        if !errors.isEmpty { throw DiagnosticsError(errors) }
        self.compiled = compiled
    }

    /// This set with some templates replaced (or added), file by file.
    public func overriding(with templates: [String: String]) throws(DiagnosticsError) -> TemplateSet {
        let overrides = try TemplateSet(templates: templates)
        var copy = self
        copy.compiled.merge(overrides.compiled) { _, new in new }
        return copy
    }

    public var names: [String] { compiled.keys.sorted() }

    /// Renders the named template with `context` at the bottom of the context stack.
    public func render(_ name: String, context: any TemplateContext) throws(DiagnosticsError) -> String {
        guard let nodes = compiled[name] else {
            throw DiagnosticsError(.error("no template named '\(name)'", at: nil))
        }
        var renderer = TemplateRenderer(templates: compiled, stack: [context])
        try renderer.render(nodes, template: name, depth: 0)
        return String(decoding: renderer.output, as: UTF8.self)
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

/// `{{.}}` for strings, and `@first`/`@last`/`@index` for list items.
private struct ItemContext: TemplateContext {
    let text: String?
    let item: (any TemplateContext)?
    let index: Int
    let count: Int

    func value(forKey key: TemplateKey) -> TemplateValue? {
        // Nearly every lookup is for the item's own names.
        guard key.isItemKey else { return item?.value(forKey: key) }
        switch key {
        case .dot: return text.map(TemplateValue.text)
        case .first: return .bool(index == 0)
        case .last: return .bool(index == count - 1)
        case .index: return .text(String(index))
        default: return item?.value(forKey: key)
        }
    }
}

private struct TextContext: TemplateContext {
    let text: String
    func value(forKey key: TemplateKey) -> TemplateValue? { key == .dot ? .text(text) : nil }
}

struct TemplateRenderer {
    let templates: [String: [TemplateNode]]
    var stack: [any TemplateContext]
    /// UTF-8 bytes: appending to a byte array is a copy, where appending to a String also checks
    /// and grows its storage each time (a tenth of a large spec's generation, measured).
    var output: [UInt8] = []
    /// Prepended to every non-empty line while a standalone partial renders.
    var indentation: [UInt8] = []
    var atLineStart = true

    init(templates: [String: [TemplateNode]], stack: [any TemplateContext]) {
        self.templates = templates
        self.stack = stack
        output.reserveCapacity(1 << 16)
    }

    mutating func render(_ nodes: [TemplateNode], template: String, depth: Int) throws(DiagnosticsError) {
        for node in nodes {
            switch node {
            case .text(let text):
                if atLineStart && !indentation.isEmpty { output += indentation }
                output += text
                atLineStart = false
            case .newline:
                output.append(10)
                atLineStart = true
            case .variable(let path, let line, let column):
                guard let value = lookup(path) else {
                    throw unknown(path, template: template, line: line, column: column)
                }
                switch value {
                case .text(let text): append(text)
                case .bool(let flag): append(flag ? "true" : "false")
                default:
                    throw DiagnosticsError(.error("'\(path.map(\.name).joined(separator: "."))' is a list or an object; use it as a section", at: SourceLocation(file: template + ".mustache", line: line, column: column)))
                }
            case .partial(let name, let partialIndentation, let line, let column):
                guard let partial = templates[name] else {
                    throw DiagnosticsError(.error("no partial template named '\(name)'", at: SourceLocation(file: template + ".mustache", line: line, column: column)))
                }
                guard depth < 64 else {
                    throw DiagnosticsError(.error("partials nest more than 64 deep; is '\(name)' including itself without a stopping section?", at: SourceLocation(file: template + ".mustache", line: line, column: column)))
                }
                let saved = indentation
                indentation += partialIndentation
                try render(partial, template: name, depth: depth + 1)
                indentation = saved
            case .section(let path, let inverted, let children, let line, let column):
                guard let value = lookup(path) else {
                    throw unknown(path, template: template, line: line, column: column)
                }
                if inverted {
                    if !TemplateRenderer.isTruthy(value) { try render(children, template: template, depth: depth) }
                    continue
                }
                switch value {
                case .bool(let flag):
                    if flag { try render(children, template: template, depth: depth) }
                case .text(let text):
                    guard !text.isEmpty else { continue }
                    stack.append(TextContext(text: text))
                    try render(children, template: template, depth: depth)
                    stack.removeLast()
                case .context(let context):
                    stack.append(context)
                    try render(children, template: template, depth: depth)
                    stack.removeLast()
                case .list(let items):
                    for (index, item) in items.enumerated() {
                        stack.append(ItemContext(text: nil, item: item, index: index, count: items.count))
                        try render(children, template: template, depth: depth)
                        stack.removeLast()
                    }
                case .texts(let items):
                    for (index, item) in items.enumerated() {
                        stack.append(ItemContext(text: item, item: nil, index: index, count: items.count))
                        try render(children, template: template, depth: depth)
                        stack.removeLast()
                    }
                }
            }
        }
    }

    /// Appends interpolated text; inside an indented partial, every line it starts is indented.
    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes in append(bytes) }
    }

    private mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        // memchr: a generic search of the bytes costs more than appending them.
        guard !indentation.isEmpty, atLineStart || (text.baseAddress.map { memchr($0, 10, text.count) != nil } ?? false) else {
            output += text
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
            if atLineStart { output += indentation }
            output += line
            atLineStart = false
        }
    }

    private static func isTruthy(_ value: TemplateValue) -> Bool {
        switch value {
        case .bool(let flag): flag
        case .text(let text): !text.isEmpty
        case .list(let items): !items.isEmpty
        case .texts(let items): !items.isEmpty
        case .context: true
        }
    }

    /// Resolves the first name up the context stack, the rest inside what it found.
    private func lookup(_ path: [TemplateKey]) -> TemplateValue? {
        var found: TemplateValue?
        for context in stack.reversed() {
            if let value = context.value(forKey: path[0]) {
                found = value
                break
            }
        }
        for name in path.dropFirst() {
            guard case .context(let context)? = found else { return nil }
            found = context.value(forKey: name)
        }
        return found
    }

    private func unknown(_ path: [TemplateKey], template: String, line: Int, column: Int) -> DiagnosticsError {
        DiagnosticsError(.error("unknown name '\(path.map(\.name).joined(separator: "."))' in template", at: SourceLocation(file: template + ".mustache", line: line, column: column)))
    }
}
