import ArgumentParser
import Foundation
import TashihGold

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a workspace: tashih.json and a datasets/ folder.")

    @Argument(help: "The folder to make the workspace in (default: the current folder).")
    var directory: String = "."

    func run() throws {
        do {
            let ws = try Workspace.initialize(at: directory)
            print("initialised workspace \(ws.root) (tashih.json, datasets/)")
        } catch let e as WorkspaceError {
            throw CommandFailure(e.description)
        }
    }
}
