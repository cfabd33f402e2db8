#!/usr/bin/env python3
"""Helpers for the ratio benchmarks (bench/authenticated-requests.sh, bench/declaration-submit.sh).

  statements LOG MARK_START MARK_END OUT.sql [NAME=VALUE…]
                                               the statements the server executed between two markers
                                               in PostgreSQL's log (log_statement=all), written as a
                                               pgbench script with their logged parameters as -D
                                               variables; prints the -D arguments, one per line. A
                                               parameter equal to VALUE becomes the variable :NAME
                                               instead (set per client by the script's caller)
  ctxsw PID                                    context switches of every thread of PID so far
  wrk FILE                                     req/s p50_ms p99_ms from wrk --latency output
  pgbench DIR PREFIX                           p50_ms p99_ms from pgbench's per-transaction logs
  summary FILE                                 medians per run and the ratio-to-limit line
"""
import glob, os, re, statistics, sys


def statements(log, start, end, out, *substitutions):
    named = {}
    for item in substitutions:
        name, value = item.split("=", 1)
        named[value] = name
    text = open(log, encoding="utf-8", errors="replace").read()
    # Entries begin with the log line prefix ("2026-… UTC [pid] "); continuation lines with a tab.
    entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
    inside, found = False, []
    for entry in entries:
        if start in entry and "statement:" in entry:
            inside, found = True, []
            continue
        if end in entry and "statement:" in entry and inside:
            break
        if not inside:
            continue
        m = re.search(r"LOG:  execute [^:]+: (.*)", entry, re.S)
        if m:
            found.append([re.sub(r"\n\t", "\n", m.group(1)).strip(), []])
            continue
        d = re.search(r"DETAIL:  [Pp]arameters: (.*)", entry, re.S)
        if d and found:
            found[-1][1] = [None if v == "NULL" else v[1:-1].replace("''", "'")
                            for _, v in re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", d.group(1))]
    if not found:
        sys.exit("no statements between the markers: is log_statement=all on?")
    defines = []
    with open(out, "w") as f:
        for index, (sql, params) in enumerate(found):
            def name(m):
                number = int(m.group(1))
                value = params[number - 1] if number <= len(params) else None
                if value is None:
                    return "NULL"  # pgbench cannot define an empty or NULL variable
                if value == "":
                    return "''"
                return f":{named[value]}" if value in named else f":s{index}p{number}"
            # Longest numbers first, so $12 is not read as $1 then 2.
            body = re.sub(r"\$(\d+)", name, sql)
            f.write(body.rstrip(";") + ";\n")
            for number, value in enumerate(params, start=1):
                if value is None or value == "" or value in named:
                    continue
                defines.append(f"s{index}p{number}={value}")
    print("\n".join(defines))


def ctxsw(pid):
    total = 0
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            for line in open(status):
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
        except OSError:
            pass
    print(total)


def millis(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = millis(re.search(r"\s50%\s+(\S+)", text).group(1))
    p99 = millis(re.search(r"\s99%\s+(\S+)", text).group(1))
    if re.search(r"Non-2xx", text):
        sys.exit("wrk saw non-2xx answers:\n" + text)
    print(f"{rps:.0f} {p50:.2f} {p99:.2f}")


def pgbench(directory, prefix, per_run="1"):
    per_run = float(per_run)
    latencies = []
    for path in glob.glob(os.path.join(directory, prefix + "*")):
        for line in open(path):
            fields = line.split()
            if len(fields) >= 3:
                latencies.append(int(fields[2]) / 1000.0 / per_run)
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    print(f"{pick(0.5):.2f} {pick(0.99):.2f}")


def summary(path):
    # Lines: round kind connections rps p50 p99 ctxsw_per_request
    runs = {}
    for line in open(path):
        if not line.strip():
            continue
        r, kind, conns, rps, p50, p99, cs = line.split()
        runs.setdefault((kind, int(conns)), []).append((float(rps), float(p50), float(p99), cs))
    connections = sorted({c for _, c in runs})
    kinds = []
    for kind, _ in runs:
        if kind not in kinds:
            kinds.append(kind)
    print("medians of the rounds:")
    print(f"{'run':<28}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ctxsw/req':>11}")
    med = {}
    for kind in kinds:
        for c in connections:
            rows = runs.get((kind, c))
            if not rows:
                continue
            rps = statistics.median(r[0] for r in rows)
            p50 = statistics.median(r[1] for r in rows)
            p99 = statistics.median(r[2] for r in rows)
            cs = [r[3] for r in rows]
            cs = statistics.median(float(x) for x in cs) if all(x != "-" for x in cs) else None
            med[(kind, c)] = (rps, p99)
            print(f"{kind:<28}{c:>6}{rps:>9.0f}{p50:>9.2f}{p99:>9.2f}{(f'{cs:.1f}' if cs is not None else '-'):>11}")
    target = kinds[0]
    # The same ratio within each round (its three runs back to back), for how much it moved between rounds.
    rounds = {}
    for line in open(path):
        if line.strip():
            r, kind, conns, rps = line.split()[:4]
            rounds.setdefault((r, int(conns)), {})[kind] = float(rps)
    for c in connections:
        per_round = [
            values[target] * (1 / values["pgbench"] + 1 / values["healthz"])
            for (r, cc), values in sorted(rounds.items()) if cc == c and {target, "pgbench", "healthz"} <= values.keys()
        ]
        print(f"ratio in each round at {c}: " + ", ".join(f"{x:.2f}" for x in per_round))
    parts = []
    for c in connections:
        served, pg, hz = med[(target, c)][0], med[("pgbench", c)][0], med[("healthz", c)][0]
        limit = 1 / (1 / pg + 1 / hz)
        print(f"limit at {c}: 1/(1/{pg:.0f} + 1/{hz:.0f}) = {limit:.0f} req/s; {target} serves {served:.0f}")
        parts.append(f"{served / limit:.2f} ({c})")
    print("ratio-to-limit: " + ", ".join(parts))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"statements": statements, "ctxsw": ctxsw, "wrk": wrk, "pgbench": pgbench, "summary": summary}[command](*args)
