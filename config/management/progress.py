"""One tqdm bar per step ("database", "media") for commands that report progress as callbacks."""

from tqdm import tqdm


class Bars:
    def __init__(self, file, *, disable: bool = False):
        self.file, self.disable, self.bars = file, disable, {}

    def update(self, step: str, done: int, total: int | None) -> None:
        bar = self.bars.get(step)
        if bar is None:
            bar = self.bars[step] = tqdm(desc=step, total=total, unit="item", file=self.file, disable=self.disable)
        if total is not None and bar.total != total:
            bar.total = total
        bar.n = done
        bar.refresh()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for bar in self.bars.values():
            bar.close()
