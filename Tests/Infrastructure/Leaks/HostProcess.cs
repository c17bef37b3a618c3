using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>One thread of the test host and the CPU time it has used.</summary>
internal sealed record ThreadCpu(int Id, string Name, TimeSpan Used);

/// <summary>A process below the test host.</summary>
internal sealed record DescendantProcess(int Id, string CommandLine);

/// <summary>
/// The test host as the kernel sees it, read from <c>/proc</c>: its threads' CPU time, the processes it started
/// (and theirs), and the TCP sockets it listens on. Nothing here asks the code under test.
/// </summary>
internal static partial class HostProcess
{
    private const int ClockTicksName = 2;
    private static readonly double TicksPerSecond = SysConf(ClockTicksName) is > 0 and var ticks ? ticks : 100;

    public static int Id => Environment.ProcessId;

    /// <summary>Every live thread of this process with its user and system time so far.</summary>
    public static IReadOnlyList<ThreadCpu> Threads()
    {
        var threads = new List<ThreadCpu>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (ReadStat(Path.Combine(task, "stat")) is { } fields && int.TryParse(Path.GetFileName(task), out var id))
            {
                threads.Add(new ThreadCpu(id, ReadName(task), Ticks(fields[11]) + Ticks(fields[12])));
            }
        }

        return threads;
    }

    /// <summary>Every process whose chain of parents leads to this one.</summary>
    public static IReadOnlyList<DescendantProcess> Descendants()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(Path.Combine(dir, "stat")) is { } fields)
            {
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        var below = new HashSet<int> { Id };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                grew |= below.Contains(parent) && below.Add(pid);
            }
        }
        while (grew);

        below.Remove(Id);
        return [.. below.Order().Select(pid => new DescendantProcess(pid, ReadCommandLine(pid))).Where(p => p.CommandLine.Length > 0)];
    }

    /// <summary>The local endpoints of the TCP sockets this process listens on.</summary>
    public static IReadOnlyList<IPEndPoint> ListeningSockets()
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The descriptor closed while we looked.
            }
        }

        return [.. ListeningIn("/proc/self/net/tcp", inodes).Concat(ListeningIn("/proc/self/net/tcp6", inodes))];
    }

    private static IEnumerable<IPEndPoint> ListeningIn(string table, HashSet<string> inodes)
    {
        const string Listen = "0A";
        foreach (var line in File.ReadLines(table).Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length > 9 && columns[3] == Listen && inodes.Contains(columns[9]))
            {
                yield return ParseEndpoint(columns[1]);
            }
        }
    }

    /// <summary>The kernel prints an address as its 32-bit words in host (little-endian) order, then the port.</summary>
    private static IPEndPoint ParseEndpoint(string text)
    {
        var (address, port) = (text[..text.IndexOf(':', StringComparison.Ordinal)], text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var bytes = new byte[address.Length / 2];
        for (var word = 0; word < address.Length / 8; word++)
        {
            var value = uint.Parse(address.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
        }

        return new IPEndPoint(new IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    /// <summary>The fields after the command name (which may hold spaces and parentheses): field 3 of <c>proc(5)</c> is index 0.</summary>
    private static string[]? ReadStat(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process or thread ended while we looked.
            return null;
        }
    }

    private static string ReadName(string taskDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(taskDir, "comm")).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static TimeSpan Ticks(string value) => TimeSpan.FromSeconds(long.Parse(value, CultureInfo.InvariantCulture) / TicksPerSecond);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
