import Diagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with POSIX calls: no Foundation on the hot path, and errors that say why.
enum FileReading {
    static func read(path: String, displayPath: String, limit: Int) throws(DiagnosticsError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw DiagnosticsError(.error("cannot read '\(displayPath)': \(reason)", at: nil))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw DiagnosticsError(.error("cannot read '\(displayPath)': \(String(cString: strerror(errno)))", at: nil))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw DiagnosticsError(.error("cannot read '\(displayPath)': it is a folder, not a file", at: nil))
        }
        let size = Int(status.st_size)
        guard size <= limit else {
            throw DiagnosticsError(.error("'\(displayPath)' is \(size >> 20) MiB; the most oasgen reads is \(limit >> 20) MiB", at: nil))
        }
        // Read straight into the array's storage: zero-filling it first would only touch every
        // page of a large spec once more before `read` overwrites it.
        var failure: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, filled in
            filled = 0
            while filled < size {
                let count = Glibc_read(descriptor, buffer.baseAddress! + filled, size - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { break }
                filled += count
            }
        }
        if let failure {
            throw DiagnosticsError(.error("cannot read '\(displayPath)': \(String(cString: strerror(failure)))", at: nil))
        }
        return bytes
    }
}

/// `read(2)`, named so it does not clash with the enum's method.
private func Glibc_read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
