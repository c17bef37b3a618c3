using System.CommandLine;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Cli.Output;
using AwsMultiEni.Client.Fleet;

namespace AwsMultiEni.Cli.Commands;

/// <summary><c>attachments list|history</c>: every ENI attachment of the fleet, and one attachment's lifecycle.</summary>
internal static class AttachmentsCommand
{
    public static Command Create(CommandActions actions)
    {
        var attachments = new Command("attachments", "The fleet's ENI attachments, one per NodeENI, node and subnet.");

        var cluster = new Option<string>("--cluster", "-c") { Description = "Only this cluster's." };
        var nodeEni = new Option<string>("--nodeeni") { Description = "Only this NodeENI's (needs --cluster)." };
        var node = new Option<string>("--node") { Description = "Only this node's." };
        var problems = new Option<bool>("--problems") { Description = "Only attachments that are not attached." };
        var list = new Command("list", "Attachments with their instance, ENI, device index, subnet and status.");
        foreach (var option in new Option[] { cluster, nodeEni, node, problems })
        {
            list.Options.Add(option);
        }

        attachments.Subcommands.Add(actions.Set(list, async scope =>
        {
            if (scope.Value(nodeEni) is not null && scope.Value(cluster) is null)
            {
                throw new UsageException("--nodeeni needs --cluster: NodeENI names are per cluster.");
            }

            var query = new AttachmentQuery(scope.Value(cluster), scope.Value(nodeEni), scope.Value(node), scope.Value(problems));
            var rows = await (await scope.FleetAsync()).ListAttachmentsAsync(query, scope.CancellationToken);
            scope.Printer.Write(rows, () => Table(rows));
        }));

        var key = new Argument<string>("CLUSTER/NODEENI/NODE") { Description = "The attachment's key." };
        var history = new Command("history", "Every lifecycle transition of one attachment's ENIs, oldest first, and its last error.");
        history.Arguments.Add(key);
        attachments.Subcommands.Add(actions.Set(history, async scope =>
        {
            var parts = KeyParts(scope.Value(key), 3);
            var found = await (await scope.FleetAsync()).GetAttachmentHistoryAsync(parts[0], parts[1], parts[2], scope.CancellationToken);
            scope.Printer.Write(found, () =>
            {
                var table = new Table("AT", "SUBNET", "FROM", "TO", "ENI", "DETAIL");
                foreach (var t in found.Transitions)
                {
                    table.Add(t.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture), t.SubnetId, t.From, t.To, t.EniId, t.Detail);
                }

                return table;
            });
            if (found.LastError is { } error)
            {
                await scope.Progress.WriteLineAsync($"last error: {error}");
            }
        }));
        return attachments;
    }

    /// <summary>A <c>/</c>-separated key of <paramref name="count"/> parts, or a usage error saying what it must look like.</summary>
    public static string[] KeyParts(string key, int count)
    {
        try
        {
            return GrainKey.Split(key, count);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static Table Table(IEnumerable<AttachmentRow> rows)
    {
        var table = new Table("CLUSTER", "NODEENI", "NODE", "INSTANCE", "ENI", "INDEX", "SUBNET", "STATUS");
        foreach (var r in rows)
        {
            var a = r.Attachment;
            table.Add(r.Cluster, r.NodeEni, a.NodeId, a.InstanceId, a.EniId, $"{a.DeviceIndex}", a.SubnetId, a.Status);
        }

        return table;
    }
}
