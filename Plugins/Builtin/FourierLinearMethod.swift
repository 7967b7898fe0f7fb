import Datasets
import Foundation
import FourierTransforms
import HoldoutCore
import MethodHost

/// A learned baseline: a linear operator in Fourier space, fitted by least squares on the
/// public training split.
///
/// For every lead t and wavenumber k the forecast is û_t(k) = Σ_j c_{t,k,j} φ_j(ν) û_0(k) with
/// φ = (1, s, s²), s the standardised viscosity (when the task gives it; otherwise φ = 1).
/// The complex coefficients c minimise the squared error over all training cases (normal
/// equations with a tiny ridge, 1e-10 of the trace, for modes with no energy). It captures
/// advection-free viscous decay and mean growth exactly and the nonlinear transfer not at all:
/// an honest, cheap learned model whose place on the ladder is informative.
///
/// On a finer grid than it trained on (a resolution-shift split) it predicts on the training
/// grid and spectrally interpolates up: the fine input is spectrally truncated to the training
/// grid, the learned operator applied, and each output frame zero-padded in Fourier space to the
/// requested grid. The operator has coefficients only for the wavenumbers it was trained on, so
/// it forecasts no energy in the finer modes, like a Fourier neural operator's truncated modes.
final class FourierLinearMethod: ServedMethod {
    let info = HPP.MethodInfo(name: "fourier-linear", version: "1.0.0")
    let capabilities = HPP.Capabilities(trains: true, ensembles: false)
    private var message: HPP.TaskMessage?
    private var model: Model?

    struct Model: Codable {
        var points: Int
        var leads: Int
        var features: Int
        var viscosityMean: Double
        var viscosityStd: Double
        /// [lead][mode][feature] as (re, im) pairs.
        var coefficients: [[[Double]]]
    }

    func configure(_ message: HPP.TaskMessage) throws {
        guard message.task.points.count == 1, message.task.fields.count == 1 else {
            throw MethodError("fourier-linear handles one 1-D field")
        }
        self.message = message
        if message.mode == .predict {
            let url = URL(fileURLWithPath: message.paths.artifacts).appendingPathComponent("model.json")
            guard let data = try? Data(contentsOf: url) else { throw MethodError("no trained model at \(url.path)") }
            model = try JSONDecoder().decode(Model.self, from: data)
        }
    }

