# hvac 0.11.2: response wrapping as hvac does it (write with wrap_ttl, sys.unwrap with the token in the body or as
# the client's own token), results as JSON in RESULT_FILE.
import json
import os

import hvac
from hvac import exceptions

address = os.environ["VAULT_ADDR"]
client = hvac.Client(url=address, token=os.environ["VAULT_TOKEN"])
out = {}


def error_of(call):
    try:
        call()
    except exceptions.VaultError as error:
        return {"type": type(error).__name__, "errors": error.errors}
    return None


wrapped = client.write("sys/wrapping/wrap", wrap_ttl="5m", secret="s3cret")
out["wrap_info"] = wrapped["wrap_info"]
out["wrapped_data"] = wrapped["data"]
out["unwrapped"] = client.sys.unwrap(token=wrapped["wrap_info"]["token"])
out["second_unwrap"] = error_of(lambda: client.sys.unwrap(token=wrapped["wrap_info"]["token"]))

created = client.write("auth/token/create", wrap_ttl=60, policies=["default"])
out["created_wrap_info"] = created["wrap_info"]
holder = hvac.Client(url=address, token=created["wrap_info"]["token"])
out["token_unwrapped"] = holder.sys.unwrap()
out["new_token_is_authenticated"] = hvac.Client(url=address, token=out["token_unwrapped"]["auth"]["client_token"]).is_authenticated()

with open(os.environ["RESULT_FILE"], "w") as result:
    json.dump(out, result)
