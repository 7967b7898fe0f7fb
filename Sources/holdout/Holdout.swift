import ArgumentParser
import Foundation

@main
struct Holdout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdout",
        abstract: "Blind, CASP-style evaluation of scientific ML surrogates.",
        version: "0.1.0",
        subcommands: [RunCommand.self, TasksCommand.self, MethodCommand.self, DataCommand.self, ScoreCommand.self,
                      LeaderboardCommand.self, RoundCommand.self, PluginCommand.self,
                      SubmitCommand.self, EvaluateCommand.self, StatusCommand.self])
}

/// Options shared by commands that work in a repository and a workspace.
struct LocationOptions: ParsableArguments {
    @Option(help: "The repository holding Tasks/ and Plugins/.")
    var repository: String = FileManager.default.currentDirectoryPath

    @Option(help: "The harness's workspace: database, public data, artifacts, organiser state.")
    var workspace: String = ".holdout"

    var repositoryURL: URL { URL(fileURLWithPath: repository).standardizedFileURL }
    var workspaceURL: URL {
        workspace.hasPrefix("/") ? URL(fileURLWithPath: workspace) : repositoryURL.appendingPathComponent(workspace)
    }
}

/// Prints an error for people and exits non-zero, instead of a Swift error dump.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(1)
}

/// The running `holdout` binary, which serves the built-in methods.
var currentExecutable: URL {
    URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
}
