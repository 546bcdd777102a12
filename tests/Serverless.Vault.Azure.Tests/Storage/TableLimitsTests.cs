using Azure.Data.Tables;
using Serverless.Vault.Azure.Storage;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Azure.Tests.Storage;

/// <summary>The validator refuses what the real Table service refuses, though Azurite would accept it.</summary>
public sealed class TableLimitsTests
{
    [Fact]
    public void ValidateEntity_OverOneMiB_Throws()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 17; i++)
        {
            entity[$"D{i}"] = new byte[64_000];
        }

        var refusal = Assert.Throws<StorageLimitException>(() => TableLimits.ValidateEntity(entity));
        Assert.Contains("1048576", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateEntity_LargestValueWithLongestKeys_Fits()
    {
        var address = new TableAddress(new string('p', TableLimits.MaxKeyChars), new string('r', TableLimits.MaxKeyChars));

        var entity = ValueChunks.ToEntity(address, new byte[StorageLimits.MaxValueBytes]);

        TableLimits.ValidateEntity(entity);
        Assert.InRange(TableLimits.EstimateSize(entity), StorageLimits.MaxValueBytes, TableLimits.MaxEntityBytes);
    }

    [Fact]
    public void ValidateEntity_MoreThan252OwnProperties_Throws()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 252; i++)
        {
            entity[$"P{i}"] = i;
        }

        TableLimits.ValidateEntity(entity);
        entity["P252"] = 252;
        Assert.Throws<StorageLimitException>(() => TableLimits.ValidateEntity(entity));
    }

    [Fact]
    public void ValidateEntity_PropertyOver64KB_Throws()
    {
        var entity = new TableEntity("p", "r") { ["Bytes"] = new byte[64_000], ["Text"] = new string('x', 32_000) };
        TableLimits.ValidateEntity(entity);

        // The real service refused 65,536 bytes although its documentation says 64 KiB.
        Assert.Throws<StorageLimitException>(() => TableLimits.ValidateEntity(new TableEntity("p", "r") { ["Bytes"] = new byte[64_001] }));
        Assert.Throws<StorageLimitException>(() => TableLimits.ValidateEntity(new TableEntity("p", "r") { ["Text"] = new string('x', 32_001) }));
    }

    [Fact]
    public void ValidateKey_Over512Characters_Throws()
    {
        TableLimits.ValidateKey(new string('k', 512), "RowKey");

        Assert.Throws<StorageLimitException>(() => TableLimits.ValidateKey(new string('k', 513), "RowKey"));
        Assert.Throws<StorageLimitException>(() => TableLimits.ValidateEntity(new TableEntity(new string('k', 513), "r")));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("a\u001Fb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u009Fb")]
    public void ValidateKey_ForbiddenCharacter_ThrowsButItsEscapedFormPasses(string key)
    {
        Assert.Throws<StorageLimitException>(() => TableLimits.ValidateKey(key, "RowKey"));

        var escaped = TableKeyCodec.Escape(key);
        TableLimits.ValidateKey(escaped, "RowKey");
        Assert.Equal(key, TableKeyCodec.Unescape(escaped));
    }

    [Fact]
    public void EstimateSize_FollowsTheDocumentedFormula()
    {
        var entity = new TableEntity("pk", "row") { ["Name"] = "abc", ["Data"] = new byte[10], ["Count"] = 1 };

        // 4 + (2 + 3) * 2; Timestamp 8 + 9 * 2 + 8; Name 8 + 4 * 2 + (3 * 2 + 4); Data 8 + 4 * 2 + (10 + 4); Count 8 + 5 * 2 + 4.
        Assert.Equal(14 + 34 + 26 + 30 + 22, TableLimits.EstimateSize(entity));
    }

    [Fact]
    public void EstimateOperationBytes_WorstBatchStorageLimitsAllow_FitsATransaction()
    {
        // The costliest keys StorageLimits lets through: 400 characters, each taking 9 URL bytes and 6 JSON bytes
        // (CJK: three UTF-8 bytes, a \uXXXX escape), and MaxBatchBytes of values spread over MaxBatchWrites rows.
        var batch = WorstBatch();

        var bytes = TableLimits.TransactionEnvelopeBytes + batch.Sum(write =>
        {
            var address = TableKeyCodec.ValueAddress(write.Key);
            return TableLimits.EstimateOperationBytes(address, ValueChunks.ToEntity(address, write.Value!.Value.Span));
        });

        Assert.InRange(bytes, StorageLimits.MaxBatchBytes * 4L / 3, TableLimits.MaxTransactionBytes);
    }

    [Fact]
    public void EstimateOperationBytes_DeleteHasNoBody()
    {
        var address = new TableAddress("p\u65E5", "r'%");

        // Overhead + URL only: p 1, \u65E5 9; r 1, ' 6, % 3.
        Assert.Equal(TableLimits.OperationOverheadBytes + 20, TableLimits.EstimateOperationBytes(address, body: null));
    }

    /// <summary>MaxBatchWrites creates of StorageLimits.MaxKeyLength-character CJK keys holding MaxBatchBytes in all.</summary>
    internal static List<StorageWrite> WorstBatch()
    {
        var folder = new string('\u65E5', 150);
        var each = StorageLimits.MaxBatchBytes / StorageLimits.MaxBatchWrites;
        return
        [
            .. Enumerable.Range(0, StorageLimits.MaxBatchWrites).Select(i => StorageWrite.Put(
                $"{folder}/{i:D3}{new string('\u672C', StorageLimits.MaxKeyLength - folder.Length - 4)}", new byte[each], PutCondition.NotExists)),
        ];
    }
}
