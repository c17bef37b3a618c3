using System.CommandLine;
using System.Text.Json;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Cli.Output;
using AwsMultiEni.Client.Fleet;
using AwsMultiEni.Client.Manifests;

namespace AwsMultiEni.Cli.Commands;

/// <summary><c>nodeenis list|get|apply|delete --cluster C</c>: a cluster's NodeENIs, written through to the cluster.</summary>
internal static class NodeEnisCommand
{
    public static Command Create(CommandActions actions)
    {
        var cluster = new Option<string>("--cluster", "-c") { Description = "The registered cluster the NodeENIs are in.", Required = true, Recursive = true };
        var nodeEnis = new Command("nodeenis", "A cluster's NodeENIs (the same objects kubectl shows).");
        nodeEnis.Aliases.Add("neni");
        nodeEnis.Options.Add(cluster);

        nodeEnis.Subcommands.Add(actions.Set(new Command("list", "Every NodeENI of the cluster, with its Ready condition."), async scope =>
        {
            var all = await (await scope.FleetAsync()).ListNodeEnisAsync(scope.Value(cluster)!, scope.CancellationToken);
            scope.Printer.Write(all, () => Table(all));
        }));

        var name = new Argument<string>("NAME") { Description = "The NodeENI's name." };
        var get = new Command("get", "One NodeENI, with its status.");
        get.Arguments.Add(name);
        nodeEnis.Subcommands.Add(actions.Set(get, async scope =>
        {
            var nodeEni = await (await scope.FleetAsync()).GetNodeEniAsync(scope.Value(cluster)!, scope.Value(name), scope.CancellationToken);
            scope.Printer.Write(nodeEni, () => Table([nodeEni]));
        }));

        nodeEnis.Subcommands.Add(Apply(actions, cluster));
        nodeEnis.Subcommands.Add(Delete(actions, cluster));
        return nodeEnis;
    }

