"""Hostile input against what users run: the release `schemawire` CLI and its registry server.

Each CLI case runs the binary on a payload built to cost far more than its size and reports the
exit status, the wall time and the peak memory; each must be refused with exit 2 (or decoded with
exit 0, where it is valid) in under 1 s and 256 MiB. The registry cases post a 600,000-symbol enum
and a 150,000-field record while other clients keep reading (their p99 must stay under 100 ms),
send a 64 MiB body the way Python's urllib does (whole body first, then read: it must get its
413), and check the server still answers afterwards.

    python3 scripts/hostile.py BIN_DIR [--only cli|registry]
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

BIN = os.path.join(sys.argv[1], "schemawire")
ONLY = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--only" else None
WORK = tempfile.mkdtemp(prefix="schemawire-hostile-")
failures = []


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def zigzag(value):
    return varint(((value << 1) ^ (value >> 63)) & (2**64 - 1))


def write(name, data):
    path = os.path.join(WORK, name)
    with open(path, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)
    return path


def run_cli(name, arguments, payload, expected):
    """Runs one CLI case under wait4 for its own peak memory."""
    start = time.monotonic()
    child = subprocess.Popen([BIN] + arguments, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    writer = threading.Thread(target=lambda: (child.stdin.write(payload), child.stdin.close()))
    writer.start()
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    writer.join()
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    megabytes = usage.ru_maxrss / 1024
    ok = code == expected and seconds < 1 and megabytes < 256
    if not ok:
        failures.append(name)
    reason = stderr.decode(errors="replace").strip().splitlines()[-1][:90] if stderr else ""
    print(f"{'ok ' if ok else 'BAD'} {name:<58} exit {code} (want {expected})  {seconds * 1000:7.1f} ms  {megabytes:6.1f} MiB  {reason}")


def cli_cases():
    nested = write("nested.avsc", '{"type":"array","items":{"type":"array","items":"null"}}')
    payload = zigzag(250) + (zigzag(1_048_575) + zigzag(0)) * 250 + zigzag(0)
    run_cli(f"avro: {len(payload):,} bytes claiming 262M nulls", ["avro", "decode", "--schema", nested], payload, 2)

    fields = ",".join(f'{{"name":"f{i}","type":"long"}}' for i in range(64))
    wide = write("wide.avsc", f'{{"type":"array","items":{{"type":"record","name":"W","fields":[{fields}]}}}}')
    run_cli("avro: a block claiming 2^62 wide records", ["avro", "decode", "--schema", wide], zigzag(1 << 62) + bytes(64), 2)

    decimal = write("decimal.avsc", '{"type":"bytes","logicalType":"decimal","precision":3000000,"scale":2}')
    run_cli("avro: a 1 MiB decimal (generic path: valid bytes)", ["avro", "decode", "--schema", decimal], zigzag(1 << 20) + b"\x41" * (1 << 20), 0)
    record = write("price.avsc", '{"type":"record","name":"P","fields":[{"name":"d","type":{"type":"bytes","logicalType":"decimal","precision":3000000,"scale":2}}]}')
    run_cli("avro: a 1 MiB decimal resolved to itself", ["avro", "decode", "--schema", record, "--reader", record], zigzag(1 << 20) + b"\x41" * (1 << 20), 0)

    proto = write("h.proto", """syntax = "proto3";
