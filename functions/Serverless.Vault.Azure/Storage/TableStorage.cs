using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// <see cref="IStorage"/> over one Azure Table: PartitionKey = escaped parent folder, RowKey = escaped leaf (see
/// <see cref="TableKeyCodec"/>), the value split across binary properties, folder marker rows for listing.
/// </summary>
public sealed class TableStorage : IStorage
{
    private static readonly string[] RowKeyOnly = ["RowKey"];

    private readonly LazyTable _table;
    private readonly int _listPageSize;
    private readonly PermanentFolders _permanent;

    /// <summary>Connects with <see cref="TableStorageOptions.ConnectionString"/> and the options' retry policy.</summary>
    public TableStorage(TableStorageOptions options)
        : this(CreateServiceClient(options), options)
    {
    }

    /// <summary>Uses <paramref name="serviceClient"/> as given; build its options with <see cref="CreateClientOptions"/>.</summary>
    public TableStorage(TableServiceClient serviceClient, TableStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(serviceClient);
        ArgumentNullException.ThrowIfNull(options);
        ValidateTableName(options.TableName);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ListPageSize, 1, nameof(options));
        _table = new LazyTable(serviceClient.GetTableClient(options.TableName));
        _listPageSize = Math.Min(options.ListPageSize, 1000);
        _permanent = options.PermanentFolders.Count == 0 ? PermanentFolders.None : new PermanentFolders(options.PermanentFolders, options.Time);
    }

    /// <summary>
    /// Client options that retry transient failures with exponential backoff; set <c>Transport</c> on the result to
    /// route requests through a test transport.
    /// </summary>
    public static TableClientOptions CreateClientOptions(TableStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        return clientOptions;
    }

    public async Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        StorageLimits.ValidateKey(key);
        var address = TableKeyCodec.ValueAddress(key);
        if (!TableLimits.Fits(address))
        {
            return null; // Could never have been written.
        }

        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(address.PartitionKey, address.RowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue
            ? new StorageEntry(key, ValueChunks.FromEntity(response.Value!), response.Value!.ETag.ToString())
            : null;
    }

    public async Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken)
    {
        StorageLimits.ValidateKey(key);
        StorageLimits.ValidateValue(value.Length);
        var entity = ValueChunks.ToEntity(TableKeyCodec.ValueAddress(key), value.Span);

        // Everything Azure could refuse is checked before the first write, so a refused put leaves nothing behind.
        TableLimits.ValidateEntity(entity);
        FolderMarkers.Validate(key);

        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var etag = await WriteAsync(table, key, entity, condition, cancellationToken).ConfigureAwait(false);

        // An IfMatch put replaced a row that existed before and after it, so its markers exist (see FolderMarkers).
        if (condition.Kind != PutConditionKind.IfMatch)
        {
            await FolderMarkers.AddAsync(table, key, _permanent).ConfigureAwait(false);
        }

        return etag;
    }

    public async Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken)
    {
        // Everything Azure could refuse is checked before the transaction, so a refused batch leaves nothing behind.
        var batch = TableBatch.Prepare(writes);
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var etags = await batch.SubmitAsync(table, cancellationToken).ConfigureAwait(false);

        // Marker upkeep once for the batch's folder, which every key shares (see FolderMarkers for when each runs).
        if (batch.MayCreateRows)
        {
            await FolderMarkers.AddAsync(table, writes[0].Key, _permanent).ConfigureAwait(false);
        }
        else if (batch.OnlyDeletes && FolderMarkers.CanStore(writes[0].Key))
        {
            await FolderMarkers.RemoveEmptyAsync(table, writes[0].Key, _permanent).ConfigureAwait(false);
        }

        return etags;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        StorageLimits.ValidateKey(key);
        var address = TableKeyCodec.ValueAddress(key);
        if (!TableLimits.Fits(address))
        {
            return;
        }

        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);

        // Deleting a missing entity answers 404 without throwing. The marker walk runs either way: it is cheap
        // (it stops at the first folder still in use) and repairs what an interrupted earlier delete left behind.
        await table.DeleteEntityAsync(address.PartitionKey, address.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        await FolderMarkers.RemoveEmptyAsync(table, key, _permanent).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        StorageLimits.ValidatePrefix(prefix);
        var partition = TableKeyCodec.FolderPartition(prefix.TrimEnd('/'));
        if (partition.Length > TableLimits.MaxKeyChars)
        {
            return [];
        }

        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var rows = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), _listPageSize, RowKeyOnly, cancellationToken);

        // The service returns at most 1,000 rows per page (sometimes fewer, even none) and a continuation token;
        // AsPages follows the tokens until the last page.
        var names = new List<string>();
        await foreach (var page in rows.AsPages().ConfigureAwait(false))
        {
            foreach (var row in page.Values)
            {
                // Leaves decode to "name", markers to "name/". The service sorts by the escaped keys, which differs
                // from the order of the names ('%2F' sorts apart from '/'), so sort the decoded names.
                names.Add(TableKeyCodec.Unescape(row.RowKey));
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static async Task<string> WriteAsync(
        TableClient table, string key, TableEntity entity, PutCondition condition, CancellationToken cancellationToken)
    {
        try
        {
            var response = condition.Kind switch
            {
                // Create-only: the service answers 409 when the row exists. A create retried after its response was
                // lost sees its own row and reports a conflict; callers re-read after a conflict, and find their value.
                PutConditionKind.NotExists => await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false),

                // Compare-and-swap: 412 when the ETag moved on, 404 when the row is gone. Replace, not Merge,
                // so that no chunk of a longer earlier value survives.
                PutConditionKind.IfMatch => await table.UpdateEntityAsync(
                    entity, new ETag(condition.ETag!), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false),
                PutConditionKind.None => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(condition)),
            };
            return response.Headers.ETag?.ToString()
                ?? throw new InvalidOperationException("Table Storage answered a write without an ETag.");
        }
        catch (RequestFailedException exception) when (IsConflict(exception.Status, condition.Kind))
        {
            throw new StorageConflictException(key);
        }
        catch (RequestFailedException exception) when (TableLimits.IsSizeRefusal(exception))
        {
            // TableLimits checks the documented limits first; this covers a service that counts differently (Azurite
            // measures the JSON body of an update, where binary is base64, against 1 MiB).
            throw new StorageLimitException($"Table Storage refused the value of '{key}' as too large ({exception.ErrorCode}).");
        }
    }

    private static bool IsConflict(int status, PutConditionKind kind) =>
        (kind == PutConditionKind.NotExists && status == 409)
        || (kind == PutConditionKind.IfMatch && status is 412 or 404);

    private static TableServiceClient CreateServiceClient(TableStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("TableStorageOptions.ConnectionString is required when no TableServiceClient is given.", nameof(options));
        }

        return new TableServiceClient(options.ConnectionString, CreateClientOptions(options));
    }

    private static void ValidateTableName(string name)
    {
        // Table names: 3-63 characters, alphanumeric, starting with a letter.
        if (name is null || name.Length is < 3 or > 63 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{name}' is not a valid table name: use 3-63 letters and digits, starting with a letter.", nameof(name));
        }
    }
}
