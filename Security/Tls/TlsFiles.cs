using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AwsMultiEni.Security.Tls;

/// <summary>
/// What one reading of the TLS directory found: this process's certificate with its key, and the CA certificates
/// its peers' certificates must chain to. <see cref="Version"/> tells two readings apart without comparing keys.
/// </summary>
public sealed record TlsFiles(X509Certificate2 Certificate, X509Certificate2Collection Authorities, string Version)
{
    /// <summary>This process's certificate (PEM), issued by a CA of <see cref="AuthoritiesFile"/>; the first one is used.</summary>
    public const string CertificateFile = "tls.crt";

    /// <summary>The certificate's private key (PEM).</summary>
    public const string KeyFile = "tls.key";

    /// <summary>The CA bundle (PEM) that every peer's certificate must chain to; nothing else is trusted.</summary>
    public const string AuthoritiesFile = "ca.crt";

    /// <summary>Reads the three files; throws, saying which file and why, when one is missing or not valid PEM.</summary>
    public static TlsFiles Read(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var certificatePath = Path.Combine(directory, CertificateFile);
        var keyPath = Path.Combine(directory, KeyFile);
        var authoritiesPath = Path.Combine(directory, AuthoritiesFile);
        var certificateText = ReadText(certificatePath);
        var keyText = ReadText(keyPath);
        var authoritiesText = ReadText(authoritiesPath);

        var certificate = Parse(() => X509Certificate2.CreateFromPem(certificateText, keyText), $"{certificatePath} with {keyPath}");
        var authorities = Parse(
            () =>
            {
                var bundle = new X509Certificate2Collection();
                bundle.ImportFromPem(authoritiesText);
                return bundle.Count > 0 ? bundle : throw new ArgumentException("it holds no certificate.");
            },
            authoritiesPath);
        var version = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(certificateText, keyText, authoritiesText))));
        return new TlsFiles(certificate, authorities, version);
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Cannot read {path}: {ex.Message}", ex);
        }
    }

    private static T Parse<T>(Func<T> parse, string what)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"{what} is not valid PEM: {ex.Message}", ex);
        }
    }
}
