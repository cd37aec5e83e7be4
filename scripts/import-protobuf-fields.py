#!/usr/bin/env python3
"""Vendors the field numbers of the Kubernetes protobuf messages into the build.

kubectl 1.32+ sends create/update bodies as Kubernetes protobuf
(application/vnd.kubernetes.protobuf). The API server stores JSON, so it decodes those
bodies with a table of every message's fields: number, name (upstream keeps the proto field
name identical to the JSON name, with two exceptions noted below), scalar or message type,
optional/repeated, map key and value. The OpenAPI data in controlplane/api/schema/data has no
field numbers; this script produces them as controlplane/api/protobuf/data/
protobuf-fields.json (facts only, no prose).

Where the facts come from: the `generated.proto` files of k8s.io/api and
k8s.io/apimachinery (Kubernetes 1.32), which go-to-protobuf writes from the Go types. One
more fact is needed that the published files no longer carry: whether a scalar field is a
Go pointer. gogo-protobuf marshals every non-pointer scalar even when it holds the zero
value, while Go's JSON encoder omits such zero values (`omitempty`); a pointer's zero
(`replicas: 0`, `suspend: false`) is meaningful. go-to-protobuf states this with
`[(gogoproto.nullable) = false]` on each non-pointer field and strips those options from the
.proto files it publishes, but the descriptors compiled into every Kubernetes Go binary (the
gzipped FileDescriptorProto in each generated.pb.go) keep them. So the import has two steps:

  1. scripts/import-protobuf-fields.py --extract /usr/bin/kubectl /tmp/k8s-protos
     writes .proto text (messages and fields only, with the nullable options) for every
     descriptor found in a Kubernetes Go binary, here the kubectl 1.32 the project supports.
  2. scripts/import-protobuf-fields.py /tmp/k8s-protos
     parses every .proto file under the folder (upstream's published text parses too) and
     writes the data file.

Step 2 refuses .proto files without any gogoproto.nullable option (as published upstream),
because data without pointer facts would make the decoder keep every zero value. It also
reads the vendored OpenAPI structure (controlplane/api/schema/data/schemas.json) for what
only JSON knows: embedded (inline) structs, the two fields go-to-protobuf named after the
Go field (BoundObjectReference.uID, IngressClassParametersReference.aPIGroup), and the
scalars JSON marks required (no omitempty). Field numbers were spot-checked against
upstream's published generated.proto (apps/v1, core/v1, runtime, intstr), and the decoder's
tests decode bodies recorded from the real kubectl. Keep the .proto files out of the
repository; only the data file is committed.
"""
import argparse
import json
import pathlib
import re
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = ROOT / "controlplane" / "api" / "protobuf" / "data" / "protobuf-fields.json"
SCHEMAS = ROOT / "controlplane" / "api" / "schema" / "data" / "schemas.json"

# The API groups whose JSON structure is vendored in controlplane/api/schema (the inline
# check below needs it) and the apimachinery packages they use.
PACKAGES = [
    "k8s.io.api.apps.v1",
    "k8s.io.api.authentication.v1",
    "k8s.io.api.authorization.v1",
    "k8s.io.api.autoscaling.v1",
    "k8s.io.api.autoscaling.v2",
    "k8s.io.api.batch.v1",
    "k8s.io.api.certificates.v1",
    "k8s.io.api.coordination.v1",
    "k8s.io.api.core.v1",
    "k8s.io.api.discovery.v1",
    "k8s.io.api.events.v1",
    "k8s.io.api.networking.v1",
    "k8s.io.api.node.v1",
    "k8s.io.api.policy.v1",
    "k8s.io.api.rbac.v1",
    "k8s.io.api.scheduling.v1",
    "k8s.io.api.storage.v1",
    "k8s.io.apimachinery.pkg.api.resource",
    "k8s.io.apimachinery.pkg.apis.meta.v1",
    "k8s.io.apimachinery.pkg.runtime",
    "k8s.io.apimachinery.pkg.runtime.schema",
    "k8s.io.apimachinery.pkg.util.intstr",
]

SCALARS = {
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
    "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
}

# ---------------------------------------------------------------------------------------
# Step 1: descriptors in a Go binary -> .proto text


