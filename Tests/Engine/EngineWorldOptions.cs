using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Engine;

/// <summary>How an <see cref="EngineWorld"/> runs its silos.</summary>
internal sealed record EngineWorldOptions
{
    public int Silos { get; init; } = 1;

    /// <summary>The silo set's Orleans ServiceId (with the region, its lease holder in the cluster); the test cluster's own when null.</summary>
    public string? ServiceId { get; init; }

    /// <summary>How long the cluster's lease holds and how often it is renewed or checked; the shipped defaults when null.</summary>
    public (TimeSpan Duration, TimeSpan RenewInterval)? Lease { get; init; }

    /// <summary>How far the EC2 emulator's describes lag behind its answers: the engine is tested against an eventually consistent EC2.</summary>
    public TimeSpan ConsistencyLag { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often each silo closes connections to clusters no longer registered as they were.</summary>
    public TimeSpan ConnectionSweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a released DPDK or named interface waits for the agent's teardown report before its detach.</summary>
    public TimeSpan AgentTeardownTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Grain storage, reminders and anything else for each silo; storage and reminders in memory when null.</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; init; }

    /// <summary>
    /// Each silo's AWS services (credentials, endpoints), given the EC2 emulator's URL: when set, the silos build their own
    /// EC2 gateways per region and role, as in production, instead of sharing the world's one gateway (and
    /// <see cref="WrapGateway"/> is not used).
    /// </summary>
    public Action<IServiceCollection, Uri>? SiloAws { get; init; }

    /// <summary>Changes the EC2 emulator's options (IAM roles, principals) before it starts.</summary>
    public Func<Ec2EmulatorOptions, Ec2EmulatorOptions>? Ec2 { get; init; }

    /// <summary>Wraps the EC2 gateway of the silo named by the second argument.</summary>
    public Func<IEc2Gateway, string, IEc2Gateway>? WrapGateway { get; init; }

    /// <summary>Wraps the NodeENI writer of the silo named by the second argument.</summary>
    public Func<INodeEniWriter, string, INodeEniWriter>? WrapNodeEniWriter { get; init; }

    /// <summary>More configuration for every silo (the <c>Security</c> section, say), after the engine's own.</summary>
    public IReadOnlyDictionary<string, string?> SiloConfiguration { get; init; } = new Dictionary<string, string?>();

    /// <summary>More for the test cluster's own client (a token it sends, say).</summary>
    public Action<IClientBuilder>? ConfigureClient { get; init; }

    /// <summary>Registers the cluster with the fleet at start; false to set the cluster up first, as before a migration.</summary>
    public bool RegisterCluster { get; init; } = true;
}
