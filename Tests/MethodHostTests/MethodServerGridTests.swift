import Foundation
import HoldoutCore
import MethodHost
import Testing

/// The plugin side of a resolution-shift request: a `predict` on one of the task's finer grids
/// reaches the method with inputs on that grid; a grid the task does not list is refused.
@Suite struct MethodServerGridTests {
    /// Frames in from a prepared byte string, frames out collected.
    final class Duplex: ByteChannel {
        var input: [UInt8]
        var position = 0
        var output: [UInt8] = []
        init(_ input: [UInt8]) { self.input = input }
        func writeAll(_ bytes: UnsafeRawBufferPointer) throws { output.append(contentsOf: bytes) }
        func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws {
            guard position + buffer.count <= input.count else { throw HPPError.unexpected("end of stream") }
            buffer.copyBytes(from: input[position..<(position + buffer.count)])
            position += buffer.count
        }
    }

    /// Repeats the last input frame on whatever grid it comes on, and remembers the grids.
    final class Echo: ServedMethod {
        let info = HPP.MethodInfo(name: "echo", version: "1")
        let capabilities = HPP.Capabilities(trains: false, ensembles: false)
        var grids: [[Int]] = []
        func configure(_ task: HPP.TaskMessage) throws {}
        func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field {
            let grid = TaskDescription.grid(of: inputs)
            grids.append(grid)
            return Field(axes: [.case, .member, .lead] + grid.map { _ in Axis(.space) } + [Axis(.component)],
                         shape: [inputs.shape[0], members, 1] + grid + [1], values: inputs.values)
        }
    }

    func inputs(_ points: Int) -> Field {
        Field(axes: [.case, .lead, Axis(.space, "x"), Axis(.component)], shape: [1, 1, points, 1],
              values: (0..<points).map(Double.init))
    }

    @Test func predictRequestsCarryTheirGrid() throws {
        let text = """
            id: grid-toy
            version: 1.0.0
            title: toy
            physics: {equation: burgers, domain: {lengths: [1.0]}}
            initial_condition: {kind: random-fourier, max_wavenumber: 2}
            reference: {solver: etdrk4, points: [64], time_step: 0.01}
            observation: {points: [16], output_frames: 1, interval: 0.1}
            splits:
              train: {cases: 2}
              validation: {cases: 1}
              test: {cases: 1}
              test-fine: {cases: 1, observation: {points: [32]}}
            scoring: {metrics: [rmse], headline: rmse}
            """
        let spec = try TaskSpec.parse(text, file: "toy.yaml")
        let task = HPP.TaskMessage(mode: .predict, task: TaskDescription(spec: spec), options: [:],
                                   paths: .init(train: nil, validation: nil, artifacts: "/a", scratch: "/s"))
        #expect(task.task.grids == [[16], [32]])
        let requests = Duplex([])
        try requests.send(HPPFrame.make(task))
        try requests.send(HPPFrame.make(HPP.Predict(batch: 1, members: 1, points: [32]), arrays: [("inputs", inputs(32))]))
        try requests.send(HPPFrame.make(HPP.Predict(batch: 1, members: 1), arrays: [("inputs", inputs(16))]))
        try requests.send(HPPFrame.make(HPP.Predict(batch: 1, members: 1, points: [24]), arrays: [("inputs", inputs(24))]))
        try requests.send(HPPFrame.make(HPP.Bye()))

        let channel = Duplex(requests.output)
        let method = Echo()
        #expect(MethodServer.serve(method, over: channel) == 0)
        // A request without `points` is on the training grid.
        #expect(method.grids == [[32], [16]])
        let replies = Duplex(channel.output)
        var types: [String] = []
        var last: HPPFrame?
        for _ in 0..<4 {
            let frame = try replies.receive(maximumPayloadBytes: 1 << 20)
            types.append(try frame.envelope().type)
            last = frame
        }
        #expect(types == ["hello", "prediction", "prediction", "error"])
        let message = try #require(last).decode(HPP.ErrorMessage.self).message
        #expect(message.contains("[24], which is not one of the task's grids [[16], [32]]"), "\(message)")
    }
}
