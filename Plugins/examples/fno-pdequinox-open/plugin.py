"""fno-pdequinox-open (open track): the same FNO as fno-pdequinox (fno.py is shared), with
weights trained offline by train_offline.py and shipped in weights/. It does not train in the
harness; it loads the shipped weights and rolls out exactly as the budgeted variant does."""
import os

import numpy as np

import holdout_sdk
import fno

WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights")


class FNOOpen(holdout_sdk.Method):
    name = "fno-pdequinox-open"
    version = "1.0.0"

    def setup(self):
        task = self.task
        if task.equation != "burgers" or len(task.points) != 1 or "viscosity" not in task.parameter_inputs:
            raise ValueError("the shipped weights are for 1-D Burgers with a viscosity input")
        self.column = task.parameter_inputs.index("viscosity")
        self.model, self.scaling, self.config = fno.load(WEIGHTS)

    def predict(self, inputs, parameters):
        return fno.forecast(self.model, self.scaling, inputs, np.asarray(parameters)[:, self.column],
                            self.task.output_frames)


if __name__ == "__main__":
    holdout_sdk.serve(FNOOpen)
