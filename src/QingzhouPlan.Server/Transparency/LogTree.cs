using Marten;
using Npgsql;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>
/// This node's copy of the log's Merkle tree, rebuilt from the stored entries at first use and extended with
/// the leaves sequenced since before each read: every node answers proofs and tiles, whichever one sequences.
/// </summary>
public sealed class LogTree(IDocumentStore store)
{
    private readonly MerkleTree _tree = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The latest recorded time among the leaves: what the tree holds is everything recorded up to it. Read inside <see cref="Read{T}"/>.</summary>
    public DateTimeOffset Newest { get; private set; } = DateTimeOffset.MinValue;

    public async Task<T> Read<T>(Func<MerkleTree, T> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await Extend(cancellationToken);
            return read(_tree);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static LogEntry? Decoded(byte[] entry)
    {
        try
        {
            return LogEntry.Decode(entry);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task Extend(CancellationToken cancellationToken)
    {
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"select idx, entry from {LogTables.Name(store, LogTables.Leaves)} where idx >= $1 order by idx limit 50000", connection)
            { Parameters = { new() { Value = _tree.Size } } };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var read = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                // Leaves are numbered without gaps; a hole means a row was deleted, which the tree cannot skip.
                if (reader.GetInt64(0) != _tree.Size)
                    throw new InvalidOperationException($"the log has no leaf {_tree.Size}: its rows were altered");
                var entry = reader.GetFieldValue<byte[]>(1);
                _tree.Append(TreeHash.Leaf(entry));
                // An entry altered in its row still hashes (and verification names it); it just dates nothing.
                if (Decoded(entry)?.Time is { } time && time > Newest)
                    Newest = time;
                read++;
            }
            if (read == 0)
                return;
        }
    }
}
