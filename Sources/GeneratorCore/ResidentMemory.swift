#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process's resident memory, as the kernel counts it (Linux; elsewhere nothing).
enum ResidentMemory {
    /// The most resident memory, in bytes, since the last call (or since the process started),
    /// and a new count from now: the kernel's high-water mark (`VmHWM`), then reset through
    /// `/proc/self/clear_refs`. Nil where the system does not tell.
    ///
    /// Resetting also resets the whole run's peak that `getrusage` and GNU `time` report, so
    /// only `--timings` asks.
    static func takePeak() -> Int? {
        #if os(Linux)
        let descriptor = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        close(descriptor)
        let peak = kilobytes(of: "VmHWM", in: String(decoding: bytes, as: UTF8.self)).map { $0 * 1024 }
        let reset = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        if reset >= 0 {
            _ = write(reset, "5", 1)
            close(reset)
        }
        return peak
        #else
        return nil
        #endif
    }

    /// `VmHWM:     12345 kB` → 12345.
    static func kilobytes(of field: String, in status: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).filter { $0.isNumber })
        }
        return nil
    }
}
