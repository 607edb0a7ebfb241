"""The write stage: rendered pages onto disk, never touching anything but the build's output.

staged.py replaces a built site whole (the build); synced.py brings a folder up to date file
by file (the preview); safety.py refuses an output that is not the build's to replace.
"""

from .files import BUILT_MARK, SITE_MARKERS, Stamp, StaticUnreadable, digest, stamp_of
from .safety import PACKAGE, SOURCE_FOLDERS, OutputRefused, claim_output, is_built_site
from .staged import IgnoredPages, StagedOutput, StagedSite, write_site
from .synced import SyncedFolder

__all__ = [
    "BUILT_MARK",
    "PACKAGE",
    "SITE_MARKERS",
    "SOURCE_FOLDERS",
    "IgnoredPages",
    "OutputRefused",
    "StagedOutput",
    "StagedSite",
    "Stamp",
    "StaticUnreadable",
    "SyncedFolder",
    "claim_output",
    "digest",
    "is_built_site",
    "stamp_of",
    "write_site",
]
