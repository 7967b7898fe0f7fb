import HoldoutCore

/// The contents of one HDF5 file in the layout of PolymathicAI's *The Well*
/// (<https://polymathic-ai.org/the_well/data_format/>), plus Holdout's documented additions.
///
/// The file layout written by ``WellHDF5/write(_:to:permissions:)`` is
///
/// ```text
/// /                        @dataset_name, @grid_type, @n_spatial_dims, @n_trajectories,
///                          @simulation_parameters, one @<param> per parameter,
///                          @holdout_layout_version = 1, and the free-form `attributes`
/// /dimensions              @spatial_dims; `time` (T) and one dataset per spatial dim (N_d),
///                          each with @sample_varying = False, @time_varying (True for time)
/// /boundary_conditions/<n> @associated_dims, @associated_fields, @bc_type ("PERIODIC", ...),
///                          @sample_varying, @time_varying; `mask` (bool over the associated
///                          dims, True on the first and last grid point of each)
/// /scalars                 @field_names; one dataset (B) per scalar, sample_varying = True
/// /t{0,1,2}_fields         @field_names; one dataset per field with @dim_varying,
///                          @sample_varying, @time_varying, and Holdout's @axes and @axis_kinds
/// /holdout                 @column_names; one dataset (B) per per-trajectory metadata column
/// ```
///
/// A field of tensor order k has shape (B, [M], T, N_1, …, N_D, D × k): The Well stores vector
/// components last. Holdout's additions: the attribute `axes` names every axis (`case`,
/// `member`, `lead`, the spatial names, component names) and `axis_kinds` gives their
/// ``AxisKind``, so a prediction file can carry an ensemble-member axis after the case axis.
/// Files without a member axis are read by The Well's own loader unchanged; files with one
/// are not (its loader assumes (B, T, space…)) and say so through `axes`.
///
/// Values are `Double` in memory. The Well stores fp32; Holdout defaults to fp64 on disk so
/// that data, commitments and scores are exact, and can write fp32 (``Precision/float32``)
/// for byte-for-byte dtype compatibility with The Well's published files.
public struct WellDataset: Sendable, Equatable {
    /// A free-form root attribute (task id, task version, split, seed origin, …).
    public enum AttributeValue: Sendable, Equatable, Hashable {
        case string(String)
        case double(Double)
        case int(Int)
        case strings([String])
        case doubles([Double])
    }

    /// A field dataset of `t0_fields`, `t1_fields` or `t2_fields`, in file order.
    public struct NamedField: Sendable, Equatable {
        public var name: String
        public var field: Field
        public init(_ name: String, _ field: Field) {
            self.name = name
            self.field = field
        }
    }

    /// One group of `boundary_conditions`. The mask written for it is True on the domain edges
    /// (first and last grid point) of each associated dimension, which is what The Well's
    /// loader inspects to decide the padding type of an axis.
    public struct BoundaryCondition: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case periodic = "PERIODIC"
            case wall = "WALL"
            case open = "OPEN"
        }

        /// Group name, e.g. `x_periodic` (The Well's checker expects the dims and the type in it).
        public var name: String
        public var kind: Kind
        public var dimensions: [String]
        /// Fields with values set on the boundary; empty for periodic conditions.
        public var fields: [String]

        public init(name: String, kind: Kind, dimensions: [String], fields: [String] = []) {
            self.name = name
            self.kind = kind
            self.dimensions = dimensions
            self.fields = fields
        }

        /// Periodic along one spatial dimension, named `<dim>_periodic`.
        public static func periodic(_ dimension: String) -> BoundaryCondition {
            BoundaryCondition(name: "\(dimension)_periodic", kind: .periodic, dimensions: [dimension])
        }
    }

    /// One per-trajectory column of the `holdout` group (case ids, start times, OOD flags).
    public enum MetadataColumn: Sendable, Equatable {
        case strings([String])
        case doubles([Double])
        case ints([Int])
        case bools([Bool])

        public var count: Int {
            switch self {
            case .strings(let values): values.count
            case .doubles(let values): values.count
            case .ints(let values): values.count
            case .bools(let values): values.count
            }
        }
    }

    /// Floating-point type of every real-valued dataset on disk (fields, coordinates, time,
    /// scalars). Reading converts either to `Double`.
    public enum Precision: String, Sendable {
        case float32
        case float64
    }

    public var datasetName: String
    /// `cartesian` or `spherical` in The Well.
    public var gridType: String
    /// B, the number of trajectories (cases): the leading axis of every sample-varying dataset.
    public var trajectoryCount: Int
    public var spatialDimensions: [String]
    /// Grid coordinates per spatial dimension.
    public var coordinates: [String: [Double]]
    /// Times of the stored frames (T); for a forecast file, the lead times.
    public var time: [Double]
    public var boundaryConditions: [BoundaryCondition]
    /// Per-trajectory scalars (B values each), e.g. viscosity; written in name order.
    public var scalars: [String: [Double]]
    /// Which scalars are simulation parameters (each also becomes a root attribute).
    public var simulationParameters: [String]
    public var t0Fields: [NamedField]
    public var t1Fields: [NamedField]
    public var t2Fields: [NamedField]
    /// Free-form root attributes; must not reuse a name of the layout.
    public var attributes: [String: AttributeValue]
    /// Per-trajectory columns of the `holdout` group (B entries each); written in name order.
    public var holdoutMetadata: [String: MetadataColumn]
    public var precision: Precision

    /// - Parameters:
    ///   - boundaryConditions: defaults to periodic along every spatial dimension.
    ///   - simulationParameters: defaults to every scalar, in name order.
    public init(datasetName: String, gridType: String = "cartesian", trajectoryCount: Int,
                spatialDimensions: [String], coordinates: [String: [Double]], time: [Double],
                boundaryConditions: [BoundaryCondition]? = nil, scalars: [String: [Double]] = [:],
                simulationParameters: [String]? = nil, t0Fields: [NamedField] = [],
                t1Fields: [NamedField] = [], t2Fields: [NamedField] = [],
                attributes: [String: AttributeValue] = [:],
                holdoutMetadata: [String: MetadataColumn] = [:], precision: Precision = .float64) {
        self.datasetName = datasetName
        self.gridType = gridType
        self.trajectoryCount = trajectoryCount
        self.spatialDimensions = spatialDimensions
        self.coordinates = coordinates
        self.time = time
        self.boundaryConditions = boundaryConditions ?? spatialDimensions.map(BoundaryCondition.periodic)
        self.scalars = scalars
        self.simulationParameters = simulationParameters ?? scalars.keys.sorted()
        self.t0Fields = t0Fields
        self.t1Fields = t1Fields
        self.t2Fields = t2Fields
        self.attributes = attributes
        self.holdoutMetadata = holdoutMetadata
        self.precision = precision
    }

    /// The field called `name` in any tensor order.
    public func field(named name: String) -> Field? {
        (t0Fields + t1Fields + t2Fields).first { $0.name == name }?.field
    }

    /// Fields by tensor order (0, 1, 2), matching the groups `t0_fields` … `t2_fields`.
    var fieldsByOrder: [[NamedField]] { [t0Fields, t1Fields, t2Fields] }
}
