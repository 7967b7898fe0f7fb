import CHDF5
import HoldoutCore

extension WellHDF5 {
    static func readContents(_ file: borrowing HDF5Object) throws -> WellDataset {
        func strings(_ object: borrowing HDF5Object, _ name: String) throws -> [String] {
            guard let values = try object.readAttribute(name).strings else {
                throw object.layoutError("attribute \(name) is not a list of strings", path: object.path + "@" + name)
            }
            return values
        }
        func flag(_ object: borrowing HDF5Object, _ name: String) throws -> Bool {
            guard let value = try object.readAttribute(name).bool else {
                throw object.layoutError("attribute \(name) is not a boolean", path: object.path + "@" + name)
            }
            return value
        }
        func string(_ object: borrowing HDF5Object, _ name: String) throws -> String {
            guard case .string(let value) = try object.readAttribute(name) else {
                throw object.layoutError("attribute \(name) is not a string", path: object.path + "@" + name)
            }
            return value
        }
        func integer(_ object: borrowing HDF5Object, _ name: String) throws -> Int {
            guard let value = try object.readAttribute(name).int else {
                throw object.layoutError("attribute \(name) is not an integer", path: object.path + "@" + name)
            }
            return value
        }

        let datasetName = try string(file, "dataset_name")
        let gridType = try string(file, "grid_type")
        let trajectoryCount = try integer(file, "n_trajectories")
        let dimensionCount = try integer(file, "n_spatial_dims")
        let simulationParameters = file.hasAttribute("simulation_parameters")
            ? try strings(file, "simulation_parameters") : []

        var spatialDimensions: [String] = []
        var coordinates: [String: [Double]] = [:]
        var time: [Double] = []
        var precision = WellDataset.Precision.float64
        do {
            let group = try file.openGroup("dimensions")
            spatialDimensions = try strings(group, "spatial_dims")
            guard spatialDimensions.count == dimensionCount else {
                throw group.layoutError("spatial_dims has \(spatialDimensions.count) names, n_spatial_dims is \(dimensionCount)")
            }
            for name in ["time"] + spatialDimensions {
                let dataset = try group.openDataset(name)
                if dataset.hasAttribute("sample_varying"), try flag(dataset, "sample_varying") {
                    throw dataset.layoutError("sample-varying coordinates are not supported")
                }
                let (shape, values) = try dataset.readDoubles()
                guard shape.count == 1 else { throw dataset.layoutError("coordinates must be 1-D, got shape \(shape)") }
                if name == "time" {
                    time = values
                    if try dataset.floatSize() == 4 { precision = .float32 }
                } else {
                    coordinates[name] = values
                }
            }
        }

        var boundaryConditions: [WellDataset.BoundaryCondition] = []
        if file.exists("boundary_conditions") {
            let group = try file.openGroup("boundary_conditions")
            for name in try group.memberNames() {
                let subgroup = try group.openGroup(name)
                let typeName = try string(subgroup, "bc_type")
                guard let kind = WellDataset.BoundaryCondition.Kind(rawValue: typeName.uppercased()) else {
                    throw subgroup.layoutError("unknown bc_type \(typeName)")
                }
                let fields = subgroup.hasAttribute("associated_fields") ? try strings(subgroup, "associated_fields") : []
                boundaryConditions.append(.init(name: name, kind: kind,
                                                dimensions: try strings(subgroup, "associated_dims"), fields: fields))
            }
        }

        var scalars: [String: [Double]] = [:]
        if file.exists("scalars") {
            let group = try file.openGroup("scalars")
            for name in try strings(group, "field_names") {
                let dataset = try group.openDataset(name)
                if try flag(dataset, "time_varying") {
                    throw dataset.layoutError("time-varying scalars are not supported")
                }
                let sampleVarying = try flag(dataset, "sample_varying")
                let (shape, values) = try dataset.readDoubles()
                if sampleVarying {
                    guard shape == [trajectoryCount] else {
                        throw dataset.layoutError("sample-varying scalar has shape \(shape), expected [\(trajectoryCount)]")
                    }
                    scalars[name] = values
                } else {
                    guard values.count == 1 else { throw dataset.layoutError("constant scalar has shape \(shape)") }
                    scalars[name] = Array(repeating: values[0], count: trajectoryCount)
                }
            }
        }

        var fieldsByOrder: [[WellDataset.NamedField]] = [[], [], []]
        for (order, groupName) in fieldGroups.enumerated() where file.exists(groupName) {
            let group = try file.openGroup(groupName)
            for name in try strings(group, "field_names") {
                let field = try readField(name, in: group, order: order, spatialDimensions: spatialDimensions,
                                          trajectory: nil)
                fieldsByOrder[order].append(.init(name, field))
            }
        }

        var holdoutMetadata: [String: WellDataset.MetadataColumn] = [:]
        if file.exists("holdout") {
            let group = try file.openGroup("holdout")
            for name in try strings(group, "column_names") {
                let dataset = try group.openDataset(name)
                let column: WellDataset.MetadataColumn = switch try dataset.readValue() {
                case .strings(let values): .strings(values)
                case .doubles(let values): .doubles(values)
                case .ints(let values): .ints(values)
                case .bools(let values): .bools(values)
                default: throw dataset.layoutError("metadata column must be a 1-D array")
                }
                guard column.count == trajectoryCount else {
                    throw dataset.layoutError("metadata column has \(column.count) entries for \(trajectoryCount) trajectories")
                }
                holdoutMetadata[name] = column
            }
        }

        let reserved = WellDataset.layoutAttributeNames.union(simulationParameters)
        var attributes: [String: WellDataset.AttributeValue] = [:]
        for name in try file.attributeNames() where !reserved.contains(name) {
            attributes[name] = switch try file.readAttribute(name) {
            case .string(let value): .string(value)
            case .strings(let values): .strings(values)
            case .double(let value): .double(value)
            case .doubles(let values): .doubles(values)
            case .int(let value): .int(value)
            case .ints(let values): .doubles(values.map(Double.init))
            case .bool(let value): .int(value ? 1 : 0)
            case .bools(let values): .doubles(values.map { $0 ? 1 : 0 })
            }
        }

        return WellDataset(
            datasetName: datasetName, gridType: gridType, trajectoryCount: trajectoryCount,
            spatialDimensions: spatialDimensions, coordinates: coordinates, time: time,
            boundaryConditions: boundaryConditions, scalars: scalars, simulationParameters: simulationParameters,
            t0Fields: fieldsByOrder[0], t1Fields: fieldsByOrder[1], t2Fields: fieldsByOrder[2],
            attributes: attributes, holdoutMetadata: holdoutMetadata, precision: precision)
    }