    func train() throws {
        guard let message, let trainPath = message.paths.train else { throw MethodError("no training data path") }
        let task = message.task
        let dataset = try WellHDF5.read(from: URL(fileURLWithPath: trainPath))
        guard let field = dataset.t0Fields.first(where: { $0.name == task.fields[0] })?.field else {
            throw MethodError("training file has no field '\(task.fields[0])'")
        }
        let cases = field.shape[0], times = field.shape[1], n = task.points[0]
        guard times >= task.inputFrames + task.outputFrames, field.count == cases * times * n else {
            throw MethodError("training field has shape \(field.shape); expected [cases, ≥\(task.inputFrames + task.outputFrames), \(n)]")
        }
        let viscosity = dataset.scalars["viscosity"] ?? Array(repeating: 0, count: cases)
        let usesViscosity = task.parameterInputs.contains("viscosity")
        let mean = viscosity.reduce(0, +) / Double(max(cases, 1))
        let std = max((viscosity.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(cases, 1))).squareRoot(), 1e-12)
        let features = usesViscosity ? 3 : 1
        let fft = RealFFT(count: n)
        let modes = fft.spectrumCount
        func frame(_ c: Int, _ t: Int) -> [Double] { Array(field.values[((c * times + t) * n)..<((c * times + t + 1) * n)]) }
        let initial = (0..<cases).map { fft.forward(frame($0, task.inputFrames - 1)) }
        let phi = (0..<cases).map { c -> [Double] in
            let s = (viscosity[c] - mean) / std
            return usesViscosity ? [1, s, s * s] : [1]
        }
        var coefficients: [[[Double]]] = []
        for lead in 0..<task.outputFrames {
            let target = (0..<cases).map { fft.forward(frame($0, task.inputFrames + lead)) }
            coefficients.append((0..<modes).map { k in
                // Complex least squares as a real system of size 2F: unknowns (Re c_j, Im c_j).
                let size = 2 * features
                var normal = [Double](repeating: 0, count: size * size)
                var rhs = [Double](repeating: 0, count: size)
                for c in 0..<cases {
                    let z0 = initial[c][k], y = target[c][k]
                    // Row for the real part: Σ_j (Re c_j φ_j Re z0 − Im c_j φ_j Im z0) = Re y; imaginary likewise.
                    var realRow = [Double](repeating: 0, count: size), imagRow = realRow
                    for j in 0..<features {
                        realRow[2 * j] = phi[c][j] * z0.re; realRow[2 * j + 1] = -phi[c][j] * z0.im
                        imagRow[2 * j] = phi[c][j] * z0.im; imagRow[2 * j + 1] = phi[c][j] * z0.re
                    }
                    for a in 0..<size {
                        rhs[a] += realRow[a] * y.re + imagRow[a] * y.im
                        for b in 0..<size { normal[a * size + b] += realRow[a] * realRow[b] + imagRow[a] * imagRow[b] }
                    }
                }
                let trace = (0..<size).reduce(0) { $0 + normal[$1 * size + $1] }
                for a in 0..<size { normal[a * size + a] += 1e-10 * max(trace, 1e-300) }
                return solveLinearSystem(normal, rhs, size: size)
            })
        }
        let model = Model(points: n, leads: task.outputFrames, features: features, viscosityMean: mean, viscosityStd: std,
                          coefficients: coefficients)
        let url = URL(fileURLWithPath: message.paths.artifacts).appendingPathComponent("model.json")
        try JSONEncoder().encode(model).write(to: url)
    }

    func predict(inputs: Field, parameters: Field?, members: Int) throws -> Field {
        guard let message, let model else { throw MethodError("predict before a trained model was loaded") }
        let task = message.task
        let n = model.points
        let grid = TaskDescription.grid(of: inputs)[0]
        guard grid >= n else {
            throw MethodError("fourier-linear was trained on \(n) points and cannot predict on a coarser grid (\(grid))")
        }
        let fft = RealFFT(count: n)
        let column = task.parameterInputs.firstIndex(of: "viscosity")
        let perCase = (0..<inputs.shape[0]).map { index -> [Double] in
            let last = inputs.slice(index).slice(task.inputFrames - 1).values
            let initial = fft.forward(SpectralResampler.resample(last, to: n))
            let s = column.flatMap { parameters?[index, $0] }.map { ($0 - model.viscosityMean) / model.viscosityStd } ?? 0
            let phi = model.features == 3 ? [1, s, s * s] : [1]
            return Array((0..<model.leads).map { lead -> [Double] in
                let spectrum = initial.enumerated().map { k, z -> SpectralCoefficient in
                    var re = 0.0, im = 0.0
                    for j in 0..<model.features {
                        let cr = model.coefficients[lead][k][2 * j] * phi[j], ci = model.coefficients[lead][k][2 * j + 1] * phi[j]
                        re += cr * z.re - ci * z.im
                        im += cr * z.im + ci * z.re
                    }
                    return SpectralCoefficient(re: re, im: im)
                }
                return SpectralResampler.resample(fft.inverse(spectrum), to: grid)
            }.joined())
        }
        return .forecast(perCase, members: members, frameShape: [task.outputFrames, grid, 1])
    }
}

/// Solves A x = b (row-major, size × size) by Gaussian elimination with partial pivoting.
func solveLinearSystem(_ matrix: [Double], _ rhs: [Double], size: Int) -> [Double] {
    var a = matrix, b = rhs
    for column in 0..<size {
        let pivot = (column..<size).max { abs(a[$0 * size + column]) < abs(a[$1 * size + column]) }!
        if pivot != column {
            for j in 0..<size { a.swapAt(column * size + j, pivot * size + j) }
            b.swapAt(column, pivot)
        }
        let diagonal = a[column * size + column]
        guard diagonal != 0 else { continue }
        for row in (column + 1)..<size {
            let factor = a[row * size + column] / diagonal
            if factor == 0 { continue }
            for j in column..<size { a[row * size + j] -= factor * a[column * size + j] }
            b[row] -= factor * b[column]
        }
    }
    var x = [Double](repeating: 0, count: size)
    for row in stride(from: size - 1, through: 0, by: -1) {
        var sum = b[row]
        for j in (row + 1)..<size { sum -= a[row * size + j] * x[j] }
        let diagonal = a[row * size + row]
        x[row] = diagonal == 0 ? 0 : sum / diagonal
    }
    return x
}
