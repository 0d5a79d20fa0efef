#!/usr/bin/env python3
"""Runs Confluent Schema Registry's own Protobuf diff cases through SchemaWire.

Usage: scripts/confluent_protobuf_cases.py SCHEMA_REGISTRY_CHECKOUT SCHEMAWIRE_BINARY

SCHEMA_REGISTRY_CHECKOUT is a checkout (or `git archive`) of confluentinc/schema-registry; its
protobuf-provider/src/test/resources/diff-schema-examples*.json hold each case's original and
updated schema, imports, the differences Confluent's SchemaDiff lists and its verdict. The data is
read from there and never copied into this repository. For every case this compares:

  * `schemawire protobuf diff`: the set of differences (kind and path) with Confluent's list;
  * `schemawire check` (BACKWARD): the verdict;
  * our registry (`schemawire registry serve --memory`): the verdict of
    POST /compatibility/subjects/S/versions/latest after registering the original with its
    imports as references.

Exit 0 when every case agrees on all three.
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

RESOURCES = "protobuf-provider/src/test/resources"
# Confluent's own types (confluent/meta.proto, confluent/type/decimal.proto), which some cases import.
CONFLUENT_TYPES = "protobuf-types/src/main/proto"
BUILT_IN = "google/protobuf/"


def load_cases(checkout):
    cases = []
    for name in ("diff-schema-examples.json", "diff-schema-examples-with-meta.json"):
        with open(os.path.join(checkout, RESOURCES, name)) as handle:
            for case in json.load(handle):
                case["file"] = name
                cases.append(case)
    return cases


def schema_text(checkout, text):
    """A case names a .proto resource instead of inlining it sometimes."""
    if text.endswith(".proto"):
        with open(os.path.join(checkout, RESOURCES, text)) as handle:
            return handle.read()
    return text


def write_side(directory, checkout, case, side):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "schema.proto")
    with open(path, "w") as handle:
        handle.write(schema_text(checkout, case[f"{side}_schema"]))
    deps = {}
    for dep in case.get(f"{side}_dependencies", []):
        if dep["name"].startswith(BUILT_IN):
            continue
        text = dep.get("dependency")
        for root in (RESOURCES, CONFLUENT_TYPES):
            if text is None and os.path.exists(os.path.join(checkout, root, dep["name"])):
                text = open(os.path.join(checkout, root, dep["name"])).read()
        target = os.path.join(directory, dep["name"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as handle:
            handle.write(text)
        deps[dep["name"]] = text
    return path, deps


class Registry:
    def __init__(self, binary):
        self.process = subprocess.Popen(
            [binary, "registry", "serve", "--memory", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        line = self.process.stdout.readline().strip()
        self.url = line.split("listening on ", 1)[1].split()[0]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/vnd.schemaregistry.v1+json"}
        )
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def register_side(self, prefix, case, side, deps):
        """Registers the imports (each its own subject) and returns the references for them."""
        references = []
        for ref in case.get(f"{side}_references", []):
            if ref["name"].startswith(BUILT_IN):
                continue
            subject = urllib.parse.quote(f"{prefix}-{ref['subject']}", safe="")
            # A case may give one subject two versions that are not compatible with each other.
            self.call("PUT", f"/config/{subject}", {"compatibility": "NONE"})
            status, answer = self.call("POST", f"/subjects/{subject}/versions", {"schemaType": "PROTOBUF", "schema": deps[ref["name"]]})
            if status != 200:
                raise RuntimeError(f"registering {subject}: {status} {answer}")
            status, version = self.call("POST", f"/subjects/{subject}", {"schemaType": "PROTOBUF", "schema": deps[ref["name"]]})
            references.append({"name": ref["name"], "subject": urllib.parse.unquote(subject), "version": version["version"]})
        return references

    def verdict(self, index, case, texts, deps):
        prefix = f"case{index}"
        old_refs = self.register_side(prefix, case, "original", deps["original"])
        status, answer = self.call(
            "POST", f"/subjects/{prefix}-value/versions", {"schemaType": "PROTOBUF", "schema": texts["original"], "references": old_refs}
        )
        if status != 200:
            raise RuntimeError(f"registering the original: {status} {answer}")
        new_refs = self.register_side(prefix, case, "update", deps["update"])
        status, answer = self.call(
            "POST",
            f"/compatibility/subjects/{prefix}-value/versions/latest?verbose=true",
            {"schemaType": "PROTOBUF", "schema": texts["update"], "references": new_refs},
        )
        if status != 200:
            raise RuntimeError(f"checking the update: {status} {answer}")
        return answer["is_compatible"], answer.get("messages", [])

    def stop(self):
        self.process.kill()
        self.process.wait()


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    checkout, binary = sys.argv[1], os.path.abspath(sys.argv[2])
    cases = load_cases(checkout)
    registry = Registry(binary)
    failures = 0
    try:
        for index, case in enumerate(cases):
            with tempfile.TemporaryDirectory() as scratch:
                old_path, old_deps = write_side(os.path.join(scratch, "original"), checkout, case, "original")
                new_path, new_deps = write_side(os.path.join(scratch, "update"), checkout, case, "update")
                old_dir, new_dir = os.path.dirname(old_path), os.path.dirname(new_path)
                diff = subprocess.run(
                    [binary, "protobuf", "diff", old_path, new_path, "-I", new_dir, "--against-proto-path", old_dir],
                    capture_output=True, text=True,
                )
                check = subprocess.run(
                    [binary, "check", "--schema", new_path, "--against", old_path, "-I", new_dir, "--against-proto-path", old_dir],
                    capture_output=True, text=True,
                )
                texts = {"original": open(old_path).read(), "update": open(new_path).read()}
                try:
                    registry_compatible, messages = registry.verdict(index, case, texts, {"original": old_deps, "update": new_deps})
                except RuntimeError as error:
                    registry_compatible, messages = None, [str(error)]
            ours = set(diff.stdout.split("\n")) - {""}
            theirs = set(case["changes"])
            expected = case["compatible"]
            problems = []
            if diff.returncode not in (0, 1):
                problems.append(f"diff failed: {diff.stderr.strip()}")
            elif ours != theirs:
                problems.append(f"differences: ours only {sorted(ours - theirs)}, Confluent's only {sorted(theirs - ours)}")
            if diff.returncode in (0, 1) and (diff.returncode == 0) != expected:
                problems.append(f"diff verdict {diff.returncode == 0}")
            if check.returncode not in (0, 1) or (check.returncode == 0) != expected:
                problems.append(f"check exit {check.returncode}: {(check.stderr or check.stdout).strip()[:300]}")
            if registry_compatible != expected:
                problems.append(f"registry is_compatible {registry_compatible}: {messages}")
            status = "ok  " if not problems else "FAIL"
            print(f"{status} {case['file']}#{index} {'compatible' if expected else 'incompatible'}: {case['description']}")
            for problem in problems:
                print(f"       {problem}")
            failures += bool(problems)
    finally:
        registry.stop()
    print(f"{len(cases) - failures} of {len(cases)} cases agree with Confluent (diff, check and registry)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