def _varint(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def _fields(data):
    """(number, value) pairs of a protobuf message; value is int or bytes."""
    out, i = [], 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            length, i = _varint(data, i)
            value, i = data[i:i + length], i + length
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        else:
            raise ValueError(f"unexpected wire type {wire} in a descriptor")
        out.append((number, value))
    return out


def _first(pairs, number, default=None):
    return next((v for n, v in pairs if n == number), default)


# FieldDescriptorProto.Type -> proto type name.
_TYPE_NAMES = {1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64",
               7: "fixed32", 8: "bool", 9: "string", 12: "bytes", 13: "uint32",
               15: "sfixed32", 16: "sfixed64", 17: "sint32", 18: "sint64"}
_GOGO_NULLABLE = 65001  # extension number of (gogoproto.nullable) in FieldOptions


def _render_message(message, indent, out):
    pairs = _fields(message)
    name = _first(pairs, 1).decode()
    nested = [_fields(v) for n, v in pairs if n == 3]
    # map<k, v> fields are nested "XEntry" messages with MessageOptions.map_entry (7) set.
    entries = {}
    for entry in nested:
        options = _first(entry, 7, b"")
        if any(n == 7 and v == 1 for n, v in _fields(options)):
            entries[_first(entry, 1).decode()] = entry
    pad = "  " * indent
    out.append(f"{pad}message {name} {{")
    for n, v in pairs:
        if n != 2:
            continue
        field = _fields(v)
        fname, number = _first(field, 1).decode(), _first(field, 3)
        label, ftype = _first(field, 4), _first(field, 5)
        type_name = _first(field, 6, b"").decode()
        json_name = _first(field, 10, b"").decode()
        if json_name and json_name != fname:
            raise ValueError(f"{name}.{fname}: JSON name {json_name} differs")
        options = [] if _first(field, 8) is None else _fields(_first(field, 8))
        nullable = next((v for n, v in options if n == _GOGO_NULLABLE), None)
        option_text = "" if nullable is None else \
            f" [(gogoproto.nullable) = {'true' if nullable else 'false'}]"
        entry = entries.get(type_name.rsplit(".", 1)[-1]) if ftype == 11 else None
        if entry is not None and label == 3:
            kv = {_first(_fields(f), 1).decode(): _fields(f)
                  for n, f in entry if n == 2}
            key_type = _TYPE_NAMES[_first(kv["key"], 5)]
            value = kv["value"]
            value_type = _first(value, 6).decode().lstrip(".") if _first(value, 5) == 11 \
                else _TYPE_NAMES[_first(value, 5)]
            out.append(f"{pad}  map<{key_type}, {value_type}> {fname} = {number}{option_text};")
            continue
        type_text = type_name.lstrip(".") if ftype == 11 else _TYPE_NAMES[ftype]
        label_text = {1: "optional", 2: "required", 3: "repeated"}[label]
        out.append(f"{pad}  {label_text} {type_text} {fname} = {number}{option_text};")
    for entry in nested:
        if _first(entry, 1).decode() not in entries:
            raise ValueError(f"{name}: nested messages other than map entries")
    out.append(f"{pad}}}")
    out.append("")


def extract(binary, folder):
    data = pathlib.Path(binary).read_bytes()
    written = 0
    seen = set()
    # Go's compress/gzip header: magic, deflate, no flags, zero mtime.
    for match in re.finditer(rb"\x1f\x8b\x08\x00\x00\x00\x00\x00", data):
        try:
            descriptor = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(
                data[match.start():match.start() + 4_000_000])
        except zlib.error:
            continue
        try:
            pairs = _fields(descriptor)
        except (IndexError, ValueError):
            continue
        name = _first(pairs, 1)
        if not isinstance(name, bytes) or not name.endswith(b"generated.proto") \
                or name in seen:
            continue
        seen.add(name)
        package = _first(pairs, 2).decode()
        lines = [
            f"// Structure of {name.decode()} as compiled into {pathlib.Path(binary).name}",
            "// (messages and fields only), written by scripts/import-protobuf-fields.py.",
            "",
            'syntax = "proto2";',
            "",
            f"package {package};",
            "",
        ]
        lines += [f'import "{v.decode()}";' for n, v in pairs if n == 3]
        lines.append("")
        for n, v in pairs:
            if n == 4:
                _render_message(v, 0, lines)
        target = pathlib.Path(folder) / name.decode()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines))
        written += 1
    if not written:
        sys.exit(f"import-protobuf-fields: no Kubernetes descriptors found in {binary}")
    print(f"import-protobuf-fields: {written} .proto files -> {folder}")


# ---------------------------------------------------------------------------------------
# Step 2: .proto text -> data file

_TOKEN = re.compile(r'\s+|//[^\n]*|/\*.*?\*/|"(?:[^"\\]|\\.)*"|[A-Za-z_.][A-Za-z0-9_.]*|-?\d+|.',
                    re.S)


