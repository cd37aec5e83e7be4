#!/usr/bin/env python3
"""Records the protobuf request bodies a real kubectl sends for `kubectl create …`.

Usage: capture-kubectl-bodies.py KUBECTL OUTPUT_DIR

Runs each command below against a throwaway HTTP server on 127.0.0.1, which stores the
body of the POST as NAME.pb, then runs the same command with --dry-run=client -o json and
stores that as NAME.json: the JSON of the same Go object, which is what the decoder must
produce. kubectl 1.32 and 1.33 send protobuf; older versions send JSON (nothing is stored
for them). Commands that need discovery (role, clusterrole) are left out: the server
answers every GET with 404.
"""
import http.server
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading

COMMANDS = {
    "configmap": ["configmap", "app", "--from-literal=a=b", "--from-literal=empty=",
                  "--from-file=blob={blob}"],
    "secret": ["secret", "generic", "s", "--from-literal=k=v", "--type=Opaque"],
    "dockersecret": ["secret", "docker-registry", "reg", "--docker-server=r.example.com",
                     "--docker-username=u", "--docker-password=p"],
    "namespace": ["namespace", "team"],
    "deployment": ["deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80"],
    "deployment2": ["deployment", "multi", "--image=nginx", "--image=busybox:1.36"],
    "service": ["service", "clusterip", "db", "--tcp=5432:5432", "--tcp=80:8080"],
    "nodeport": ["service", "nodeport", "np", "--tcp=80:8080", "--node-port=30080"],
    "externalname": ["service", "externalname", "ext", "--external-name=db.example.com"],
    "job": ["job", "once", "--image=busybox", "--", "date"],
    "cronjob": ["cronjob", "nightly", "--image=busybox", "--schedule=0 3 * * *",
                "--restart=OnFailure", "--", "echo", "hi"],
    "serviceaccount": ["serviceaccount", "robot"],
    "quota": ["quota", "q", "--hard=pods=10,requests.cpu=2,limits.memory=1Gi",
              "--scopes=NotTerminating"],
    "rolebinding": ["rolebinding", "rb", "--role=reader", "--user=alice",
                    "--serviceaccount=default:robot", "--group=devs"],
    "clusterrolebinding": ["clusterrolebinding", "crb", "--clusterrole=cr", "--group=devs"],
    "priorityclass": ["priorityclass", "high", "--value=1000", "--description=important",
                      "--preemption-policy=Never", "--global-default=false"],
    "pdb": ["poddisruptionbudget", "pdb", "--selector=app=web", "--min-available=50%"],
    "pdb2": ["poddisruptionbudget", "pdb2", "--selector=app=web", "--max-unavailable=1"],
    "ingress": ["ingress", "ing", "--rule=foo.example.com/bar*=svc:8080,tls=my-cert",
                "--class=nginx", "--annotation=a=b"],
}


class Recorder(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    last_body = None

    def log_message(self, *args):
        pass

    def answer(self, code, status):
        body = json.dumps({"kind": "Status", "apiVersion": "v1", "metadata": {},
                           "status": status, "code": code}).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer(404, "Failure")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Type") == "application/vnd.kubernetes.protobuf":
            Recorder.last_body = body
        self.answer(201, "Success")


def main():
    kubectl, output = sys.argv[1], pathlib.Path(sys.argv[2])
    output.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as scratch:
        kubeconfig = pathlib.Path(scratch, "kubeconfig")
        kubeconfig.write_text(
            "apiVersion: v1\nkind: Config\n"
            f"clusters: [{{name: c, cluster: {{server: 'http://127.0.0.1:{server.server_port}'}}}}]\n"
            "users: [{name: u, user: {token: x}}]\n"
            "contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]\n"
            "current-context: c\n")
        blob = pathlib.Path(scratch, "blob.bin")
        blob.write_bytes(b"\x00\x01\x02\xff\xfeBIN")
        env = dict(os.environ, KUBECONFIG=str(kubeconfig))
        base = [kubectl, "--cache-dir", str(pathlib.Path(scratch, "cache")), "create"]
        for name, args in COMMANDS.items():
            args = [a.replace("{blob}", str(blob)) for a in args]
            # Flags go before "--" (what follows is the container's command).
            split = args.index("--") if "--" in args else len(args)
            Recorder.last_body = None
            subprocess.run(base + args, env=env, capture_output=True, timeout=30)
            if Recorder.last_body is None:
                print(f"{name}: no protobuf body")
                continue
            dry = subprocess.run(base + args[:split] + ["--dry-run=client", "-o", "json"]
                                 + args[split:], env=env, capture_output=True, timeout=30,
                                 check=True)
            (output / f"{name}.pb").write_bytes(Recorder.last_body)
            expected = json.loads(dry.stdout)
            (output / f"{name}.json").write_text(json.dumps(expected, indent=2, sort_keys=True)
                                                 + "\n")
            print(f"{name}: {len(Recorder.last_body)} bytes")
    server.shutdown()


if __name__ == "__main__":
    main()
