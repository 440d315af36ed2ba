import Foundation

/// Bytes to upload, with the file name and media type servers often need (`format: binary`
/// properties). In a multipart body it becomes a file part; in JSON, base64 text.
public struct FileUpload: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file's contents.
    public var data: Data
    /// Sent as the part's `filename`; defaults to the property name.
    public var filename: String?
    /// The part's `Content-Type`; defaults to `application/octet-stream`.
    public var contentType: String?

    /// An upload of `data`.
    public init(_ data: Data, filename: String? = nil, contentType: String? = nil) {
        self.data = data
        self.filename = filename
        self.contentType = contentType
    }

    /// Decodes base64 text.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Data.self))
    }

    /// Encodes the bytes as base64 text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(data)
    }

    /// `FileUpload(report.pdf, 1204 bytes)`: never the contents.
    public var description: String {
        "FileUpload(\(filename.map { $0 + ", " } ?? "")\(data.count) bytes)"
    }
}

extension APIRequest {
    /// Sets a `multipart/form-data` body from a model: one part per property, in the order the
    /// model encodes them. ``FileUpload`` and `Data` values become file parts, strings, numbers,
    /// booleans, dates and enums text parts, arrays one part per element, and anything else a
    /// JSON part. Absent optionals are left out.
    ///
    /// - Throws: ``APIError/invalidRequest(_:)`` when the value is not an object or cannot be encoded.
    public mutating func setMultipartBody<ErrorBody>(_ value: some Encodable, using core: APIClientCore<ErrorBody>)
        throws(APIError<ErrorBody>)
    {
        let form = MultipartForm()
        do {
            try value.encode(to: MultipartEncoder(form: form))
        } catch {
            throw .invalidRequest(RequestValidationError(encodingFailure: error))
        }
        let boundary = "oasgen-" + UUID().uuidString
        setBody(form.encoded(boundary: boundary), contentType: "multipart/form-data; boundary=\(boundary)")
    }
}

/// The parts collected while a model encodes itself.
final class MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var data: Data
    }

    private(set) var parts: [Part] = []

    func append(_ part: Part) { parts.append(part) }

    /// The parts with their headers, separated by `boundary` (RFC 7578).
    func encoded(boundary: String) -> Data {
        var body = Data()
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(part.name))\""
            if let filename = part.filename { head += "; filename=\"\(Self.quoted(filename))\"" }
            head += "\r\n"
            if let contentType = part.contentType { head += "Content-Type: \(Self.headerValue(contentType))\r\n" }
            body.append(contentsOf: Array((head + "\r\n").utf8))
            body.append(part.data)
            body.append(contentsOf: Array("\r\n".utf8))
        }
        body.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
        return body
    }

    /// A name or file name inside quotes: `"`, CR and LF percent-encoded, as browsers do.
    static func quoted(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A header value without line breaks, so it cannot start another header.
    static func headerValue(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }
}

/// An `Encoder` that turns a model's top-level properties into form parts.
private struct MultipartEncoder: Encoder {
    let form: MultipartForm
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(PartsContainer<Key>(form: form, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        FailingContainer(codingPath: codingPath)
    }

    /// A union encodes its variant through a single-value container: the variant's own
    /// properties become the parts.
    func singleValueContainer() -> any SingleValueEncodingContainer {
        VariantContainer(form: form, codingPath: codingPath)
    }
}

private struct VariantContainer: SingleValueEncodingContainer {
    let form: MultipartForm
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        throw EncodingError.invalidValue(Optional<Int>.none as Any, .init(codingPath: codingPath, debugDescription: "a multipart body must be an object with properties"))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: MultipartEncoder(form: form, codingPath: codingPath))
    }
}

private struct PartsContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let form: MultipartForm
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        try append(value, name: key.stringValue, at: codingPath + [key])
    }

    private func append(_ value: some Encodable, name: String, at path: [any CodingKey]) throws {
        switch value {
        case let file as FileUpload:
            form.append(.init(name: name, filename: file.filename ?? name, contentType: file.contentType ?? "application/octet-stream", data: file.data))
        case let data as Data:
            form.append(.init(name: name, filename: name, contentType: "application/octet-stream", data: data))
        case let elements as [any Encodable]:
            for element in elements { try append(element, name: name, at: path) }
        case let json as JSONValue:
            try appendJSON(json, name: name, at: path)
        case let text as any ParameterValue:
            form.append(.init(name: name, data: Data(text.parameterText.utf8)))
        default:
            // Nested objects, unions and anything else go as their JSON form.
            let json: JSONValue
            do {
                json = try JSONValue(encoding: value)
            } catch {
                throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "cannot be encoded: \(error)"))
            }
            try appendJSON(json, name: name, at: path)
        }
    }

    private func appendJSON(_ json: JSONValue, name: String, at path: [any CodingKey]) throws {
        switch json {
        case .null: return
        case .object, .array:
            form.append(.init(name: name, contentType: "application/json", data: try JSONCoding.makeEncoder().encode(json)))
        default:
            form.append(.init(name: name, data: Data(json.parameterText.utf8)))
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(PartsContainer<NestedKey>(form: form, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        FailingContainer(codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { MultipartEncoder(form: form, codingPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { MultipartEncoder(form: form, codingPath: codingPath + [key]) }
}

/// What a multipart body cannot hold at its top level: a bare array or a single value.
private struct FailingContainer: UnkeyedEncodingContainer, SingleValueEncodingContainer {
    var codingPath: [any CodingKey]
    var count: Int { 0 }

    private func fail(_ value: Any) -> EncodingError {
        EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "a multipart body must be an object with properties"))
    }

    mutating func encodeNil() throws { throw fail(Optional<Int>.none as Any) }
    mutating func encode<T: Encodable>(_ value: T) throws { throw fail(value) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(PartsContainer<NestedKey>(form: MultipartForm(), codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
    mutating func superEncoder() -> any Encoder { MultipartEncoder(form: MultipartForm(), codingPath: codingPath) }
}
