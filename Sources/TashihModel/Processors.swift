import Foundation

/// How many processors this process may run on: the CPUs of its affinity mask (what `nproc`
/// prints, so `taskset -c 0 tashih …` gets one worker thread, not one per processor of the
/// machine), or the online processors where there is no mask to read.
public enum Processors {
    public static let available: Int = {
        let online = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Linux: `Cpus_allowed:	3` (hexadecimal, in groups of 32 bits separated by commas).
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return online }
        let allowed = affinityCount(String(line.dropFirst("Cpus_allowed:".count)))
        return allowed > 0 ? min(allowed, online) : online
    }()

    /// The CPUs in a `Cpus_allowed` mask (0 if it cannot be read).
    static func affinityCount(_ mask: String) -> Int {
        var n = 0
        for c in mask.unicodeScalars where c != "," && c != " " && c != "\t" {
            guard let v = Int(String(c), radix: 16) else { return 0 }
            n += v.nonzeroBitCount
        }
        return n
    }
}

/// The C heap's growth step.
public enum Heap {
    /// Lets glibc's heap grow by `bytes` at a time (`M_TOP_PAD`; the default is 128 KiB).
    /// Reading two files of records for scoring allocates a few hundred MB from two threads;
    /// with the default, each thread's arena is widened by an `mprotect` call every few
    /// pages, and those calls queue on the process's one memory-map lock (about 3 % of the
    /// time, and the threads wait on each other). Only address space is reserved: a page
    /// takes memory when it is written. Returns whether the setting was taken.
    @discardableResult
    public static func growInSteps(of bytes: Int32 = 64 << 20) -> Bool {
        // `mallopt` is glibc's (declared in <malloc.h>, which Swift's Glibc module leaves
        // out), so it is looked up by name; elsewhere there is nothing to set.
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let topPad: Int32 = -2  // M_TOP_PAD
        return unsafeBitCast(f, to: Mallopt.self)(topPad, bytes) == 1
    }
}
