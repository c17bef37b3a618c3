using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;

namespace AwsMultiEni.Silo.Security;

/// <summary>
/// Proof that a grain call was made inside the silo set. Orleans names a call's sender from the message the caller
/// wrote, so a client holding a fleet certificate could name a grain and pass as the silos; a silo's outgoing calls
/// therefore carry an HMAC, under <see cref="SiloCallKey"/>, of when they were made and what they call, and only a
/// call whose proof verifies counts as the silos'. Clients never receive one: calls to them carry none, and a
/// proof is taken out of the RequestContext as the call it came with arrives.
/// </summary>
internal sealed class SiloCallProof(SiloCallKey key, TimeProvider clock)
{
    public const string RequestContextKey = "awsmultieni-silo-proof";

    /// <summary>
    /// How far a proof's time may be from this silo's: a call can wait in a busy grain's queue before its filter
    /// runs, and clocks drift. The window only bounds a replay; proofs never leave the silos.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public string Stamp(GrainId target, string interfaceName, string method)
    {
        var seconds = clock.GetUtcNow().ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}:{Convert.ToBase64String(Mac(key.Keys().Current, seconds, target, interfaceName, method))}");
    }

    public bool Verify(string? proof, GrainId target, string interfaceName, string method)
    {
        if (proof?.Split(':') is not [var time, var mac]
            || !long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > Window.TotalSeconds)
        {
            return false;
        }

        var sent = new byte[SHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(mac, sent, out var length) || length != sent.Length)
        {
            return false;
        }

        var (current, previous) = key.Keys();
        return CryptographicOperations.FixedTimeEquals(sent, Mac(current, seconds, target, interfaceName, method))
            || (previous is not null && CryptographicOperations.FixedTimeEquals(sent, Mac(previous, seconds, target, interfaceName, method)));
    }

    private static byte[] Mac(byte[] key, long seconds, GrainId target, string interfaceName, string method) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seconds}\n{target}\n{interfaceName}\n{method}")));
}
