import ArgumentParser
import BuiltinMethods
import Foundation
import MethodHost

struct MethodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "method", abstract: "Built-in methods.", subcommands: [Serve.self, List.self])

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a built-in method over HPP/1 on stdin/stdout (the harness starts this in a sandbox).")

        @Argument(help: "The built-in's name.")
        var name: String

        func run() throws {
            guard let method = BuiltinRegistry.make(name) else {
                throw fail("unknown built-in '\(name)'; known: \(BuiltinRegistry.names.joined(separator: ", "))")
            }
            let code = MethodServer.serve(method)
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in methods.")
        func run() { BuiltinRegistry.names.forEach { print($0) } }
    }
}
