using System.Security.Cryptography.X509Certificates;
using AwsMultiEni.Security.Tls;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>How the certificate source follows its directory: the watch, the periodic re-read behind it, and files it cannot use.</summary>
public sealed class TlsCertificateSourceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TlsWorkspace _tls = new();
    private readonly TestAuthority _first;
    private readonly TestAuthority _second;

    public TlsCertificateSourceTests() => (_first, _second) = (_tls.Authority("first CA"), _tls.Authority("second CA"));

    [Fact]
    public async Task The_directory_watch_takes_a_kubelet_symlink_swap_without_the_periodic_re_read()
    {
        var volume = Published(_first);
        using var source = new TlsCertificateSource(volume.Directory, NullLogger<TlsCertificateSource>.Instance, Timeout.InfiniteTimeSpan);
        var rotated = _second.Issue("silo");

        volume.Publish(rotated, _second.Certificate);

        await Poll.UntilAsync(() => source.Current.Certificate.Thumbprint == rotated.Thumbprint, Deadline, "the watch to take the new certificate");
        Assert.True(source.IsTrusted(_second.Issue("peer"), null));
        Assert.False(source.IsTrusted(_first.Issue("peer"), null));
    }

    [Fact]
    public async Task The_periodic_re_read_takes_a_change_the_watch_cannot_see()
    {
        var volume = Published(_first);
        using var source = new TlsCertificateSource(volume.Directory, NullLogger<TlsCertificateSource>.Instance, TimeSpan.FromMilliseconds(100));
        var rotated = _second.Issue("silo");

        // Written inside the current version's directory, which the watch does not cover.
        await File.WriteAllTextAsync(Path.Combine(volume.CurrentVersion, TlsFiles.CertificateFile), rotated.ExportCertificatePem(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(volume.CurrentVersion, TlsFiles.KeyFile), rotated.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => source.Current.Certificate.Thumbprint == rotated.Thumbprint, Deadline, "the re-read to take the new certificate");
    }

    [Fact]
    public void Files_that_cannot_be_used_keep_the_previous_certificate_until_usable_ones_arrive()
    {
        var volume = Published(_first);
        using var source = new TlsCertificateSource(volume.Directory, NullLogger<TlsCertificateSource>.Instance, Timeout.InfiniteTimeSpan);
        var before = source.Current.Certificate.Thumbprint;
        var rotated = _second.Issue("silo");

        volume.Publish(rotated.ExportCertificatePem(), "not a key", _second.Certificate.ExportCertificatePem());
        source.Reload();
        Assert.Equal(before, source.Current.Certificate.Thumbprint);

        volume.Publish(rotated, _second.Certificate);
        source.Reload();
        Assert.Equal(rotated.Thumbprint, source.Current.Certificate.Thumbprint);
    }

    [Fact]
    public void A_directory_without_usable_files_stops_the_process_at_start_naming_the_file()
    {
        var empty = _tls.Directory("empty");

        var failure = Assert.Throws<InvalidOperationException>(() => new TlsCertificateSource(empty, NullLogger<TlsCertificateSource>.Instance));

        Assert.Contains(TlsFiles.CertificateFile, failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _tls.Dispose();

    private SecretVolume Published(TestAuthority authority) => _tls.Volume("volume", authority, authority);
}
