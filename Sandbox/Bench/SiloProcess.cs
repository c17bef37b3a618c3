using System.Collections.Concurrent;
using System.Diagnostics;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// A <c>silo</c> child process, owned by its handle (killed on dispose), whose log lines are kept with the
/// time each arrived, so a benchmark can tell when the silo started, watched a cluster or saw a death.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<(DateTimeOffset At, string Line)> _lines = new();

    private SiloProcess(int index, Process process)
    {
        Index = index;
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Index { get; }

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(int index, IReadOnlyDictionary<string, string> environment)
    {
        var start = SelfCommand.StartInfo("silo");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new SiloProcess(index, Process.Start(start) ?? throw new InvalidOperationException("Could not start a silo process."));
    }

    /// <summary>When the first line containing <paramref name="text"/> arrived, if one did.</summary>
    public DateTimeOffset? FirstLine(string text, DateTimeOffset after = default) =>
        _lines.Where(l => l.At >= after && l.Line.Contains(text, StringComparison.Ordinal)).Select(l => (DateTimeOffset?)l.At).FirstOrDefault();

    /// <summary>The last lines, for a failure message.</summary>
    public string Tail(int count) => string.Join(Environment.NewLine, _lines.TakeLast(count).Select(l => l.Line));

    /// <summary>Kills the process at once, as a node failure would; returns when it is gone.</summary>
    public DateTimeOffset Kill()
    {
        var at = DateTimeOffset.UtcNow;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        return at;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue((DateTimeOffset.UtcNow, line));
        }
    }
}
