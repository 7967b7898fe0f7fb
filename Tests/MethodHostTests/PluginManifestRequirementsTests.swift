import Foundation
import HoldoutCore
import HoldoutTestSupport
@testable import MethodHost
import Testing

/// `requirements` in plugin.yaml: pinned pip requirements, as a list or a file.
@Suite struct PluginManifestRequirementsTests {
    @Test(arguments: ["numpy==2.4.6", "jax[cpu]==0.10.2", "h5py == 3.16.0", "tomli==2.0.1; python_version < \"3.11\""])
    func pinnedRequirementsAreAccepted(_ requirement: String) {
        #expect(PluginManifest.isPinned(requirement))
    }

    @Test(arguments: ["numpy", "numpy>=2", "numpy~=2.4", "-r other.txt", "--index-url=https://example.org", "./local", "git+https://x/y"])
    func anythingElseIsRefused(_ requirement: String) {
        #expect(!PluginManifest.isPinned(requirement))
    }

    @Test func aListIsReadAndAnUnpinnedEntryPointsToItsPlace() throws {
        let manifest = try PluginManifest.parse("name: p\ncommand: [python3, p.py]\nrequirements: [optax==0.2.8]\n", file: "plugin.yaml")
        #expect(manifest.requirements == ["optax==0.2.8"])
        #expect(throws: SpecError.self) {
            try PluginManifest.parse("name: p\ncommand: [python3, p.py]\nrequirements:\n  - optax==0.2.8\n  - jax\n", file: "plugin.yaml")
        }
        do {
            _ = try PluginManifest.parse("name: p\ncommand: [python3, p.py]\nrequirements:\n  - optax==0.2.8\n  - jax\n", file: "plugin.yaml")
        } catch {
            #expect("\(error)".hasPrefix("plugin.yaml:5:5: requirement 'jax' is not pinned"), "\(error)")
        }
    }

    @Test func aRequirementsFileIsReadFromThePluginDirectory() throws {
        let directory = RepositoryPaths.temporaryDirectory("manifest-requirements")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("name: p\ncommand: [python3, p.py]\nrequirements: requirements.txt\n".utf8)
            .write(to: directory.appendingPathComponent("plugin.yaml"))
        try Data("# the model\njax[cpu]==0.10.2\n\noptax==0.2.8  # optimiser\n".utf8)
            .write(to: directory.appendingPathComponent("requirements.txt"))
        #expect(try PluginManifest.load(directory: directory).requirements == ["jax[cpu]==0.10.2", "optax==0.2.8"])

        try Data("jax[cpu]==0.10.2\n-e .\n".utf8).write(to: directory.appendingPathComponent("requirements.txt"))
        do {
            _ = try PluginManifest.load(directory: directory)
            Issue.record("an option line was accepted")
        } catch {
            #expect("\(error)".contains("requirements.txt:2:1: requirement '-e .': options and paths are not allowed"), "\(error)")
        }
    }
}
