import ArgumentParser

/// `holdout plugin …`: the participant's side of submitting a method (scaffold, check, install its requirements).
struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin", abstract: "Write and check a plugin (an external method).",
        discussion: "Guide: docs/writing-a-plugin.md.",
        subcommands: [PluginNewCommand.self, PluginCheckCommand.self, PluginInstallCommand.self])
}
