import Foundation
import HoldoutCore

/// One HPP/1 frame: a 4-byte little-endian header length, a UTF-8 JSON header, then the
/// binary payload whose arrays the header describes (see docs/plugin-protocol.md).
public struct HPPFrame: Sendable {
    /// The JSON header, including `type`, `arrays` and `payload_bytes`.
    public var header: Data
    public var payload: HPPPayload

    public static let maximumHeaderBytes = 1 << 20

    public init(header: Data, payload: HPPPayload = HPPPayload()) {
        self.header = header
        self.payload = payload
    }

    /// The envelope every header has.
    public struct Envelope: Codable, Sendable {
        public var type: String
        public var arrays: [ArrayDescriptor]?
        public var payloadBytes: Int?

        enum CodingKeys: String, CodingKey {
            case type, arrays
            case payloadBytes = "payload_bytes"
        }
    }

    /// Where one array sits in the payload.
    public struct ArrayDescriptor: Codable, Sendable, Equatable {
        public var name: String
        public var dtype: String
        public var shape: [Int]
        public var offset: Int
        public var bytes: Int

        public init(name: String, dtype: String, shape: [Int], offset: Int, bytes: Int) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.offset = offset
            self.bytes = bytes
        }
    }

    /// Builds a frame from a message and named f64 arrays (written little-endian, C order).
    public static func make<Message: Encodable>(_ message: Message, arrays: [(name: String, field: Field)] = []) throws -> HPPFrame {
        var descriptors: [ArrayDescriptor] = []
        var offset = 0
        for (name, field) in arrays {
            descriptors.append(ArrayDescriptor(name: name, dtype: "f64", shape: field.shape, offset: offset, bytes: field.count * 8))
            offset += field.count * 8
        }
        let payload: HPPPayload
        if arrays.count == 1, Int(littleEndian: 1) == 1 {
            payload = HPPPayload(sharing: arrays[0].field.values)
        } else {
            payload = HPPPayload(byteCount: offset) { buffer in
                var position = 0
                for (_, field) in arrays {
                    for value in field.values {
                        buffer.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: position, as: UInt64.self)
                        position += 8
                    }
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var object = try JSONSerialization.jsonObject(with: encoder.encode(message)) as? [String: Any] ?? [:]
        object["arrays"] = try JSONSerialization.jsonObject(with: encoder.encode(descriptors))
        object["payload_bytes"] = payload.count
        let header = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return HPPFrame(header: header, payload: payload)
    }

    public func envelope() throws -> Envelope {
        do { return try JSONDecoder().decode(Envelope.self, from: header) } catch {
            throw HPPError.malformed("the header is not a JSON object with a string 'type': \(String(decoding: header.prefix(200), as: UTF8.self))")
        }
    }

    public func decode<Message: Decodable>(_ type: Message.Type) throws -> Message {
        do { return try JSONDecoder().decode(type, from: header) } catch {
            throw HPPError.malformed("header of type '\((try? envelope().type) ?? "?")' does not match the protocol: \(error)")
        }
    }

    /// The array called `name`, checked against `expectedShape` and for finite values.
    ///
    /// Everything the plugin says about the array is validated: dtype, shape, that offset and
    /// byte count lie inside the payload and agree with the shape, and that every value is finite.
    public func array(named name: String, expectedShape: [Int]? = nil, requireFinite: Bool = true) throws -> Field {
        let descriptors = try envelope().arrays ?? []
        guard let descriptor = descriptors.first(where: { $0.name == name }) else {
            throw HPPError.invalidOutput("no array named '\(name)' in the '\((try? envelope().type) ?? "?")' frame (arrays: \(descriptors.map(\.name)))")
        }
        if let expectedShape, descriptor.shape != expectedShape {
            throw HPPError.invalidOutput("array '\(name)' has shape \(descriptor.shape); expected \(expectedShape)")
        }
        guard descriptor.shape.allSatisfy({ $0 >= 0 }) else {
            throw HPPError.invalidOutput("array '\(name)' has a negative extent in shape \(descriptor.shape)")
        }
        let count = descriptor.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        let width: Int
        switch descriptor.dtype {
        case "f64": width = 8
        case "f32": width = 4
        default: throw HPPError.invalidOutput("array '\(name)' has dtype '\(descriptor.dtype)'; expected f64 or f32")
        }
        guard descriptor.bytes == count * width else {
            throw HPPError.invalidOutput("array '\(name)' declares \(descriptor.bytes) bytes; shape \(descriptor.shape) of \(descriptor.dtype) needs \(count * width)")
        }
        guard descriptor.offset >= 0, descriptor.offset + descriptor.bytes <= payload.count else {
            throw HPPError.invalidOutput("array '\(name)' (offset \(descriptor.offset), \(descriptor.bytes) bytes) lies outside the \(payload.count)-byte payload")
        }
        let values: [Double]
        if width == 8, descriptor.offset == 0, Int(littleEndian: 1) == 1, let shared = payload.doubles(count: count) {
            values = shared
        } else {
            values = payload.withUnsafeBytes { raw in
                [Double](unsafeUninitializedCapacity: count) { out, initialized in
                    let base = raw.baseAddress! + descriptor.offset
                    for index in 0..<count {
                        out[index] = width == 8
                            ? Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
                            : Double(Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))))
                    }
                    initialized = count
                }
            }
        }
        if requireFinite, let bad = HPPFrame.firstNonFinite(values) {
            throw HPPError.invalidOutput("array '\(name)' holds a non-finite value (\(values[bad])) at flat index \(bad)")
        }
        let axes = descriptor.shape.indices.map { Axis(.space, "d\($0)") }
        return Field(axes: axes, shape: descriptor.shape, values: values)
    }
}

extension HPPFrame {
    /// Index of the first NaN or ±∞, if any. The common all-finite case is a branch-free OR
    /// over the exponent bits, which the compiler vectorises; only a hit is located exactly.
    static func firstNonFinite(_ values: [Double]) -> Int? {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        let anyNonFinite = values.withUnsafeBufferPointer { buffer -> Bool in
            var flags: UInt64 = 0
            for value in buffer {
                let bits = value.bitPattern & exponent
                flags |= bits == exponent ? 1 : 0
            }
            return flags != 0
        }
        return anyNonFinite ? values.firstIndex { !$0.isFinite } : nil
    }
}

/// What can go wrong on the wire; each case is a failure reason a user can act on.
public enum HPPError: Error, CustomStringConvertible, Sendable, Equatable {
    case malformed(String)
    case invalidOutput(String)
    case tooLarge(String)
    case pluginError(String)
    case unexpected(String)

    /// The message without the kind's prefix (the failure kind says that already).
    public var message: String {
        switch self {
        case let .malformed(message), let .invalidOutput(message), let .tooLarge(message),
             let .pluginError(message), let .unexpected(message):
            return message
        }
    }

    public var description: String {
        switch self {
        case let .malformed(message): return "protocol violation: \(message)"
        case let .invalidOutput(message): return "invalid output: \(message)"
        case let .tooLarge(message): return "frame too large: \(message)"
        case let .pluginError(message): return "the plugin reported an error: \(message)"
        case let .unexpected(message): return "protocol violation: \(message)"
        }
    }
}
