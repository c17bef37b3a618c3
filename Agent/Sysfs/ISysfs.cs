namespace AwsMultiEni.Agent.Sysfs;

/// <summary>
/// The sysfs operations the agent uses, on paths relative to the sysfs root (for example
/// <c>bus/pci/drivers_probe</c>). A port so tests can stand in for the kernel's reaction to a write.
/// </summary>
public interface ISysfs
{
    /// <summary>The attribute's value without the trailing newline; null when it does not exist.</summary>
    string? ReadText(string path);

    /// <summary>The last component of the symlink's target (a driver name, a PCI address); null when there is no link.</summary>
    string? LinkName(string path);

    bool Exists(string path);

    /// <summary>The names in a directory; empty when it does not exist.</summary>
    IReadOnlyList<string> List(string path);

    /// <summary>Writes <paramref name="value"/> in one write, as <c>echo value &gt; path</c> does; the attribute must exist.</summary>
    void Write(string path, string value);
}
