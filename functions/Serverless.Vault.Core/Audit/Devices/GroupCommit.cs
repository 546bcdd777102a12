using System.Collections.Concurrent;

namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>
/// Serialises writes without blocking threads: callers queue their line and wait; whoever finds no write in progress
/// writes everything queued so far in one go (one system call for many concurrent entries) and completes each caller
/// with the outcome of the write that carried its line. No caller is told "recorded" before its bytes were written.
/// </summary>
internal sealed class GroupCommit(Action<IReadOnlyList<byte[]>> writeBatch)
{
    private readonly ConcurrentQueue<Pending> _queue = new();
    private int _writing;

    public Task WriteAsync(byte[] line)
    {
        // Nobody writing and nobody waiting (the usual case): write this line now, without queueing it.
        if (_queue.IsEmpty && Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            Exception? failure = null;
            try
            {
                writeBatch([line]);
            }
            catch (Exception error)
            {
                failure = error;
            }
            finally
            {
                Volatile.Write(ref _writing, 0);
            }

            // Lines queued while this one was written are written now, by whoever gets the flag.
            Drain();
            return failure is null ? Task.CompletedTask : Task.FromException(failure);
        }

        var pending = new Pending(line);
        _queue.Enqueue(pending);
        Drain();
        return pending.Done.Task;
    }

    private void Drain()
    {
        // The queue may fill again between "empty" and releasing the flag: look once more after releasing it.
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            try
            {
                var batch = new List<Pending>();
                while (_queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                Write(batch);
            }
            finally
            {
                Volatile.Write(ref _writing, 0);
            }
        }
    }

    private void Write(List<Pending> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            writeBatch(batch.ConvertAll(p => p.Line));
        }
        catch (Exception error)
        {
            batch.ForEach(p => p.Done.TrySetException(error));
            return;
        }

        batch.ForEach(p => p.Done.TrySetResult());
    }

    private sealed class Pending(byte[] line)
    {
        public byte[] Line => line;

        // Continuations run elsewhere, so the writing caller is not held up by the others' requests.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