class _Parser:
    def __init__(self, text, path):
        self.tokens = [t for t in _TOKEN.findall(text)
                       if t.strip() and not t.startswith(("//", "/*"))]
        self.path = path
        self.i = 0

    def fail(self, what):
        near = " ".join(self.tokens[self.i:self.i + 8])
        raise SystemExit(f"import-protobuf-fields: {self.path}: {what} near '{near}'")

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, expected=None):
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            self.fail(f"expected {expected or 'more input'}")
        self.i += 1
        return token

    def skip_statement(self):
        """Skips to the end of a statement or a balanced {...} block."""
        depth = 0
        while True:
            token = self.take()
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return
            elif token == ";" and depth == 0:
                return

    def parse_file(self):
        package, messages = "", []
        while self.peek() is not None:
            token = self.take()
            if token == "package":
                package = self.take()
                self.take(";")
            elif token == "message":
                messages.append(self.parse_message())
            elif token in ("syntax", "import", "option", "enum", "extend", "service"):
                self.i -= 1
                self.skip_statement()
            elif token == ";":
                continue
            else:
                self.fail(f"unexpected '{token}'")
        return package, messages

    def parse_options(self):
        options = {}
        if self.peek() != "[":
            return options
        self.take("[")
        while True:
            name = []
            while self.peek() not in ("=", None):
                name.append(self.take())
            self.take("=")
            options["".join(name)] = self.take()
            if self.take() == "]":
                return options

    def parse_message(self):
        name = self.take()
        self.take("{")
        message = {"name": name, "fields": [], "nested": []}
        while self.peek() != "}":
            token = self.take()
            if token == "message":
                message["nested"].append(self.parse_message())
            elif token in ("option", "reserved", "extensions", "enum", "extend"):
                self.i -= 1
                self.skip_statement()
            elif token == "oneof":
                self.fail("oneof is not used by Kubernetes and not supported")
            elif token == ";":
                continue
            else:
                field = {}
                if token in ("optional", "repeated", "required"):
                    field["label"] = "repeated" if token == "repeated" else "optional"
                    token = self.take()
                else:
                    field["label"] = "optional"  # proto3 style: singular
                if token == "map":
                    self.take("<")
                    key = self.take()
                    self.take(",")
                    value = self.take()
                    self.take(">")
                    field.update(type="map", mapKey=key, mapValue=value, label="repeated")
                else:
                    field["type"] = token
                field["name"] = self.take()
                self.take("=")
                number = self.take()
                if not number.isdigit():
                    self.fail("expected a field number")
                field["number"] = int(number)
                field["options"] = self.parse_options()
                self.take(";")
                message["fields"].append(field)
        self.take("}")
        return message


def _resolve(reference, scope, known):
    """Proto name lookup: innermost scope outwards; a leading dot means fully qualified."""
    if reference.startswith("."):
        return reference[1:] if reference[1:] in known else None
    parts = scope.split(".")
    while True:
        candidate = ".".join(parts + [reference]) if parts else reference
        if candidate in known:
            return candidate
        if not parts:
            return None
        parts.pop()


def _schema_name(message):
    """k8s.io.api.core.v1.Volume -> io.k8s.api.core.v1.Volume (the OpenAPI definition)."""
    return "io.k8s." + message[len("k8s.io."):]


