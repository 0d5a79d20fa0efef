#!/usr/bin/env python3
"""Registry fault harness: two `schemawire registry serve` processes share one data directory
while client processes register schemas with references concurrently and a killer SIGKILLs a
random server again and again (restarting it on the same port). Afterwards every acknowledged
registration must be served with its id, no id names two schemas, no subject has two versions of
one id or a reused version number, no answer was a 5xx, and SQLite's integrity check passes.

    scripts/faults_registry.py BIN [--clients 8] [--registrations 100] [--kills 100]
"""
import argparse
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CONTENT = "application/vnd.schemaregistry.v1+json"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, data, port):
        self.binary, self.data, self.port, self.process = binary, data, port, None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "registry", "serve", "--data", self.data, "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if "listening on" not in line:
            raise SystemExit(f"server did not start: {line!r}")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def request(port, method, path, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers={"Content-Type": CONTENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def schema(client, index):
    """A record referencing the shared Common record, unique per (client, index)."""
    return {
        "schema": json.dumps({"type": "record", "name": f"Event{client}x{index}", "namespace": "faults",
                              "fields": [{"name": "common", "type": "faults.Common"}, {"name": f"f{index}", "type": "long"}]}),
        "references": [{"name": "faults.Common", "subject": "common", "version": 1}],
    }


def client(arguments):
    """Registers `registrations` schemas, alternating servers, retrying while a server is down.
    Returns (acknowledged registrations, failures: 5xx and other refusals)."""
    number, ports, registrations, deadline = arguments
    acknowledged, failures = [], []
    for index in range(registrations):
        subject = f"events-{number % 4}"  # four subjects shared by all clients: versions contend
        body = schema(number, index)
        while True:
            port = ports[(number + index) % len(ports)]
            try:
                status, answer = request(port, "POST", f"/subjects/{subject}/versions", body, timeout=60)
            except (ConnectionError, OSError, urllib.error.URLError):
                if time.time() > deadline:
                    failures.append(f"client {number}: no server answered before the deadline")
                    return acknowledged, failures
                time.sleep(0.05)
                index_port = ports.index(port)
                ports = ports[index_port + 1:] + ports[:index_port + 1]
                continue
            if status >= 500:
                failures.append(f"{status} {answer}")
                time.sleep(0.05)
                continue
            if status != 200:
                failures.append(f"client {number}: {status} {answer}")
                break
            acknowledged.append((subject, body["schema"], answer["id"]))
            break
    return acknowledged, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--registrations", type=int, default=100)
    parser.add_argument("--kills", type=int, default=100)
    options = parser.parse_args()
    data = tempfile.mkdtemp(prefix="schemawire-faults-")
    servers = [Server(options.binary, data, free_port()) for _ in range(2)]
    for server in servers:
        server.start()
    ports = [server.port for server in servers]
    status, answer = request(ports[0], "POST", "/subjects/common/versions",
                             {"schema": json.dumps({"type": "record", "name": "Common", "namespace": "faults", "fields": [{"name": "id", "type": "string"}]})})
    assert status == 200, (status, answer)
    for subject in range(4):  # every client registers a new record: only ids and versions are checked here
        status, answer = request(ports[0], "PUT", f"/config/events-{subject}", {"compatibility": "NONE"})
        assert status == 200, (status, answer)

    start = time.time()
    deadline = start + 600
    # Rounds of `clients` × `registrations` until the servers were killed `kills` times.
    results, kills, rounds = [], 0, 0
    with multiprocessing.Pool(options.clients) as pool:
        while kills < options.kills:
            first = rounds * options.clients
            work = pool.map_async(client, [(number, ports, options.registrations, deadline) for number in range(first, first + options.clients)])
            while not work.ready() and kills < options.kills:
                time.sleep(random.uniform(0.02, 0.3))
                victim = random.choice(servers)
                victim.kill()
                kills += 1
                victim.start()
            results += work.get(timeout=max(deadline - time.time(), 1))
            rounds += 1
    elapsed = time.time() - start

    acknowledged = [entry for entries, _ in results for entry in entries]
    failures = [failure for _, entry_failures in results for failure in entry_failures]
    problems = []
    by_id = {}
    for subject, text, schema_id in acknowledged:
        if by_id.setdefault(schema_id, text) != text:
            problems.append(f"id {schema_id} names two schemas")
    for subject in sorted({entry[0] for entry in acknowledged}):
        status, versions = request(ports[0], "GET", f"/subjects/{subject}/versions")
        if len(versions) != len(set(versions)):
            problems.append(f"{subject}: a version number twice: {versions}")
        ids = []
        for version in versions:
            status, answer = request(ports[0], "GET", f"/subjects/{subject}/versions/{version}")
            ids.append(answer["id"])
        if len(ids) != len(set(ids)):
            problems.append(f"{subject}: one schema id under two versions")
        missing = [schema_id for entry_subject, _, schema_id in acknowledged if entry_subject == subject and schema_id not in ids]
        if missing:
            problems.append(f"{subject}: {len(missing)} acknowledged registrations lost (ids {missing[:5]}…)")
    for schema_id, text in list(by_id.items())[:: max(len(by_id) // 50, 1)]:
        status, answer = request(ports[1], "GET", f"/schemas/ids/{schema_id}")
        if status != 200 or answer.get("schema") is None:
            problems.append(f"GET /schemas/ids/{schema_id}: {status}")
    for server in servers:
        server.kill()
    database = [os.path.join(data, name) for name in os.listdir(data) if name.endswith((".sqlite", ".db", ".sqlite3"))]
    integrity = sqlite3.connect(database[0]).execute("PRAGMA integrity_check").fetchone()[0] if database else "no database file"

    print(f"registry faults: {rounds} rounds of {options.clients} client processes × {options.registrations} registrations "
          f"on 2 servers sharing {data}, {kills} SIGKILLs, {elapsed:.1f} s")
    print(f"  acknowledged {len(acknowledged)}, distinct ids {len(by_id)}, failed answers {len(failures)}, integrity_check {integrity}")
    for failure in failures[:5]:
        print(f"  failed: {failure}")
    for problem in problems[:20]:
        print(f"  PROBLEM: {problem}")
    ok = not problems and not failures and integrity == "ok" and len(acknowledged) == rounds * options.clients * options.registrations
    print("  " + ("ok" if ok else f"FAILED (data kept in {data})"))
    if ok:
        shutil.rmtree(data)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
