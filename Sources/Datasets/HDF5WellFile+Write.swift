import CHDF5
import HoldoutCore

extension WellHDF5 {
    /// Writes every group in a fixed order (root attributes, dimensions, boundary conditions,
    /// scalars, t0–t2 fields, holdout); dictionaries are written in name order, so that the
    /// bytes depend on the content only.
    static func writeContents(_ dataset: WellDataset, path: String, displayedAs display: String) throws {
        let file = try HDF5Object.createFile(at: path, displayedAs: display)
        let precision = dataset.precision

        try file.writeAttribute("dataset_name", .string(dataset.datasetName))
        try file.writeAttribute("grid_type", .string(dataset.gridType))
        try file.writeAttribute("n_spatial_dims", .int(dataset.spatialDimensions.count))
        try file.writeAttribute("n_trajectories", .int(dataset.trajectoryCount))
        try file.writeAttribute("simulation_parameters", .strings(dataset.simulationParameters))
        for name in dataset.simulationParameters {
            // The Well has one file per parameter value, hence a float; Holdout's cases may
            // differ per trajectory, and then the attribute holds all B values.
            let values = dataset.scalars[name] ?? []
            if let first = values.first, values.allSatisfy({ $0 == first }) {
                try file.writeAttribute(name, .double(first))
            } else {
                try file.writeAttribute(name, .doubles(values))
            }
        }
        try file.writeAttribute("holdout_layout_version", .int(layoutVersion))
        for name in dataset.attributes.keys.sorted() {
            switch dataset.attributes[name]! {
            case .string(let value): try file.writeAttribute(name, .string(value))
            case .double(let value): try file.writeAttribute(name, .double(value))
            case .int(let value): try file.writeAttribute(name, .int(value))
            case .strings(let values): try file.writeAttribute(name, .strings(values))
            case .doubles(let values): try file.writeAttribute(name, .doubles(values))
            }
        }

        do {
            let group = try file.createGroup("dimensions")
            try group.writeAttribute("spatial_dims", .strings(dataset.spatialDimensions))
            try group.createDataset("time", .doubles(dataset.time), precision: precision,
                                    attributes: [("sample_varying", .bool(false)), ("time_varying", .bool(true))])
            for name in dataset.spatialDimensions {
                try group.createDataset(name, .doubles(dataset.coordinates[name] ?? []), precision: precision,
                                        attributes: [("sample_varying", .bool(false)), ("time_varying", .bool(false))])
            }
        }

        do {
            let group = try file.createGroup("boundary_conditions")
            for condition in dataset.boundaryConditions {
                let subgroup = try group.createGroup(condition.name)
                try subgroup.writeAttribute("associated_dims", .strings(condition.dimensions))
                try subgroup.writeAttribute("associated_fields", .strings(condition.fields))
                try subgroup.writeAttribute("bc_type", .string(condition.kind.rawValue))
                try subgroup.writeAttribute("sample_varying", .bool(false))
                try subgroup.writeAttribute("time_varying", .bool(false))
                let (shape, mask) = edgeMask(for: condition, in: dataset)
                try subgroup.createDataset("mask", .bools(mask), shape: shape)
            }
        }

        do {
            let group = try file.createGroup("scalars")
            let names = dataset.scalars.keys.sorted()
            try group.writeAttribute("field_names", .strings(names))
            for name in names {
                try group.createDataset(name, .doubles(dataset.scalars[name]!), precision: precision,
                                        attributes: [("sample_varying", .bool(true)), ("time_varying", .bool(false))])
            }
        }

        for (order, fields) in dataset.fieldsByOrder.enumerated() {
            let group = try file.createGroup(fieldGroups[order])
            try group.writeAttribute("field_names", .strings(fields.map(\.name)))
            for named in fields {
                let layout = try dataset.fieldLayout(of: named.field, order: order,
                                                     path: "/\(fieldGroups[order])/\(named.name)")
                try group.createDataset(named.name, .doubles(named.field.values), shape: named.field.shape,
                                        precision: precision, attributes: [
                                            ("dim_varying", .bools(layout.dimVarying)),
                                            ("sample_varying", .bool(layout.sampleVarying)),
                                            ("time_varying", .bool(layout.timeVarying)),
                                            ("axes", .strings(named.field.axes.map(\.name))),
                                            ("axis_kinds", .strings(named.field.axes.map(\.kind.rawValue))),
                                        ])
            }
        }

        do {
            let group = try file.createGroup("holdout")
            let names = dataset.holdoutMetadata.keys.sorted()
            try group.writeAttribute("column_names", .strings(names))
            let perTrajectory: [(String, HDF5Value)] = [("sample_varying", .bool(true)), ("time_varying", .bool(false))]
            for name in names {
                let value: HDF5Value = switch dataset.holdoutMetadata[name]! {
                case .strings(let values): .strings(values)
                case .doubles(let values): .doubles(values)
                case .ints(let values): .ints(values)
                case .bools(let values): .bools(values)
                }
                try group.createDataset(name, value, attributes: perTrajectory)
            }
        }
    }

    /// The boundary mask over the condition's dimensions (in the order of `spatialDimensions`):
    /// True where any associated coordinate is the first or last grid point, i.e. on the domain
    /// edge the condition applies to.
    static func edgeMask(for condition: WellDataset.BoundaryCondition,
                         in dataset: WellDataset) -> (shape: [Int], mask: [Bool]) {
        let shape = dataset.spatialDimensions.filter(condition.dimensions.contains)
            .map { dataset.coordinates[$0]?.count ?? 0 }
        let count = shape.reduce(1, *)
        var mask = [Bool](repeating: false, count: count)
        for flat in 0..<count {
            var remainder = flat
            for extent in shape.reversed() {
                let index = remainder % extent
                remainder /= extent
                if index == 0 || index == extent - 1 { mask[flat] = true }
            }
        }
        return (shape, mask)
    }
}
