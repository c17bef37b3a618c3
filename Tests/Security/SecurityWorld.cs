using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Security;
using AwsMultiEni.Silo.Security;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Engine;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Ec2;
using k8s;
using k8s.Models;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Security;

/// <summary>
/// Silos running the fleet engine with callers held to their roles (no token: no role), two member clusters on the
/// Kubernetes API emulator, each with two nodes and <c>deploy/cluster</c>'s RBAC, both registered by configuration
/// (the first reviews people's and the dashboard's tokens), and the test cluster's client sending whatever token
/// <see cref="UseToken"/> last put in its token file, through the real outgoing filter.
/// </summary>
internal sealed class SecurityWorld : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string AdminAccount = "automation";
    public const string DashboardAccount = "dashboard";
    public const string StrangerAccount = "stranger";
    public const string AgentNamespace = ServiceAccountTokens.AgentNamespace;

    private readonly WorldParts _parts;
    private readonly string _tokenFile;
    private long _writes;

    private SecurityWorld(WorldParts parts, KubeTestEnvironment kube, InProcessTestCluster silos, string tokenFile)
    {
        _parts = parts;
        Kube = kube;
        Silos = silos;
        _tokenFile = tokenFile;
    }

    public KubeTestEnvironment Kube { get; }

    public InProcessTestCluster Silos { get; }

    public IGrainFactory Grains => Silos.Client;

    public EmulatedCluster this[int index] => Kube[index];

    /// <summary>Node <paramref name="index"/> (1 or 2) of cluster <paramref name="cluster"/>.</summary>
    public string Node(int cluster, int index) => SimulatedNode.ForIndex(Kube[cluster].Name, index).Name;

    public static Task<SecurityWorld> StartAsync() => WorldParts.StartAsync(nameof(SecurityWorld), async parts =>
    {
        var ec2 = parts.Add(await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions), "the EC2 emulator");
        var kube = parts.Add(await KubeTestEnvironment.StartAsync(clusters: 2), "the Kubernetes API emulator");
        var configuration = new Dictionary<string, string?>
        {
            ["Security:AnonymousRole"] = "none",
            ["Security:ReviewCluster"] = kube[0].Name,
            ["Security:Admins:0"] = $"system:serviceaccount:default:{AdminAccount}",
            ["Security:DashboardReaders:0"] = $"system:serviceaccount:default:{DashboardAccount}",
        };
        for (var i = 0; i < 2; i++)
        {
            KubeTestEnvironment.AddNodes(kube[i], 2);
            ClusterSeeder.AllowAgent(kube[i]);
            configuration[$"Fleet:Clusters:{i}:Name"] = kube[i].Name;
            configuration[$"Fleet:Clusters:{i}:Region"] = Region;
            configuration[$"Fleet:Clusters:{i}:Kubeconfig"] = ClusterSeeder.AllowSilo(kube[i]);
        }

        var admin = kube.AdminClient(kube[0]);
        foreach (var account in new[] { AdminAccount, DashboardAccount, StrangerAccount })
        {
            await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = account } }, "default", cancellationToken: TestContext.Current.CancellationToken);
        }

        var tokenFile = Path.Combine(kube.StateDir, "caller-token");
        // The test cluster's own calls to the silos' services (TestingHost's hooks, as it waits for the silos) go as the admin they are.
        var harness = new HarnessAsAdmin(await ServiceAccountTokens.MintAsync(admin, "default", AdminAccount));
        var silosEc2 = parts.AddDisposable(Ec2TestClients.Client(ec2.Url, Region, Ec2TestClients.FleetAccessKeyId), "the silos' EC2 client");
        var silos = parts.Add(
            await EngineSilos.StartAsync(
                new EngineWorldOptions { SiloConfiguration = configuration, ConfigureClient = client => client.UseCallerToken(tokenFile).AddOutgoingGrainCallFilter(harness.Invoke) },
                Ec2TestClients.Gateway(silosEc2),
                ec2.Url),
            "the silos",
            TestSilos.StopAsync);
        return new SecurityWorld(parts, kube, silos, tokenFile);
    });

    /// <summary>
    /// The token the client sends from now on (none when null), swapped in as the kubelet swaps a projected token: a
    /// new file moved into place, with a newer write time.
    /// </summary>
    public void UseToken(string? token)
    {
        if (token is null)
        {
            File.Delete(_tokenFile);
            return;
        }

        var next = _tokenFile + ".next";
        File.WriteAllText(next, token);
        File.SetLastWriteTimeUtc(next, DateTime.UtcNow.AddSeconds(++_writes));
        File.Move(next, _tokenFile, overwrite: true);
    }

    /// <summary>A token of ServiceAccount <paramref name="ns"/>/<paramref name="account"/> from cluster <paramref name="cluster"/>'s TokenRequest.</summary>
    public Task<string> TokenAsync(int cluster, string ns, string account, string audience = CallerToken.Audience, string? pod = null) =>
        ServiceAccountTokens.MintAsync(Kube.AdminClient(Kube[cluster]), ns, account, audience, pod);

    /// <summary>An agent pod on node <paramref name="node"/> of cluster <paramref name="cluster"/>, and a token bound to it, as its projected volume holds.</summary>
    public Task<(string Pod, string Token)> AgentTokenAsync(int cluster, string node) => ServiceAccountTokens.ForAgentPodAsync(Kube.AdminClient(Kube[cluster]), node);

    public Task DeletePodAsync(int cluster, string pod) =>
        Kube.AdminClient(Kube[cluster]).CoreV1.DeleteNamespacedPodAsync(pod, AgentNamespace, cancellationToken: TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _parts.DisposeAsync();

    private sealed class HarnessAsAdmin(string token)
    {
        public Task Invoke(IOutgoingGrainCallContext context)
        {
            if (context.TargetId.IsSystemTarget())
            {
                RequestContext.Set(CallerToken.RequestContextKey, token);
            }

            return context.Invoke();
        }
    }
}
