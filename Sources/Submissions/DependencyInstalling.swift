import Foundation
import Harness
import MethodHost

/// The submission step that installs a plugin's declared `requirements`.
///
/// An implementation must run every install step inside a sandbox that can reach the package
/// registry and nothing of the organiser's (no participant code outside a sandbox, install
/// scripts included), and must leave the environment where the plugin's runs find it.
public protocol DependencyInstalling: Sendable {
    /// Installs what the plugin at `directory` (its stored, immutable copy) declares; throws a
    /// `DependencyInstallationFailure` whose reason the participant can act on.
    func installDependencies(of directory: URL, manifest: PluginManifest) throws
}

public struct DependencyInstallationFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The harness's installer: the requirement list is pip-installed by `PluginEnvironment` into
/// the environment the plugin's runs mount at /env (cached by the list's hash), in a sandbox
/// that reaches the package registry and nothing of the organiser's.
public struct SandboxedPipInstaller: DependencyInstalling {
    public init() {}

    public func installDependencies(of directory: URL, manifest: PluginManifest) throws {
        guard let environment = PluginEnvironment(requirements: manifest.requirements) else { return }
        do {
            try environment.prepare(policy: .install, pluginPath: directory.path)
        } catch {
            throw DependencyInstallationFailure(error.description)
        }
    }
}

/// For harnesses that must not reach a package registry: accepts plugins without requirements
/// and fails, with that reason, those that declare some.
public struct RequirementFreeInstaller: DependencyInstalling {
    public init() {}

    public func installDependencies(of directory: URL, manifest: PluginManifest) throws {
        guard manifest.requirements.isEmpty else {
            throw DependencyInstallationFailure(
                "declares requirements (\(manifest.requirements.joined(separator: ", "))); this harness installs no dependencies")
        }
    }
}
