import ArgumentParser
import TashihGold
import TashihJSON
import TashihModel

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the schema in force (the workspace's, or the default) as JSON, the form tashih.json takes.")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Flag(help: "Print the built-in default schema, whatever the workspace says.")
    var `default` = false

    func run() throws {
        let schema = `default` ? Schema.default : ((try? workspaceOptions.open())?.schema ?? .default)
        print(JSONWriter.string(schema.json))
    }
}
