using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using AwsMultiEni.Security.Tls;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>
/// A directory laid out as the kubelet lays out a Secret volume: each version in its own <c>..TIMESTAMP</c> directory,
/// <c>..data</c> a symlink to the current one, and each file a symlink through <c>..data</c>. A new version is
/// written beside the old, then <c>..data</c> is swapped with one rename, then the old version is deleted.
/// </summary>
internal sealed class SecretVolume(string directory)
{
    private const string Data = "..data";
    private int _versions;

    public string Directory { get; } = System.IO.Directory.CreateDirectory(directory).FullName;

    /// <summary>The directory of the version <c>..data</c> points at.</summary>
    public string CurrentVersion => Path.Combine(Directory, new FileInfo(Path.Combine(Directory, Data)).LinkTarget!);

    /// <summary>Publishes <paramref name="certificate"/> with <paramref name="authorities"/> as <c>ca.crt</c>, the kubelet's way.</summary>
    public void Publish(X509Certificate2 certificate, params X509Certificate2[] authorities)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Publish(
            certificate.ExportCertificatePem(),
            certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(),
            string.Join('\n', authorities.Select(a => a.ExportCertificatePem())));
    }

    public void Publish(string certificatePem, string keyPem, string authoritiesPem)
    {
        var previous = File.Exists(Path.Combine(Directory, Data)) || System.IO.Directory.Exists(Path.Combine(Directory, Data)) ? CurrentVersion : null;
        var version = $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{++_versions}";
        var versionPath = System.IO.Directory.CreateDirectory(Path.Combine(Directory, version)).FullName;
        File.WriteAllText(Path.Combine(versionPath, TlsFiles.CertificateFile), certificatePem);
        File.WriteAllText(Path.Combine(versionPath, TlsFiles.KeyFile), keyPem);
        File.WriteAllText(Path.Combine(versionPath, TlsFiles.AuthoritiesFile), authoritiesPem);

        var temporary = Path.Combine(Directory, Data + "_tmp");
        File.CreateSymbolicLink(temporary, version);
        if (Rename(temporary, Path.Combine(Directory, Data)) != 0)
        {
            throw new IOException($"rename({temporary}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        foreach (var file in new[] { TlsFiles.CertificateFile, TlsFiles.KeyFile, TlsFiles.AuthoritiesFile })
        {
            var link = Path.Combine(Directory, file);
            if (new FileInfo(link).LinkTarget is null)
            {
                File.CreateSymbolicLink(link, Path.Combine(Data, file));
            }
        }

        if (previous is not null)
        {
            System.IO.Directory.Delete(previous, recursive: true);
        }
    }

    // The kubelet swaps ..data with rename(2), which replaces a symlink in one step; .NET's moves refuse or copy here.
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);
}
