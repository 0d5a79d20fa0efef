"""Confluent's Python client with its AvroSerializer/AvroDeserializer on the other side of
`schemawire produce` and `schemawire consume` (the CI byte-interop smoke test).

usage: avro_peer.py consume BOOTSTRAP REGISTRY_URL TOPIC COUNT [header]       prints each value as JSON
       avro_peer.py produce BOOTSTRAP REGISTRY_URL TOPIC SCHEMA_FILE [header] one JSON value per stdin line
                                                                (fractional numbers become Decimal)
With `header`, the schema id travels in the __value_schema_id header (Confluent's header framing):
the producer writes it, and the consumer requires it on every record (its deserializer reads both).
"""
import json
import sys
from decimal import Decimal

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient, header_schema_id_serializer
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

mode, bootstrap, url, topic, extra = sys.argv[1:6]
header_framing = sys.argv[6:7] == ["header"]
client = SchemaRegistryClient({"url": url})

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
        headers = record.headers() or []
        if header_framing and not any(name == "__value_schema_id" and value[:1] == b"\x01" for name, value in headers):
            sys.exit(f"record at offset {record.offset()} has no GUID in __value_schema_id: {headers}")
        context = SerializationContext(topic, MessageField.VALUE, headers)
        print(json.dumps(deserializer(record.value(), context), default=str))
        received += 1
    consumer.close()
else:
    conf = {"schema.id.serializer": header_schema_id_serializer} if header_framing else {}
    serializer = AvroSerializer(client, open(extra).read(), conf=conf)
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    for line in sys.stdin:
        value = json.loads(line, parse_float=Decimal)
        headers = []
        payload = serializer(value, SerializationContext(topic, MessageField.VALUE, headers))
        producer.produce(topic, key=value["userId"], value=payload, headers=headers)
    if producer.flush(15) != 0:
        sys.exit("records left undelivered")
