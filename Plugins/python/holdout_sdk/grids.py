"""Fourier resampling between grids of a periodic task, for methods that only work on the grid
they were trained on (`Method.training_grid_only`)."""
import numpy as np


def resample(array, points, first_space_axis=2):
    """`array` with its space axes (from `first_space_axis`, all but the last, component axis)
    brought to `points` by Fourier truncation (coarser) or zero-padding (finer).

    Modes |k| < min(n_in, n_out) / 2 are kept; the Nyquist mode of the shorter grid is dropped,
    since it has no unique counterpart on the other grid. Values are rescaled so a constant
    stays the same constant.
    """
    array = np.asarray(array, dtype=np.float64)
    for offset, n in enumerate(points):
        array = _resample_axis(array, int(n), first_space_axis + offset)
    return array


def _resample_axis(x, n, axis):
    m = x.shape[axis]
    if m == n:
        return x
    spectrum = np.fft.fft(x, axis=axis)
    keep = min(m, n) // 2
    shape = list(x.shape)
    shape[axis] = n
    result = np.zeros(shape, dtype=complex)

    def part(start, stop):
        index = [slice(None)] * x.ndim
        index[axis] = slice(start, stop)
        return tuple(index)

    result[part(0, keep)] = spectrum[part(0, keep)]
    if keep > 1:
        result[part(n - keep + 1, n)] = spectrum[part(m - keep + 1, m)]
    return np.real(np.fft.ifft(result, axis=axis)) * (n / m)
