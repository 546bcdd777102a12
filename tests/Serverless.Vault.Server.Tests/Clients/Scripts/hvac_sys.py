# hvac 0.11.2: authentication checks and the sys calls clients make before touching KV.
import json
import os

import hvac

client = hvac.Client(url=os.environ["VAULT_ADDR"], token=os.environ["VAULT_TOKEN"])
out = {
    "is_authenticated": client.is_authenticated(),
    "bad_token_is_authenticated": hvac.Client(url=os.environ["VAULT_ADDR"], token="not-a-token").is_authenticated(),
    "is_initialized": client.sys.is_initialized(),
    "is_sealed": client.sys.is_sealed(),
}
mounts = client.sys.list_mounted_secrets_engines()
out["mounts_data"] = mounts["data"]
out["mounts_top_level_secret"] = mounts.get("secret/")

with open(os.environ["RESULT_FILE"], "w") as result:
    json.dump(out, result)
