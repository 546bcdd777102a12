#!/usr/bin/env bash
# Prepares a vault and a PostgreSQL server for the profile API sample, with curl and psql only:
#   - the profiles database and table (schema.sql),
#   - transit with the key profile-email,
#   - the database engine: connection "profiles" and role "profile-api" (users that may read and insert profiles),
#   - policy "profile-api" and an AppRole role "profile-api" carrying it,
# then prints the role_id and a new secret_id for local.settings.json. Safe to run again: it updates what exists and
# issues another secret_id.
#
#   VAULT_ADDR, VAULT_TOKEN          the vault and a token allowed to configure it (the dev server's root token)
#   PGHOST, PGPORT, PGUSER, PGPASSWORD
#                                    a PostgreSQL user that may create databases and roles (the superuser postgres);
#                                    the vault keeps these to create and drop the dynamic users
#   PGDATABASE                       the sample's database, created when missing (default: profiles)
set -euo pipefail

: "${VAULT_ADDR:=http://127.0.0.1:8200}"
: "${VAULT_TOKEN:?Set VAULT_TOKEN to a token that may configure the vault (the dev server prints its root token).}"
: "${PGHOST:=127.0.0.1}"
: "${PGPORT:=5432}"
: "${PGUSER:=postgres}"
: "${PGPASSWORD:?Set PGPASSWORD to the password of PGUSER: the vault logs in with it to create and drop users.}"
: "${PGDATABASE:=profiles}"
export PGHOST PGPORT PGUSER PGPASSWORD
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
psql=${PSQL:-psql}

# One vault request with the token; prints the body, or stops the script with the vault's answer.
vault() {
  local method=$1 path=$2 body=${3-} args=() out status
  if [[ -n $body ]]; then
    args=(-H 'Content-Type: application/json' --data "$body")
  fi
  out=$(curl -sS -X "$method" -H "X-Vault-Token: $VAULT_TOKEN" "${args[@]}" -w '\n%{http_code}' "$VAULT_ADDR/v1/$path")
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [[ $status != 2* ]]; then
    echo "setup.sh: $method $path answered $status: $out" >&2
    exit 1
  fi
  printf '%s' "$out"
}

# A JSON string literal for $1 (backslashes and double quotes escaped).
json() {
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

# Mounts engine $2 at $1 (sys/mounts) or auth method $2 (sys/auth) unless something is mounted there already.
enable() {
  local kind=$1 path=$2 type=$3
  if vault GET "sys/$kind" | grep -q "\"$path/\""; then
    echo "  $kind/$path already enabled"
  else
    vault POST "sys/$kind/$path" "{\"type\":\"$type\"}" >/dev/null
    echo "  $kind/$path enabled ($type)"
  fi
}

echo "PostgreSQL: database $PGDATABASE on $PGHOST:$PGPORT"
if [[ -z $("$psql" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'") ]]; then
  "$psql" -d postgres -qc "CREATE DATABASE \"$PGDATABASE\""
fi
"$psql" -d "$PGDATABASE" -q -v ON_ERROR_STOP=1 -f "$here/schema.sql"

echo "Vault at $VAULT_ADDR:"
enable mounts transit transit
vault POST transit/keys/profile-email '{"type":"aes256-gcm96"}' >/dev/null
echo "  transit key profile-email"

enable mounts database database
vault POST database/config/profiles "{
  \"plugin_name\": \"postgresql-database-plugin\",
  \"connection_url\": $(json "postgresql://{{username}}:{{password}}@$PGHOST:$PGPORT/$PGDATABASE?sslmode=disable"),
  \"username\": $(json "$PGUSER"),
  \"password\": $(json "$PGPASSWORD"),
  \"allowed_roles\": \"profile-api\"
}" >/dev/null
# Each lease's user may read and add profiles, nothing else; revocation takes the grant back and drops the user.
vault POST database/roles/profile-api '{
  "db_name": "profiles",
  "creation_statements": [
    "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '"'"'{{password}}'"'"' VALID UNTIL '"'"'{{expiration}}'"'"';",
    "GRANT SELECT, INSERT ON profiles TO \"{{name}}\";"
  ],
  "revocation_statements": [
    "REVOKE ALL ON profiles FROM \"{{name}}\";",
    "DROP ROLE IF EXISTS \"{{name}}\";"
  ],
  "default_ttl": "1h",
  "max_ttl": "24h"
}' >/dev/null
echo "  database/config/profiles and database/roles/profile-api"

# Only what the app does. Renewing leases (sys/leases/renew) and its own token come with the default policy; revoking
# is by lease id in the body, which an ACL cannot narrow further: the app only knows the ids of its own leases.
vault PUT sys/policies/acl/profile-api '{"policy": "path \"database/creds/profile-api\" { capabilities = [\"read\"] }\npath \"transit/encrypt/profile-email\" { capabilities = [\"update\"] }\npath \"transit/decrypt/profile-email\" { capabilities = [\"update\"] }\npath \"sys/leases/renew\" { capabilities = [\"update\"] }\npath \"sys/leases/revoke\" { capabilities = [\"update\"] }\n"}' >/dev/null
echo "  policy profile-api"

enable auth approle approle
vault POST auth/approle/role/profile-api '{"token_policies": ["profile-api"], "token_ttl": "1h", "token_max_ttl": "24h"}' >/dev/null
role_id=$(vault GET auth/approle/role/profile-api/role-id | sed -n 's/.*"role_id" *: *"\([^"]*\)".*/\1/p')
secret_id=$(vault POST auth/approle/role/profile-api/secret-id '{}' | sed -n 's/.*"secret_id" *: *"\([^"]*\)".*/\1/p')
if [[ -z $role_id || -z $secret_id ]]; then
  echo "setup.sh: the vault gave no role_id or secret_id" >&2
  exit 1
fi
echo "  approle role profile-api"

cat <<SETTINGS

Done. Put these into samples/ProfileApi/local.settings.json (see local.settings.sample.json):
    "Vault__Address": "$VAULT_ADDR",
    "Vault__Auth__Method": "approle",
    "Vault__Auth__RoleId": "$role_id",
    "Vault__Auth__SecretId": "$secret_id",
    "ProfileApi__ConnectionString": "Host=$PGHOST;Port=$PGPORT;Database=$PGDATABASE"
SETTINGS
