using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// Derives the CreateNetworkInterface ClientToken from the attachment key, the subnet's position and a create intent
/// (a random number the slot keeps): the same intent always yields the same token (idempotent retry), a new intent
/// (after a deliberate delete) a new one. Hashed because EC2 caps tokens at 64 ASCII characters.
/// </summary>
public static class EniClientToken
{
    public static string For(string attachmentKey, int subnetOrdinal, long intent)
    {
        ArgumentException.ThrowIfNullOrEmpty(attachmentKey);
        var text = string.Create(CultureInfo.InvariantCulture, $"{attachmentKey}#{subnetOrdinal}#{intent}");
        return "ame-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..48];
    }
}
