/**
 * The Python program of an upload sandbox (a constant: every value arrives as an argument).
 * argv: DIR NAME PART... where PART is "index:size:sha256" and DIR is /vol/uploads/<file sha256>.
 *
 * It prints one JSON line per event:
 *   {"event":"complete"}                    the file is already there (nothing to send), or now is
 *   {"event":"have","missing":[i, ...]}     then reads exactly those parts from stdin, in order
 *   {"event":"part","index":i}              part i verified and stored
 *   {"event":"error","message":...}         then exits non-zero
 * A part is written to a temporary name, its sha256 checked, and only then renamed to
 * parts/<index>-<sha256>: an interrupted upload leaves only whole, verified parts, and the next
 * one sends the others. Once every part is there they are joined into DIR/NAME (through a
 * temporary name), DIR/complete is written and the parts are removed. Nothing on stdin for
 * 120 s (a launcher that died) ends the sandbox, so it does not bill until its timeout.
 */
export const UPLOAD_PROGRAM = `
import hashlib, json, os, shutil, signal, sys, uuid
def give_up(*_):
    say(event="error", message="no bytes arrived for %d s (the launcher stopped?)" % WAIT)
    os._exit(5)
WAIT = 120
signal.signal(signal.SIGALRM, give_up)
root, name = sys.argv[1], sys.argv[2]
parts = [(int(i), int(n), h) for i, n, h in (p.split(":") for p in sys.argv[3:])]
final = os.path.join(root, name)
marker = os.path.join(root, "complete")
def say(**k):
    sys.stdout.write(json.dumps(k) + "\\n")
    sys.stdout.flush()
if os.path.exists(marker) and os.path.exists(final):
    say(event="complete")
    sys.exit(0)
pdir = os.path.join(root, "parts")
os.makedirs(pdir, exist_ok=True)
have = set(os.listdir(pdir))
missing = [p for p in parts if "%d-%s" % (p[0], p[2]) not in have]
say(event="have", missing=[p[0] for p in missing])
tag = uuid.uuid4().hex
for i, size, sha in missing:
    h = hashlib.sha256()
    tmp = os.path.join(pdir, ".%d-%s.%s.tmp" % (i, sha, tag))
    with open(tmp, "wb") as f:
        left = size
        while left:
            signal.alarm(WAIT)
            b = os.read(0, min(left, 1 << 20))
            if not b:
                os.remove(tmp)
                say(event="error", message="the upload stopped in part %d" % i)
                sys.exit(3)
            h.update(b)
            f.write(b)
            left -= len(b)
    if h.hexdigest() != sha:
        os.remove(tmp)
        say(event="error", message="part %d arrived damaged (sha256 mismatch)" % i)
        sys.exit(4)
    os.replace(tmp, os.path.join(pdir, "%d-%s" % (i, sha)))
    say(event="part", index=i)
signal.alarm(0)
tmp = "%s.%s.tmp" % (final, tag)
with open(tmp, "wb") as out:
    for i, size, sha in parts:
        with open(os.path.join(pdir, "%d-%s" % (i, sha)), "rb") as f:
            shutil.copyfileobj(f, out, 8 << 20)
os.replace(tmp, final)
with open(marker, "w") as f:
    f.write(json.dumps({"name": name, "size": sum(p[1] for p in parts)}))
shutil.rmtree(pdir, ignore_errors=True)
say(event="complete")
`;
