namespace Serverless.Vault.Core.Policies;

/// <summary>The policy texts Vault ships: "default" is written once at initialisation and then editable.</summary>
public static class BuiltInPolicies
{
    /// <summary>
    /// Vault's default policy (§3.4) without the templated identity paths, which need policy templating first.
    /// </summary>
    public const string Default = """
        # Allow tokens to look up their own properties
        path "auth/token/lookup-self" {
            capabilities = ["read"]
        }

        # Allow tokens to renew themselves
        path "auth/token/renew-self" {
            capabilities = ["update"]
        }

        # Allow tokens to revoke themselves
        path "auth/token/revoke-self" {
            capabilities = ["update"]
        }

        # Allow a token to look up its own capabilities on a path
        path "sys/capabilities-self" {
            capabilities = ["update"]
        }

        # Allow a token to look up its resultant ACL from all policies (used by the UI)
        path "sys/internal/ui/resultant-acl" {
            capabilities = ["read"]
        }

        # Allow a token to renew a lease via lease_id in the request body; the old path
        # sys/renew is kept for backwards compatibility
        path "sys/renew" {
            capabilities = ["update"]
        }
        path "sys/leases/renew" {
            capabilities = ["update"]
        }

        # Allow looking up lease properties; this requires knowing the lease ID
        path "sys/leases/lookup" {
            capabilities = ["update"]
        }

        # Allow a token to manage its own cubbyhole
        path "cubbyhole/*" {
            capabilities = ["create", "read", "update", "delete", "list"]
        }

        # Allow a token to wrap arbitrary values in a response-wrapping token
        path "sys/wrapping/wrap" {
            capabilities = ["update"]
        }

        # Allow a token to look up the creation time and TTL of a given response-wrapping token
        path "sys/wrapping/lookup" {
            capabilities = ["update"]
        }

        # Allow a token to unwrap a response-wrapping token
        path "sys/wrapping/unwrap" {
            capabilities = ["update"]
        }

        # Allow general-purpose tools
        path "sys/tools/hash" {
            capabilities = ["update"]
        }
        path "sys/tools/hash/*" {
            capabilities = ["update"]
        }

        # Allow a token to make requests to the Authorization Endpoint of OIDC providers
        path "identity/oidc/provider/+/authorize" {
            capabilities = ["read", "update"]
        }
        """;

    /// <summary>Attached to response-wrapping tokens only: read the wrapped response, or unwrap it.</summary>
    public const string ResponseWrapping = """
        path "cubbyhole/response" {
            capabilities = ["create", "read"]
        }

        path "sys/wrapping/unwrap" {
            capabilities = ["update"]
        }
        """;
}
