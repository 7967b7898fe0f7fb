import HoldoutCore

extension WellDataset {
    /// Root attribute names that the layout itself writes.
    static let layoutAttributeNames: Set<String> = [
        "dataset_name", "grid_type", "n_spatial_dims", "n_trajectories", "simulation_parameters",
        "holdout_layout_version",
    ]

    /// Checks that the dataset can be written in The Well's layout, so that a file is either
    /// complete and consistent or not written at all.
    ///
    /// A field of tensor order k must have axes, in this order,
    /// `[case] [member] [lead] space… component×k`, where the optional case axis has extent B
    /// (it sets `sample_varying`), the lead axis extent T (`time_varying`), the spatial axes are
    /// a subsequence of `spatialDimensions` with the extents of their coordinates
    /// (`dim_varying`), and each component axis has extent D = `spatialDimensions.count`.
    public func validate() throws {
        func fail(_ message: String, _ path: String? = nil) -> WellFileError {
            WellFileError(.invalidDataset, message, objectPath: path)
        }
        guard trajectoryCount >= 0 else { throw fail("trajectoryCount is negative") }
        guard (1...3).contains(spatialDimensions.count) else {
            throw fail("The Well has 1 to 3 spatial dimensions, got \(spatialDimensions.count)")
        }
        try Self.checkNames(spatialDimensions + ["time"], what: "spatial dimension", path: "/dimensions")
        for dimension in spatialDimensions where coordinates[dimension] == nil {
            throw fail("no coordinates for spatial dimension \(dimension)", "/dimensions/\(dimension)")
        }
        for name in coordinates.keys where !spatialDimensions.contains(name) {
            throw fail("coordinates given for \(name), which is not a spatial dimension", "/dimensions")
        }
        try Self.checkNames(boundaryConditions.map(\.name), what: "boundary condition", path: "/boundary_conditions")
        for condition in boundaryConditions {
            let path = "/boundary_conditions/\(condition.name)"
            guard !condition.dimensions.isEmpty else { throw fail("boundary condition has no dimensions", path) }
            for dimension in condition.dimensions where !spatialDimensions.contains(dimension) {
                throw fail("boundary condition refers to unknown dimension \(dimension)", path)
            }
        }
        try Self.checkNames(scalars.keys.sorted(), what: "scalar", path: "/scalars")
        for (name, values) in scalars where values.count != trajectoryCount {
            throw fail("scalar has \(values.count) values for \(trajectoryCount) trajectories", "/scalars/\(name)")
        }
        for name in simulationParameters {
            guard scalars[name] != nil else {
                throw fail("simulation parameter \(name) is not among the scalars", "/scalars")
            }
            guard !Self.layoutAttributeNames.contains(name) else {
                throw fail("simulation parameter \(name) clashes with a layout attribute", "/")
            }
        }
        guard Set(simulationParameters).count == simulationParameters.count else {
            throw fail("simulation parameters repeat a name", "/")
        }
        for name in attributes.keys {
            if Self.layoutAttributeNames.contains(name) || simulationParameters.contains(name) {
                throw fail("attribute \(name) clashes with a layout attribute or simulation parameter", "/")
            }
        }
        try Self.checkNames(holdoutMetadata.keys.sorted(), what: "metadata column", path: "/holdout")
        for (name, column) in holdoutMetadata where column.count != trajectoryCount {
            throw fail("metadata column has \(column.count) entries for \(trajectoryCount) trajectories",
                       "/holdout/\(name)")
        }
        let allFields = fieldsByOrder.flatMap { $0.map(\.name) }
        try Self.checkNames(allFields, what: "field", path: "/t*_fields")
        for (order, fields) in fieldsByOrder.enumerated() {
            for named in fields {
                _ = try fieldLayout(of: named.field, order: order, path: "/t\(order)_fields/\(named.name)")
            }
        }
    }

    /// The Well's per-field attributes, derived from a field's axes.
    struct FieldLayout: Equatable {
        var sampleVarying: Bool
        var timeVarying: Bool
        var dimVarying: [Bool]
    }

    /// Checks a field's axes against the layout rule of ``validate()`` and returns The Well's
    /// attributes for it.
    func fieldLayout(of field: Field, order: Int, path: String) throws -> FieldLayout {
        func fail(_ message: String) -> WellFileError {
            WellFileError(.invalidDataset, "field \(message); axes \(field.axes), shape \(field.shape)",
                          objectPath: path)
        }
        var index = 0
        let axes = field.axes
        var layout = FieldLayout(sampleVarying: false, timeVarying: false,
                                 dimVarying: Array(repeating: false, count: spatialDimensions.count))
        if index < axes.count, axes[index].kind == .case {
            guard field.shape[index] == trajectoryCount else {
                throw fail("case axis has extent \(field.shape[index]), expected \(trajectoryCount) trajectories")
            }
            layout.sampleVarying = true
            index += 1
        }
        if index < axes.count, axes[index].kind == .member { index += 1 }
        if index < axes.count, axes[index].kind == .lead {
            guard field.shape[index] == time.count else {
                throw fail("lead axis has extent \(field.shape[index]), expected \(time.count) times")
            }
            layout.timeVarying = true
            index += 1
        }
        var nextDimension = 0
        while index < axes.count, axes[index].kind == .space {
            let name = axes[index].name
            guard let position = spatialDimensions[nextDimension...].firstIndex(of: name) else {
                throw fail("spatial axis \(name) is not a spatial dimension or is out of order")
            }
            let extent = coordinates[name]?.count ?? -1
            guard field.shape[index] == extent else {
                throw fail("spatial axis \(name) has extent \(field.shape[index]), expected \(extent)")
            }
            layout.dimVarying[position] = true
            nextDimension = position + 1
            index += 1
        }
        var components = 0
        while index < axes.count, axes[index].kind == .component {
            guard field.shape[index] == spatialDimensions.count else {
                throw fail("component axis has extent \(field.shape[index]), expected \(spatialDimensions.count)")
            }
            components += 1
            index += 1
        }
        guard index == axes.count else {
            throw fail("axis \(axes[index]) is out of place (order: [case] [member] [lead] space… component…)")
        }
        guard components == order else {
            throw fail("has \(components) component axes, a t\(order) field needs \(order)")
        }
        return layout
    }

    /// HDF5 link names: non-empty, no `/`, not `.`, unique.
    static func checkNames(_ names: [String], what: String, path: String) throws {
        var seen: Set<String> = []
        for name in names {
            guard !name.isEmpty, name != ".", !name.contains("/"), !name.contains("\0") else {
                throw WellFileError(.invalidDataset, "\(what) name \"\(name)\" is not a valid HDF5 name",
                                    objectPath: path)
            }
            guard seen.insert(name).inserted else {
                throw WellFileError(.invalidDataset, "\(what) name \(name) is used twice", objectPath: path)
            }
        }
    }
}
