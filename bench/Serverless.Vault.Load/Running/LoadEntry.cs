using Serverless.Vault.Load.Measurement;

namespace Serverless.Vault.Load.Running;

/// <summary>A test in a running mix: its share of requests (percent), the test and where its outcomes go.</summary>
internal sealed record LoadEntry(double Weight, ILoadTest Test, TestStats Stats);
