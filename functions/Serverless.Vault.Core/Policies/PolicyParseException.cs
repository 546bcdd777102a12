namespace Serverless.Vault.Core.Policies;

/// <summary>A policy document that cannot be used; the message starts with "line L, column C: ".</summary>
public sealed class PolicyParseException : FormatException
{
    public PolicyParseException(int line, int column, string reason)
        : base($"line {line}, column {column}: {reason}")
    {
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>1-based line of the offending text.</summary>
    public int Line { get; }

    /// <summary>1-based column (UTF-16 code units) of the offending text.</summary>
    public int Column { get; }

    /// <summary>The message without its position prefix.</summary>
    public string Reason { get; }
}
