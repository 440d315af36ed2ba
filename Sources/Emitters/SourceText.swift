import OpenAPIDocument
import SchemaGraph

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns spec text into Swift source fragments that cannot break out of where they are put:
/// string literals, doc comments and numeric literals. Identifiers come from `SwiftNames`.
public enum SourceText {
    /// A Swift string literal: `"not_in"`. Quotes, backslashes, every control character and
    /// line/paragraph separators are escaped, so the literal always ends where it should and
    /// never interpolates.
    public static func stringLiteral(_ text: String) -> String {
        // Nearly every literal has nothing to escape: its quotes and bytes are written into one
        // new string. Joined with `+`, each piece was appended through the general path.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.allSatisfy(isPlainLiteralByte) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count + 2) { buffer in
                buffer[0] = 0x22
                _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(fromContentsOf: bytes)
                buffer[bytes.count + 1] = 0x22
                return bytes.count + 2
            }
        }
        if let plain, let plain { return plain }
        return "\"" + stringLiteralContent(text) + "\""
    }

    /// A byte a string literal holds as it is: printable ASCII but `"` and `\`.
    private static func isPlainLiteralByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C
    }

    /// The pieces end to end, made in one allocation of the final size. Interpolation and `+`
    /// grow the string piece by piece, which costs several times more for short pieces.
    public static func concatenated(_ pieces: [String]) -> String {
        var count = 0
        for piece in pieces { count += piece.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var offset = 0
            for piece in pieces {
                // In place for native strings (every string here); a copy otherwise.
                let inPlace: Void? = piece.utf8.withContiguousStorageIfAvailable { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(fromContentsOf: bytes)
                    offset += bytes.count
                }
                if inPlace == nil {
                    for byte in piece.utf8 {
                        buffer[offset] = byte
                        offset += 1
                    }
                }
            }
            return offset
        }
    }

    /// What goes between the quotes of `stringLiteral(text)`.
    public static func stringLiteralContent(_ text: some StringProtocol) -> String {
        // Nearly every literal is printable ASCII with nothing to escape. Tested in place, as
        // bytes: through the UTF-8 view's iterator the test cost five times more.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy(isPlainLiteralByte) }
            ?? text.utf8.allSatisfy(isPlainLiteralByte)
        if plain { return String(text) }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.properties.generalCategory == .format:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Doc comment lines (`/// text`, or `///` for blank lines) for a spec description.
    ///
    /// Every line break the Swift lexer could honour (CR, LF, NEL, LS, PS, VT, FF) starts a new
    /// `///` line, and other control characters are dropped, so nothing in the text can end the
    /// comment early. reStructuredText literals (``` ``x`` ```) become Markdown code spans, since
    /// in DocC double backticks mean a symbol link.
    public static func docLines(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        // Most descriptions are plain ASCII prose: split their bytes, without the grapheme
        // breaking that splitting a String costs.
        if let lines = asciiDocLines(text) { return lines }
        var lines: [String] = []
        // A line's UTF-8, made into a String once it ends: appending scalar by scalar to a
        // String costs several times more.
        var current: [UInt8] = []
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where previousWasCR:
                previousWasCR = false
                continue
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029:
                lines.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                previousWasCR = scalar.value == 0x0D
                continue
            case 0x09:
                current += [0x20, 0x20, 0x20, 0x20]
            case 0..<0x20, 0x7F, 0x80...0x9F:
                break  // other control characters carry no meaning in prose
            case 0x20..<0x7F:
                current.append(UInt8(scalar.value))
            default:
                if scalar.properties.generalCategory == .format && scalar.value != 0x200D { break }
                UTF8.encode(scalar) { current.append($0) }
            }
            previousWasCR = false
        }
        lines.append(String(decoding: current, as: UTF8.self))
        return finishDocLines(lines)
    }

    /// `docLines` of printable ASCII text, or nil when it holds anything else: each line is
    /// trimmed, stripped of doubled backticks and prefixed straight from the bytes, one String
    /// per line, since this runs for every description of a large spec.
    private static func asciiDocLines(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var lineCount = 1
            for byte in bytes {
                if byte == 0x0A {
                    lineCount += 1
                } else if byte < 0x20 || byte >= 0x7F {
                    return nil
                }
            }
            var result: [String] = []
            result.reserveCapacity(lineCount)
            var start = 0
            while start <= bytes.count {
                let end = position(of: 0x0A, in: bytes, from: start)
                var last = end
                while last > start, bytes[last - 1] == 0x20 { last -= 1 }
                if last == start {
                    if !(result.isEmpty || result.last == "///") { result.append("///") }
                } else {
                    result.append(docLine(UnsafeBufferPointer(rebasing: bytes[start..<last])))
                }
                start = end + 1
            }
            while result.last == "///" { result.removeLast() }
            return result
        }
    }

    /// Where `byte` first appears in `bytes` from `start` on, or `bytes.count`: memchr, since a
    /// byte-by-byte search costs more than the rest of the line's handling.
    private static func position(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress, let found = memchr(base + start, Int32(byte), bytes.count - start) else {
            return bytes.count
        }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// `/// ` and the line, each doubled backtick made single (see `replacingDoubleBacktickLiterals`).
    private static func docLine(_ line: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: line.count + 4) { buffer in
            // Stored byte by byte: iterating the literal's UTF-8 view cost more than the line.
            (buffer[0], buffer[1], buffer[2], buffer[3]) = (0x2F, 0x2F, 0x2F, 0x20)
            // Most lines have no backtick at all: copied whole.
            guard position(of: 0x60, in: line, from: 0) < line.count else {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[4...]).initialize(fromContentsOf: line)
                return line.count + 4
            }
            var count = 4
            var previous: UInt8 = 0
            for byte in line {
                if byte == 0x60 && previous == 0x60 {
                    previous = 0
                    continue
                }
                buffer[count] = byte
                count += 1
                previous = byte
            }
            return count
        }
    }

    /// Trims trailing whitespace, collapses runs of blank lines, drops blank edges, prefixes `///`.
    private static func finishDocLines(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines {
            var trimmed = line
            if trimmed.utf8.last == 0x20 {
                let kept = trimmed.utf8.count - trimmed.utf8.reversed().prefix { $0 == 0x20 }.count
                trimmed = String(decoding: trimmed.utf8.prefix(kept), as: UTF8.self)
            }
            trimmed = trimmed.replacingDoubleBacktickLiterals()
            if trimmed.isEmpty && (result.isEmpty || result.last == "///") { continue }
            result.append(trimmed.isEmpty ? "///" : "/// " + trimmed)
        }
        while result.last == "///" { result.removeLast() }
        return result
    }

    /// A Swift numeric literal for a spec number. Keeps the text when Swift reads it the same way
    /// (`100`, `0.5`, `9.22e18`); otherwise prints the value (`.5` → `0.5`).
    public static func numberLiteral(_ number: SchemaNumber) -> String {
        if isSwiftNumber(number.text) {
            // An integer that a Double cannot hold exactly (OpenAI's ±9223372036854776000) is
            // written as the Double it becomes: Swift warns about the integer form.
            let isInteger = !number.text.contains { $0 == "." || $0 == "e" || $0 == "E" }
            guard isInteger else { return number.text }
            if let integer = Int64(number.text), Int64(exactly: Double(integer)) == integer { return number.text }
            return "\(number.value)"
        }
        if number.value.rounded() == number.value && abs(number.value) < 1e15 { return String(Int64(number.value)) }
        return "\(number.value)"
    }

    private static func isSwiftNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { (48...57).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        guard digits() > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// Text to put between backticks in a doc comment: its own backticks become `'`, so the
    /// code span cannot end early.
    public static func codeSpanText(_ text: String) -> String {
        guard text.utf8.contains(0x60) else { return text }
        return String(decoding: text.utf8.map { $0 == 0x60 ? UInt8(ascii: "'") : $0 }, as: UTF8.self)
    }

    /// A JSON value as Swift source for a `JSONValue` literal (used in docs and defaults).
    public static func inlineCode(_ value: JSONValue) -> String {
        let text = value.description
        // Keep it on one line and out of the way of Markdown.
        return "`" + codeSpanText(text).filter { $0 != "\n" && $0 != "\r" } + "`"
    }
}

extension String {
    /// ``` ``code`` ``` → `` `code` ``.
    fileprivate func replacingDoubleBacktickLiterals() -> String {
        // Byte by byte: Foundation's replacingOccurrences costs more than all the rest of
        // doc-comment formatting together.
        var contiguous = self
        guard contiguous.withUTF8({ $0.contains(0x60) }) else { return self }
        var bytes: [UInt8] = []
        var previous: UInt8 = 0
        var changed = false
        for byte in utf8 {
            if byte == 0x60 && previous == 0x60 {
                previous = 0
                changed = true
                continue
            }
            bytes.append(byte)
            previous = byte
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : self
    }
}
