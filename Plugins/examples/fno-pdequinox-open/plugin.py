"""fno-pdequinox-open (open track): the same FNO as fno-pdequinox (fno.py is shared), with
weights trained offline by train_offline.py and shipped in weights/. It does not train in the
harness; it loads the shipped weights and rolls out exactly as the budgeted variant does."""
import os

import holdout_sdk
import fno

WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights")


class FNOOpen(fno.FNOMethod):
    name = "fno-pdequinox-open"
    version = "1.0.0"

    def setup(self):
        super().setup()
        if self.task.equation != "burgers":
            raise ValueError("the shipped weights are for 1-D Burgers")
        self.model, self.scaling, self.config = fno.load(WEIGHTS)


if __name__ == "__main__":
    holdout_sdk.serve(FNOOpen)
