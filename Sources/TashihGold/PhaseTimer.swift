import Foundation

/// With `TASHIH_TIMING` set, prints how long each phase of a long load took, on stderr
/// (`index records (1000000): 212 ms`); otherwise does nothing.
public struct PhaseTimer {
    let enabled = ProcessInfo.processInfo.environment["TASHIH_TIMING"] != nil
    var last = DispatchTime.now().uptimeNanoseconds

    public init() {}

    /// Ends the phase `name`, which began at the previous call (or at the timer's creation).
    public mutating func phase(_ name: String) {
        guard enabled else { return }
        let t = DispatchTime.now().uptimeNanoseconds
        FileHandle.standardError.write(Data("\(name): \((t - last) / 1_000_000) ms\n".utf8))
        last = t
    }
}
