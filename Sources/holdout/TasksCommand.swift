import ArgumentParser
import Foundation
import Harness
import HoldoutCore

struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List, show and validate task specs.", subcommands: [List.self, Show.self, Validate.self, Lyapunov.self])

    static func specFiles(in repository: URL) -> [URL] {
        let tasks = repository.appendingPathComponent("Tasks")
        let enumerator = FileManager.default.enumerator(at: tasks, includingPropertiesForKeys: nil)
        return (enumerator?.compactMap { $0 as? URL } ?? [])
            .filter { $0.pathExtension == "yaml" && !$0.path.contains("/challenges/") }
            .sorted { $0.path < $1.path }
    }

    static func display(_ url: URL, _ repository: URL) -> String {
        let root = repository.path + "/"
        return url.path.hasPrefix(root) ? String(url.path.dropFirst(root.count)) : url.path
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the task specs under Tasks/.")
        @OptionGroup var location: LocationOptions

        func run() throws {
            for url in TasksCommand.specFiles(in: location.repositoryURL) {
                let path = TasksCommand.display(url, location.repositoryURL)
                do {
                    let spec = try TaskSpec.load(from: url, displayPath: path)
                    print("\(spec.id.padding(toLength: 24, withPad: " ", startingAt: 0)) \(spec.version.padding(toLength: 8, withPad: " ", startingAt: 0)) \(spec.title)  (\(path))")
                } catch {
                    print("\(path): invalid: \(error)")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one task spec, resolved with its defaults.")
        @OptionGroup var location: LocationOptions
        @Argument(help: "A task id or a path to a spec.") var task: String

        func run() throws {
            let url = try TasksCommand.resolve(task, in: location.repositoryURL)
            let spec = try TaskSpec.load(from: url, displayPath: TasksCommand.display(url, location.repositoryURL))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(spec), as: UTF8.self))
        }
    }

    static func resolve(_ task: String, in repository: URL) throws -> URL {
        if task.hasSuffix(".yaml") {
            return task.hasPrefix("/") ? URL(fileURLWithPath: task) : repository.appendingPathComponent(task)
        }
        for url in specFiles(in: repository) where (try? TaskSpec.load(from: url))?.id == task { return url }
        throw fail("no task with id '\(task)' under \(repository.path)/Tasks")
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate task specs and challenges, and check the reference solver's self-convergence.")
        @OptionGroup var location: LocationOptions
        @Argument(help: "Spec files (default: every spec under Tasks/).") var paths: [String] = []
        @Option(name: .customLong("skip-convergence"),
                help: "A spec (path as printed) to parse and check without its self-convergence probe, e.g. a large official size in a quick check. Repeatable.")
        var skipConvergence: [String] = []

        func run() throws {
            let repository = location.repositoryURL
            let urls = paths.isEmpty ? TasksCommand.specFiles(in: repository)
                : paths.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : repository.appendingPathComponent($0) }
            var failures = 0
            for url in urls {
                let path = TasksCommand.display(url, repository)
                do {
                    let spec = try TaskSpec.load(from: url, displayPath: path)
                    if skipConvergence.contains(path) {
                        print("\(path): ok (parsed; self-convergence not probed, as asked)")
                        continue
                    }
                    let check = try SelfConvergenceCheck.run(spec: spec)
                    print("\(path): \(check.passed ? "ok" : "FAILED") (\(check.summary))")
                    if !check.passed { failures += 1 }
                } catch {
                    print("\(error)")
                    failures += 1
                }
            }
            let challenges = repository.appendingPathComponent("Tasks/challenges")
            if paths.isEmpty, let names = try? FileManager.default.contentsOfDirectory(atPath: challenges.path) {
                for name in names.sorted() where name.hasSuffix(".yaml") {
                    let url = challenges.appendingPathComponent(name)
                    do {
                        _ = try ChallengePlan.load(challengeFile: url, repository: repository)
                        print("\(TasksCommand.display(url, repository)): ok")
                    } catch {
                        print("\(error)")
                        failures += 1
                    }
                }
            }
            if failures > 0 { throw fail("\(failures) spec(s) failed validation") }
        }
    }
}
