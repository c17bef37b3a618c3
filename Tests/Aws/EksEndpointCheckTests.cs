using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Amazon.Runtime;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Ec2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Aws;

/// <summary>
/// An EKS registration is taken only when its endpoint and CA are what <c>eks:DescribeCluster</c> reports (served by the
/// EC2 emulator, which holds the silo's key to the shipped policy): a matching one registers and the silo connects to it;
/// a mismatching one is refused with a clear error, a configured one reports it as its watch error, and no connection
/// ever reaches the claimed endpoint (a local listener counts them); the unsafe skip flag takes it unverified.
/// </summary>
public sealed class EksEndpointCheckTests : IAsyncLifetime
{
    private const string Region = "us-east-1";
    private static readonly Uri RealEndpoint = new("https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _ca = CertificateAuthority();
    private Ec2Emulator _ec2 = null!;
    private ConnectionCounter _claimed = null!;
    private InProcessTestCluster _silos = null!;

    private IFleetGrain Fleet => _silos.Client.GetGrain<IFleetGrain>(IFleetGrain.Key);

    public async ValueTask InitializeAsync()
    {
        _ec2 = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions.BoundToFleetKey());
        _ec2.EksClusters.Add("team-a", RealEndpoint, _ca);
        _claimed = new ConnectionCounter();
        _ec2.EksClusters.Add("team-b", _claimed.Url, _ca);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorageAsDefault().UseInMemoryReminderService());
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(
            [
                new("Aws:Ec2:Region", Region), new("Fleet:Clusters:0:Name", "configured"), new("Fleet:Clusters:0:Region", Region),
                new("Fleet:Clusters:0:Eks:ClusterName", "team-a"), new("Fleet:Clusters:0:Eks:Endpoint", _claimed.Url.ToString()),
                new("Fleet:Clusters:0:Eks:CertificateAuthority", _ca),
            ]);
            host.Services.AddSingleton<AWSCredentials>(Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId));
            host.Services.AddSingleton(new AwsServiceUrls(Eks: _ec2.Url));
            host.Services.AddFleetEngine(host.Configuration);
        });
        _silos = await TestSilos.DeployAsync(builder);
    }

    public async ValueTask DisposeAsync()
    {
        if (_silos is not null)
        {
            await TestSilos.StopAsync(_silos);
        }

        await (_claimed?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_ec2?.DisposeAsync() ?? ValueTask.CompletedTask);
        Assert.Empty(_ec2?.Calls.Denials() ?? []);
    }

    [Fact]
    public async Task A_matching_endpoint_registers_and_the_silo_connects_to_it()
    {
        await Fleet.Register(Registration("b", new EksClusterRegistration("team-b", _claimed.Url, _ca)));

        await Poll.UntilAsync(() => Task.FromResult(_claimed.Connections > 0), Deadline, "the silo to connect to the verified endpoint");
        Assert.Contains(_ec2.Calls.Records, c => c is { Action: "DescribeCluster", Outcome: Ec2CallLog.Ok, AccessKeyId: Ec2TestClients.FleetAccessKeyId });
    }

    [Fact]
    public async Task A_mismatching_endpoint_or_ca_is_refused_and_nothing_ever_reaches_the_claimed_endpoint()
    {
        var endpoint = await Assert.ThrowsAsync<ArgumentException>(() => Fleet.Register(Registration("a", new EksClusterRegistration("team-a", _claimed.Url, _ca))));
        Assert.Contains($"EKS endpoint {_claimed.Url} is not {RealEndpoint} that eks:DescribeCluster reports for team-a in {Region}; refused", endpoint.Message, StringComparison.Ordinal);
        var ca = await Assert.ThrowsAsync<ArgumentException>(() => Fleet.Register(Registration("b", new EksClusterRegistration("team-b", _claimed.Url, CertificateAuthority()))));
        Assert.Contains("certificate authority is not the one that eks:DescribeCluster reports for team-b", ca.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => Fleet.Register(Registration("c", new EksClusterRegistration("team-c", _claimed.Url, _ca))));
        Assert.Contains("ResourceNotFoundException: eks:DescribeCluster team-c in us-east-1: No cluster found for name: team-c.", unknown.Message, StringComparison.Ordinal);

        // The configured cluster names team-a with the same claimed endpoint: registered, but not watched.
        var watch = await Poll.ForValueAsync(
            async () => (await _silos.Client.GetGrain<IClusterGrain>("configured").GetSummary()).Watch is { LastError: not null } w ? w : null,
            Deadline,
            "the configured cluster to report its endpoint refused");
        Assert.False(watch.Watching);
        Assert.Contains($"EKS endpoint {_claimed.Url} is not {RealEndpoint}", watch.LastError, StringComparison.Ordinal);
        Assert.Equal(["configured"], (await Fleet.ListClusters()).Select(c => c.Registration.Name));
        Assert.Equal(0, _claimed.Connections);
    }

    [Fact]
    public async Task The_unsafe_skip_flag_takes_an_endpoint_eks_does_not_confirm()
    {
        await Fleet.Register(Registration("a", new EksClusterRegistration("team-a", _claimed.Url, _ca, SkipEndpointCheck: true)));

        await Poll.UntilAsync(() => Task.FromResult(_claimed.Connections > 0), Deadline, "the silo to connect to the unverified endpoint");
    }

    private static ClusterRegistration Registration(string name, EksClusterRegistration eks) => new() { Name = name, Region = Region, Eks = eks };

    /// <summary>A fresh self-signed CA, as <c>certificateAuthority.data</c> carries one: base64 of its PEM.</summary>
    private static string CertificateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
    }

    /// <summary>A TCP listener on loopback that counts the connections it accepts and closes them: the claimed endpoint.</summary>
    private sealed class ConnectionCounter : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _accepting;
        private int _connections;

        public ConnectionCounter()
        {
            _listener.Start();
            Url = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _accepting = AcceptAsync();
        }

        public Uri Url { get; }

        public int Connections => Volatile.Read(ref _connections);

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _listener.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _connections);
            }
        }
    }
}
