#!/usr/bin/env python3
"""Independent breadth-first search of the TLA+ graph of Model B (MMExit.tla).

Each disjunct of the TLA+ `Next` (Owner, Reaper, ScanStep(s), Terminated) is written out
below as one successor rule, on the same variables as the TLA+ module:

  readers, writer, mm_users, oom_skip, vmas_freed, touched, err, spc[s], si[s], rpc, tries, opc

The search counts distinct states, edges (every enabled action instance out of every
reachable state, `Terminated` excluded), the states where `Terminated` is enabled (TLC's
stutter steps) and the depth (the BFS level of the deepest state, in edges from the initial
state). It checks the invariant NoUAF (~err) and that no state other than a terminated one
has no successor (no deadlock).

    python3 specs/bench/model_b_reference.py            # NSCAN = 4, ITER = 3 (about 90 s, 1.6 GB)
    python3 specs/bench/model_b_reference.py 1 1        # NSCAN = 1, ITER = 1

Expected for 4 x 3: 7,586,731 states, 37,817,983 edges, 3 terminal stutters, depth 91.
It shares no code with lockspec; compare its figures with `lockspec check --stats` on a spec
whose `count` and loop `max` are set to the same NSCAN and ITER.
"""
import sys

# Program counters, as in mmexit_exact.pml.
S_LOOP, S_LOCK, S_CHECK, S_TOUCH, S_UNTOUCH, S_UNLOCK, S_INC, S_DONE = range(8)
R_TRY, R_CHK, R_UNL, R_DONE = range(4)
(O_PUT, O_K1, O_K1U, O_K2, O_K2U, O_R, O_RU, O_SKIP, O_W, O_FREE, O_WU, O_DONE) = range(12)


def successors(st, nscan, iters):
    """Yield the successor of every enabled action instance except Terminated."""
    (readers, writer, mm_users, oom_skip, vmas_freed, touched, err, spc, si, rpc, tries, opc) = st

    def with_(**kw):
        d = dict(readers=readers, writer=writer, mm_users=mm_users, oom_skip=oom_skip,
                 vmas_freed=vmas_freed, touched=touched, err=err, spc=spc, si=si, rpc=rpc,
                 tries=tries, opc=opc)
        d.update(kw)
        return (d['readers'], d['writer'], d['mm_users'], d['oom_skip'], d['vmas_freed'],
                d['touched'], d['err'], d['spc'], d['si'], d['rpc'], d['tries'], d['opc'])

    def setpc(s, to):
        return spc[:s] + (to,) + spc[s + 1:]

    # ScanStep(s)
    for s in range(nscan):
        pc = spc[s]
        if pc == S_LOOP and si[s] < iters:
            yield with_(spc=setpc(s, S_LOCK))
        if pc == S_LOOP and si[s] >= iters:
            yield with_(spc=setpc(s, S_DONE))
        if pc == S_LOCK and not writer:
            yield with_(spc=setpc(s, S_CHECK), readers=readers + 1)
        if pc == S_CHECK and mm_users == 0:
            yield with_(spc=setpc(s, S_UNLOCK))
        if pc == S_CHECK and mm_users != 0:
            yield with_(spc=setpc(s, S_TOUCH), err=err or vmas_freed)
        if pc == S_TOUCH:
            yield with_(spc=setpc(s, S_UNTOUCH), touched=touched + 1)
        if pc == S_UNTOUCH:
            yield with_(spc=setpc(s, S_UNLOCK), touched=touched - 1)
        if pc == S_UNLOCK:
            yield with_(spc=setpc(s, S_INC), readers=readers - 1)
        if pc == S_INC:
            yield with_(spc=setpc(s, S_LOOP), si=si[:s] + (si[s] + 1,) + si[s + 1:])

    # Reaper
    if rpc == R_TRY and tries < 2 and not writer:
        yield with_(readers=readers + 1, rpc=R_CHK)
    if rpc == R_TRY and tries < 2 and writer:
        yield with_(tries=tries + 1)
    if rpc == R_TRY and tries >= 2:
        yield with_(rpc=R_DONE)
    if rpc == R_CHK:
        yield with_(rpc=R_UNL, err=err or (not oom_skip and vmas_freed))
    if rpc == R_UNL:
        yield with_(readers=readers - 1, rpc=R_DONE)

    # Owner
    free = not writer and readers == 0
    if opc == O_PUT:
        yield with_(opc=O_K1, mm_users=mm_users - 1)
    if opc == O_K1 and free:
        yield with_(opc=O_K1U, writer=True)
    if opc == O_K1U:
        yield with_(opc=O_K2, writer=False)
    if opc == O_K2 and free:
        yield with_(opc=O_K2U, writer=True)
    if opc == O_K2U:
        yield with_(opc=O_R, writer=False)
    if opc == O_R and not writer:
        yield with_(opc=O_RU, readers=readers + 1)
    if opc == O_RU:
        yield with_(opc=O_SKIP, readers=readers - 1)
    if opc == O_SKIP:
        yield with_(opc=O_W, oom_skip=True)
    if opc == O_W and free:
        yield with_(opc=O_FREE, writer=True)
    if opc == O_FREE:
        yield with_(opc=O_WU, vmas_freed=True)
    if opc == O_WU:
        yield with_(opc=O_DONE, writer=False)


def terminated(st):
    spc, rpc, opc = st[7], st[9], st[11]
    return opc == O_DONE and rpc == R_DONE and all(pc == S_DONE for pc in spc)


def search(nscan, iters):
    init = (0, False, 1, False, False, 0, False, (S_LOOP,) * nscan, (0,) * nscan, R_TRY, 0, O_PUT)
    seen = {init}
    frontier = [init]
    edges = stutters = depth = 0
    while frontier:
        nxt = []
        for st in frontier:
            if st[6]:
                raise SystemExit(f"NoUAF violated in {st}")
            n = 0
            for succ in successors(st, nscan, iters):
                n += 1
                if succ not in seen:
                    seen.add(succ)
                    nxt.append(succ)
            edges += n
            if terminated(st):
                stutters += 1
            elif n == 0:
                raise SystemExit(f"deadlock in {st}")
        if nxt:
            depth += 1
        frontier = nxt
    return len(seen), edges, stutters, depth


def main():
    nscan = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    iters = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    states, edges, stutters, depth = search(nscan, iters)
    print(f"NSCAN={nscan} ITER={iters}: {states:,} states, {edges:,} edges, "
          f"{stutters} terminal stutters, depth {depth}; NoUAF holds, no deadlock")


if __name__ == "__main__":
    main()
