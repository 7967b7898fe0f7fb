"""numpy-spectral: integrating-factor RK4 for periodic viscous Burgers on the request's grid.

u_t + (u^2/2)_x = nu u_xx. In Fourier space v = exp(nu k^2 t) u_hat removes the stiff term
exactly; the nonlinear term is dealiased with the 2/3 rule. Fourth order in time. The solver
runs on whatever grid the inputs come on: the training grid, or the finer grid of a
resolution-shift split.
"""
import numpy as np

import hpp


class NumpySpectral:
    def configure(self, message):
        task = message["task"]
        if task["equation"] != "burgers" or len(task["points"]) != 1:
            raise ValueError("numpy-spectral solves 1-D Burgers only")
        if "viscosity" not in task["parameter_inputs"]:
            raise ValueError("needs the viscosity as a parameter input")
        self.task = task
        self.dt = message["options"].get("time_step", 0.0025)

    def wavenumbers(self, n):
        """Wavenumbers and the 2/3 dealiasing mask of an n-point grid."""
        modes = np.fft.rfftfreq(n, d=1.0 / n)
        return 2 * np.pi / self.task["lengths"][0] * modes, np.abs(modes) < n / 3

    def advance(self, u, nu, duration):
        steps = int(np.ceil(duration / self.dt - 1e-9))
        h = duration / steps
        k, mask = self.wavenumbers(u.size)
        half = np.exp(-nu * k**2 * h / 2)
        full = half * half

        def nonlinear(v_hat):
            w = np.fft.irfft(v_hat * mask, n=u.size)
            return -0.5j * k * np.fft.rfft(w * w) * mask

        v = np.fft.rfft(u)
        for _ in range(steps):
            a = h * nonlinear(v)
            b = h * nonlinear(half * (v + a / 2))
            c = h * nonlinear(half * v + b / 2)
            d = h * nonlinear(full * v + half * c)
            v = full * v + (full * a + 2 * half * (b + c) + d) / 6
        return np.fft.irfft(v, n=u.size)

    def predict(self, inputs, parameters, members):
        task = self.task
        column = task["parameter_inputs"].index("viscosity")
        batch = inputs.shape[0]
        out = np.empty((batch, members, task["output_frames"], inputs.shape[2], 1))
        for case in range(batch):
            u = np.array(inputs[case, -1, :, 0])
            nu = parameters[case, column]
            for lead in range(task["output_frames"]):
                u = self.advance(u, nu, task["interval"])
                out[case, :, lead, :, 0] = u
        return out


if __name__ == "__main__":
    hpp.serve(NumpySpectral(), "numpy-spectral", "1.0.0")
