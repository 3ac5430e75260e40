using System.Collections.Concurrent;
using HangfireLogLevel = Hangfire.Logging.LogLevel;
using ILog = Hangfire.Logging.ILog;
using ILogProvider = Hangfire.Logging.ILogProvider;

namespace Zzut.Workflows.Host.Jobs;

/// <summary>
/// Hangfire's log provider, which Hangfire keeps in one process-wide static. Hangfire's own provider is bound to the
/// logger factory of the host that configured it last; when that host is disposed while another host of the same process
/// is still starting its server (parallel test hosts, a host restarted in process), the server's constructor asks the
/// disposed factory for a logger and the start fails. This provider instead writes through the newest host that is still
/// alive, so a host's disposal never reaches another host's Hangfire. With one host per process, as in production,
/// it is that host's logger factory. (Where several hosts run in one process, as in tests, Hangfire's messages of all
/// of them go to the newest one's log.)
/// </summary>
internal sealed class HangfireLogBridge : ILogProvider
{
    public static readonly HangfireLogBridge Instance = new();

    private readonly Lock gate = new();
    private readonly List<Sink> sinks = [];

    private HangfireLogBridge()
    {
    }

    /// <summary>The newest live host's sink, or null when no host is alive (Hangfire's messages are then dropped).</summary>
    private Sink? Current
    {
        get
        {
            lock (gate)
            {
                return sinks.Count == 0 ? null : sinks[^1];
            }
        }
    }

    public ILog GetLogger(string name) => new ForwardingLog(this, name);

    private void Add(Sink sink)
    {
        lock (gate)
        {
            sinks.Add(sink);
        }
    }

    private void Remove(Sink sink)
    {
        lock (gate)
        {
            sinks.Remove(sink);
        }
    }

    /// <summary>
    /// One host's membership, a singleton of that host: created after its logger factory, so the container disposes it
    /// first, and no logger is created from the factory once the sink is disposed.
    /// </summary>
    internal sealed class Sink : IDisposable
    {
        private readonly ILoggerFactory factory;
        private readonly ConcurrentDictionary<string, ILogger> loggers = new(StringComparer.Ordinal);
        private readonly Lock gate = new();
        private bool disposed;

        public Sink(ILoggerFactory factory)
        {
            this.factory = factory;
            Instance.Add(this);
        }

        /// <summary>The logger of that name, or null once this host is going away.</summary>
        public ILogger? Logger(string name)
        {
            if (Volatile.Read(ref disposed))
            {
                return null;
            }

            if (loggers.TryGetValue(name, out var logger))
            {
                return logger;
            }

            lock (gate)
            {
                return disposed ? null : loggers.GetOrAdd(name, factory.CreateLogger);
            }
        }

        public void Dispose()
        {
            Instance.Remove(this);
            lock (gate)
            {
                Volatile.Write(ref disposed, true);
            }
        }
    }

    private sealed class ForwardingLog(HangfireLogBridge bridge, string name) : ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var logger = bridge.Current?.Logger(name);
            if (logger is null)
            {
                return false;
            }

            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (messageFunc is null)
            {
                return logger.IsEnabled(level); // Hangfire asks whether a level is on by passing no message
            }

            if (!logger.IsEnabled(level))
            {
                return false;
            }

            logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
            return true;
        }
    }
}
