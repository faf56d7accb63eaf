/**
 * The Python program of an upload sandbox (a constant: no value of the user's is ever code).
 * argv: MOUNT (the volume's mount point). Its plan arrives as the first line on stdin, so the
 * sandbox can start while the file is still being hashed:
 * {"dir": "uploads/<file id>", "name": NAME, "parts": [[index, size, sha256], ...]}, DIR under MOUNT.
 *
 * It prints one JSON line per event:
 *   {"event":"complete"}                    the file is already there (nothing to send), or now is
 *   {"event":"have","missing":[i, ...]}     then reads exactly those parts from stdin, in order
 *   {"event":"part","index":i}              part i verified and stored
 *   {"event":"error","message":...}         then exits non-zero
 * Each part is written in place into DIR/NAME.partial (at its offset), its sha256 checked, and
 * only then is its marker parts/<index>-<sha256> created: an interrupted upload leaves markers
 * for whole, verified parts only, and the next one sends the others. Once every part is there
 * the partial file is renamed to DIR/NAME (no second copy of the bytes), DIR/complete is written
 * and the markers are removed. Nothing on stdin for 120 s (a launcher that died) ends the
 * sandbox, so it does not bill until its timeout; stdin closed before the plan (the launcher
 * stopped while hashing) ends it quietly.
 */
export const UPLOAD_PROGRAM = `
import fcntl, hashlib, json, os, shutil, signal, sys
def give_up(*_):
    say(event="error", message="no bytes arrived for %d s (the launcher stopped?)" % WAIT)
    os._exit(5)
WAIT = 120
signal.signal(signal.SIGALRM, give_up)
def say(**k):
    sys.stdout.write(json.dumps(k) + "\\n")
    sys.stdout.flush()
pending = b""
BUF = memoryview(bytearray(1 << 20))
def read(n):
    # stdin after the plan's line: whatever arrived with it first, then the pipe, into one
    # reused buffer (a fresh 1 MiB bytes per read doubled the kernel time: page faults)
    global pending
    if pending:
        k = min(n, len(pending))
        BUF[:k] = pending[:k]
        pending = pending[k:]
        return BUF[:k]
    return BUF[:os.readv(0, [BUF[:n]])]
while b"\\n" not in pending:
    signal.alarm(WAIT)
    b = os.read(0, 1 << 16)
    if not b:
        sys.exit(0)
    pending += b
line, pending = pending.split(b"\\n", 1)
plan = json.loads(line)
root, name = os.path.join(sys.argv[1], plan["dir"]), plan["name"]
if ".." in plan["dir"].split("/") or "/" in name:
    say(event="error", message="the plan names a path outside the volume")
    sys.exit(2)
parts = [(int(i), int(n), str(h)) for i, n, h in plan["parts"]]
final = os.path.join(root, name)
partial = final + ".partial"
marker = os.path.join(root, "complete")
if os.path.exists(marker) and os.path.exists(final):
    say(event="complete")
    sys.exit(0)
pdir = os.path.join(root, "parts")
os.makedirs(pdir, exist_ok=True)
total = sum(p[1] for p in parts)
if not os.path.exists(partial) or os.path.getsize(partial) != total:
    for old in os.listdir(pdir):
        os.remove(os.path.join(pdir, old))
    with open(partial, "wb") as f:
        f.truncate(total)
have = set(os.listdir(pdir))
offsets, at = {}, 0
for i, size, sha in parts:
    offsets[i] = at
    at += size
missing = [p for p in parts if "%d-%s" % (p[0], p[2]) not in have]
say(event="have", missing=[p[0] for p in missing])
try:
    fcntl.fcntl(0, 1031, 1 << 20)  # F_SETPIPE_SZ: 1 MiB reads instead of 64 KiB halve the CPU per byte
except (OSError, ValueError):
    pass  # not a pipe, or over the system's limit: the default buffer works, a little slower
fd = os.open(partial, os.O_RDWR)
try:
    for i, size, sha in missing:
        h = hashlib.sha256()
        at, left = offsets[i], size
        while left:
            signal.alarm(WAIT)
            b = read(min(left, len(BUF)))
            if not b:
                say(event="error", message="the upload stopped in part %d" % i)
                sys.exit(3)
            h.update(b)
            os.pwrite(fd, b, at)
            at += len(b)
            left -= len(b)
        if h.hexdigest() != sha:
            say(event="error", message="part %d arrived damaged (sha256 mismatch)" % i)
            sys.exit(4)
        open(os.path.join(pdir, "%d-%s" % (i, sha)), "wb").close()
        say(event="part", index=i)
finally:
    os.close(fd)
signal.alarm(0)
try:
    os.replace(partial, final)
except FileNotFoundError:
    if not os.path.exists(final):
        raise
with open(marker, "w") as f:
    f.write(json.dumps({"name": name, "size": total}))
shutil.rmtree(pdir, ignore_errors=True)
say(event="complete")
`;
