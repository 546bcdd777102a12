using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class ErrorStatusTests
{
    /// <summary>Vault's status codes (sdk/logical/response_util.go), one row per kind.</summary>
    public static readonly TheoryData<VaultErrorKind, int> Table = new()
    {
        { VaultErrorKind.InvalidRequest, 400 },
        { VaultErrorKind.PermissionDenied, 403 },
        { VaultErrorKind.NotFound, 404 },
        { VaultErrorKind.UnsupportedPath, 404 },
        { VaultErrorKind.UnsupportedOperation, 405 },
        { VaultErrorKind.PreconditionFailed, 412 },
        { VaultErrorKind.PayloadTooLarge, 413 },
        { VaultErrorKind.UnsupportedMediaType, 415 },
        { VaultErrorKind.RateLimited, 429 },
        { VaultErrorKind.Internal, 500 },
        { VaultErrorKind.Sealed, 503 },
        { VaultErrorKind.NotInitialized, 503 },
        { VaultErrorKind.Unavailable, 503 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void For_Kind_ReturnsVaultStatus(VaultErrorKind kind, int status)
    {
        Assert.Equal(status, ErrorStatus.For(kind));
    }

    [Fact]
    public void Table_CoversEveryKind()
    {
        var covered = Table.Select(row => (VaultErrorKind)row[0]).ToHashSet();

        Assert.Equal(Enum.GetValues<VaultErrorKind>().ToHashSet(), covered);
    }

    [Fact]
    public void For_UndefinedKind_Returns500()
    {
        Assert.Equal(500, ErrorStatus.For((VaultErrorKind)999));
    }
}
