/// A template flattened into plain instructions, which is what the renderer runs.
///
/// The compiler's node tree is an indirect enum of arrays: walking it retains and releases
/// every node. Here every instruction is a plain value and refers by offset into tables of
/// bytes and keys, so rendering touches no reference counts. A section's children are the
/// instructions that follow it, up to the position in its `c`.
///
/// A class holding its tables in buffers of its own, so that reading an instruction, a key or a
/// text neither copies nor retains an array.
final class CompiledTemplate: @unchecked Sendable {
    // @unchecked: the buffers are written once, in init, and only read after.
    /// The file name diagnostics show (`struct.mustache`).
    let fileName: String
    let code: UnsafeBufferPointer<Instruction>
    /// Every literal text of the template, end to end.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Every key path of the template, end to end.
    let keys: UnsafeBufferPointer<TemplateKey>
    /// The partials it includes, by name; `Instruction.partial` holds the position here.
    let partialNames: [String]

    init(_ nodes: [TemplateNode], fileName: String) {
        self.fileName = fileName
        var tables = Tables()
        tables.append(nodes)
        code = Self.copy(tables.code)
        bytes = Self.copy(tables.bytes)
        keys = Self.copy(tables.keys)
        partialNames = tables.partialNames
    }

    deinit {
        code.deallocate()
        bytes.deallocate()
        keys.deallocate()
    }

    private static func copy<Element>(_ array: [Element]) -> UnsafeBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(buffer)
    }

    /// The key path a variable or section instruction names.
    func path(_ instruction: Instruction) -> Slice<UnsafeBufferPointer<TemplateKey>> {
        keys[Int(instruction.a)..<Int(instruction.a + instruction.b)]
    }

    /// `path`, as written, for messages.
    func pathName(_ instruction: Instruction) -> String {
        path(instruction).map(\.name).joined(separator: ".")
    }

    func text(_ offset: Int32, _ count: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(offset)..<Int(offset + count)])
    }
}

/// The tables of a template while it is flattened.
private struct Tables {
    var code: [Instruction] = []
    var bytes: [UInt8] = []
    var keys: [TemplateKey] = []
    var partialNames: [String] = []

    mutating func append(_ nodes: [TemplateNode]) {
        for node in nodes {
            switch node {
            case .text(let text):
                code.append(Instruction(.text, a: Int32(bytes.count), b: Int32(text.count)))
                bytes += text
            case .newline:
                code.append(Instruction(.newline))
            case .variable(let path, let line, let column):
                code.append(Instruction(.variable, a: Int32(keys.count), b: Int32(path.count), line: line, column: column))
                keys += path
            case .section(let path, let inverted, let children, let line, let column):
                let start = code.count
                code.append(Instruction(inverted ? .invertedSection : .section, a: Int32(keys.count), b: Int32(path.count), line: line, column: column))
                keys += path
                append(children)
                code[start].c = Int32(code.count)
            case .partial(let name, let indentation, let line, let column):
                code.append(Instruction(.partial, a: Int32(partialNames.count), b: Int32(bytes.count), c: Int32(indentation.count), line: line, column: column))
                partialNames.append(name)
                bytes += indentation
            }
        }
    }
}

/// One step of a compiled template. What `a`, `b` and `c` mean depends on the operation:
/// - `text`: the bytes at `a` of length `b`;
/// - `variable`: the key path at `a` of length `b`;
/// - `section`, `invertedSection`: the key path at `a` of length `b`; the children run up to `c`;
/// - `partial`: the partial name at `a`, and its indentation as the bytes at `b` of length `c`.
struct Instruction {
    enum Operation: UInt8 { case text, newline, variable, section, invertedSection, partial }

    var operation: Operation
    var a: Int32
    var b: Int32
    var c: Int32
    var line: Int32
    var column: Int32

    init(_ operation: Operation, a: Int32 = 0, b: Int32 = 0, c: Int32 = 0, line: Int = 0, column: Int = 0) {
        self.operation = operation
        self.a = a
        self.b = b
        self.c = c
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }
}
