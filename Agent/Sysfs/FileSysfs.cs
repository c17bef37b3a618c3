using System.Text;

namespace AwsMultiEni.Agent.Sysfs;

/// <summary>sysfs through the file system under <paramref name="root"/> (normally <c>/sys</c>).</summary>
public sealed class FileSysfs(string root) : ISysfs
{
    public const string DefaultRoot = "/sys";

    public string Root { get; } = root;

    public string? ReadText(string path)
    {
        var full = Full(path);
        return File.Exists(full) ? File.ReadAllText(full).TrimEnd('\n') : null;
    }

    public string? LinkName(string path)
    {
        var target = new FileInfo(Full(path)).LinkTarget;
        return target is null ? null : Path.GetFileName(target.TrimEnd('/'));
    }

    public bool Exists(string path) => Path.Exists(Full(path));

    public IReadOnlyList<string> List(string path) =>
        Directory.Exists(Full(path)) ? [.. Directory.EnumerateFileSystemEntries(Full(path)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    public void Write(string path, string value)
    {
        // One write(2) of the whole value: a sysfs attribute takes each write as a complete store.
        using var handle = File.OpenHandle(Full(path), FileMode.Truncate, FileAccess.Write);
        RandomAccess.Write(handle, Encoding.ASCII.GetBytes(value), 0);
    }

    private string Full(string path) => Path.Combine(Root, path);
}
