import Diagnostics
import Foundation
import OpenAPIDocument
import YAMLReader

/// Resolves `$ref` strings to nodes: local JSON pointers (with `~0`, `~1` and percent-escapes),
/// and relative file references that stay inside the root spec's folder.
///
/// Never touches the network: `http(s)` and other URL schemes are refused, as are absolute
/// paths and paths that climb out of the spec's folder (also through symlinks).
final class ReferenceResolver {
    /// Documents by absolute, symlink-free path.
    private var documents: [String: YAMLDocument] = [:]
    /// Absolute path of each loaded document, keyed by the document's identity.
    private var paths: [ObjectIdentifier: String] = [:]
    private let rootDirectory: String
    private let rootDisplayDirectory: String
    private let limits: YAMLLimits

    /// - Parameters:
    ///   - root: the root document.
    ///   - rootPath: the root document's path on disk (nil for documents parsed from memory:
    ///     then only local references resolve).
    init(root: YAMLDocument, rootPath: String?, limits: YAMLLimits = .default) {
        self.limits = limits
        let displayDirectory = (root.file as NSString).deletingLastPathComponent
        rootDisplayDirectory = displayDirectory
        if let rootPath, let real = ReferenceResolver.realPath(rootPath) {
            rootDirectory = (real as NSString).deletingLastPathComponent
            documents[real] = root
            paths[ObjectIdentifier(root)] = real
        } else {
            rootDirectory = ""
        }
    }

    /// The node a reference points to, or a diagnostic that says why it cannot be followed.
    func resolve(_ ref: String, from origin: YAMLNode, at location: SourceLocation) -> Result<YAMLNode, Diagnostic> {
        let (filePart, fragment) = ReferenceResolver.split(ref)
        let document: YAMLDocument
        if filePart.isEmpty {
            document = origin.document
        } else {
            switch loadDocument(filePart, from: origin.document, ref: ref, at: location) {
            case .success(let loaded): document = loaded
            case .failure(let diagnostic): return .failure(diagnostic)
            }
        }
        guard let fragment, !fragment.isEmpty else { return .success(document.root) }
        guard fragment.hasPrefix("/") else {
            return .failure(.error("unsupported $ref '\(ref)': only JSON pointer fragments ('#/...') are supported, not anchors", at: location))
        }
        var node = document.root
        var walked = "#"
        // Split the bytes: splitting the String itself breaks graphemes, a third of resolving.
        for tokenBytes in fragment.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            let rawToken = String(Substring(tokenBytes))
            let token = ReferenceResolver.unescapePointerToken(rawToken)
            let next: YAMLNode?
            switch node.kind {
            case .mapping: next = node[token]
            case .sequence: next = Int(token).flatMap { $0 >= 0 && $0 < node.count ? node.items[$0] : nil }
            case .scalar: next = nil
            }
            guard let next else {
                let container = walked == "#" ? "the document root" : "'\(walked)'"
                return .failure(.error("unresolved $ref '\(ref)': no '\(token)' in \(container)", at: location))
            }
            node = next
            walked += "/" + rawToken
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
        // Almost every token is a plain name; only touch Foundation when there is an escape.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "~") }) else { return token }
        var text = token
        if text.contains("%") { text = text.removingPercentEncoding ?? text }
        if text.contains("~") {
            text = text.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        return text
    }

    private func loadDocument(_ filePart: String, from origin: YAMLDocument, ref: String, at location: SourceLocation) -> Result<YAMLDocument, Diagnostic> {
        let lowered = filePart.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("//") {
            return .failure(.error("remote $ref '\(ref)' is not allowed: oasgen never uses the network; download the file next to the spec and reference it relatively", at: location))
        }
        if let colon = filePart.firstIndex(of: ":"), filePart[..<colon].allSatisfy({ $0.isLetter }) {
            return .failure(.error("$ref '\(ref)' uses a URL scheme; only relative file references inside the spec's folder are allowed", at: location))
        }
        let relative = filePart.removingPercentEncoding ?? filePart
        if relative.hasPrefix("/") || relative.hasPrefix("~") {
            return .failure(.error("absolute $ref '\(ref)' is not allowed; reference files relative to the spec, inside its folder", at: location))
        }
        guard !rootDirectory.isEmpty, let originPath = paths[ObjectIdentifier(origin)] else {
            return .failure(.error("file $ref '\(ref)' cannot be followed from a document that was not read from disk", at: location))
        }
        let originDirectory = (originPath as NSString).deletingLastPathComponent
        let joined = ((originDirectory as NSString).appendingPathComponent(relative) as NSString).standardizingPath
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
        let display = rootDisplayDirectory.isEmpty ? suffix : (rootDisplayDirectory as NSString).appendingPathComponent(suffix)
        do {
            let document = try YAMLDocument.load(path: real, displayPath: display, limits: limits)
            documents[real] = document
            paths[ObjectIdentifier(document)] = real
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
