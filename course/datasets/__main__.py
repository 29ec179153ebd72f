"""python -m course.datasets [DATA_DIR]: regenerate every CSV and the datasheet."""

import sys
from pathlib import Path

from .build import write_all
from .loader import find_data_dir

target = Path(sys.argv[1]) if len(sys.argv) > 1 else find_data_dir()
for p in write_all(target):
    print(f"wrote {p}")
