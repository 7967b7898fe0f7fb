import HoldoutCore
import MethodHost

/// The one registry of built-in methods, served by `holdout method serve NAME`.
public enum BuiltinRegistry {
    public static let names = ["persistence", "reference-solver", "fourier-linear"]

    public static func make(_ name: String) -> ServedMethod? {
        switch name {
        case "persistence": return PersistenceMethod()
        case "reference-solver": return ReferenceSolverMethod()
        case "fourier-linear": return FourierLinearMethod()
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
        let axes: [Axis] = [.case, .member, .lead] + (0..<(frameShape.count - 2)).map { Axis(.space, "x\($0)") } + [Axis(.component)]
        return Field(axes: axes, shape: [perCase.count, members] + frameShape, values: values)
    }
}
