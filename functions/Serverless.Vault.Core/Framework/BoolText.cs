namespace Serverless.Vault.Core.Framework;

/// <summary>Go's strconv.ParseBool, which Vault uses for query flags such as <c>?list=true</c>.</summary>
public static class BoolText
{
    public static bool? Parse(string text) => text switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };
}
