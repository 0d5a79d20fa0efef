"""Confluent's own Python SchemaRegistryClient (confluent-kafka on PyPI), unchanged, against our registry.

Usage: python3 confluent_client_smoke.py REGISTRY_URL SCHEMAS_DIR
Prints one line per step and exits non-zero on the first disagreement.
"""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

url, schemas = sys.argv[1], sys.argv[2]
v1 = open(f"{schemas}/orders/order-v1.avsc").read()
v2 = open(f"{schemas}/orders/order-v2.avsc").read()
breaking = '{"type": "record", "name": "Order", "namespace": "com.example.orders", "fields": [{"name": "orderId", "type": "long"}]}'

client = SchemaRegistryClient({"url": url})
subject = "orders-value"

schema_id = client.register_schema(subject, Schema(v1, "AVRO"))
print("register", schema_id)
assert client.register_schema(subject, Schema(v1, "AVRO")) == schema_id, "re-register must return the same id"

registered = client.lookup_schema(subject, Schema(v1, "AVRO"))
assert registered.schema_id == schema_id and registered.version == 1, registered
print("lookup", registered.schema_id, registered.version)

fetched = client.get_schema(schema_id)
assert "com.example.orders" in fetched.schema_str and fetched.schema_type == "AVRO", fetched
print("get_schema", len(fetched.schema_str))

# The schema comes back in the shape it was registered in (name and namespace apart), as parsed
# JSON, nested named types included.
shaped = {
    "type": "record", "name": "Order", "namespace": "shop", "doc": "an order",
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
        {"name": "address", "type": {"type": "record", "name": "Address", "namespace": "geo", "fields": [{"name": "city", "type": "string"}]}},
    ],
}
shaped_id = client.register_schema("shaped-value", Schema(json.dumps(shaped), "AVRO"))
assert json.loads(client.get_schema(shaped_id).schema_str) == shaped, client.get_schema(shaped_id).schema_str
assert json.loads(client.get_latest_version("shaped-value").schema.schema_str) == shaped
folded = dict(shaped, name="shop.Order")
del folded["namespace"]
assert client.register_schema("shaped-value", Schema(json.dumps(folded), "AVRO")) == shaped_id, "the same schema however its name is written"
print("shape kept")

assert client.test_compatibility(subject, Schema(v2, "AVRO")) is True
assert client.test_compatibility(subject, Schema(breaking, "AVRO")) is False
print("test_compatibility ok")

try:
    client.register_schema(subject, Schema(breaking, "AVRO"))
    raise SystemExit("a breaking schema was registered")
except SchemaRegistryError as error:
    assert error.http_status_code == 409 and error.error_code == 409, error
    print("refused", error.error_code)

v2_id = client.register_schema(subject, Schema(v2, "AVRO"))
latest = client.get_latest_version(subject)
assert latest.version == 2 and latest.schema_id == v2_id, latest
assert client.get_versions(subject) == [1, 2]
assert subject in client.get_subjects()
print("latest", latest.version)

assert client.set_compatibility(subject, "FULL") == {"compatibility": "FULL"} or client.get_compatibility(subject) == "FULL"
assert client.get_compatibility(subject) == "FULL"
print("compatibility FULL")

try:
    client.get_schema(99999)
    raise SystemExit("a missing schema was found")
except SchemaRegistryError as error:
    assert error.error_code == 40403, error
    print("missing", error.error_code)

# The serializer auto-registers under TopicNameStrategy and frames with magic 0 + schema id.
value_schema = '{"type": "record", "name": "Ping", "fields": [{"name": "n", "type": "int"}]}'
serializer = AvroSerializer(client, value_schema)
deserializer = AvroDeserializer(client)
context = SerializationContext("pings", MessageField.VALUE)
payload = serializer({"n": 42}, context)
assert payload[0] == 0, payload
ping_id = int.from_bytes(payload[1:5], "big")
assert deserializer(payload, context) == {"n": 42}
assert client.get_latest_version("pings-value").schema_id == ping_id
print("serde", ping_id, payload.hex())

deleted = client.delete_subject("pings-value")
assert deleted == [1], deleted
assert client.delete_subject("pings-value", permanent=True) == [1]
print("ok")