    private static Command Apply(CommandActions actions, Option<string> cluster)
    {
        var file = new Option<FileInfo>("--filename", "-f") { Description = "A NodeENI manifest, YAML or JSON, as kubectl apply takes it (several documents allowed).", Required = true };
        var wait = new Option<bool>("--wait") { Description = "Wait until each NodeENI is Ready for its new spec, printing progress." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait with --wait.", DefaultValueFactory = _ => 300 };
        var apply = new Command("apply", "Creates NodeENIs in the cluster, or changes their spec.");
        apply.Options.Add(file);
        apply.Options.Add(wait);
        apply.Options.Add(timeout);
        return actions.Set(apply, async scope =>
        {
            var manifests = Read(scope.Value(file)!);
            var fleet = await scope.FleetAsync();
            var applied = new List<NodeEni>();
            foreach (var manifest in manifests)
            {
                var nodeEni = await fleet.ApplyNodeEniAsync(scope.Value(cluster)!, manifest.Name, manifest.Spec, scope.CancellationToken);
                if (scope.Value(wait))
                {
                    nodeEni = await WaitAsync(scope, fleet, scope.Value(cluster)!, manifest.Name, TimeSpan.FromSeconds(scope.Value(timeout)));
                }

                applied.Add(nodeEni);
            }

            foreach (var nodeEni in applied)
            {
                scope.Printer.Done(nodeEni, $"nodeeni/{nodeEni.Name} {(scope.Value(wait) ? "ready" : "applied")}");
            }
        });
    }

    private static Command Delete(CommandActions actions, Option<string> cluster)
    {
        var name = new Argument<string>("NAME") { Description = "The NodeENI to delete; its ENIs are detached and deleted first." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the NodeENI is gone, which is once its ENIs are deleted." };
        var delete = new Command("delete", "Deletes a NodeENI; the fleet releases its ENIs before the object goes.");
        delete.Arguments.Add(name);
        delete.Options.Add(wait);
        return actions.Set(delete, async scope =>
        {
            var fleet = await scope.FleetAsync();
            await fleet.DeleteNodeEniAsync(scope.Value(cluster)!, scope.Value(name), scope.CancellationToken);
            if (scope.Value(wait))
            {
                await scope.Progress.WriteLineAsync($"waiting for nodeeni/{scope.Value(name)} to release its ENIs ...");
                await fleet.WaitUntilGoneAsync(scope.Value(cluster)!, scope.Value(name), scope.CancellationToken);
            }

            scope.Printer.Done(new { name = scope.Value(name), deleted = true }, $"nodeeni/{scope.Value(name)} deleted");
        });
    }

    private static async Task<NodeEni> WaitAsync(CommandScope scope, FleetClient fleet, string cluster, string name, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(scope.CancellationToken);
        deadline.CancelAfter(timeout);
        var last = (NodeEni?)null;
        var progress = new Progress<NodeEni>(n => scope.Progress.WriteLine($"nodeeni/{name}: {Summary(last = n)}"));
        try
        {
            return await fleet.WaitUntilReadyAsync(cluster, name, progress, deadline.Token);
        }
        catch (OperationCanceledException) when (!scope.CancellationToken.IsCancellationRequested)
        {
            throw new FleetException(FleetErrorKind.Refused, $"NodeENI '{name}' was not Ready within {timeout.TotalSeconds} s: {(last is null ? "no status yet" : Summary(last))}.");
        }
    }

    /// <summary>The NodeENIs of a manifest file; anything else in it is a usage error, found before the fleet is asked.</summary>
    private static List<NodeEni> Read(FileInfo file)
    {
        List<System.Text.Json.Nodes.JsonObject> documents;
        try
        {
            documents = YamlJson.Documents(File.ReadAllText(file.FullName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new UsageException($"Cannot read {file.FullName}: {ex.Message}");
        }

        var nodeEnis = new List<NodeEni>();
        foreach (var (document, index) in documents.Select((d, i) => (d, i + 1)))
        {
            NodeEni nodeEni;
            try
            {
                nodeEni = NodeEniJson.Deserialize(document.ToJsonString());
            }
            catch (JsonException ex)
            {
                throw new UsageException($"{file.Name}, document {index}: not a NodeENI: {ex.Message}");
            }

            if (nodeEni.ApiVersion != NodeEni.ApiVersionValue || nodeEni.Kind != NodeEni.KindValue || string.IsNullOrEmpty(nodeEni.Name))
            {
                throw new UsageException($"{file.Name}, document {index}: expected apiVersion {NodeEni.ApiVersionValue}, kind {NodeEni.KindValue} and metadata.name; found {nodeEni.ApiVersion} {nodeEni.Kind} '{nodeEni.Name}'.");
            }

            nodeEnis.Add(nodeEni);
        }

        return nodeEnis.Count == 0 ? throw new UsageException($"{file.FullName} holds no NodeENI.") : nodeEnis;
    }

    private static string Summary(NodeEni nodeEni)
    {
        var ready = Ready(nodeEni);
        return $"Ready={ready?.Status ?? "Unknown"}{(ready?.Reason is { } reason ? $" ({reason})" : string.Empty)}, {Attached(nodeEni)} attached";
    }

    private static NodeEniCondition? Ready(NodeEni nodeEni) => nodeEni.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready);

    private static string Attached(NodeEni nodeEni) =>
        $"{nodeEni.Status?.Attachments?.Count(a => a.Status == AttachmentRow.Attached) ?? 0}/{nodeEni.Status?.Attachments?.Count ?? 0}";

    private static Table Table(IEnumerable<NodeEni> nodeEnis)
    {
        var table = new Table("NAME", "READY", "REASON", "ATTACHED", "GENERATION", "OBSERVED");
        foreach (var n in nodeEnis)
        {
            table.Add(n.Name, Ready(n)?.Status, Ready(n)?.Reason, Attached(n), $"{n.Metadata.Generation}", $"{n.Status?.ObservedGeneration}");
        }

        return table;
    }
}
