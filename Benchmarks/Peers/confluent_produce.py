"""Confluent's Python client end to end, the peer of kafka-produce-bench's serialized path:
    python3 confluent_produce.py SCHEMA.avsc REGISTRY-URL RECORDS ROUNDS
SerializingProducer with AvroSerializer (auto-registering against the given registry) and the
same Order records (keyed by userId), into librdkafka's mock cluster (test.mock.num.brokers) with
topic `orders`, idempotent, acks=all, lz4, linger.ms=5. Prints the best records/s."""
import datetime
import decimal
import sys
import time
import uuid

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer

schema_path, registry_url, records, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
serializer = AvroSerializer(SchemaRegistryClient({"url": registry_url}), open(schema_path).read())
producer = SerializingProducer({
    "test.mock.num.brokers": 1, "enable.idempotence": True, "acks": "all", "compression.type": "lz4", "linger.ms": 5,
    "key.serializer": StringSerializer("utf_8"), "value.serializer": serializer,
})
orders = [{
    "orderId": str(uuid.uuid4()), "userId": f"user-{index % 97}",
    "items": [{"sku": f"SKU-{index}", "quantity": 2, "unitPrice": decimal.Decimal("12.50")}],
    "amount": decimal.Decimal("25.00"), "currency": "EUR",
    "createdAt": datetime.datetime.fromtimestamp(1_764_072_000, tz=datetime.timezone.utc),
    "note": "leave at the door", "couponCode": None, "shippingAddress": None,
} for index in range(1000)]

failures = []
def on_delivery(error, message):
    if error is not None:
        failures.append(error)

best = 0.0
for round in range(rounds + 1):  # round 0 warms up (schema registration, connections)
    start = time.perf_counter()
    for index in range(records):
        order = orders[index % len(orders)]
        while True:
            try:
                producer.produce("orders", key=order["userId"], value=order, on_delivery=on_delivery)
                break
            except BufferError:
                producer.poll(0.01)
        producer.poll(0)
    producer.flush(60)
    rate = records / (time.perf_counter() - start)
    if failures:
        sys.exit(f"delivery failed: {failures[0]}")
    if round > 0:
        best = max(best, rate)
print(f"{best:.0f}")
