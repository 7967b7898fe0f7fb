/// Resampling of periodic real signals by spectral truncation and zero padding (1-D and 2-D).
///
/// This is how Holdout brings a high-resolution reference on a periodic domain to a method's
/// coarser grid. The coarse signal is the trigonometric polynomial that keeps the fine signal's
/// Fourier modes |k| < n/2 unchanged and discards everything above the coarse Nyquist
/// wavenumber n/2 (no aliasing of unresolved modes into resolved ones).
///
/// ## The Nyquist mode (choice made here)
/// On an even coarse grid the mode k = n/2 can only carry a cosine: sin(n/2 · x) vanishes at
/// every coarse point. We **keep its cosine part**: the coarse coefficient at n/2 is the sum of
/// the fine coefficients at +n/2 and −n/2 (in 1-D: 2·Re X_{n/2}, times the length ratio). That
/// is both what sampling a signal with content at |k| = n/2 gives and the L² projection onto
/// the coarse trigonometric space. Consequently every signal band-limited to |k| ≤ n/2 is
/// reproduced *exactly* (to rounding) at the coarse points; dropping the mode instead would
/// only guarantee that for |k| < n/2.
///
/// When padding (n > N, Fourier interpolation) the source's Nyquist coefficient is
/// **halved** and split between +N/2 and −N/2, so the interpolant is real and symmetric and
/// truncating it back to N returns the original samples.
///
/// All scaling uses the normalised convention: coarse coefficient = (n / N) · fine coefficient.
public enum SpectralResampler {
    /// Resamples a periodic signal of N samples (uniform grid x_j = j·L/N) to `count` samples
    /// on the same period. `count < N` truncates, `count > N` zero-pads, `count == N` returns
    /// the input up to rounding.
    public static func resample(_ signal: [Double], to count: Int) -> [Double] {
        let fine = signal.count
        precondition(fine >= 1 && count >= 1, "resampling needs non-empty grids")
        if fine == count { return signal }
        let source = RealFFT(count: fine).forward(signal)
        let target = RealFFT(count: count)
        var out = [SpectralCoefficient](repeating: SpectralCoefficient(re: 0, im: 0), count: target.spectrumCount)
        let scale = Double(count) / Double(fine)
        let shared = min(fine, count)
        // Modes strictly below the smaller grid's Nyquist are copied.
        let plain = shared % 2 == 0 ? shared / 2 : shared / 2 + 1
        for k in 0..<plain {
            out[k] = SpectralCoefficient(re: scale * source[k].re, im: scale * source[k].im)
        }
        if shared % 2 == 0 {
            let k = shared / 2
            if count < fine {
                // Coarse Nyquist: fine(+k) + fine(−k) = 2·Re.
                out[k] = SpectralCoefficient(re: 2 * scale * source[k].re, im: 0)
            } else {
                // Source Nyquist split in halves between ±k on the finer grid.
                out[k] = SpectralCoefficient(re: 0.5 * scale * source[k].re, im: 0)
            }
        }
        return target.inverse(out)
    }

    /// Resamples a periodic `shape.0 × shape.1` row-major field to `target.0 × target.1`, each
    /// axis independently truncated (target smaller: the Nyquist rule above, ±n/2 summed) or
    /// zero-padded (target larger: the source Nyquist coefficient halved between ±N/2, as in 1-D),
    /// so that padding and then truncating back returns the original samples.
    public static func resample(_ field: [Double], shape: (Int, Int), to target: (Int, Int)) -> [Double] {
        let (N0, N1) = shape
        let (n0, n1) = target
        precondition(field.count == N0 * N1, "field has \(field.count) values, shape says \(N0)×\(N1)")
        precondition(n0 >= 1 && n1 >= 1, "2-D resampling needs non-empty grids")
        if n0 == N0 && n1 == N1 { return field }
        let source = RealFFT2D(n0: N0, n1: N1).forward(field)
        let coarse = RealFFT2D(n0: n0, n1: n1)
        let sourceColumns = N1 / 2 + 1
        let scale = Double(n0 * n1) / Double(N0 * N1)

        /// The source signed wavenumbers (with weights) that make target index `c` of an axis of
        /// size n resampled from size N: truncating, the pair ±n/2 at an even target Nyquist;
        /// padding, half the source Nyquist at ±N/2 and nothing beyond.
        func aliases(_ c: Int, n: Int, N: Int) -> [(Int, Double)] {
            let signed = c <= n / 2 ? c : c - n
            if n < N && n % 2 == 0 && abs(signed) == n / 2 { return [(n / 2, 1), (-n / 2, 1)] }
            if n > N {
                if N % 2 == 0 && abs(signed) == N / 2 { return [(N / 2, 0.5)] }
                if 2 * abs(signed) > N { return [] }
            }
            return [(signed, 1)]
        }
        /// Source coefficient of mode (k0, k1), using Hermitian symmetry for k1 < 0.
        func fineMode(_ k0: Int, _ k1: Int) -> SpectralCoefficient {
            if k1 >= 0 {
                return source[((k0 % N0 + N0) % N0) * sourceColumns + k1]
            }
            let c = source[((-k0 % N0 + N0) % N0) * sourceColumns - k1]
            return SpectralCoefficient(re: c.re, im: -c.im)
        }

        let columns = n1 / 2 + 1
        let columnAliases = (0..<columns).map { aliases($0, n: n1, N: N1) }
        var out = [SpectralCoefficient](repeating: SpectralCoefficient(re: 0, im: 0), count: n0 * columns)
        for c0 in 0..<n0 {
            let k0s = aliases(c0, n: n0, N: N0)
            if k0s.isEmpty { continue }
            for c1 in 0..<columns {
                var re = 0.0, im = 0.0
                for (k0, w0) in k0s {
                    for (k1, w1) in columnAliases[c1] {
                        let m = fineMode(k0, k1)
                        re += w0 * w1 * m.re
                        im += w0 * w1 * m.im
                    }
                }
                out[c0 * columns + c1] = SpectralCoefficient(re: scale * re, im: scale * im)
            }
        }
        return coarse.inverse(out)
    }
}
