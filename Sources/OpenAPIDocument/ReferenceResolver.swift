import Diagnostics
import SystemPackage
import YAMLReader

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves `$ref` strings to nodes: local JSON pointers (with `~0`, `~1` and percent-escapes),
/// and relative file references that stay inside the root spec's folder. Used while the trees
/// are alive, by `DocumentDecoder.resolveReferences`.
///
/// Never touches the network: `http(s)` and other URL schemes are refused, as are absolute
/// paths and paths that climb out of the spec's folder (also through symlinks).
final class ReferenceResolver {
    /// Documents by absolute, symlink-free path.
    private var documents: [String: YAMLDocument] = [:]
    /// Each loaded document, and its absolute path when read from disk, by its file's identity:
    /// references name their origin by file.
    private var loaded: [ObjectIdentifier: (document: YAMLDocument, path: String?)] = [:]
    private let rootDirectory: String
    private let rootDisplayDirectory: String
    private let limits: YAMLLimits

    /// - Parameters:
    ///   - root: the root document.
    ///   - rootPath: the root document's path on disk (nil for documents parsed from memory:
    ///     then only local references resolve).
    init(root: YAMLDocument, rootPath: String?, limits: YAMLLimits = .default) {
        self.limits = limits
        rootDisplayDirectory = FilePath(root.file).removingLastComponent().string
        if let rootPath, let real = ReferenceResolver.realPath(rootPath) {
            rootDirectory = FilePath(real).removingLastComponent().string
            documents[real] = root
            loaded[ObjectIdentifier(root.source)] = (root, real)
        } else {
            rootDirectory = ""
            loaded[ObjectIdentifier(root.source)] = (root, nil)
        }
    }

    /// The node a reference in `origin` points to, or a diagnostic that says why it cannot be
    /// followed. `origin` is the root document's file or one this resolver loaded.
    func resolve(_ ref: String, from originFile: SourceFile, at location: SourceLocation) -> Result<YAMLNode, Diagnostic> {
        guard let origin = loaded[ObjectIdentifier(originFile)]?.document else {
            return .failure(.error("$ref '\(ref)' sits in '\(originFile.path)', a file this run did not load", at: location))
        }
        let (filePart, fragment) = ReferenceResolver.split(ref)
        let document: YAMLDocument
        if filePart.isEmpty {
            document = origin
        } else {
            switch loadDocument(filePart, from: origin, ref: ref, at: location) {
            case .success(let loaded): document = loaded
            case .failure(let diagnostic): return .failure(diagnostic)
            }
        }
        guard let fragment, !fragment.isEmpty else { return .success(document.root) }
        guard fragment.hasPrefix("/") else {
            return .failure(.error("unsupported $ref '\(ref)': only JSON pointer fragments ('#/...') are supported, not anchors", at: location))
        }
        var node = document.root
        // Split the bytes: splitting the String itself breaks graphemes, a third of resolving.
        let tokens = fragment.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for (index, tokenBytes) in tokens.enumerated() {
            let rawToken = String(Substring(tokenBytes))
            let token = ReferenceResolver.unescapePointerToken(rawToken)
            let next: YAMLNode?
            switch node.kind {
            case .mapping: next = node[token]
            case .sequence: next = Int(token).flatMap { $0 >= 0 && $0 < node.count ? node.items[$0] : nil }
            case .scalar: next = nil
            }
            guard let next else {
                // The pointer as far as it was followed, spelled only now that it is needed.
                let walked = (["#"] + tokens[..<index].map { String(Substring($0)) }).joined(separator: "/")
                let container = index == 0 ? "the document root" : "'\(walked)'"
                return .failure(.error("unresolved $ref '\(ref)': no '\(token)' in \(container)", at: location))
            }
            node = next
        }
        return .success(node)
    }

    /// `file#fragment` → (file, fragment). The fragment is nil when there is no `#`.
    static func split(_ ref: String) -> (file: String, fragment: String?) {
        guard let hash = ref.firstIndex(of: "#") else { return (ref, nil) }
        return (String(ref[..<hash]), String(ref[ref.index(after: hash)...]))
    }

