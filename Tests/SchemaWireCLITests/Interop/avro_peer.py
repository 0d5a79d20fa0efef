"""Confluent's Python client with its AvroSerializer/AvroDeserializer on the other side of
`schemawire produce` and `schemawire consume` (the CI byte-interop smoke test).

usage: avro_peer.py consume BOOTSTRAP REGISTRY_URL TOPIC COUNT        prints each value as JSON
       avro_peer.py produce BOOTSTRAP REGISTRY_URL TOPIC SCHEMA_FILE   one JSON value per stdin line
                                                                (fractional numbers become Decimal)
"""
import json
import sys
from decimal import Decimal

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

mode, bootstrap, url, topic, extra = sys.argv[1:6]
client = SchemaRegistryClient({"url": url})
context = SerializationContext(topic, MessageField.VALUE)

if mode == "consume":
    deserializer = AvroDeserializer(client)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python", "auto.offset.reset": "earliest", "session.timeout.ms": 6000})
    consumer.subscribe([topic])
    received = 0
    while received < int(extra):
        record = consumer.poll(15)
        if record is None:
            sys.exit("timed out waiting for records")
        if record.error():
            print(record.error(), file=sys.stderr)
            continue
        print(json.dumps(deserializer(record.value(), context), default=str))
        received += 1
    consumer.close()
else:
    serializer = AvroSerializer(client, open(extra).read())
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    for line in sys.stdin:
        value = json.loads(line, parse_float=Decimal)
        producer.produce(topic, key=value["userId"], value=serializer(value, context))
    if producer.flush(15) != 0:
        sys.exit("records left undelivered")
