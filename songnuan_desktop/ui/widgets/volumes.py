"""The drives a package, a backup or a report may be written to: USB sticks first, never the system disk's root.
Listed on the file lane by the 报送 and 乡镇汇总 screens (QStorageInfo can stall on a sleeping network drive)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QStorageInfo

PSEUDO_FS = frozenset({
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs", "efivarfs",
    "fusectl", "fuse.gvfsd-fuse", "fuse.portal", "hugetlbfs", "mqueue", "nsfs", "overlay", "proc", "pstore",
    "ramfs", "securityfs", "squashfs", "sysfs", "tmpfs", "tracefs", "nfsd", "rpc_pipefs",
})
REMOVABLE_PREFIXES = ("/media/", "/run/media/", "/mnt/")


@dataclass(frozen=True)
class Volume:
    name: str
    root: str
    free_bytes: int
    removable: bool


def listed(root: str, fs_type: str, read_only: bool, system_drive: str | None = None) -> bool:
    """A volume worth offering: a removable drive or another drive than the system's, writable, a real file
    system — never the root of the system disk (issue 13 found "/" offered: a package written into it)."""
    if read_only or fs_type.lower() in PSEUDO_FS:
        return False
    return is_removable(root, system_drive)


def is_removable(root: str, system_drive: str | None = None) -> bool:
    """On Windows a drive letter other than the system drive; elsewhere a mount under /media, /run/media, /mnt."""
    if os.name == "nt" or system_drive is not None:
        system = (system_drive or os.environ.get("SystemDrive", "C:")).rstrip("\\/").upper()
        return not root.upper().startswith(system)
    return root.startswith(REMOVABLE_PREFIXES) and root.rstrip("/") not in ("/media", "/run/media", "/mnt")


def mounted_volumes() -> list[Volume]:
    """Runs on the file lane: QStorageInfo is a value class, usable off the UI thread."""
    found = []
    for info in QStorageInfo.mountedVolumes():
        if not (info.isValid() and info.isReady()):
            continue
        root, fs_type = info.rootPath(), bytes(info.fileSystemType().data()).decode(errors="replace")
        if listed(root, fs_type, info.isReadOnly()) and os.access(root, os.W_OK):
            found.append(Volume(info.displayName() or root, root, info.bytesAvailable(), is_removable(root)))
    return sorted(found, key=lambda v: (not v.removable, v.root))


def format_size(size: int) -> str:
    if size >= 2**30:
        return f"{size / 2**30:.1f} GB"
    if size >= 2**20:
        return f"{size / 2**20:.1f} MB"
    return f"{max(size, 0) / 2**10:.0f} KB"
