import CYAML

/// libyaml's input, handed to its scanner already decoded.
///
/// libyaml's reader decodes its input one character at a time into a small buffer that it
/// refills as the scanner asks: each character is checked to be well-formed UTF-8 and one that
/// YAML allows, then written out again. That is a sixth of libyaml's work on a large spec
/// (`yaml_parser_update_buffer`: 133 M of Telnyx's 525 M instructions in libyaml). For input
/// that passes those checks, what the reader writes out is the input itself, byte for byte.
/// So the same checks are made here, eight ASCII bytes at a time, and the parser is given the
/// whole input as its buffer, as its reader leaves it at the end of the input: every character
/// read, followed by the NUL that ends the stream. The reader then has nothing left to do.
///
/// Input that fails a check, or starts with a byte order mark (which the reader removes), is
/// left to the reader, which reports the problem where it is.
///
/// The scanner needs a NUL after the input. A JSON piece of a chunked parse is a copy already
/// (wrapped in braces), made with zeros after it (`padded`), and is read where it is; a YAML
/// piece is copied. Only pieces of large files are read this way (`ChunkedParse.document`).
final class DecodedInput {
    /// Zeros after the input: its NUL, and more, since the scanner looks a few characters
    /// ahead, as it may past the end of its own buffer's contents.
    static let padding = 9

    /// The copy, when the input is not padded.
    private let storage: UnsafeMutableBufferPointer<UInt8>?
    /// The parser's own buffer, put back before `yaml_parser_delete` frees it.
    private let original: (start: UnsafeMutablePointer<UInt8>?, end: UnsafeMutablePointer<UInt8>?)

    /// Gives `parser`, set up with `yaml_parser_set_input_string` on `input`, all of `input`
    /// as read; nil, with `parser` unchanged, when its reader must read it. `isPadded`: the
    /// memory after `input` holds `padding` zeros (`padded`); else the input is copied.
    init?(_ input: UnsafeBufferPointer<UInt8>, isPadded: Bool, parser: inout yaml_parser_t) {
        guard let characters = DecodedInput.characterCount(input), let base = input.baseAddress else { return nil }
        let start: UnsafeMutablePointer<UInt8>
        if isPadded {
            storage = nil
            // libyaml's buffer is not const, but nothing writes to it once the reader is done.
            start = UnsafeMutablePointer(mutating: base)
        } else {
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: input.count + DecodedInput.padding)
            _ = copy.initialize(from: input)
            (copy.baseAddress! + input.count).initialize(repeating: 0, count: DecodedInput.padding)
            storage = copy
            start = copy.baseAddress!
        }
        original = (parser.buffer.start, parser.buffer.end)
        parser.buffer.start = start
        parser.buffer.pointer = start
        parser.buffer.last = start + input.count + 1
        parser.buffer.end = start + input.count + DecodedInput.padding
        parser.unread = characters + 1
        parser.encoding = YAML_UTF8_ENCODING
        parser.offset = input.count
        // The reader sees the end of the input reached and its raw buffer empty: it returns
        // at once from then on.
        parser.raw_buffer.pointer = parser.raw_buffer.start
        parser.raw_buffer.last = parser.raw_buffer.start
        parser.eof = 1
    }

    /// Puts the parser's own buffer back, for `yaml_parser_delete` to free.
    func restore(_ parser: inout yaml_parser_t) {
        parser.buffer.start = original.start
        parser.buffer.pointer = original.start
        parser.buffer.last = original.start
        parser.buffer.end = original.end
    }

    deinit { storage?.deallocate() }

    /// `count` bytes that `fill` writes, followed in memory by `padding` zeros, for reading in
    /// place. The array holds only the `count` bytes: the zeros lie past its end.
    static func padded(count: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count + padding) { buffer, initialized in
            fill(UnsafeMutableBufferPointer(rebasing: buffer[..<count]))
            UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(repeating: 0)
            initialized = count
        }
    }

    /// How many characters `bytes` holds, when every one is what libyaml's reader accepts:
    /// well-formed UTF-8 (no overlong form, surrogate or value past U+10FFFF) of tab, line
    /// feed, carriage return, printable ASCII, NEL, U+00A0 to U+D7FF, U+E000 to U+FFFD or
    /// U+10000 to U+10FFFF. nil when one is not, and when the bytes start with a UTF-8 byte
    /// order mark.
    static func characterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { return nil }
        var index = 0
        var characters = 0
        while index < count {
            // Eight ASCII bytes at a time: nearly all of a spec.
            while index + 8 <= count, isAllowedASCII(ByteWords.word(bytes, at: index)) {
                index += 8
                characters += 8
            }
            guard index < count else { break }
            let lead = base[index]
            if lead < 0x80 {
                guard lead >= 0x20 && lead != 0x7F || lead == 0x09 || lead == 0x0A || lead == 0x0D else { return nil }
                index += 1
                characters += 1
                continue
            }
            let width: Int
            var value: UInt32
            switch lead {
            case 0xC0...0xDF: (width, value) = (2, UInt32(lead & 0x1F))
            case 0xE0...0xEF: (width, value) = (3, UInt32(lead & 0x0F))
            case 0xF0...0xF7: (width, value) = (4, UInt32(lead & 0x07))
            default: return nil
            }
            guard index + width <= count else { return nil }
            for offset in 1..<width {
                let trailing = base[index + offset]
                guard trailing & 0xC0 == 0x80 else { return nil }
                value = value << 6 | UInt32(trailing & 0x3F)
            }
            let shortest: UInt32 = width == 2 ? 0x80 : width == 3 ? 0x800 : 0x10000
            guard value >= shortest, value == 0x85 || (0xA0...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value)
                || (0x10000...0x10FFFF).contains(value)
            else { return nil }
            index += width
            characters += 1
        }
        return characters
    }

    /// Whether all eight bytes of `word` are ASCII that YAML allows: printable, tab, line feed
    /// or carriage return. Exact: each byte is tested without carries from its neighbours
    /// (within seven bits no sum carries out of its byte), so line breaks followed by
    /// indentation do not send a word to the character-at-a-time path.
    @inline(__always)
    private static func isAllowedASCII(_ word: UInt64) -> Bool {
        let (lowBits, lowSevenBits, highBits) = (ByteWords.lowBits, ByteWords.lowSevenBits, ByteWords.highBits)
        let low = word & lowSevenBits
        // The top bit of each byte: set where the byte is 0x20 or more (ASCII bytes only), and
        // where it is 0x7F.
        let printable = (low &+ lowBits &* 0x60) & highBits
        let delete = (low &+ lowBits) & highBits
        if (word | delete | ~printable) & highBits == 0 { return true }
        // Most words that get here hold a line break: allowed below 0x20 are tab, line feed
        // and carriage return.
        func equals(_ byte: UInt8) -> UInt64 {
            let difference = word ^ (lowBits &* UInt64(byte))
            return ~((difference & lowSevenBits) &+ lowSevenBits | difference | lowSevenBits)
        }
        let control = ~printable & highBits & ~(equals(0x0A) | equals(0x09) | equals(0x0D))
        return (word | delete | control) & highBits == 0
    }
}
