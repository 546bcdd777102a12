using Serverless.Vault.Server;

await VaultServer.Build(args).RunAsync().ConfigureAwait(false);
