# hvac 0.11.2 against a KV v1 mount it enables itself, plus the generic Client.read/write/list/delete.
import json
import os
import sys

import hvac
from hvac import exceptions

client = hvac.Client(url=os.environ["VAULT_ADDR"], token=os.environ["VAULT_TOKEN"])
kv = client.secrets.kv.v1
mount, folder = sys.argv[1], sys.argv[2]
out = {}


def error_of(call):
    try:
        call()
    except exceptions.VaultError as error:
        return {"type": type(error).__name__, "errors": error.errors}
    return None


client.sys.enable_secrets_engine(backend_type="kv", path=mount, description="hvac v1", options={"version": "1"})
out["mount"] = client.sys.list_mounted_secrets_engines()["data"][mount + "/"]
out["tune"] = client.sys.read_mount_configuration(path=mount)["data"]

# create_or_update_secret reads first: a POST when absent, a PUT when present.
out["create_status"] = kv.create_or_update_secret(path=folder + "/a", secret={"k": "v1", "ttl": "1h"}, mount_point=mount).status_code
out["update_status"] = kv.create_or_update_secret(path=folder + "/a", secret={"k": "v2"}, mount_point=mount).status_code
kv.create_or_update_secret(path=folder + "/b/c", secret={"k": "c"}, mount_point=mount)
read = kv.read_secret(path=folder + "/a", mount_point=mount)
out["read"] = {"data": read["data"], "lease_duration": read["lease_duration"], "renewable": read["renewable"], "lease_id": read["lease_id"]}
out["list"] = kv.list_secrets(path=folder, mount_point=mount)["data"]
out["delete_status"] = kv.delete_secret(path=folder + "/a", mount_point=mount).status_code
out["read_deleted"] = error_of(lambda: kv.read_secret(path=folder + "/a", mount_point=mount))

# The generic client: read returns None on 404, list uses GET ?list=True.
client.write(mount + "/" + folder + "/generic", value="g", ttl="30m")
generic = client.read(mount + "/" + folder + "/generic")
out["generic_read"] = {"data": generic["data"], "lease_duration": generic["lease_duration"]}
out["generic_list"] = client.list(mount + "/" + folder)["data"]
client.delete(mount + "/" + folder + "/generic")
out["generic_read_deleted"] = client.read(mount + "/" + folder + "/generic")

with open(os.environ["RESULT_FILE"], "w") as result:
    json.dump(out, result)