    /// Reads one field dataset with its axes: from Holdout's `axes`/`axis_kinds` attributes
    /// when present, otherwise (a file written by The Well) inferred from `sample_varying`,
    /// `time_varying`, `dim_varying` and the tensor order.
    static func readField(_ name: String, in group: borrowing HDF5Object, order: Int,
                          spatialDimensions: [String], trajectory: Int?) throws -> Field {
        let dataset = try group.openDataset(name)
        var axes: [Axis] = []
        if dataset.hasAttribute("axes"), dataset.hasAttribute("axis_kinds") {
            guard let names = try dataset.readAttribute("axes").strings,
                  let kinds = try dataset.readAttribute("axis_kinds").strings, names.count == kinds.count else {
                throw dataset.layoutError("attributes axes and axis_kinds must be string lists of equal length")
            }
            for (name, kindName) in zip(names, kinds) {
                guard let kind = AxisKind(rawValue: kindName) else {
                    throw dataset.layoutError("unknown axis kind \(kindName)")
                }
                axes.append(Axis(kind, name))
            }
        } else {
            func flag(_ name: String) throws -> Bool {
                guard let value = try dataset.readAttribute(name).bool else {
                    throw dataset.layoutError("attribute \(name) is not a boolean")
                }
                return value
            }
            if try flag("sample_varying") { axes.append(.case) }
            if try flag("time_varying") { axes.append(.lead) }
            guard case .bools(let dimVarying) = try dataset.readAttribute("dim_varying"),
                  dimVarying.count == spatialDimensions.count else {
                throw dataset.layoutError("dim_varying must list one boolean per spatial dimension")
            }
            for (dimension, varies) in zip(spatialDimensions, dimVarying) where varies {
                axes.append(Axis(.space, dimension))
            }
            axes += Array(repeating: Axis(.component), count: order)
        }
        let shape = try dataset.shape()
        guard shape.count == axes.count else {
            throw dataset.layoutError("shape \(shape) does not match axes \(axes)")
        }
        if let trajectory {
            guard axes.first?.kind == .case else {
                throw dataset.layoutError("field has no case axis to select trajectory \(trajectory) from")
            }
            let (subShape, values) = try dataset.readDoubles(leadingIndex: trajectory)
            return Field(axes: Array(axes.dropFirst()), shape: subShape, values: values)
        }
        let (fullShape, values) = try dataset.readDoubles()
        return Field(axes: axes, shape: fullShape, values: values)
    }
}
