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
