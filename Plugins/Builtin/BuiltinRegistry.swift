import HoldoutCore
import MethodHost

/// The one registry of built-in methods, served by `holdout method serve NAME`.
public enum BuiltinRegistry {
    public static let names = ["persistence", "reference-solver", "reference-ensemble", "fourier-linear", "climatology",
                               "climatology-ensemble", "damped-persistence"]

    public static func make(_ name: String) -> ServedMethod? {
        switch name {
        case "persistence": return PersistenceMethod()
        case "reference-solver": return ReferenceSolverMethod(ensemble: false)
        case "reference-ensemble": return ReferenceSolverMethod(ensemble: true)
        case "fourier-linear": return FourierLinearMethod()
        case "climatology": return ClimatologyMethod(ensemble: false)
        case "climatology-ensemble": return ClimatologyMethod(ensemble: true)
        case "damped-persistence": return DampedPersistenceMethod()
        default: return nil
        }
    }
}

/// Errors a built-in method reports back over the protocol.
struct MethodError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Field {
    /// Builds [batch, members, leads, space…, component] from per-case [leads, space…, component] frames,
    /// repeating each deterministic forecast for every member.
    static func forecast(_ perCase: [[Double]], members: Int, frameShape: [Int]) -> Field {
        var values: [Double] = []
        values.reserveCapacity(perCase.count * members * frameShape.reduce(1, *))
        for forecast in perCase {
            for _ in 0..<members { values.append(contentsOf: forecast) }
        }
        return .members(values, batch: perCase.count, members: members, frameShape: frameShape)
    }

    /// Wraps values laid out [batch][member][lead][space…][component] as the `predict` reply.
    static func members(_ values: [Double], batch: Int, members: Int, frameShape: [Int]) -> Field {
        let axes: [Axis] = [.case, .member, .lead] + (0..<(frameShape.count - 2)).map { Axis(.space, "x\($0)") } + [Axis(.component)]
        return Field(axes: axes, shape: [batch, members] + frameShape, values: values)
    }
}
