"""The course datasets: a seeded generator, their schema, and load() with validation."""

from .loader import ALIASES, DatasetError, find_data_dir, load, names
from .schema import DATASETS

__all__ = ["ALIASES", "DATASETS", "DatasetError", "find_data_dir", "load", "names"]
