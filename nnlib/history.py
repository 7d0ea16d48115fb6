"""The record of a training run: :class:`History`, one entry per epoch (see nnlib.training.fit)."""

from dataclasses import dataclass, field

__all__ = ["History"]


@dataclass
class History:
    """What happened during training, one entry per epoch.

    Attributes
    ----------
    cost : list of float
        The mean training cost of the epoch's mini-batches, each computed before its update
        (with full-batch training: the cost at the start of that iteration). Includes the L2
        term when training with ``l2`` > 0, and is computed with dropout on when ``keep_prob`` < 1.
    metrics : dict of str -> list of float
        "accuracy" (on the epoch's mini-batches, before each update), "learning_rate", and
        "val_cost", "val_accuracy" (on validation_data after the epoch) when requested.
    best_epoch : int or None
        With early stopping: the epoch whose parameters were kept.
    """

    cost: list = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    best_epoch: int | None = None

    @property
    def epochs(self):
        """Epoch numbers 1..n."""
        return list(range(1, len(self.cost) + 1))

    def __getitem__(self, name):
        if name == "cost":
            return self.cost
        if name not in self.metrics:
            valid = ", ".join(repr(n) for n in ["cost", *self.metrics])
            raise KeyError(
                f"History: no {name!r} was recorded; recorded: {valid}. (val_cost and "
                f"val_accuracy need fit(..., validation_data=(X_val, y_val)).)"
            )
        return self.metrics[name]

    def __len__(self):
        return len(self.cost)

    def __repr__(self):
        last = f", last cost {self.cost[-1]:.4f}" if self.cost else ""
        names = ", ".join(["cost", *self.metrics])
        return f"History({len(self.cost)} epochs: {names}{last})"
