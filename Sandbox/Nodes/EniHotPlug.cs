using Amazon.EC2;
using Amazon.EC2.Model;

namespace AwsMultiEni.Sandbox.Nodes;

/// <summary>
/// What EC2 does to a Nitro instance's PCI bus, played on the simulated nodes: an ENI attached to a node's instance
/// appears in the node's namespace as a link carrying the ENI's MAC (named <c>eth</c> and its device index, as on
/// Amazon Linux), and it goes when the ENI is detached. Level-based: every half second the attached ENIs are described
/// (through the EC2 API, so it sees what the fleet sees, lag included) and the links made to match.
/// </summary>
internal sealed class EniHotPlug(IAmazonEC2 ec2, IReadOnlyDictionary<string, NodeNamespace> namespacesByInstance, TextWriter errors) : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, (NodeNamespace Namespace, string Mac)> _plugged = new(StringComparer.Ordinal);
    private Task _running = Task.CompletedTask;

    public void Start() => _running = RunAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await PlugAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is AmazonEC2Exception or HttpRequestException or InvalidOperationException)
            {
                // The next round starts from what EC2 and the namespaces say then: nothing is remembered half done.
                await errors.WriteLineAsync($"sandbox: hot-plugging ENIs into the node namespaces: {ex.Message}");
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private async Task PlugAsync(CancellationToken cancellationToken)
    {
        var described = await ec2.DescribeNetworkInterfacesAsync(
            new DescribeNetworkInterfacesRequest
            {
                Filters =
                [
                    new Filter("attachment.instance-id", [.. namespacesByInstance.Keys]),
                    new Filter("attachment.status", ["attached"]),
                ],
            },
            cancellationToken);
        var attached = described.NetworkInterfaces.ToDictionary(e => e.NetworkInterfaceId, StringComparer.Ordinal);

        foreach (var (eniId, (space, mac)) in _plugged.Where(p => !attached.ContainsKey(p.Key)).ToList())
        {
            await space.RemoveEniAsync(mac);
            _plugged.Remove(eniId);
        }

        foreach (var eni in attached.Values.Where(e => !_plugged.ContainsKey(e.NetworkInterfaceId)))
        {
            var space = namespacesByInstance[eni.Attachment.InstanceId];
            if (!(await space.LinksAsync()).Any(l => string.Equals(l.Mac, eni.MacAddress, StringComparison.OrdinalIgnoreCase)))
            {
                await space.AddEniAsync($"eth{eni.Attachment.DeviceIndex}", eni.MacAddress);
            }

            _plugged[eni.NetworkInterfaceId] = (space, eni.MacAddress);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
