"""fno-pdequinox (budgeted track): a Fourier Neural Operator from pdequinox, trained with optax
on the public training split inside the harness's training budget, rolled out one frame at a
time. The model code is in fno.py, shared with the open-track variant."""
import holdout_sdk
import fno


class FNOBudgeted(fno.FNOMethod):
    name = "fno-pdequinox"
    version = "1.0.0"

    def train(self, data):
        # The task message carries no budget: the seconds come from the challenge entry's
        # options, chosen well inside the task's training budget (import and JIT come on top).
        seconds = float(self.options.get("train_seconds", 45))
        config = {key: self.options[key] for key in fno.DEFAULTS if key in self.options}
        self.model, self.scaling, self.config, self.summary = fno.train(
            data.trajectories, data.parameters[:, self.column], seconds, config,
            log=lambda text: holdout_sdk.server._log(text))

    def save(self, directory):
        fno.save(directory, self.model, self.scaling, self.config, self.summary)

    def load(self, directory):
        self.model, self.scaling, self.config = fno.load(directory)


if __name__ == "__main__":
    holdout_sdk.serve(FNOBudgeted)
