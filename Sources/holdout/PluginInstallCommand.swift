import ArgumentParser
import Foundation
import Harness
import MethodHost

/// `holdout plugin install DIR`: builds the environment of a plugin's declared requirements.
struct PluginInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a plugin's declared requirements into its own environment (pip, in a sandbox with network).",
        discussion: """
        Reads 'requirements' from plugin.yaml (pinned pip requirements, or a requirements file) and builds a \
        Python virtual environment for them in the environment cache (HOLDOUT_ENVIRONMENTS, default \
        /var/tmp/holdout-environments), keyed by the hash of the requirements and the Python version. pip runs \
        in bubblewrap as the sandbox user, with network but without the workspace, the organiser's state or the \
        plugin's code. The plugin then runs with the environment mounted read-only at /env. Installed \
        environments are reused; with --check nothing is installed and the exit status says whether it is.
        """)

    @Argument(help: "Plugin directories (with plugin.yaml).")
    var directories: [String]

    @Flag(help: "Only report whether each environment is installed (exit status 1 if one is not).")
    var check = false

    func run() throws {
        var missing = false
        for directory in directories {
            let url = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
            let manifest: PluginManifest
            do { manifest = try PluginManifest.load(directory: url.standardizedFileURL) } catch { throw fail("\(error)") }
            guard let environment = PluginEnvironment(requirements: manifest.requirements) else {
                print("\(directory): no requirements (runs on the system Python)")
                continue
            }
            if environment.isInstalled {
                print("\(directory): installed at \(environment.directory.path)")
                continue
            }
            if check {
                print("\(directory): not installed (\(PluginEnvironment.installCommand(pluginPath: directory)))")
                missing = true
                continue
            }
            do {
                let seconds = try environment.install(progress: ProgressReporter(enabled: true))
                print(String(format: "%@: installed at %@ in %.0f s", directory, environment.directory.path, seconds))
            } catch {
                throw fail("\(directory): \(error)")
            }
        }
        if missing { throw ExitCode(1) }
    }
}
