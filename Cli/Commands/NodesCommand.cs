using System.CommandLine;
using AwsMultiEni.Cli.Output;

namespace AwsMultiEni.Cli.Commands;

/// <summary><c>nodes report CLUSTER/NODE</c>: what a node's agent last reported.</summary>
internal static class NodesCommand
{
    public static Command Create(CommandActions actions)
    {
        var nodes = new Command("nodes", "Nodes as their agents see them.");
        var key = new Argument<string>("CLUSTER/NODE") { Description = "The node's cluster and name." };
        var report = new Command("report", "The interfaces the node's agent last reported: name, state, MTU, driver and any error.");
        report.Arguments.Add(key);
        nodes.Subcommands.Add(actions.Set(report, async scope =>
        {
            var parts = AttachmentsCommand.KeyParts(scope.Value(key), 2);
            var found = await (await scope.FleetAsync()).GetNodeReportAsync(parts[0], parts[1], scope.CancellationToken);
            if (found is null)
            {
                await scope.Progress.WriteLineAsync($"node {scope.Value(key)} has no agent report yet.");
            }

            scope.Printer.Write(found, () =>
            {
                var table = new Table("ENI", "MAC", "NAME", "PCI", "UP", "MTU", "DRIVER", "ERROR");
                foreach (var i in found?.Interfaces ?? [])
                {
                    table.Add(i.EniId, i.MacAddress, i.Name, i.PciAddress, i.Up ? "yes" : "no", i.Mtu is { } mtu ? $"{mtu}" : null, i.Driver, i.Error);
                }

                return table;
            });
        }));
        return nodes;
    }
}
