import RealModule

/// Observed order of accuracy from errors measured at several step sizes (or grid spacings).
///
/// Assuming e(h) ≈ C·h^p, log e = log C + p·log h is a straight line; ``fit`` returns the
/// ordinary least-squares line through the points (log h_i, log e_i), whose slope is the
/// observed order p. With two samples this is the familiar log(e₁/e₂)/log(h₁/h₂). Least
/// squares over more samples averages out the pre-asymptotic wobble of any single pair;
/// ``pairwiseOrders`` shows that wobble, which is worth reading when the fit is disappointing
/// (errors that stall at rounding level flatten the last pairs).
public struct ConvergenceStudy: Sendable, Hashable, Codable {
    /// One measurement: step size h and the error at that step size.
    public struct Sample: Sendable, Hashable, Codable {
        public var stepSize: Double
        public var error: Double

        public init(stepSize: Double, error: Double) {
            self.stepSize = stepSize
            self.error = error
        }
    }

    /// The least-squares line e ≈ C·h^p.
    public struct Fit: Sendable, Hashable, Codable {
        /// Observed order p (slope in log–log space).
        public var order: Double
        /// log C (intercept, natural log).
        public var logConstant: Double
        /// C.
        public var constant: Double { Double.exp(logConstant) }
    }

    public var samples: [Sample]

    public init(samples: [Sample] = []) {
        self.samples = samples
    }

    /// Pairs `stepSizes[i]` with `errors[i]`.
    public init(stepSizes: [Double], errors: [Double]) {
        precondition(stepSizes.count == errors.count, "need one error per step size")
        samples = zip(stepSizes, errors).map { Sample(stepSize: $0, error: $1) }
    }

    public mutating func add(stepSize: Double, error: Double) {
        samples.append(Sample(stepSize: stepSize, error: error))
    }

    /// Least-squares fit in log–log space. Requires ≥ 2 samples with positive h and error and
    /// at least two distinct h.
    public var fit: Fit {
        precondition(samples.count >= 2, "a convergence fit needs at least two samples")
        precondition(samples.allSatisfy { $0.stepSize > 0 && $0.error > 0 },
                     "step sizes and errors must be positive to take logarithms")
        let xs = samples.map { Double.log($0.stepSize) }
        let ys = samples.map { Double.log($0.error) }
        let n = Double(samples.count)
        let meanX = xs.reduce(0, +) / n
        let meanY = ys.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (x, y) in zip(xs, ys) {
            sxx += (x - meanX) * (x - meanX)
            sxy += (x - meanX) * (y - meanY)
        }
        precondition(sxx > 0, "step sizes must not all be equal")
        let slope = sxy / sxx
        return Fit(order: slope, logConstant: meanY - slope * meanX)
    }

    /// Observed order p of the least-squares fit.
    public var observedOrder: Double { fit.order }

    /// log(e_i/e_{i+1}) / log(h_i/h_{i+1}) for consecutive samples, in the order added.
    public var pairwiseOrders: [Double] {
        zip(samples, samples.dropFirst()).map { a, b in
            Double.log(a.error / b.error) / Double.log(a.stepSize / b.stepSize)
        }
    }
}
