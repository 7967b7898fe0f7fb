import Foundation
import HoldoutCore

/// A method implemented in Swift and served over HPP/1 by `holdout method serve NAME`.
///
/// Built-in baselines implement this and run through exactly the same protocol, sandbox and
/// timing as any external plugin; nothing about them is trusted more.
public protocol ServedMethod: AnyObject {
    var info: HPP.MethodInfo { get }
    var capabilities: HPP.Capabilities { get }
    /// Called once per process with the public task. In predict mode, load the trained model here.
    func configure(_ task: HPP.TaskMessage) throws
    /// Trains on the public data and writes the trained model into `task.paths.artifacts`.
    func train() throws
    /// Returns [batch, members, output_frames, space…, component] for inputs
    /// [batch, input_frames, space…, component] and parameters [batch, parameter] (if declared).
    func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field
}

extension ServedMethod {
    public func train() throws {}
}

/// The plugin side of HPP/1: answers the harness's messages until `bye`.
public enum MethodServer {
    /// Serves `method` over `channel`; returns the process exit code.
    public static func serve(_ method: ServedMethod, over channel: ByteChannel = FileDescriptorChannel()) -> Int32 {
        do {
            try channel.send(HPPFrame.make(HPP.Hello(method: method.info, capabilities: method.capabilities)))
            var task: HPP.TaskMessage?
            while true {
                let frame = try channel.receive(maximumPayloadBytes: Int.max)
                do {
                    switch try frame.envelope().type {
                    case "task":
                        let message = try frame.decode(HPP.TaskMessage.self)
                        try method.configure(message)
                        task = message
                    case "train":
                        guard task != nil else { throw HPPError.unexpected("'train' before 'task'") }
                        try method.train()
                        try channel.send(HPPFrame.make(HPP.Trained()))
                    case "predict":
                        guard let task else { throw HPPError.unexpected("'predict' before 'task'") }
                        let request = try frame.decode(HPP.Predict.self)
                        let description = task.task
                        let points = request.points ?? description.points
                        guard description.grids.contains(points) else {
                            throw HPPError.unexpected("'predict' asks for the grid \(points), which is not one of the task's grids \(description.grids)")
                        }
                        let inputs = try frame.array(named: "inputs", expectedShape: description.inputShape(batch: request.batch, points: points))
                        let parameters = description.parameterInputs.isEmpty ? nil
                            : try frame.array(named: "parameters", expectedShape: [request.batch, description.parameterInputs.count])
                        let outputs = try method.predict(inputs: inputs, parameters: parameters, members: request.members)
                        try channel.send(HPPFrame.make(HPP.Prediction(), arrays: [("outputs", outputs)]))
                    case "bye":
                        return 0
                    case let other:
                        throw HPPError.unexpected("unknown message type '\(other)'")
                    }
                } catch let error as HPPError {
                    try channel.send(HPPFrame.make(HPP.ErrorMessage(message: error.description)))
                } catch {
                    try channel.send(HPPFrame.make(HPP.ErrorMessage(message: "\(error)")))
                }
            }
        } catch {
            FileHandle.standardError.write(Data("method server: \(error)\n".utf8))
            return 1
        }
    }
}