def _add_json_facts(out):
    """Adds what only the JSON structure knows, from the vendored OpenAPI data.

    - inline: an embedded Go struct (`json:",inline"`), e.g. Volume.volumeSource. Protobuf
      keeps it as a field of its own while JSON spreads its fields into the parent; the
      parent's JSON properties lack the field's name and hold its message's properties.
    - jsonName: where go-to-protobuf named the field after the Go field, not the JSON tag.
    - required: a scalar the JSON marks required. Such fields have no `omitempty`, so Go
      writes them even at their zero value (PodDisruptionBudgetStatus.currentHealthy: 0).
    The same comparison checks that every protobuf field has a JSON property and vice versa,
    which catches a data file out of step with the schema (say, a newer Kubernetes release
    on one side).
    """
    schemas = json.loads(SCHEMAS.read_text())

    def json_names(message, seen=()):
        names = set()
        for field in out.get(message, []):
            if field.get("inline") and field["messageType"] not in seen:
                names |= json_names(field["messageType"], seen + (message,))
            else:
                names.add(field.get("jsonName", field["name"]))
        return names

    problems, unchecked = [], []
    for message, fields in out.items():
        properties = schemas.get(_schema_name(message), {}).get("properties")
        if properties is None:
            unchecked.append(message)
            continue
        by_lower = {name.lower(): name for name in properties}
        required = set(schemas[_schema_name(message)].get("required", []))
        for field in fields:
            if (field["name"] in required and field["type"] in SCALARS
                    and field["label"] == "optional" and not field.get("nullable")):
                field["required"] = True
            if field["name"] in properties:
                continue
            # go-to-protobuf derives a few names from the Go field rather than the JSON tag
            # (BoundObjectReference.uID is "uid" in JSON).
            if field["name"].lower() in by_lower:
                field["jsonName"] = by_lower[field["name"].lower()]
                continue
            if field["type"] != "message" or field["label"] != "optional":
                continue
            inner = {f.get("jsonName", f["name"]) for f in out.get(field["messageType"], [])}
            if inner and inner <= set(properties):
                field["inline"] = True
        names = json_names(message)
        extra = sorted(names - set(properties))
        absent = sorted(set(properties) - names - {"apiVersion", "kind"})
        if extra or absent:
            problems.append(f"{message}: protobuf only {extra}, JSON only {absent}")
    print(f"import-protobuf-fields: {len(unchecked)} messages have no JSON schema to check "
          f"against: {', '.join(sorted(unchecked))}", file=sys.stderr)
    for problem in problems:
        print(f"import-protobuf-fields: warning: {problem}", file=sys.stderr)


def import_folder(folder):
    files = sorted(pathlib.Path(folder).rglob("*.proto"))
    if not files:
        sys.exit(f"import-protobuf-fields: no .proto files under {folder}")
    messages = {}  # full name -> (scope for lookups, parsed message)
    any_nullable = False

    def collect(scope, message):
        full = f"{scope}.{message['name']}" if scope else message["name"]
        messages[full] = (full, message)
        for nested in message["nested"]:
            collect(full, nested)

    for path in files:
        package, parsed = _Parser(path.read_text(), path).parse_file()
        for message in parsed:
            collect(package, message)
    known = set(messages)

    out = {}
    for full, (scope, message) in sorted(messages.items()):
        if not any(full.startswith(p + ".") and "." not in full[len(p) + 1:]
                   for p in PACKAGES):
            continue
        fields = []
        for field in sorted(message["fields"], key=lambda f: f["number"]):
            entry = {"number": field["number"], "name": field["name"], "label": field["label"]}
            nullable = field["options"].get("(gogoproto.nullable)")
            any_nullable = any_nullable or nullable is not None
            if field["type"] == "map":
                entry["type"] = "map"
                entry["mapKey"] = field["mapKey"]
                if field["mapKey"] not in SCALARS:
                    sys.exit(f"import-protobuf-fields: {full}.{field['name']}: map key type")
                value = field["mapValue"]
                if value in SCALARS:
                    entry["mapValue"] = value
                else:
                    entry["mapValue"] = "message"
                    entry["messageType"] = _resolve(value, scope, known)
            elif field["type"] in SCALARS:
                entry["type"] = field["type"]
                # A Go pointer: present on the wire only when set, so a zero value counts.
                if field["label"] == "optional" and nullable != "false":
                    entry["nullable"] = True
            else:
                entry["type"] = "message"
                entry["messageType"] = _resolve(field["type"], scope, known)
            if entry.get("messageType", "") is None:
                sys.exit(f"import-protobuf-fields: {full}.{field['name']}: "
                         f"unknown message type {field.get('mapValue', field['type'])}")
            fields.append(entry)
        out[full] = fields
    _add_json_facts(out)
    missing = {f["messageType"] for fields in out.values() for f in fields
               if "messageType" in f and f["messageType"] not in out}
    if missing:
        sys.exit(f"import-protobuf-fields: referenced but outside PACKAGES: {sorted(missing)}")
    if not any_nullable:
        sys.exit("import-protobuf-fields: no (gogoproto.nullable) options in these .proto files "
                 "(upstream strips them from the published ones); extract the .proto text "
                 "from a Kubernetes binary with --extract first")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"import-protobuf-fields: {len(out)} messages from {len(files)} files -> {TARGET}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--extract", metavar="BINARY",
                        help="write .proto text from the descriptors in a Kubernetes Go binary")
    parser.add_argument("folder", help="folder of .proto files (written with --extract)")
    args = parser.parse_args()
    if args.extract:
        extract(args.extract, args.folder)
    else:
        import_folder(args.folder)


if __name__ == "__main__":
    main()
