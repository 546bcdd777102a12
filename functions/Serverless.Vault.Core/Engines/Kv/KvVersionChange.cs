namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>What delete/, undelete/ and destroy/ do to a version.</summary>
internal enum KvVersionChange
{
    Delete,
    Undelete,
    Destroy,
}