    /// Decodes one JSON pointer token: percent-escapes first (it is a URI fragment), then `~1`, `~0`.
    static func unescapePointerToken(_ token: String) -> String {
        // Almost every token is a plain name: return it untouched.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "~") }) else { return token }
        let text = token.utf8.contains(UInt8(ascii: "%")) ? percentDecoded(token) ?? token : token
        // `~1` is `/` and `~0` is `~`; any other `~` is kept as written.
        var unescaped = "", pendingTilde = false
        for character in text {
            if pendingTilde {
                pendingTilde = false
                switch character {
                case "0": unescaped.append("~"); continue
                case "1": unescaped.append("/"); continue
                default: unescaped.append("~")
                }
            }
            if character == "~" { pendingTilde = true } else { unescaped.append(character) }
        }
        return pendingTilde ? unescaped + "~" : unescaped
    }

    /// `%XX` escapes decoded as UTF-8; nil when an escape is malformed or the bytes are not UTF-8
    /// (then callers keep the text as written, as Foundation's `removingPercentEncoding` would).
    static func percentDecoded(_ text: String) -> String? {
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        // `String(validating:)` would need macOS 15; `transcode` says whether the bytes are UTF-8.
        let invalid = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true) { _ in }
        return invalid ? nil : String(decoding: bytes, as: UTF8.self)
    }

    private func loadDocument(_ filePart: String, from origin: YAMLDocument, ref: String, at location: SourceLocation) -> Result<YAMLDocument, Diagnostic> {
        let lowered = filePart.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("//") {
            return .failure(.error("remote $ref '\(ref)' is not allowed: oasgen never uses the network; download the file next to the spec and reference it relatively", at: location))
        }
        if let colon = filePart.firstIndex(of: ":"), filePart[..<colon].allSatisfy({ $0.isLetter }) {
            return .failure(.error("$ref '\(ref)' uses a URL scheme; only relative file references inside the spec's folder are allowed", at: location))
        }
        let relative = ReferenceResolver.percentDecoded(filePart) ?? filePart
        if relative.hasPrefix("/") || relative.hasPrefix("~") {
            return .failure(.error("absolute $ref '\(ref)' is not allowed; reference files relative to the spec, inside its folder", at: location))
        }
        guard !rootDirectory.isEmpty, let originPath = loaded[ObjectIdentifier(origin.source)]?.path else {
            return .failure(.error("file $ref '\(ref)' cannot be followed from a document that was not read from disk", at: location))
        }
        let joined = FilePath(originPath).removingLastComponent().appending(relative).lexicallyNormalized().string
        guard ReferenceResolver.isInside(joined, directory: rootDirectory) else {
            return .failure(.error("$ref '\(ref)' points outside the spec's folder; only files inside '\(rootDisplayDirectory.isEmpty ? "." : rootDisplayDirectory)' may be referenced", at: location))
        }
        guard let real = ReferenceResolver.realPath(joined) else {
            return .failure(.error("$ref '\(ref)': file '\(relative)' not found", at: location))
        }
        guard ReferenceResolver.isInside(real, directory: rootDirectory) else {
            return .failure(.error("$ref '\(ref)' resolves (through a symbolic link) outside the spec's folder", at: location))
        }
        if let loaded = documents[real] { return .success(loaded) }
        let suffix = String(real.dropFirst(rootDirectory.count + 1))
        let display = rootDisplayDirectory.isEmpty ? suffix : FilePath(rootDisplayDirectory).appending(suffix).string
        do {
            let document = try YAMLDocument.load(path: real, displayPath: display, limits: limits)
            documents[real] = document
            loaded[ObjectIdentifier(document.source)] = (document, real)
            return .success(document)
        } catch {
            let first = error.diagnostics.first { $0.severity == .error }
            let detail = first.map { " (\($0))" } ?? ""
            return .failure(.error("$ref '\(ref)': cannot read '\(relative)'\(detail)", at: location))
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isInside(_ path: String, directory: String) -> Bool {
        path.hasPrefix(directory + "/")
    }
}
