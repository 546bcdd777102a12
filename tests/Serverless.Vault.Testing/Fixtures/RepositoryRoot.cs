namespace Serverless.Vault.Testing.Fixtures;

/// <summary>Finds the repository checkout the tests run from.</summary>
public static class RepositoryRoot
{
    private const string Marker = "Serverless.Vault.sln";

    /// <summary>The nearest folder above the test binaries that holds Serverless.Vault.sln.</summary>
    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, Marker)))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No {Marker} above {AppContext.BaseDirectory}: run the tests from a checkout of the repository.");
    }

    /// <summary>The git-ignored folder for tools the tests install (Azurite), created when missing.</summary>
    public static string ToolsFolder()
    {
        var tools = Path.Combine(Find(), ".tools");
        Directory.CreateDirectory(tools);
        return tools;
    }
}
