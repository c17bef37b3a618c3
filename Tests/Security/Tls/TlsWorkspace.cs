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
