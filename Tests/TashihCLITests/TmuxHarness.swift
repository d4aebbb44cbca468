import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Runs one tmux client command and returns what it printed. Spawned with `posix_spawn` and
    /// reaped with `waitpid`, and its output read from a file: the server that `new-session`
    /// starts inherits the client's descriptors, which makes `Process.waitUntilExit` and pipes
    /// wait for the server's end.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = [Self.tmuxPath, "-u", "-L", socket] + args
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")
        let envp = env.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = envp.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        // The test runner blocks SIGINT and others; the terminal's programs must start as a shell
        // would start them: nothing blocked, default handlers.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let rc = posix_spawn(&pid, Self.tmuxPath, &actions, &attr, cArgs, cEnv)
        guard rc == 0 else { throw TmuxFailure(message: "posix_spawn tmux: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(), as: UTF8.self)
    }

    /// Types text literally (Arabic included).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", "--", text]) }

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
        _ what: String, timeout: Double = 60, sourceLocation: SourceLocation = #_sourceLocation,
        _ predicate: ([String]) -> Bool
    ) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String] = []
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        let message = "timed out waiting for \(what); the screen was:\n\(last.joined(separator: "\n"))"
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        throw TmuxTimeout()
    }

    /// Waits until some line of the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 60, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        try waitFor("«\(text)»", timeout: timeout, sourceLocation: sourceLocation) { $0.contains { $0.contains(text) } }
    }

    /// Whether the program in the pane has ended.
    func ended() throws -> Bool { try tmux(["display-message", "-p", "-t", "t", "#{pane_dead}"]).hasPrefix("1") }
}

struct TmuxTimeout: Error {}

struct TmuxFailure: Error {
    var message: String
}
