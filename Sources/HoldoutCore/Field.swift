/// The role an array axis plays. Every array in Holdout (protocol, HDF5, scorer) names its
/// axes, so that ensembles, lead times, 1–3 spatial axes (or phase space) and components
/// are never confused even where a task has one member or one component.
public enum AxisKind: String, Codable, Sendable, Hashable {
    case `case`
    case member
    case lead
    case space
    case component
}

/// A named axis, e.g. `Axis(.space, "x")` or `Axis(.component, "u")`.
public struct Axis: Codable, Sendable, Hashable, CustomStringConvertible {
    public var kind: AxisKind
    public var name: String

    public init(_ kind: AxisKind, _ name: String? = nil) {
        self.kind = kind
        self.name = name ?? kind.rawValue
    }

    public var description: String { kind == .space || kind == .component ? name : kind.rawValue }

    public static let `case` = Axis(.case)
    public static let member = Axis(.member)
    public static let lead = Axis(.lead)
}

/// A dense N-d array of `Double` in C (row-major) order with named axes.
///
/// Canonical axis order, where present: case, member, lead, space…, component
/// (The Well stores vector components last, and so do we).
public struct Field: Sendable, Equatable, Codable {
    public var axes: [Axis]
    public var shape: [Int]
    public var values: [Double]

    public init(axes: [Axis], shape: [Int], values: [Double]) {
        precondition(axes.count == shape.count, "one name per axis")
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.axes = axes
        self.shape = shape
        self.values = values
    }

    public init(axes: [Axis], shape: [Int], repeating value: Double = 0) {
        self.init(axes: axes, shape: shape, values: Array(repeating: value, count: shape.reduce(1, *)))
    }

    public var count: Int { values.count }
    public var rank: Int { shape.count }

    /// Row-major strides, in elements.
    public var strides: [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// Index of the first axis of the given kind, if any.
    public func axisIndex(_ kind: AxisKind) -> Int? { axes.firstIndex { $0.kind == kind } }

    /// Extent of the first axis of `kind`, or 1 if the field has no such axis.
    public func extent(_ kind: AxisKind) -> Int { axisIndex(kind).map { shape[$0] } ?? 1 }

    /// The spatial shape (all `.space` axes, in order).
    public var spatialShape: [Int] { zip(axes, shape).filter { $0.0.kind == .space }.map(\.1) }

    public subscript(indices: Int...) -> Double {
        get { values[offset(indices)] }
        set { values[offset(indices)] = newValue }
    }

    public func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "need \(shape.count) indices")
        var offset = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "index \(index) out of range for axis \(axes[axis])")
            offset = offset * shape[axis] + index
        }
        return offset
    }

    /// The sub-field at `index` along the leading axis (e.g. one case of a batch).
    public func slice(_ index: Int) -> Field {
        precondition(!shape.isEmpty && index >= 0 && index < shape[0])
        let inner = shape.dropFirst().reduce(1, *)
        return Field(axes: Array(axes.dropFirst()), shape: Array(shape.dropFirst()),
                     values: Array(values[(index * inner)..<((index + 1) * inner)]))
    }

    /// Stacks equally shaped fields along a new leading axis.
    public static func stack(_ fields: [Field], along axis: Axis) -> Field {
        guard let first = fields.first else { return Field(axes: [axis], shape: [0], values: []) }
        var values: [Double] = []
        values.reserveCapacity(first.count * fields.count)
        for field in fields {
            precondition(field.shape == first.shape && field.axes == first.axes, "stacked fields must agree")
            values.append(contentsOf: field.values)
        }
        return Field(axes: [axis] + first.axes, shape: [fields.count] + first.shape, values: values)
    }

    /// Whether every value is finite.
    public var isFinite: Bool { values.allSatisfy(\.isFinite) }
}
