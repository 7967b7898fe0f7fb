"""holdout-sdk: write a Holdout method in Python by subclassing one class.

    import holdout_sdk

    class MyMethod(holdout_sdk.Method):
        def train(self, data): ...              # data: the public training split (numpy arrays)
        def predict(self, inputs, parameters):  # -> (batch, members, output_frames, space..., component)
            ...

    if __name__ == "__main__":
        holdout_sdk.serve(MyMethod)

The guide is docs/writing-a-plugin.md; the wire protocol (HPP/1) is docs/plugin-protocol.md.
Only numpy and h5py are needed, so the package can be vendored into a plugin directory (that
is what `holdout plugin new` does): the sandbox shows a plugin only its own directory and /usr.
"""
from .data import Split, load_split
from .method import Method, case_seed
from .server import serve
from .task import Task

__version__ = "0.1.0"
__all__ = ["Method", "Split", "Task", "case_seed", "load_split", "serve", "__version__"]
