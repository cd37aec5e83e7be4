"""Lists and watches through Debian's python3-kubernetes client (run by tst_pythonclient).

Prints one line per check; the C++ test asserts on them.
"""
import sys
import threading

from kubernetes import client, config, watch

config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()

names = sorted(ns.metadata.name for ns in core.list_namespace().items)
print("namespaces:", ",".join(names))

listed = core.list_namespaced_config_map("default")
start = listed.metadata.resource_version
print("list resourceVersion:", start)


def create_later():
    body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="from-python"), data={"k": "v"})
    core.create_namespaced_config_map("default", body)


threading.Timer(0.5, create_later).start()
w = watch.Watch()
for event in w.stream(core.list_namespaced_config_map, "default", resource_version=start, timeout_seconds=20):
    if event["object"].metadata.name == "from-python":
        print("watched:", event["type"], event["object"].metadata.name, event["object"].data["k"])
        w.stop()
        break
else:
    print("watch ended without the event")
