using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;

namespace Zzut.Workflows.Expressions;

/// <summary>A sandbox limit that a check of ours enforced (not catchable by the expression).</summary>
internal sealed class SandboxLimitException(string message) : Exception(message);

/// <summary>
/// Long-lived threads with a known stack that evaluations run on, one evaluation at a time each; a caller waits for its
/// evaluation. A thread idle for <see cref="IdleLifetime"/> ends; new ones start as needed.
/// </summary>
internal sealed class SandboxThreads(int stackBytes)
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentBag<Worker> idle = [];

    private int StackBytes { get; } = stackBytes;

    /// <summary>Runs <paramref name="work"/> on a sandbox thread (with the caller's culture) and returns its result or rethrows its exception.</summary>
    public T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        void Body()
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                // Handed to the caller's thread below.
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }

        while (!(idle.TryTake(out var worker) ? worker : new Worker(this)).TryRun(Body))
        {
            // That worker ended just now; take another.
        }

        failure?.Throw();
        return result;
    }

    private sealed class Worker
    {
        private readonly SandboxThreads owner;
        private readonly SemaphoreSlim start = new(0);
        private readonly Lock gate = new();
        private Action? job;
        private bool ended;

        public Worker(SandboxThreads owner)
        {
            this.owner = owner;
            new Thread(Loop, owner.StackBytes) { IsBackground = true, Name = "expression sandbox" }.Start();
        }

        /// <summary>Runs the job on this worker's thread and waits for it; false when the worker has ended.</summary>
        public bool TryRun(Action body)
        {
            // A signal per run: one shared between runs could wake the next caller with the previous run's signal.
            using var finished = new ManualResetEventSlim();
            lock (gate)
            {
                if (ended)
                {
                    return false;
                }

                job = () =>
                {
                    try
                    {
                        body();
                    }
                    finally
                    {
                        finished.Set();
                    }
                };
            }

            start.Release();
            finished.Wait();
            return true;
        }

        private void Loop()
        {
            while (true)
            {
                if (!start.Wait(IdleLifetime))
                {
                    lock (gate)
                    {
                        if (job is null)
                        {
                            ended = true;
                            return;
                        }
                    }

                    // A job was handed over just as the wait timed out; its signal is on its way.
                    start.Wait();
                }

                var current = job!;
                current();
                lock (gate)
                {
                    job = null;
                }

                owner.idle.Add(this);
            }
        }
    }
}
