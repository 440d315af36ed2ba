struct CheckResult: Encodable {
    var id: Int
    var pointer: String
    var type: String
    var status: String
    var error: String?
    var encoded: String?
}

nonisolated(unsafe) var counts: [String: Int] = [:]
nonisolated(unsafe) var results: [CheckResult] = []

func renderPath(_ path: [any CodingKey]) -> String {
    var s = ""
    for k in path {
        if let i = k.intValue { s += "[\(i)]" } else { s += "." + k.stringValue }
    }
    return s.isEmpty ? "<root>" : s
}

func describe(_ error: any Error) -> String {
    guard let e = error as? DecodingError else { return String(describing: error) }
    switch e {
    case .typeMismatch(let t, let c):
        return "typeMismatch(\(t)) at \(renderPath(c.codingPath)): \(c.debugDescription)" + (c.underlyingError.map { " [underlying: \($0)]" } ?? "")
    case .valueNotFound(let t, let c):
        return "valueNotFound(\(t)) at \(renderPath(c.codingPath)): \(c.debugDescription)"
    case .keyNotFound(let k, let c):
        return "keyNotFound(\(k.stringValue)) at \(renderPath(c.codingPath)): \(c.debugDescription)"
    case .dataCorrupted(let c):
        return "dataCorrupted at \(renderPath(c.codingPath)): \(c.debugDescription)" + (c.underlyingError.map { " [underlying: \($0)]" } ?? "")
    @unknown default:
        return String(describing: e)
    }
}

func check<T: Codable & Hashable>(_ type: T.Type, _ id: Int, _ pointer: String, _ json: String) {
    let typeName = String(reflecting: type)
    var r = CheckResult(id: id, pointer: pointer, type: typeName, status: "OK")
    defer { counts[r.status, default: 0] += 1; results.append(r) }
    let decoder = JSONCoding.makeDecoder()
    let value: T
    do {
        value = try decoder.decode(T.self, from: Data(json.utf8))
    } catch {
        r.status = "DECODE_FAIL"; r.error = describe(error); return
    }
    let data: Data
    do {
        data = try JSONCoding.makeEncoder().encode(value)
    } catch {
        r.status = "ENCODE_FAIL"; r.error = String(describing: error); return
    }
    r.encoded = String(decoding: data, as: UTF8.self)
    let again: T
    do {
        again = try JSONCoding.makeDecoder().decode(T.self, from: data)
    } catch {
        r.status = "REDECODE_FAIL"; r.error = describe(error); return
    }
    if again != value {
        r.status = "ROUNDTRIP_MISMATCH"
        r.error = "first: \(String(describing: value).prefix(3000))\nagain: \(String(describing: again).prefix(3000))"
    }
}

func finish() {
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    for r in results {
        print(String(decoding: try! enc.encode(r), as: UTF8.self))
    }
    FileHandle.standardError.write(Data("\(counts)\n".utf8))
}
