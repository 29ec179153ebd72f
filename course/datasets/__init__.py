"""The course datasets: a seeded generator, their schema, and load() with validation."""

from .loader import ALIASES, DatasetError, find_data_dir, load, names, require
from .schema import DATASETS, SEED

__all__ = ["ALIASES", "DATASETS", "SEED", "DatasetError", "find_data_dir", "load", "names", "require"]
