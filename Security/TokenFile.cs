namespace AwsMultiEni.Security;

/// <summary>
/// A bearer token kept in a file and read again whenever the file changes: the kubelet rewrites a projected
/// ServiceAccount token well before it expires (by swapping the volume's <c>..data</c> symlink), so a token read once
/// would stop working within the hour.
/// </summary>
public sealed class TokenFile(string path)
{
    private readonly Lock _gate = new();
    private (DateTime Written, long Length) _seen;
    private string? _token;

    public string Path { get; } = path;

    /// <summary>The token as the file holds it now, trimmed; null while the file is missing or empty.</summary>
    public string? Read()
    {
        var file = new FileInfo(Path);
        if (!file.Exists)
        {
            return null;
        }

        // FileInfo follows the symlinks to the file the kubelet last wrote, so a swap shows as a new time or length.
        var seen = (file.LastWriteTimeUtc, file.Length);
        lock (_gate)
        {
            if (seen != _seen || _token is null)
            {
                _token = ReadText();
                _seen = seen;
            }

            return _token;
        }
    }

    private string? ReadText()
    {
        try
        {
            var text = File.ReadAllText(Path).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
