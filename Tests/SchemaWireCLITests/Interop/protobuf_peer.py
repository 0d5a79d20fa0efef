"""Confluent's Python client with its ProtobufSerializer/ProtobufDeserializer on the other side of
`schemawire produce` and `schemawire consume` (the CI smoke test, both ways).

usage: protobuf_peer.py consume BOOTSTRAP REGISTRY_URL GENERATED_DIR MODULE MESSAGE TOPIC COUNT
           prints each record's value as Protobuf JSON
       protobuf_peer.py produce BOOTSTRAP REGISTRY_URL GENERATED_DIR MODULE MESSAGE TOPIC
           one Protobuf JSON value per stdin line; the serializer's defaults, so it registers the
           message's file and its imports itself, as base64 FileDescriptorProtos
"""
import importlib
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import json_format

mode, bootstrap, url, generated, module_name, message_name, topic = sys.argv[1:8]
sys.path.insert(0, generated)
message_type = getattr(importlib.import_module(module_name), message_name)
client = SchemaRegistryClient({"url": url})
context = SerializationContext(topic, MessageField.VALUE)

if mode == "produce":
    serializer = ProtobufSerializer(message_type, client, {})
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    for line in sys.stdin:
        producer.produce(topic, value=serializer(json_format.Parse(line, message_type()), context))
    if producer.flush(15) != 0:
        sys.exit("records left undelivered")
    sys.exit(0)

count = int(sys.argv[8])
deserializer = ProtobufDeserializer(message_type, {}, client)
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python", "auto.offset.reset": "earliest", "session.timeout.ms": 6000})
consumer.subscribe([topic])
received = 0
while received < count:
    record = consumer.poll(15)
    if record is None:
        sys.exit("timed out waiting for records")
    if record.error():
        print(record.error(), file=sys.stderr)
        continue
    message = deserializer(record.value(), context)
    print(json_format.MessageToJson(message, indent=None))
    received += 1
consumer.close()
