import CHDF5
import Foundation

/// Process-wide access to the HDF5 library.
///
/// All HDF5 use goes through ``locked(_:)``: the library keeps global state (open-object
/// tables, free lists), and although Debian builds it thread-safe, other builds are not, so
/// calls are serialised here rather than trusting the build. The lock also makes silencing
/// the error stack (which is per thread) part of every entry.
enum HDF5Library {
    private static let lock = NSLock()

    static func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = holdout_h5e_silence()
        _ = holdout_h5e_clear()
        return try body()
    }

    /// The most specific message on the current error stack, which is then cleared.
    static func takeMessage() -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        buffer.withUnsafeMutableBufferPointer { holdout_h5e_message($0.baseAddress!) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A value stored in an attribute or a one-dimensional dataset, in the HDF5 types h5py uses:
/// variable-length UTF-8 strings, IEEE doubles, 64-bit integers and h5py's boolean enum
/// (int8 with members FALSE = 0, TRUE = 1, which h5py reads back as `numpy.bool_`).
enum HDF5Value: Equatable {
    case string(String)
    case strings([String])
    case double(Double)
    case doubles([Double])
    case int(Int)
    case ints([Int])
    case bool(Bool)
    case bools([Bool])

    var strings: [String]? {
        switch self {
        case .string(let value): [value]
        case .strings(let values): values
        case .doubles(let values) where values.isEmpty: []  // h5py writes `[]` as an empty float array
        default: nil
        }
    }

    var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .int(let value): value != 0
        case .bools(let values) where values.count == 1: values[0]
        default: nil
        }
    }

    var int: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value == value.rounded(): Int(exactly: value)
        default: nil
        }
    }
}

/// One open HDF5 identifier (file, group, dataset, dataspace, datatype, attribute or property
/// list), closed exactly once when it goes out of scope. It carries the file and object path
/// so that every failure can say where it happened.
struct HDF5Object: ~Copyable {
    enum Kind { case file, group, dataset, dataspace, datatype, attribute, propertyList }

    let id: hid_t
    let kind: Kind
    /// The file as the user named it (not the temporary file being written).
    let file: String
    /// Path of the object inside the file (for a dataspace or type, the object it belongs to).
    let path: String

    init(_ id: hid_t, _ kind: Kind, file: String, path: String, call: String) throws {
        guard id >= 0 else { throw HDF5Object.failure("\(call) failed", file: file, path: path, call: call) }
        self.id = id
        self.kind = kind
        self.file = file
        self.path = path
    }

    deinit {
        switch kind {
        case .file: _ = H5Fclose(id)
        case .group: _ = H5Gclose(id)
        case .dataset: _ = H5Dclose(id)
        case .dataspace: _ = H5Sclose(id)
        case .datatype: _ = H5Tclose(id)
        case .attribute: _ = H5Aclose(id)
        case .propertyList: _ = H5Pclose(id)
        }
    }

    static func failure(_ message: String, file: String, path: String, call: String) -> WellFileError {
        WellFileError(.hdf5, message, file: file, objectPath: path, call: call,
                      libraryMessage: HDF5Library.takeMessage())
    }

    func check(_ status: herr_t, _ call: String, path: String? = nil) throws {
        if status < 0 { throw Self.failure("\(call) failed", file: file, path: path ?? self.path, call: call) }
    }

    func layoutError(_ message: String, path: String? = nil) -> WellFileError {
        WellFileError(.layout, message, file: file, objectPath: path ?? self.path)
    }

