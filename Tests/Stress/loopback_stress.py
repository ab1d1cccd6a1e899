#!/usr/bin/env python3
"""Hostile-client checks for the loopback HTTP server, run by hand (not part of `swift test`).

Starts a server command on 127.0.0.1 (optionally under a descriptor limit), then:
  concurrent  1,000 connections at once, each with a whole request;
  slowloris   connections that send their head one byte every 4 s, while a well-behaved
              client asks once a second;
  fdexhaust   (with --nofile 64) 80 idle connections, then, after they are closed or timed
              out, one ordinary request: it must be answered.
It samples the server's threads, resident memory and open descriptors from /proc meanwhile.
Every loop is bounded in count and time, and every address is 127.0.0.1.

  python3 Tests/Stress/loopback_stress.py --port 18181 --path / -- .build/debug/oauthctl sandbox --port 18181
  python3 Tests/Stress/loopback_stress.py --port 18182 --path /callback -- \
      .build/debug/oauthctl login --authorize-url http://127.0.0.1:9/authorize --token-url http://127.0.0.1:9/token \
      --client-id stress --no-browser --port 18182 --timeout 600
"""
import argparse, os, resource, selectors, socket, subprocess, sys, threading, time

def log(*parts):
    print(*parts, flush=True)

class Sampler(threading.Thread):
    """Peak threads, resident memory and descriptors of a process, every 50 ms."""
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.stopped = pid, False
        self.reset()
    def reset(self):
        self.peak = {"threads": 0, "rss_kib": 0, "fds": 0}
    def read(self):
        values = {}
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("Threads:"): values["threads"] = int(line.split()[1])
                if line.startswith("VmRSS:"): values["rss_kib"] = int(line.split()[1])
        values["fds"] = len(os.listdir(f"/proc/{self.pid}/fd"))
        return values
    def run(self):
        while not self.stopped:
            try:
                for key, value in self.read().items(): self.peak[key] = max(self.peak[key], value)
            except OSError:
                return
            time.sleep(0.05)

