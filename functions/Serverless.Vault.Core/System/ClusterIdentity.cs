using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.System;

/// <summary>The cluster's name and id, created once at initialisation.</summary>
public sealed record ClusterIdentity(
    [property: JsonPropertyName("cluster_name")] string ClusterName,
    [property: JsonPropertyName("cluster_id")] string ClusterId);
