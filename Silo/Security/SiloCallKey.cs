using System.Security.Cryptography;
using System.Text;
using AwsMultiEni.Security;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Security;

/// <summary>
/// The secret the silos of one set prove their own grain calls with (<see cref="SiloCallProof"/>): the text of
/// <see cref="SecuritySettings.SiloKeyFile"/>, a Secret mounted in the silo pods and nowhere else, read again when it
/// changes. The key it replaces still verifies, so calls stamped by a silo that has not seen the new file yet pass.
/// Without a file, a key of this process: every silo of an in-process cluster, or one local silo, shares it. The file
/// is looked at no more than once a second, not on each of the calls that ask for the key.
/// </summary>
internal sealed class SiloCallKey
{
    /// <summary>Shorter texts are refused: the key is only as strong as the guessing it takes.</summary>
    public const int MinimumLength = 32;

    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);
    private static readonly TimeSpan RereadInterval = TimeSpan.FromSeconds(1);

    private readonly TokenFile? _file;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private string? _text;

    // Read without the lock on every call: a reference and a long are each read whole.
    private long _readAtTicks;
    private volatile Pair _keys;

    public SiloCallKey(IOptions<SecuritySettings> settings, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _clock = clock;
        _readAtTicks = clock.GetUtcNow().UtcTicks;
        if (string.IsNullOrWhiteSpace(settings.Value.SiloKeyFile))
        {
            _keys = new Pair(ProcessKey, null);
            return;
        }

        _file = new TokenFile(settings.Value.SiloKeyFile);
        _text = Usable(_file.Read()) ?? throw new InvalidOperationException(
            $"Security:SiloKeyFile '{_file.Path}' is missing, or holds fewer than {MinimumLength} characters.");
        _keys = new Pair(Derive(_text), null);
    }

    /// <summary>The keys as the file held them when last looked at.</summary>
    public Pair Keys()
    {
        var now = _clock.GetUtcNow().UtcTicks;
        if (_file is null || now - Volatile.Read(ref _readAtTicks) < RereadInterval.Ticks)
        {
            return _keys;
        }

        lock (_gate)
        {
            Volatile.Write(ref _readAtTicks, now);
            if (Usable(_file.Read()) is { } text && text != _text)
            {
                _keys = new Pair(Derive(text), _keys.Current);
                _text = text;
            }

            return _keys;
        }
    }

    /// <summary>Whether <paramref name="path"/> holds a key this class accepts, for the check at start-up.</summary>
    public static bool IsUsable(string path) => Usable(new TokenFile(path).Read()) is not null;

    private static string? Usable(string? text) => text is { Length: >= MinimumLength } ? text : null;

    private static byte[] Derive(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>The key calls are stamped with, and the one it replaced (null before any rotation).</summary>
    public sealed record Pair(byte[] Current, byte[]? Previous);
}
