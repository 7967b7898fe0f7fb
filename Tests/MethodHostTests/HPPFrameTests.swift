import Foundation
import HoldoutCore
@testable import MethodHost
import Testing

/// HPP/1 frames: encoding, and the validation of everything a plugin says about an array.
@Suite struct HPPFrameTests {
    /// Bytes in, frames out, through the real `ByteChannel.receive`.
    final class Bytes: ByteChannel {
        var data: [UInt8]
        var position = 0
        init(_ data: [UInt8] = []) { self.data = data }
        func writeAll(_ bytes: UnsafeRawBufferPointer) throws { data.append(contentsOf: bytes) }
        func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws {
            guard position + buffer.count <= data.count else { throw HPPError.unexpected("end of stream") }
            buffer.copyBytes(from: data[position..<(position + buffer.count)])
            position += buffer.count
        }
    }

    /// A raw frame with a hand-written header, as a hostile plugin would send it.
    func raw(_ header: String, payload: [UInt8] = []) -> Bytes {
        var bytes = withUnsafeBytes(of: UInt32(header.utf8.count).littleEndian) { Array($0) }
        bytes += Array(header.utf8) + payload
        return Bytes(bytes)
    }

    let field = Field(axes: [.case, .lead, Axis(.space, "x")], shape: [2, 1, 3], values: [1, 2, 3, 4, 5, 6])

    @Test func framesRoundTripWithTheirArrays() throws {
        let channel = Bytes()
        try channel.send(HPPFrame.make(HPP.Predict(batch: 2, members: 1),
                                       arrays: [("inputs", field), ("parameters", Field(axes: [.case, Axis(.component)], shape: [2, 1], values: [0.1, 0.2]))]))
        let frame = try channel.receive(maximumPayloadBytes: 1 << 20)
        #expect(try frame.envelope().type == "predict")
        #expect(try frame.decode(HPP.Predict.self).batch == 2)
        #expect(try frame.array(named: "inputs", expectedShape: [2, 1, 3]).values == field.values)
        #expect(try frame.array(named: "parameters", expectedShape: [2, 1]).values == [0.1, 0.2])
        // Layout on the wire: 4-byte little-endian header length, then JSON with offsets into the payload.
        let header = try JSONSerialization.jsonObject(with: frame.header) as? [String: Any]
        #expect(header?["payload_bytes"] as? Int == 64)
        #expect(channel.data.count == 4 + frame.header.count + 64)
    }

    @Test func float32ArraysAreAccepted() throws {
        let values: [Float] = [1.5, -2.25, 3]
        let payload = values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian) { Array($0) } }
        let frame = try raw(#"{"type":"prediction","payload_bytes":12,"arrays":[{"name":"outputs","dtype":"f32","shape":[3],"offset":0,"bytes":12}]}"#,
                            payload: payload).receive(maximumPayloadBytes: 100)
        #expect(try frame.array(named: "outputs", expectedShape: [3]).values == [1.5, -2.25, 3])
    }

    @Test(arguments: [
        (#"{"type":"prediction","payload_bytes":16,"arrays":[{"name":"outputs","dtype":"f64","shape":[2],"offset":0,"bytes":24}]}"#, "needs 16"),
        (#"{"type":"prediction","payload_bytes":16,"arrays":[{"name":"outputs","dtype":"f64","shape":[2],"offset":8,"bytes":16}]}"#, "outside the 16-byte payload"),
        (#"{"type":"prediction","payload_bytes":16,"arrays":[{"name":"outputs","dtype":"i64","shape":[2],"offset":0,"bytes":16}]}"#, "expected f64 or f32"),
        (#"{"type":"prediction","payload_bytes":16,"arrays":[{"name":"outputs","dtype":"f64","shape":[1,2],"offset":0,"bytes":16}]}"#, "expected [2]"),
        (#"{"type":"prediction","payload_bytes":16,"arrays":[]}"#, "no array named 'outputs'"),
    ])
    func liesAboutArraysAreCaught(_ header: String, _ fragment: String) throws {
        let frame = try raw(header, payload: [UInt8](repeating: 0, count: 16)).receive(maximumPayloadBytes: 100)
        #expect {
            _ = try frame.array(named: "outputs", expectedShape: [2])
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    @Test func nonFiniteValuesAreFoundWherever() throws {
        for position in [0, 5, 1023] {
            var values = [Double](repeating: 1, count: 1024)
            values[position] = position == 5 ? .infinity : .nan
            #expect(HPPFrame.firstNonFinite(values) == position)
        }
        #expect(HPPFrame.firstNonFinite([Double](repeating: 1, count: 1024)) == nil)
        let frame = try HPPFrame.make(HPP.Prediction(), arrays: [("outputs", Field(axes: [.case], shape: [2], values: [1, .nan]))])
        #expect(throws: HPPError.self) { _ = try frame.array(named: "outputs") }
    }

    @Test func oversizedOrMalformedHeadersAreRefusedBeforeAnyAllocation() throws {
        // "Load" read as a length: a plugin printing text to stdout.
        #expect { _ = try Bytes(Array("Loading model...".utf8)).receive(maximumPayloadBytes: 100) } throws: {
            "\($0)".contains("header length")
        }
        // A header that claims a terabyte payload.
        #expect { _ = try raw(#"{"type":"prediction","payload_bytes":1099511627776}"#).receive(maximumPayloadBytes: 1 << 20) } throws: {
            "\($0)".contains("exceeds the limit")
        }
        #expect { _ = try raw("not json").receive(maximumPayloadBytes: 100) } throws: { "\($0)".contains("not a JSON object") }
        // A stream that ends in the middle of the payload.
        #expect(throws: HPPError.self) {
            _ = try raw(#"{"type":"prediction","payload_bytes":64}"#, payload: [1, 2, 3]).receive(maximumPayloadBytes: 100)
        }
    }
}
