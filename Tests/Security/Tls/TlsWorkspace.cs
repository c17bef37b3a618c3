using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>One test's certificate authorities and TLS directories, under a temporary folder deleted with them.</summary>
internal sealed class TlsWorkspace : IDisposable
{
    private readonly DirectoryInfo _root = System.IO.Directory.CreateTempSubdirectory("tls-");
    private readonly List<TestAuthority> _authorities = [];

    public TestAuthority Authority(string name)
    {
        var authority = TestAuthority.Create(name);
        _authorities.Add(authority);
        return authority;
    }

    /// <summary>An empty Secret volume named <paramref name="name"/>.</summary>
    public SecretVolume Volume(string name) => new(Path.Combine(_root.FullName, name));

    /// <summary>A Secret volume with a certificate <paramref name="issuer"/> issued for <paramref name="name"/>, and <paramref name="trusted"/> as its <c>ca.crt</c>.</summary>
    public SecretVolume Volume(string name, TestAuthority issuer, params TestAuthority[] trusted)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var volume = Volume(name);
        volume.Publish(issuer.Issue(name), [.. trusted.Select(t => t.Certificate)]);
        return volume;
    }

    /// <summary>A plain directory under the workspace, for what is not a Secret volume.</summary>
    public string Directory(string name) => System.IO.Directory.CreateDirectory(Path.Combine(_root.FullName, name)).FullName;

    /// <summary>The silos' call key (<c>Security:SiloKeyFile</c>), one per workspace: every silo of these tests shares it.</summary>
    public string SiloKey() => SiloKeyBeside(_root.FullName);

    /// <summary>The silo key file in <paramref name="directory"/>, written with a random key the first time.</summary>
    public static string SiloKeyBeside(string directory)
    {
        var path = Path.Combine(directory, "silo-key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)));
        }

        return path;
    }

    /// <summary>Lets programs run as another user (a container's) read every volume made so far.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void ShareWithOtherUsers() => ReadableByAll.Apply(_root.FullName);

    public void Dispose()
    {
        foreach (var authority in _authorities)
        {
            authority.Dispose();
        }

        _root.Delete(recursive: true);
    }
}
