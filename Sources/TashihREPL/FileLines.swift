import TashihJSON

#if canImport(Glibc)
    import Glibc
#endif

/// The lines of a region of a file, read in chunks of 4 MiB (doubled to fit a longer line) and
/// cut with `memchr`: what the REPL's two file indexes (record lines, journal events) scan with.
enum FileLines {
    /// Calls `line` with each line of bytes `[from, to)` of the open file `fd` (its `\n`
    /// excluded) and the file offset where it starts; a last line without a `\n` goes to `tail`.
    static func forEach(
        fd: Int32, displayName: String, from: Int = 0, to: Int = .max,
        _ line: (UnsafeBufferPointer<UInt8>, Int) -> Void, tail: (UnsafeBufferPointer<UInt8>, Int) -> Void
    ) throws(FileError) {
        var capacity = 4 << 20
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0
        var base = from  // file offset of buffer[0]
        var at = from  // next file offset to read
        while true {
            if filled == capacity {
                grow(&buffer, capacity: &capacity, keeping: filled)
            }
            let want = min(capacity - filled, to - at)
            let got = want > 0 ? pread(fd, buffer + filled, want, off_t(at)) : 0
            if got < 0 {
                if errno == EINTR { continue }
                throw FileError(path: displayName, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            filled += got
            at += got
            var pos = 0
            while pos < filled, let nl = memchr(buffer + pos, 0x0A, filled - pos) {
                let end = buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                line(UnsafeBufferPointer(start: buffer + pos, count: end - pos), base + pos)
                pos = end + 1
            }
            if got == 0 {
                if pos < filled { tail(UnsafeBufferPointer(start: buffer + pos, count: filled - pos), base + pos) }
                return
            }
            if pos > 0 {
                if pos < filled { buffer.update(from: buffer + pos, count: filled - pos) }
                filled -= pos
                base += pos
            }
        }
    }

    /// Moves the first `filled` bytes of `buffer` into a new buffer twice its `capacity`: room
    /// for a line longer than the buffer.
    static func grow(_ buffer: inout UnsafeMutablePointer<UInt8>, capacity: inout Int, keeping filled: Int) {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
    }
}