def request(port, path, timeout=15):
    """One ordinary request; returns its status line or the error."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk: break
                data += chunk
            return data.split(b"\r\n", 1)[0].decode(errors="replace") or "closed without answer"
    except OSError as error:
        return f"error: {error.__class__.__name__}"

def status_code(line):
    parts = line.split(" ")
    return parts[1] if line.startswith("HTTP/1.1 ") and len(parts) > 1 else line

def concurrent(port, path, sampler, count=1000, deadline=60):
    sampler.reset()
    selector, sockets, answers = selectors.DefaultSelector(), [], {}
    started = time.monotonic()
    for _ in range(count):
        s = socket.socket(); s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        selector.register(s, selectors.EVENT_WRITE, bytearray())
        sockets.append(s)
    payload = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    open_count = count
    while open_count and time.monotonic() - started < deadline:
        for key, events in selector.select(timeout=1):
            s, data = key.fileobj, key.data
            try:
                if events & selectors.EVENT_WRITE:
                    s.send(payload); selector.modify(s, selectors.EVENT_READ, data); continue
                chunk = s.recv(65536)
            except OSError as error:
                chunk, data[:] = b"", f"error: {error.__class__.__name__}".encode()
            if chunk:
                data += chunk; continue
            selector.unregister(s); s.close(); open_count -= 1
            line = bytes(data).split(b"\r\n", 1)[0].decode(errors="replace") or "closed without answer"
            answers[status_code(line)] = answers.get(status_code(line), 0) + 1
    for s in sockets:
        try: selector.unregister(s)
        except Exception: pass
        s.close()
    if open_count: answers["unanswered"] = open_count
    log(f"concurrent: {count} connections in {time.monotonic() - started:.1f} s: {answers}; server peak {sampler.peak}")

def slowloris(port, path, sampler, count=100, interval=4.0, duration=30):
    sampler.reset()
    slow = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5); s.setblocking(False)
        s.send(f"GET {path} HTTP/1.1\r\nHost: x\r\nX-Slow: ".encode())
        slow.append({"socket": s, "opened": time.monotonic(), "closed": None, "answer": b""})
    started, next_byte, legit = time.monotonic(), time.monotonic() + interval, []
    while time.monotonic() - started < duration:
        legit.append((round(time.monotonic() - started), status_code(request(port, path, timeout=5))))
        for entry in slow:
            if entry["closed"] is not None: continue
            try:
                chunk = entry["socket"].recv(65536)
                entry["answer"] += chunk
                if not chunk: entry["closed"] = time.monotonic() - entry["opened"]
            except BlockingIOError:
                if time.monotonic() >= next_byte:
                    try: entry["socket"].send(b"a")
                    except OSError: entry["closed"] = time.monotonic() - entry["opened"]
            except OSError:
                entry["closed"] = time.monotonic() - entry["opened"]
        if time.monotonic() >= next_byte: next_byte += interval
        time.sleep(1)
    statuses, lifetimes = {}, []
    for entry in slow:
        line = entry["answer"].split(b"\r\n", 1)[0].decode(errors="replace")
        key = status_code(line) if entry["closed"] is not None else "still open"
        statuses[key] = statuses.get(key, 0) + 1
        if entry["closed"] is not None: lifetimes.append(entry["closed"])
        entry["socket"].close()
    span = f"closed after {min(lifetimes):.1f}-{max(lifetimes):.1f} s" if lifetimes else "none closed"
    log(f"slowloris: {count} connections, a byte every {interval:g} s, for {duration} s: {statuses}, {span}")
    log(f"slowloris: a well-behaved request each second (s, status): {legit}")
    log(f"slowloris: server peak {sampler.peak}")

def fd_exhaustion(port, path, sampler, count=80, duration=20):
    sampler.reset()
    idle = []
    for _ in range(count):
        try: idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError as error: log(f"fdexhaust: connect failed: {error}"); break
    time.sleep(1)
    log(f"fdexhaust: {len(idle)} idle connections open; server now {sampler.read()}")
    during = status_code(request(port, path, timeout=duration))
    log(f"fdexhaust: an ordinary request while they are open: {during}")
    for s in idle: s.close()
    time.sleep(1)
    after = [status_code(request(port, path, timeout=15)) for _ in range(5)]
    log(f"fdexhaust: after closing them, 5 ordinary requests: {after}; server now {sampler.read()}; peak {sampler.peak}")

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--nofile", type=int, help="the server's descriptor limit (ulimit -n)")
    parser.add_argument("--scenarios", default="concurrent,slowloris,fdexhaust")
    parser.add_argument("--finish-login", action="store_true",
                        help="the server is `oauthctl login`: at the end, send the callback with the state of the URL it printed")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (args.nofile, args.nofile))) if args.nofile else None
    server = subprocess.Popen(command, preexec_fn=limit, stdout=subprocess.PIPE if args.finish_login else subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        for _ in range(100):
            if request(args.port, args.path, timeout=2).startswith("HTTP/1.1"): break
            time.sleep(0.2)
        sampler = Sampler(server.pid); sampler.start()
        log(f"server pid {server.pid} ({' '.join(command[:2])}), descriptor limit {args.nofile or 'default'}; idle: {sampler.read()}")
        for name in args.scenarios.split(","):
            {"concurrent": concurrent, "slowloris": slowloris, "fdexhaust": fd_exhaustion}[name](args.port, args.path, sampler)
            time.sleep(2)
        log(f"final: an ordinary request: {request(args.port, args.path)}; server {sampler.read()}")
        if args.finish_login:
            from urllib.parse import urlparse, parse_qs
            state = parse_qs(urlparse(server.stdout.readline().strip()).query)["state"][0]
            log(f"final: the callback with the expected state: {request(args.port, f'{args.path}?code=stress&state={state}')}")
        sampler.stopped = True
    finally:
        server.terminate()
        try: server.wait(timeout=10)
        except subprocess.TimeoutExpired: server.kill()

if __name__ == "__main__":
    main()
