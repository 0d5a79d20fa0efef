"""Confluent's Python client on the other side of SchemaWire's Protobuf serdes.

usage: protobuf_interop.py REGISTRY_URL GENERATED_DIR MODULE MESSAGE decode|encode|register TOPIC

decode: each stdin line is hex of a framed record value written by SchemaWire; prints the
        message as Protobuf JSON (json_format) read with confluent_kafka's ProtobufDeserializer.
encode: each stdin line is Protobuf JSON; prints hex of the framed value confluent_kafka's
        ProtobufSerializer writes (using the latest registered schema of the subject).
register: as encode, but with the serializer's defaults: it registers the message's file and
        its imports itself, each as a base64 FileDescriptorProto.
"""
import importlib
import json
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import json_format

url, generated, module_name, message_name, mode, topic = sys.argv[1:7]
sys.path.insert(0, generated)
message_type = getattr(importlib.import_module(module_name), message_name)
client = SchemaRegistryClient({"url": url})
context = SerializationContext(topic, MessageField.VALUE)

if mode == "decode":
    deserializer = ProtobufDeserializer(message_type, {}, client)
    for line in sys.stdin:
        message = deserializer(bytes.fromhex(line.strip()), context)
        print(json_format.MessageToJson(message, indent=None))
else:
    conf = {"auto.register.schemas": False, "use.latest.version": True} if mode == "encode" else {}
    serializer = ProtobufSerializer(message_type, client, conf)
    for line in sys.stdin:
        message = json_format.Parse(line, message_type())
        print(serializer(message, context).hex())
