"""The course datasets: a seeded generator, their schema, load() with validation, and the Chinese variants."""

from .loader import ALIASES, DatasetError, dataset_path, edition, find_data_dir, load, names, require
from .schema import DATASETS, SEED
from .zh import has_zh, label, to_english

__all__ = ["ALIASES", "DATASETS", "SEED", "DatasetError", "dataset_path", "edition", "find_data_dir", "has_zh",
           "label", "load", "names", "require", "to_english"]
