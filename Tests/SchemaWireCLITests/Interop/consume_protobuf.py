"""Consumes Protobuf records with Confluent's Python client (ProtobufDeserializer) and prints each as
Protobuf JSON: the other side of `schemawire produce --value-schema X.proto` in the CI smoke test.

usage: consume_protobuf.py BOOTSTRAP REGISTRY_URL GENERATED_DIR MODULE MESSAGE TOPIC COUNT
"""
import importlib
import sys

from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import json_format

bootstrap, url, generated, module_name, message_name, topic, count = sys.argv[1:8]
sys.path.insert(0, generated)
message_type = getattr(importlib.import_module(module_name), message_name)
deserializer = ProtobufDeserializer(message_type, {}, SchemaRegistryClient({"url": url}))
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python", "auto.offset.reset": "earliest", "session.timeout.ms": 6000})
consumer.subscribe([topic])
received = 0
while received < int(count):
    record = consumer.poll(15)
    if record is None:
        sys.exit("timed out waiting for records")
    if record.error():
        print(record.error(), file=sys.stderr)
        continue
    message = deserializer(record.value(), SerializationContext(topic, MessageField.VALUE))
    print(json_format.MessageToJson(message, indent=None))
    received += 1
consumer.close()
