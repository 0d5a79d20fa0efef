#!/usr/bin/env python3
"""A fixed REST session against a schema registry: recorded from one registry, replayed against another.

Usage:
  scripts/registry_session.py record URL OUT.json   run the session against URL and write every exchange
  scripts/registry_session.py replay URL IN.json    run the same requests against URL and compare the answers

The session covers what clients lean on: registering (again, under a second subject, with a reference, with the
name written two ways), lookups, reads by id and version, versions and subjects lists, compatibility checks,
config, soft and hard deletes, and the errors (unknown subject, version, id; invalid and incompatible schemas).
Replay compares status codes, error codes and the bodies, Avro schema strings as parsed JSON and error messages
left out (their wording is each registry's own). Exit 0 when every answer agrees.
"""
import json
import sys
import urllib.error
import urllib.request

ORDER_V1 = {"type": "record", "name": "Order", "namespace": "com.example.orders", "doc": "An order.",
            "fields": [{"name": "id", "type": "string"}, {"name": "total", "type": "double"}]}
ORDER_V2 = dict(ORDER_V1, fields=ORDER_V1["fields"] + [{"name": "note", "type": ["null", "string"], "default": None}])
BREAKING = dict(ORDER_V1, fields=[{"name": "id", "type": "long"}])
MONEY = {"type": "record", "name": "Money", "namespace": "com.example", "fields": [{"name": "cents", "type": "long"}, {"name": "currency", "type": "string"}]}
PAYMENT = {"type": "record", "name": "Payment", "namespace": "com.example", "fields": [{"name": "id", "type": "string"}, {"name": "amount", "type": "com.example.Money"}]}
FOLDED = {"type": "record", "name": "shop.Cart", "fields": [{"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [{"name": "sku", "type": "string"}]}}}]}


def avro(schema, **extra):
    return dict({"schema": json.dumps(schema)}, **extra)


SESSION = [
    ("GET", "/subjects", None),
    ("PUT", "/config", {"compatibility": "BACKWARD"}),
    ("GET", "/config", None),
    ("POST", "/subjects/orders-value/versions", avro(ORDER_V1)),
    ("POST", "/subjects/orders-value/versions", avro(ORDER_V1)),
    ("POST", "/subjects/orders-value", avro(ORDER_V1)),
    ("GET", "/schemas/ids/1", None),
    ("GET", "/schemas/ids/1/versions", None),
    ("GET", "/subjects/orders-value/versions", None),
    ("GET", "/subjects/orders-value/versions/1", None),
    ("GET", "/subjects/orders-value/versions/latest", None),
    ("GET", "/subjects/orders-value/versions/1/schema", None),
    ("POST", "/compatibility/subjects/orders-value/versions/latest", avro(ORDER_V2)),
    ("POST", "/compatibility/subjects/orders-value/versions/latest", avro(BREAKING)),
    ("POST", "/subjects/orders-value/versions", avro(BREAKING)),
    ("POST", "/subjects/orders-value/versions", avro(ORDER_V2)),
    ("GET", "/subjects/orders-value/versions", None),
    ("POST", "/subjects/audit-value/versions", avro(ORDER_V1)),
    ("GET", "/schemas/ids/1/versions", None),
    ("GET", "/subjects", None),
    ("PUT", "/config/orders-value", {"compatibility": "FULL"}),
    ("GET", "/config/orders-value", None),
    ("DELETE", "/config/orders-value", None),
    ("GET", "/subjects/nope/versions", None),
    ("GET", "/subjects/nope/versions/1", None),
    ("GET", "/schemas/ids/999", None),
    ("GET", "/subjects/orders-value/versions/99", None),
    ("POST", "/subjects/bad-value/versions", {"schema": "{not json"}),
    ("POST", "/subjects/bad-value/versions", avro({"type": "record", "name": "R", "fields": [{"name": "a", "type": "Missing"}]})),
    ("POST", "/subjects/orders-value", avro(MONEY)),
    ("POST", "/subjects/nope", avro(MONEY)),
    ("POST", "/subjects/money-value/versions", avro(MONEY)),
    ("POST", "/subjects/payment-value/versions", avro(PAYMENT, references=[{"name": "com.example.Money", "subject": "money-value", "version": 1}])),
    ("GET", "/subjects/payment-value/versions/1", None),
    ("GET", "/subjects/money-value/versions/1/referencedby", None),
    ("DELETE", "/subjects/money-value/versions/1", None),
    ("POST", "/subjects/cart-value/versions", avro(FOLDED)),
    ("GET", "/subjects/cart-value/versions/latest", None),
    ("POST", "/subjects/string-value/versions", avro("string")),
    ("GET", "/subjects/string-value/versions/1", None),
    ("DELETE", "/subjects/orders-value/versions/1", None),
    ("GET", "/subjects/orders-value/versions", None),
    ("GET", "/subjects/orders-value/versions?deleted=true", None),
    ("GET", "/subjects/orders-value/versions/1?deleted=true", None),
    ("DELETE", "/subjects/orders-value", None),
    ("GET", "/subjects", None),
    ("GET", "/subjects?deleted=true", None),
    ("DELETE", "/subjects/orders-value?permanent=true", None),
    ("GET", "/subjects/orders-value/versions", None),
    ("POST", "/subjects/orders-value/versions", avro(ORDER_V1)),
    ("GET", "/subjects/orders-value/versions", None),
]


def call(url, method, path, body):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        answer = json.loads(raw) if raw else None
    except ValueError:
        answer = raw.decode(errors="replace")
    return status, answer


# Where the recording (Karapace) and Confluent Schema Registry answer differently, Confluent wins;
# and where SchemaWire deliberately differs from both, the replay expects SchemaWire's answer. Keyed by
# the exchange's position in SESSION; each with the reason.
EXPECTED_INSTEAD = {
    22: (200, {"compatibilityLevel": "FULL"},
         "DELETE /config/{subject} answers the deleted config, as Confluent's ConfigResource does (Karapace answers the level now in force)"),
    37: (200, {"subject": "cart-value", "version": 1, "id": 5, "schema": {"type": "record", "name": "Cart", "namespace": "shop", "fields": [
        {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [{"name": "sku", "type": "string"}]}}}]}},
         "Confluent stores an Avro schema as Avro's Java library writes it (name and namespace apart); Karapace keeps the text as sent"),
    49: (200, {"id": 1, "version": 3},
         "a hard-deleted subject's version numbers are never given again (clients cache numbered versions); Confluent and Karapace start at 1"),
    50: (200, [3], "as above"),
}

# Answers that carry more than the recording are fine (Confluent's newer registries add guid and version
# to registration answers, id and guid to reads); these lists are sets (order is each registry's own).
UNORDERED = {"/subjects", "/subjects?deleted=true"}


def matches(expected, actual):
    """Every member the recording has, with the same value; actual may have more."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(key in actual and matches(value, actual[key]) for key, value in expected.items())
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(matches(a, b) for a, b in zip(expected, actual))
    return expected == actual


def comparable(answer):
    """Avro schema strings as parsed JSON; error messages out."""
    if isinstance(answer, list):
        return [comparable(item) for item in answer]
    if not isinstance(answer, dict):
        return answer
    result = {}
    for key, value in answer.items():
        if key == "message" and "error_code" in answer:
            continue
        if key == "messages" and "is_compatible" in answer:
            continue  # Confluent lists them only for ?verbose=true, each registry in its own words
        if key == "schema" and isinstance(value, str) and answer.get("schemaType", "AVRO") == "AVRO":
            try:
                value = json.loads(value)
            except ValueError:
                pass
        result[key] = comparable(value)
    return result


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("record", "replay"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, url, path = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
    if mode == "record":
        exchanges = []
        for method, route, body in SESSION:
            status, answer = call(url, method, route, body)
            exchanges.append({"method": method, "path": route, "body": body, "status": status, "answer": answer})
            print(status, method, route)
        with open(path, "w") as handle:
            json.dump({"recorded_against": url, "exchanges": exchanges}, handle, indent=1)
            handle.write("\n")
        return 0
    recorded = json.load(open(path))["exchanges"]
    failures = 0
    for index, exchange in enumerate(recorded):
        status, answer = call(url, exchange["method"], exchange["path"], exchange["body"])
        expected_status, expected = exchange["status"], comparable(exchange["answer"])
        if index in EXPECTED_INSTEAD:
            expected_status, expected, reason = EXPECTED_INSTEAD[index]
            print(f"        {exchange['method']} {exchange['path']}: expecting otherwise than recorded: {reason}")
        actual = comparable(answer)
        if exchange["path"] in UNORDERED and isinstance(actual, list) and isinstance(expected, list):
            actual, expected = sorted(actual), sorted(expected)
        if status != expected_status or not matches(expected, actual):
            failures += 1
            print(f"DIFFERS {exchange['method']} {exchange['path']}: recorded {exchange['status']} {json.dumps(expected)}, got {status} {json.dumps(actual)}")
        else:
            print(f"same    {exchange['method']} {exchange['path']}: {status}")
    print(f"{len(recorded) - failures} of {len(recorded)} exchanges answered as recorded")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
