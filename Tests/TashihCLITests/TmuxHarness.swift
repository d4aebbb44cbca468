import Foundation
import Testing

/// Drives a program in a real terminal: a detached tmux session on a private server socket
/// (so it never touches the user's tmux), with keys sent through `send-keys` and the screen read
/// back with `capture-pane`. tmux does no bidi reordering, like xterm: what `capture-pane`
/// returns is what such a terminal shows.
final class TmuxSession {
    let socket: String
    let width: Int
    let height: Int

    static var available: Bool { FileManager.default.isExecutableFile(atPath: tmuxPath) }
    static let tmuxPath: String = {
        for p in ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"] where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        return "/usr/bin/tmux"
    }()

    /// Starts `command` (run by `sh -c`) in `directory` with `env` added to a clean environment.
    init(command: String, in directory: URL, env: [String: String], width: Int = 110, height: Int = 40) throws {
        socket = "tashih-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        self.width = width
        self.height = height
        var vars = ["LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "PATH": "/usr/bin:/bin"]
        for (k, v) in env { vars[k] = v }
        let exports = vars.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let shell = "cd \(Self.quote(directory.path)) && exec env -i \(exports) \(command)"
        try tmux([
            "-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", String(height), "-s", "t", "sh", "-c", shell,
        ])
        // Keep the pane after the program ends, so its last screen can still be read.
        try tmux(["set-option", "-t", "t", "remain-on-exit", "on"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.tmuxPath)
        p.arguments = ["-u", "-L", socket] + args
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Types text literally (Arabic included).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

    /// Presses named keys: `Enter`, `Tab`, `C-c`, `C-d`, `BSpace`, …
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

    /// The visible screen, one string per line, trailing blanks trimmed; with `escapes`, colour
    /// and attribute sequences are kept.
    func screen(escapes: Bool = false) throws -> [String] {
        let text = try tmux(["capture-pane", "-p", "-t", "t"] + (escapes ? ["-e"] : []))
        return text.components(separatedBy: "\n").map { line in
            var l = line
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }
    }

    /// Waits until `predicate` holds for the screen, and returns it; fails after `timeout` seconds
    /// with the last screen in the message.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation,
        _ predicate: ([String]) -> Bool
    ) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String] = []
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        Issue.record(
            "timed out waiting for \(what); the screen was:\n\(last.joined(separator: "\n"))", sourceLocation: sourceLocation)
        throw TmuxTimeout()
    }

    /// Waits until some line of the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        try waitFor("«\(text)»", timeout: timeout, sourceLocation: sourceLocation) { $0.contains { $0.contains(text) } }
    }

    /// Whether the program in the pane has ended.
    func ended() throws -> Bool { try tmux(["display-message", "-p", "-t", "t", "#{pane_dead}"]).hasPrefix("1") }
}

struct TmuxTimeout: Error {}
