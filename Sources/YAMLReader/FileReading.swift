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
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc_read(descriptor, buffer.baseAddress! + offset, size - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw DiagnosticsError(.error("cannot read '\(displayPath)': \(String(cString: strerror(errno)))", at: nil))
            }
            if count == 0 { break }
            offset += count
        }
        if offset < size { bytes.removeLast(size - offset) }
        return bytes
    }
}

/// `read(2)`, named so it does not clash with the enum's method.
private func Glibc_read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
