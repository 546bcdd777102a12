using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>An index row: a role_id's role name, or an accessor's secret ID HMAC.</summary>
internal sealed record AppRoleIndexEntry([property: JsonPropertyName("target")] string Target);
