#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C `errno` (named apart from `FileError.errno`, which would shadow it; `Glibc.errno`
/// would not build on Darwin).
@inline(__always)
func lastErrno() -> Int32 { errno }

/// A file-system error with the path, what failed and how to fix it.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var hint: String

    public init(path: String, message: String, hint: String = "") {
        self.path = path
        self.message = message
        self.hint = hint
    }

    /// An error for the current `errno`.
    public static func errno(_ path: String, _ what: String, hint: String = "") -> FileError {
        let code = lastErrno()
        let reason = String(cString: strerror(code))
        var h = hint
        if h.isEmpty {
            switch code {
            case ENOSPC: h = "the disk is full; free space and retry"
            case EFBIG: h = "the file size limit was reached (ulimit -f)"
            case EACCES, EPERM, EROFS: h = "check the permissions of the directory"
            case ENOENT: h = "check that the directory exists"
            default: h = ""
            }
        }
        return FileError(path: path, message: "\(what): \(reason)", hint: h)
    }

    public var description: String {
        hint.isEmpty ? "\(path): error: \(message)" : "\(path): error: \(message) (\(hint))"
    }
}

/// Writes a whole file atomically: bytes go to a temporary file in the same directory, which
/// is flushed to disk (`fsync`) and then renamed over the target, and the directory is synced.
/// A reader sees the old file or the new one, never half of one; a crash leaves at most a
/// stray `.tmp-` file, which is never read as data.
public final class AtomicFileWriter {
    public let path: String
    let tempPath: String
    var fd: Int32
    var buffer: [UInt8] = []
    var finished = false

    /// Starts writing `path`. `mode` is the permission of the final file.
    public init(path: String, mode: mode_t = 0o644) throws(FileError) {
        self.path = path
        var rnd = SystemRandomNumberGenerator()
        tempPath = "\(path).tmp-\(getpid())-\(String(rnd.next() as UInt32, radix: 36))"
        fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 { throw FileError.errno(path, "cannot create a temporary file beside it") }
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        if !finished { abort() }
    }

    /// Appends bytes (buffered).
    public func write<C: Collection>(_ bytes: C) throws(FileError) where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flushBuffer() }
    }

    /// Appends a string's UTF-8 bytes.
    public func write(_ string: String) throws(FileError) {
        try write(string.utf8)
    }

    func flushBuffer() throws(FileError) {
        var off = 0
        let count = buffer.count
        while off < count {
            let n = buffer.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + off, count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                let err = FileError.errno(path, "write failed")
                abort()
                throw err
            }
            off += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the temporary file over the target.
    public func commit() throws(FileError) {
        precondition(!finished, "commit after commit or abort")
        try flushBuffer()
        if fsync(fd) != 0 {
            let err = FileError.errno(path, "fsync failed")
            abort()
            throw err
        }
        // close can report a write error the file system deferred (NFS, quotas): the new
        // file would be incomplete, so it must not replace the old one.
        let closed = close(fd)
        fd = -1
        if closed != 0 {
            let err = FileError.errno(path, "closing the temporary file failed")
            abort()
            throw err
        }
        if rename(tempPath, path) != 0 {
            let err = FileError.errno(path, "cannot rename the temporary file into place")
            unlink(tempPath)
            finished = true
            throw err
        }
        finished = true
        syncDirectory(of: path)
    }

    /// Drops the temporary file; the target is untouched.
    public func abort() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !finished { unlink(tempPath) }
        finished = true
    }
}

/// Writes `bytes` to `path` atomically (see `AtomicFileWriter`).
public func writeFileAtomically<C: Collection>(_ bytes: C, to path: String, mode: mode_t = 0o644) throws(FileError)
where C.Element == UInt8 {
    let w = try AtomicFileWriter(path: path, mode: mode)
    try w.write(bytes)
    try w.commit()
}

/// Syncs the directory holding `path`, so a rename in it survives a power loss.
public func syncDirectory(of path: String) {
    let dir: String
    if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
        dir = String(path[..<slash])
    } else {
        dir = "."
    }
    let dfd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dfd >= 0 {
        fsync(dfd)
        close(dfd)
    }
}

/// Reads a whole file (small files: manifests, configs, .txt sources).
public func readFileBytes(_ path: String) throws(FileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw FileError.errno(path, "cannot open the file") }
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw FileError.errno(path, "read failed")
        }
        if n == 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}
