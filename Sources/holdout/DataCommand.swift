import ArgumentParser
import Datasets
import Foundation
import HoldoutCore

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Public data.", subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a public split (train or validation) from its public seeds into an HDF5 file (The Well's layout).")
        @OptionGroup var location: LocationOptions
        @Option(help: "A task id or spec path.") var task: String
        @Option(help: "A public split.") var split: String = "validation"
        @Option(help: "Number of cases (default: the spec's).") var cases: Int?
        @Option(help: "Output file (default: <split>.h5).") var output: String?

        func run() throws {
            let url = try TasksCommand.resolve(task, in: location.repositoryURL)
            let spec = try TaskSpec.load(from: url)
            guard var chosen = spec.split(named: split) else {
                throw fail("task '\(spec.id)' has no split '\(split)'; its splits: \(spec.splits.map(\.name).joined(separator: ", "))")
            }
            guard chosen.visibility == .public else {
                throw fail("split '\(split)' is hidden: it is generated only from a round's secret, by the organiser")
            }
            if let cases { chosen.cases = cases }
            let generated = try CaseGenerator(spec: spec).generate(split: chosen, count: chosen.cases,
                                                                    key: SeedDerivation.publicKey, seedOrigin: "public")
            let target = URL(fileURLWithPath: output ?? "\(spec.id)-\(split).h5")
            try PublicSplitFile.write(generated, spec: spec, split: chosen, to: target)
            print(target.path)
        }
    }
}
