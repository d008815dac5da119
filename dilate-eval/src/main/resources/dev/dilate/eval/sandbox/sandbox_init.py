"""Process 1 of a sandbox: runs as root inside fresh mount, PID and network namespaces.

It makes every mount read-only (no devices, no set-uid), gives the program a private tmpfs as its
working folder, runs the guard as an unprivileged user id, and waits. When this process ends the
kernel kills whatever is left in the PID namespace, and when the JVM kills unshare this process
gets SIGKILL (unshare --kill-child), so nothing the program starts can outlive the run.

usage: sandbox_init.py WORK UID SCRATCH_BYTES GUARD GUARD_ARGS...
"""
import ctypes
import os
import runpy
import sys

SETUP_FAILED = 125
AT_FDCWD = -100
AT_RECURSIVE = 0x8000
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV = 0x1, 0x2, 0x4
MS_NOSUID, MS_NODEV, MS_BIND, MS_MOVE, MS_REC = 0x2, 0x4, 0x1000, 0x2000, 0x4000
SYS_MOUNT_SETATTR = 442  # the same number on every architecture (added after the syscall tables were unified)
PR_SET_NO_NEW_PRIVS = 38

libc = ctypes.CDLL(None, use_errno=True)


class MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        print(f"sandbox setup: {what}: {os.strerror(err)}", file=sys.stderr)
        sys.exit(SETUP_FAILED)


def mount(source, target, fstype, flags, data):
    check(libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                     data.encode() if data else None), f"mount {target}")


def set_mount_attributes(path, flags, attr_set, attr_clr):
    attr = MountAttr(attr_set, attr_clr, 0, 0)
    check(libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, path.encode(), flags, ctypes.byref(attr), ctypes.sizeof(attr)),
          f"mount attributes of {path}")


def expose(prefix, staging):
    """Python may live under a folder others cannot enter (pyenv under /root): hide that folder
    behind an empty tmpfs and put the installation back at the same path (its RUNPATH is absolute)."""
    path = "/"
    for part in prefix.strip("/").split("/"):
        path = os.path.join(path, part)
        if os.stat(path).st_mode & 0o001 == 0:
            os.mkdir(staging)
            mount(prefix, staging, None, MS_BIND | MS_REC, None)
            mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
            os.makedirs(prefix, mode=0o755, exist_ok=True)
            mount(staging, prefix, None, MS_MOVE, None)
            os.rmdir(staging)
            return


work, uid, scratch_bytes, guard = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
set_mount_attributes("/", AT_RECURSIVE, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, 0)
set_mount_attributes("/dev", 0, 0, MOUNT_ATTR_NODEV)  # /dev/null and /dev/urandom stay usable (read-only /dev)
mount("tmpfs", work, "tmpfs", MS_NOSUID | MS_NODEV, f"mode=0700,uid={uid},gid={uid},size={scratch_bytes}")
expose(os.path.realpath(sys.base_prefix), os.path.join(work, ".python"))

child = os.fork()
if child == 0:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)  # leaving uid 0 drops every capability
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    os.chdir(work)
    sys.argv = [guard, *sys.argv[5:]]
    runpy.run_path(guard, run_name="__main__")  # in this interpreter (started with -I -B): one start-up less
    sys.exit(0)

while True:  # process 1 also reaps the program's orphans
    pid, status = os.wait()
    if pid == child:
        code = os.waitstatus_to_exitcode(status)
        sys.exit(code if code >= 0 else 128 - code)
