# hvac 0.11.2 against KV v2: every kv_v2 method the brief lists, results as JSON in RESULT_FILE.
import importlib.metadata
import json
import os
import sys

import hvac
from hvac import exceptions

client = hvac.Client(url=os.environ["VAULT_ADDR"], token=os.environ["VAULT_TOKEN"])
kv = client.secrets.kv.v2
mount, folder = sys.argv[1], sys.argv[2]
path = folder + "/app"
out = {"hvac_version": importlib.metadata.version("hvac")}


def error_of(call):
    try:
        call()
    except exceptions.VaultError as error:
        return {"type": type(error).__name__, "errors": error.errors}
    return None


kv.configure(max_versions=7, mount_point=mount)
out["configuration"] = kv.read_configuration(mount_point=mount)["data"]

out["create"] = kv.create_or_update_secret(path=path, secret={"user": "u1", "password": "p1"}, mount_point=mount)["data"]
out["update_cas"] = kv.create_or_update_secret(path=path, secret={"user": "u2", "password": "p2"}, cas=1, mount_point=mount)["data"]
out["stale_cas"] = error_of(lambda: kv.create_or_update_secret(path=path, secret={"user": "x"}, cas=1, mount_point=mount))
out["create_cas0_existing"] = error_of(lambda: kv.create_or_update_secret(path=path, secret={"user": "x"}, cas=0, mount_point=mount))

out["read_latest"] = kv.read_secret_version(path=path, mount_point=mount)["data"]
out["read_v1"] = kv.read_secret_version(path=path, version=1, mount_point=mount)["data"]
out["read_missing"] = error_of(lambda: kv.read_secret_version(path=folder + "/missing", mount_point=mount))

out["patch"] = kv.patch(path=path, secret={"password": "p3", "extra": "e"}, mount_point=mount)["data"]
out["read_patched"] = kv.read_secret_version(path=path, mount_point=mount)["data"]

kv.create_or_update_secret(path=folder + "/other", secret={"v": "o"}, mount_point=mount)
kv.create_or_update_secret(path=folder + "/sub/deep", secret={"v": "d"}, mount_point=mount)
out["list"] = kv.list_secrets(path=folder, mount_point=mount)["data"]
out["metadata"] = kv.read_secret_metadata(path=path, mount_point=mount)["data"]
kv.update_metadata(path=path, max_versions=5, mount_point=mount)
out["metadata_updated"] = kv.read_secret_metadata(path=path, mount_point=mount)["data"]

out["delete_latest_status"] = kv.delete_latest_version_of_secret(path=path, mount_point=mount).status_code
out["read_deleted"] = error_of(lambda: kv.read_secret_version(path=path, mount_point=mount))
out["undelete_status"] = kv.undelete_secret_versions(path=path, versions=[3], mount_point=mount).status_code
out["read_undeleted"] = kv.read_secret_version(path=path, mount_point=mount)["data"]
out["delete_v2_status"] = kv.delete_secret_versions(path=path, versions=[2], mount_point=mount).status_code
out["read_v2_deleted"] = error_of(lambda: kv.read_secret_version(path=path, version=2, mount_point=mount))
out["destroy_status"] = kv.destroy_secret_versions(path=path, versions=[1], mount_point=mount).status_code
out["read_destroyed"] = error_of(lambda: kv.read_secret_version(path=path, version=1, mount_point=mount))
out["metadata_after_destroy"] = kv.read_secret_metadata(path=path, mount_point=mount)["data"]

out["delete_all_status"] = kv.delete_metadata_and_all_versions(path=path, mount_point=mount).status_code
out["metadata_after_delete_all"] = error_of(lambda: kv.read_secret_metadata(path=path, mount_point=mount))
out["list_after_delete_all"] = kv.list_secrets(path=folder, mount_point=mount)["data"]
out["list_missing"] = error_of(lambda: kv.list_secrets(path=folder + "/nothing", mount_point=mount))

with open(os.environ["RESULT_FILE"], "w") as result:
    json.dump(out, result)