    func child(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

    // MARK: Files and groups

    /// Creates (truncating) a file whose objects carry no modification times, so that equal
    /// content gives equal bytes.
    static func createFile(at path: String, displayedAs display: String) throws -> HDF5Object {
        let fcpl = try HDF5Object(H5Pcreate(holdout_h5p_file_create()), .propertyList, file: display,
                                  path: "/", call: "H5Pcreate")
        try fcpl.check(H5Pset_obj_track_times(fcpl.id, false), "H5Pset_obj_track_times")
        return try HDF5Object(H5Fcreate(path, holdout_h5f_acc_trunc(), fcpl.id, holdout_h5p_default()),
                              .file, file: display, path: "/", call: "H5Fcreate")
    }

    static func openFile(at path: String) throws -> HDF5Object {
        try HDF5Object(H5Fopen(path, holdout_h5f_acc_rdonly(), holdout_h5p_default()), .file,
                       file: path, path: "/", call: "H5Fopen")
    }

    func createGroup(_ name: String) throws -> HDF5Object {
        let gcpl = try HDF5Object(H5Pcreate(holdout_h5p_group_create()), .propertyList, file: file,
                                  path: child(name), call: "H5Pcreate")
        try gcpl.check(H5Pset_obj_track_times(gcpl.id, false), "H5Pset_obj_track_times")
        return try HDF5Object(H5Gcreate2(id, name, holdout_h5p_default(), gcpl.id, holdout_h5p_default()),
                              .group, file: file, path: child(name), call: "H5Gcreate2")
    }

    func openGroup(_ name: String) throws -> HDF5Object {
        guard exists(name) else { throw layoutError("group \(name) is missing", path: child(name)) }
        return try HDF5Object(H5Gopen2(id, name, holdout_h5p_default()), .group, file: file,
                              path: child(name), call: "H5Gopen2")
    }

    func openDataset(_ name: String) throws -> HDF5Object {
        guard exists(name) else { throw layoutError("dataset \(name) is missing", path: child(name)) }
        return try HDF5Object(H5Dopen2(id, name, holdout_h5p_default()), .dataset, file: file,
                              path: child(name), call: "H5Dopen2")
    }

    /// Whether a link `name` exists directly under this group.
    func exists(_ name: String) -> Bool {
        let found = H5Lexists(id, name, holdout_h5p_default()) > 0
        _ = holdout_h5e_clear()
        return found
    }

    /// Names of the links in this group, in name order.
    func memberNames() throws -> [String] {
        var info = H5G_info_t()
        try check(H5Gget_info(id, &info), "H5Gget_info")
        var names: [String] = []
        for index in 0..<info.nlinks {
            let size = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0,
                                          holdout_h5p_default())
            try check(herr_t(size < 0 ? -1 : 0), "H5Lget_name_by_idx")
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            let written = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer,
                                             buffer.count, holdout_h5p_default())
            try check(herr_t(written < 0 ? -1 : 0), "H5Lget_name_by_idx")
            names.append(Self.string(buffer))
        }
        return names
    }

    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Types and spaces

    /// h5py's string type: variable length, UTF-8, null-terminated.
    func stringType() throws -> HDF5Object {
        let type = try HDF5Object(H5Tcopy(holdout_h5t_c_s1()), .datatype, file: file, path: path, call: "H5Tcopy")
        try check(H5Tset_size(type.id, holdout_h5t_variable()), "H5Tset_size")
        try check(H5Tset_cset(type.id, H5T_CSET_UTF8), "H5Tset_cset")
        return type
    }

    /// h5py's boolean type: an int8 enum with FALSE = 0 and TRUE = 1.
    func boolType() throws -> HDF5Object {
        let type = try HDF5Object(H5Tenum_create(holdout_h5t_native_int8()), .datatype, file: file,
                                  path: path, call: "H5Tenum_create")
        var no: Int8 = 0
        var yes: Int8 = 1
        try check(H5Tenum_insert(type.id, "FALSE", &no), "H5Tenum_insert")
        try check(H5Tenum_insert(type.id, "TRUE", &yes), "H5Tenum_insert")
        return type
    }

    /// A scalar dataspace (`shape == nil`) or a simple one of the given shape.
    func dataspace(_ shape: [Int]?) throws -> HDF5Object {
        guard let shape else {
            return try HDF5Object(H5Screate(H5S_SCALAR), .dataspace, file: file, path: path, call: "H5Screate")
        }
        let dims = shape.map { hsize_t($0) }
        return try HDF5Object(H5Screate_simple(Int32(dims.count), dims, nil), .dataspace, file: file,
                              path: path, call: "H5Screate_simple")
    }

    // MARK: Writing attributes and datasets

    func writeAttribute(_ name: String, _ value: HDF5Value) throws {
        let attributePath = path + "@" + name
        try withEncoded(value) { fileType, memoryType, shape, pointer in
            let space = try dataspace(shape)
            let attribute = try HDF5Object(
                H5Acreate2(id, name, fileType, space.id, holdout_h5p_default(), holdout_h5p_default()),
                .attribute, file: file, path: attributePath, call: "H5Acreate2")
            try attribute.check(H5Awrite(attribute.id, memoryType, pointer), "H5Awrite")
        }
    }

    /// Writes a contiguous dataset without modification times (`H5Pset_obj_track_times`), so
    /// that the file's bytes depend only on its content, and then its attributes in order.
    func createDataset(_ name: String, _ value: HDF5Value, shape explicitShape: [Int]? = nil,
                       precision: WellDataset.Precision = .float64,
                       attributes: [(String, HDF5Value)] = []) throws {
        let datasetPath = child(name)
        try withEncoded(value) { fileType, memoryType, shape, pointer in
            let dcpl = try HDF5Object(H5Pcreate(holdout_h5p_dataset_create()), .propertyList, file: file,
                                      path: datasetPath, call: "H5Pcreate")
            try dcpl.check(H5Pset_layout(dcpl.id, H5D_CONTIGUOUS), "H5Pset_layout")
            try dcpl.check(H5Pset_obj_track_times(dcpl.id, false), "H5Pset_obj_track_times")
            let space = try dataspace(explicitShape ?? shape)
            var storedType = fileType
            if precision == .float32, case .doubles = value { storedType = holdout_h5t_ieee_f32le() }
            let dataset = try HDF5Object(
                H5Dcreate2(id, name, storedType, space.id, holdout_h5p_default(), dcpl.id, holdout_h5p_default()),
                .dataset, file: file, path: datasetPath, call: "H5Dcreate2")
            if H5Sget_simple_extent_npoints(space.id) > 0 {
                try dataset.check(H5Dwrite(dataset.id, memoryType, holdout_h5s_all(), holdout_h5s_all(),
                                           holdout_h5p_default(), pointer), "H5Dwrite")
            }
            for (attributeName, attributeValue) in attributes {
                try dataset.writeAttribute(attributeName, attributeValue)
            }
        }
    }

    /// Calls `body` with the file type, memory type, shape (nil for a scalar) and a pointer to
    /// the value's bytes in memory.
    private func withEncoded(
        _ value: HDF5Value,
        _ body: (hid_t, hid_t, [Int]?, UnsafeRawPointer?) throws -> Void
    ) throws {
        switch value {
        case .string(let text):
            let type = try stringType()
            try text.withCString { cString in
                var pointer: UnsafePointer<CChar>? = cString
                try body(type.id, type.id, nil, &pointer)
            }
        case .strings(let texts):
            let type = try stringType()
            let copies = texts.map { strdup($0) }
            defer { copies.forEach { free($0) } }
            let pointers = copies.map { UnsafePointer<CChar>($0) }
            try pointers.withUnsafeBufferPointer { try body(type.id, type.id, [texts.count], $0.baseAddress) }
        case .double(var number):
            try body(holdout_h5t_ieee_f64le(), holdout_h5t_native_double(), nil, &number)
        case .doubles(let numbers):
            try numbers.withUnsafeBufferPointer {
                try body(holdout_h5t_ieee_f64le(), holdout_h5t_native_double(), [numbers.count], $0.baseAddress)
            }
        case .int(let number):
            var wide = Int64(number)
            try body(holdout_h5t_std_i64le(), holdout_h5t_native_int64(), nil, &wide)
        case .ints(let numbers):
            let wide = numbers.map { Int64($0) }
            try wide.withUnsafeBufferPointer {
                try body(holdout_h5t_std_i64le(), holdout_h5t_native_int64(), [numbers.count], $0.baseAddress)
            }
        case .bool(let flag):
            let type = try boolType()
            var byte: Int8 = flag ? 1 : 0
            try body(type.id, type.id, nil, &byte)
        case .bools(let flags):
            let type = try boolType()
            let bytes = flags.map { Int8($0 ? 1 : 0) }
            try bytes.withUnsafeBufferPointer { try body(type.id, type.id, [flags.count], $0.baseAddress) }
        }
    }

    // MARK: Reading

    func hasAttribute(_ name: String) -> Bool {
        let found = H5Aexists(id, name) > 0
        _ = holdout_h5e_clear()
        return found
    }

    /// Names of this object's attributes, in name order.
    func attributeNames() throws -> [String] {
        var names: [String] = []
        var index: hsize_t = 0
        let status = withUnsafeMutablePointer(to: &names) { pointer in
            H5Aiterate2(id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, context in
                guard let name, let context else { return -1 }
                context.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name))
                return 0
            }, pointer)
        }
        try check(status, "H5Aiterate2")
        return names
    }

    func readAttribute(_ name: String) throws -> HDF5Value {
        let attributePath = path + "@" + name
        guard hasAttribute(name) else { throw layoutError("attribute \(name) is missing", path: attributePath) }
        let attribute = try HDF5Object(H5Aopen(id, name, holdout_h5p_default()), .attribute, file: file,
                                       path: attributePath, call: "H5Aopen")
        let type = try HDF5Object(H5Aget_type(attribute.id), .datatype, file: file, path: attributePath,
                                  call: "H5Aget_type")
        let space = try HDF5Object(H5Aget_space(attribute.id), .dataspace, file: file, path: attributePath,
                                   call: "H5Aget_space")
        let attributeID = attribute.id
        return try decode(type: type, space: space, path: attributePath) { memoryType, buffer in
            H5Aread(attributeID, memoryType, buffer)
        }
    }

    /// Reads a whole dataset of strings, numbers or booleans.
    func readValue() throws -> HDF5Value {
        let type = try HDF5Object(H5Dget_type(id), .datatype, file: file, path: path, call: "H5Dget_type")
        let space = try HDF5Object(H5Dget_space(id), .dataspace, file: file, path: path, call: "H5Dget_space")
        let datasetID = id
        return try decode(type: type, space: space, path: path) { memoryType, buffer in
            H5Dread(datasetID, memoryType, holdout_h5s_all(), holdout_h5s_all(), holdout_h5p_default(), buffer)
        }
    }

    /// Dataset shape (empty for a scalar dataset).
    func shape() throws -> [Int] {
        let space = try HDF5Object(H5Dget_space(id), .dataspace, file: file, path: path, call: "H5Dget_space")
        return try dimensions(of: space)
    }

    /// Size in bytes of a floating-point dataset's elements (4 or 8), or nil for other types.
    func floatSize() throws -> Int? {
        let type = try HDF5Object(H5Dget_type(id), .datatype, file: file, path: path, call: "H5Dget_type")
        return H5Tget_class(type.id) == H5T_FLOAT ? H5Tget_size(type.id) : nil
    }

    /// Reads a numeric dataset as doubles in row-major order, optionally only the hyperslab
    /// `[index, :, …]` of its leading axis.
    func readDoubles(leadingIndex: Int? = nil) throws -> (shape: [Int], values: [Double]) {
        let fileSpace = try HDF5Object(H5Dget_space(id), .dataspace, file: file, path: path, call: "H5Dget_space")
        var shape = try dimensions(of: fileSpace)
        let type = try HDF5Object(H5Dget_type(id), .datatype, file: file, path: path, call: "H5Dget_type")
        let typeClass = H5Tget_class(type.id)
        guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else {
            throw layoutError("dataset is not numeric")
        }
        let fileSpaceID = fileSpace.id
        if let leadingIndex {
            guard !shape.isEmpty, (0..<shape[0]).contains(leadingIndex) else {
                throw layoutError("trajectory \(leadingIndex) is out of range for shape \(shape)")
            }
            var start = [hsize_t](repeating: 0, count: shape.count)
            start[0] = hsize_t(leadingIndex)
            shape[0] = 1
            let count = shape.map { hsize_t($0) }
            try check(H5Sselect_hyperslab(fileSpaceID, H5S_SELECT_SET, start, nil, count, nil), "H5Sselect_hyperslab")
        }
        let memorySpace = try dataspace(shape.isEmpty ? nil : shape)
        let memorySpaceID = leadingIndex == nil ? holdout_h5s_all() : memorySpace.id
        let selectionID = leadingIndex == nil ? holdout_h5s_all() : fileSpaceID
        var values = [Double](repeating: 0, count: shape.reduce(1, *))
        if !values.isEmpty {
            let datasetID = id
            let status = values.withUnsafeMutableBytes { buffer in
                H5Dread(datasetID, holdout_h5t_native_double(), memorySpaceID, selectionID,
                        holdout_h5p_default(), buffer.baseAddress)
            }
            try check(status, "H5Dread")
        }
        if leadingIndex != nil { shape.removeFirst() }
        return (shape, values)
    }

    private func dimensions(of space: borrowing HDF5Object) throws -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space.id)
        try check(rank < 0 ? -1 : 0, "H5Sget_simple_extent_ndims")
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        try check(H5Sget_simple_extent_dims(space.id, &dims, nil) < 0 ? -1 : 0, "H5Sget_simple_extent_dims")
        return dims.map { Int($0) }
    }

    /// Decodes a scalar or one-dimensional attribute or dataset; `read` performs the H5Aread
    /// or H5Dread into a buffer of the given memory type.
    private func decode(type: borrowing HDF5Object, space: borrowing HDF5Object, path: String,
                        read: (hid_t, UnsafeMutableRawPointer?) -> herr_t) throws -> HDF5Value {
        let shape = try dimensions(of: space)
        guard shape.count <= 1 else { throw layoutError("expected a scalar or a 1-D array, got shape \(shape)", path: path) }
        let count = shape.first ?? 1
        let isArray = !shape.isEmpty
        switch H5Tget_class(type.id) {
        case H5T_STRING:
            var texts: [String]
            if H5Tis_variable_str(type.id) > 0 {
                let memoryType = try stringType()
                if H5Tget_cset(type.id) == H5T_CSET_ASCII { try check(H5Tset_cset(memoryType.id, H5T_CSET_ASCII), "H5Tset_cset") }
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                let status = pointers.withUnsafeMutableBytes { read(memoryType.id, $0.baseAddress) }
                defer { pointers.forEach { if let pointer = $0 { H5free_memory(pointer) } } }
                try check(status, "read of variable-length strings", path: path)
                texts = pointers.map { $0.map { String(cString: $0) } ?? "" }
            } else {
                let size = H5Tget_size(type.id)
                let memoryType = try HDF5Object(H5Tcopy(type.id), .datatype, file: file, path: path, call: "H5Tcopy")
                var bytes = [UInt8](repeating: 0, count: size * count)
                let status = bytes.withUnsafeMutableBytes { read(memoryType.id, $0.baseAddress) }
                try check(status, "read of fixed-length strings", path: path)
                texts = (0..<count).map { index in
                    let chunk = bytes[(index * size)..<((index + 1) * size)].prefix { $0 != 0 }
                    return String(decoding: chunk, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                }
            }
            return isArray ? .strings(texts) : .string(texts[0])
        case H5T_FLOAT:
            var numbers = [Double](repeating: 0, count: count)
            if count > 0 {
                let status = numbers.withUnsafeMutableBytes { read(holdout_h5t_native_double(), $0.baseAddress) }
                try check(status, "read of doubles", path: path)
            }
            return isArray ? .doubles(numbers) : .double(numbers[0])
        case H5T_INTEGER:
            var numbers = [Int64](repeating: 0, count: count)
            if count > 0 {
                let status = numbers.withUnsafeMutableBytes { read(holdout_h5t_native_int64(), $0.baseAddress) }
                try check(status, "read of integers", path: path)
            }
            return isArray ? .ints(numbers.map { Int($0) }) : .int(Int(numbers[0]))
        case H5T_ENUM:
            guard H5Tget_size(type.id) == 1 else { throw layoutError("enum other than h5py's bool", path: path) }
            let memoryType = try HDF5Object(H5Tget_native_type(type.id, H5T_DIR_ASCEND), .datatype, file: file,
                                            path: path, call: "H5Tget_native_type")
            var bytes = [Int8](repeating: 0, count: count)
            if count > 0 {
                let status = bytes.withUnsafeMutableBytes { read(memoryType.id, $0.baseAddress) }
                try check(status, "read of booleans", path: path)
            }
            return isArray ? .bools(bytes.map { $0 != 0 }) : .bool(bytes[0] != 0)
        default:
            throw layoutError("unsupported HDF5 type class \(H5Tget_class(type.id).rawValue)", path: path)
        }
    }
}
