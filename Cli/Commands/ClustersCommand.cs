using System.CommandLine;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Cli.Output;

namespace AwsMultiEni.Cli.Commands;

/// <summary><c>clusters list|get|register|unregister</c>: the fleet's cluster registry.</summary>
internal static class ClustersCommand
{
    public static Command Create(CommandActions actions)
    {
        var clusters = new Command("clusters", "The clusters registered with the fleet.");
        clusters.Subcommands.Add(actions.Set(new Command("list", "Every registered cluster, with its watch health."), async scope =>
        {
            var all = await (await scope.FleetAsync()).ListClustersAsync(scope.CancellationToken);
            scope.Printer.Write(all, () => Table(all));
        }));

        var name = new Argument<string>("NAME") { Description = "The cluster's name in the fleet." };
        var get = new Command("get", "One registered cluster.");
        get.Arguments.Add(name);
        clusters.Subcommands.Add(actions.Set(get, async scope =>
        {
            var cluster = await (await scope.FleetAsync()).GetClusterAsync(scope.Value(name), scope.CancellationToken);
            scope.Printer.Write(cluster, () => Table([cluster]));
        }));

        clusters.Subcommands.Add(Register(actions));

        var unregisterName = new Argument<string>("NAME") { Description = "The cluster to stop watching; its ENIs and NodeENIs stay." };
        var unregister = new Command("unregister", "Stops watching a cluster. Its ENIs and NodeENIs stay as they are.");
        unregister.Arguments.Add(unregisterName);
        clusters.Subcommands.Add(actions.Set(unregister, async scope =>
        {
            var cluster = scope.Value(unregisterName);
            await (await scope.FleetAsync()).UnregisterClusterAsync(cluster, scope.CancellationToken);
            scope.Printer.Done(new { name = cluster, registered = false }, $"cluster/{cluster} unregistered");
        }));
        return clusters;
    }

    private static Command Register(CommandActions actions)
    {
        var name = new Argument<string>("NAME") { Description = "The cluster's name in the fleet." };
        var region = new Option<string>("--region") { Description = "The AWS region of the cluster's nodes and ENIs.", Required = true };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Reach the cluster through this kubeconfig file (a path the silos can read)." };
        var context = new Option<string>("--context") { Description = "The kubeconfig context; its current context by default." };
        var inCluster = new Option<bool>("--in-cluster") { Description = "Reach the cluster the silos run in, through their service account." };
        var eksName = new Option<string>("--eks-name") { Description = "Reach an EKS cluster with an IAM token: its EKS name." };
        var eksEndpoint = new Option<Uri>("--eks-endpoint") { Description = "The EKS cluster's API server URL." };
        var eksCa = new Option<string>("--eks-ca-data") { Description = "The EKS cluster's certificateAuthority.data (base64 PEM)." };
        var skipCheck = new Option<bool>("--eks-skip-endpoint-check")
        {
            Description = "Unsafe: take --eks-endpoint and --eks-ca-data without checking them against eks:DescribeCluster; the silos send their EKS token there.",
        };
        var roleArn = new Option<string>("--role-arn") { Description = "An IAM role in the cluster's account that the silos assume for its EC2 calls and EKS token." };
        var externalId = new Option<string>("--external-id") { Description = "The external ID the role's trust policy requires (sts:ExternalId)." };
        var register = new Command("register", "Registers a cluster, or changes its settings; the fleet starts watching it at once.");
        register.Arguments.Add(name);
        foreach (var option in new Option[] { region, kubeconfig, context, inCluster, eksName, eksEndpoint, eksCa, skipCheck, roleArn, externalId })
        {
            register.Options.Add(option);
        }

        return actions.Set(register, async scope =>
        {
            var eks = scope.Value(eksName) is { } cluster
                ? new EksClusterRegistration(
                    cluster,
                    scope.Value(eksEndpoint) ?? throw new UsageException("--eks-name needs --eks-endpoint."),
                    scope.Value(eksCa) ?? throw new UsageException("--eks-name needs --eks-ca-data."),
                    scope.Value(skipCheck))
                : null;
            var registration = new ClusterRegistration
            {
                Name = scope.Value(name),
                Region = scope.Value(region)!,
                Kubeconfig = scope.Value(kubeconfig) is { } path ? Path.GetFullPath(path) : null,
                KubeconfigContext = scope.Value(context),
                InCluster = scope.Value(inCluster),
                Eks = eks,
                RoleArn = scope.Value(roleArn),
                ExternalId = scope.Value(externalId),
            };
            if ((registration.Kubeconfig is null ? 0 : 1) + (registration.InCluster ? 1 : 0) + (eks is null ? 0 : 1) != 1)
            {
                throw new UsageException("Give exactly one way to reach the cluster: --kubeconfig, --in-cluster or --eks-name.");
            }

            await (await scope.FleetAsync()).RegisterClusterAsync(registration, scope.CancellationToken);
            scope.Printer.Done(registration, $"cluster/{registration.Name} registered");
        });
    }

    private static Table Table(IEnumerable<ClusterSummary> clusters)
    {
        var table = new Table("NAME", "REGION", "SOURCE", "WATCHING", "SILO", "NODES", "NODEENIS", "ERROR");
        foreach (var c in clusters)
        {
            var r = c.Registration;
            var source = r.Kubeconfig is { } path ? $"kubeconfig {path}" : r.InCluster ? "in-cluster" : $"eks {r.Eks?.ClusterName}";
            table.Add(r.Name, r.Region, source, c.Watch.Watching ? "yes" : "no", c.Watch.Silo, $"{c.Nodes}", $"{c.NodeEnis}", c.Watch.LastError);
        }

        return table;
    }
}
