"""Every YAML file the differential tests compare two implementations on.

The repository's own (``tests/``, ``samples/``) always, and ``../shared/corpus`` beside the
clone when it is there (it is not on a fresh clone without it).
"""

from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def yaml_files() -> Iterator[tuple[Path, Path]]:
    """(folder searched, file) for every ``*.yaml``/``*.yml`` file, in a stable order."""
    folders = [ROOT / "tests", ROOT / "samples"]
    if SHARED_CORPUS.is_dir():
        folders.append(SHARED_CORPUS)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yaml", ".yml") and path.is_file():
                yield folder, path