package h;
import "google/protobuf/duration.proto";
message Inner { repeated int32 values = 1; map<int32, string> names = 2; }
message Outer { repeated int32 numbers = 1 [packed = false]; map<string, int32> counts = 2; Inner inner = 3; google.protobuf.Duration wait = 6; }
""")
    decode = ["protobuf", "decode", "--schema", proto, "--message", "h.Outer"]
    numbers = b"".join(bytes([0x08, i % 100]) for i in range(500_000))
    run_cli("protobuf: 500,000 unpacked int32 (1 MB)", decode, numbers, 0)

    def entry(index):
        key = f"k{index}".encode()
        body = bytes([0x0A, len(key)]) + key + b"\x10\x01"
        return bytes([0x12, len(body)]) + body

    run_cli("protobuf: 100,000 map entries", decode, b"".join(entry(i) for i in range(100_000)), 0)
    merges = b"".join(bytes([0x1A, 0x02, 0x08, i % 100]) for i in range(100_000))
    run_cli("protobuf: a singular message 100,000 times", decode, merges, 0)
    seconds = b"\x08" + varint(1 << 63)
    run_cli("protobuf: a Duration of Int64.min seconds", decode, bytes([0x32, len(seconds)]) + seconds, 2)
    nanos = b"\x10" + varint((1 << 64) - (1 << 31))
    run_cli("protobuf: a Duration of Int32.min nanos", decode, bytes([0x32, len(nanos)]) + nanos, 2)


class Readers:
    """Clients reading the registry in a loop, each on its own keep-alive connection."""

    def __init__(self, port, count=4):
        self.port = port
        self.latencies = []
        self.errors = 0
        self.running = True
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def loop(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        paths = ["/schemas/ids/1", "/subjects", "/subjects/small/versions/latest", "/config"]
        index = 0
        while self.running:
            path = paths[index % len(paths)]
            index += 1
            start = time.monotonic()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except Exception:
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            elapsed = time.monotonic() - start
            with self.lock:
                self.latencies.append(elapsed)
                self.errors += 0 if ok else 1
            time.sleep(0.005)

    def window(self):
        with self.lock:
            taken, self.latencies, errors, self.errors = self.latencies, [], self.errors, 0
        return taken, errors

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()


def post(port, path, body, timeout=30):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=body, method="POST", headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    return status, text, time.monotonic() - start


def registry_cases():
    server = subprocess.Popen([BIN, "registry", "serve", "--memory", "--port", "0", "--log-level", "error"], stdout=subprocess.PIPE, text=True)
    # "listening on http://127.0.0.1:PORT (storage: memory)"
    port = int(server.stdout.readline().split()[2].rsplit(":", 1)[1])
    try:
        status, _, _ = post(port, "/subjects/small/versions", json.dumps({"schema": '{"type":"record","name":"S","fields":[{"name":"a","type":"int"}]}'}).encode())
        assert status == 200, status
        readers = Readers(port)
        time.sleep(1)
        baseline, _ = readers.window()

        symbols = ",".join(f'"S{i}"' for i in range(600_000))
        fields = ",".join(f'{{"name":"f{i}","type":"int"}}' for i in range(150_000))
        heavy = [
            ("registry: a 600,000-symbol enum", "/subjects/big-enum/versions", f'{{"type":"enum","name":"E","symbols":[{symbols}]}}'),
            ("registry: a 150,000-field record", "/subjects/big-record/versions", f'{{"type":"record","name":"R","fields":[{fields}]}}'),
        ]
        for name, path, schema in heavy:
            body = json.dumps({"schema": schema}).encode()
            status, text, seconds = post(port, path, body)
            taken, errors = readers.window()
            p99 = statistics.quantiles(taken, n=100)[98] * 1000 if len(taken) >= 2 else float("inf")
            ok = status in (200, 422) and seconds < 2 and p99 < 100 and errors == 0
            if not ok:
                failures.append(name)
            message = json.loads(text).get("message", "")[:80] if text.startswith("{") else text[:80]
            print(f"{'ok ' if ok else 'BAD'} {name:<58} {status} in {seconds * 1000:6.0f} ms ({len(body) / 1e6:.1f} MB); "
                  f"other clients: {len(taken)} reads, p99 {p99:.1f} ms, {errors} errors; {message}")
        readers.stop()
        print(f"    (other clients before: {len(baseline)} reads, p99 {statistics.quantiles(baseline, n=100)[98] * 1000:.1f} ms)")

        body = b'{"schema": "' + b"x" * (64 << 20) + b'"}'
        status, text, seconds = post(port, "/subjects/huge/versions", body, timeout=60)
        ok = status == 413 and seconds < 10
        if not ok:
            failures.append("registry: 64 MiB body")
        print(f"{'ok ' if ok else 'BAD'} {'registry: a 64 MiB body sent whole before reading':<58} {status} in {seconds * 1000:6.0f} ms")

        status, _, _ = post(port, "/subjects/small", json.dumps({"schema": '{"type":"record","name":"S","fields":[{"name":"a","type":"int"}]}'}).encode())
        alive = status == 200 and server.poll() is None
        if not alive:
            failures.append("registry: alive afterwards")
        print(f"{'ok ' if alive else 'BAD'} {'registry: still answering afterwards':<58} {status}")
    finally:
        server.kill()
        server.wait()


if ONLY in (None, "cli"):
    cli_cases()
if ONLY in (None, "registry"):
    registry_cases()
if failures:
    print(f"{len(failures)} case(s) missed: {', '.join(failures)}")
    sys.exit(1)
print("every case within its bounds")
