"""Trains the open-track FNO offline: the same model and training code as the budgeted
fno-pdequinox (fno.py), on the full public training split, for as long as you like.

    holdout data generate --task burgers-1d --split train --output train.h5   # 256 public cases
    python train_offline.py train.h5 --minutes 20 --output weights

Needs the plugin's requirements (e.g. `/var/tmp/holdout-environments/<key>/bin/python`, as
`holdout plugin install` prints). Declare the hardware and hours in plugin.yaml.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fno  # noqa: E402
import holdout_sdk  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("train")
parser.add_argument("--minutes", type=float, default=20)
parser.add_argument("--output", default="weights")
parser.add_argument("--fields", default="u")
parser.add_argument("--parameter", default="viscosity")
args = parser.parse_args()

data = holdout_sdk.load_split(args.train, fields=args.fields.split(","), parameters=[args.parameter])
model, scaling, config, summary = fno.train(data.trajectories, data.parameters[:, 0], args.minutes * 60)
summary["cases"] = len(data)
os.makedirs(args.output, exist_ok=True)
fno.save(args.output, model, scaling, config, summary)
print("saved to", args.output, summary)
