namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// rtnetlink requests on links (dump, get, set up/down, set MTU, rename), on routes (which links carry the
/// default route) and on addresses (dump). Each request waits for
/// the kernel's answer, so an error surfaces at the call that caused it. One request at a time
/// per instance; the socket is its own (notifications use <see cref="LinkMonitor"/>).
/// </summary>
public sealed class RouteNetlink(NetlinkSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private uint _sequence;

    public static RouteNetlink Open() => new(NetlinkSocket.Open());

    public async Task<IReadOnlyList<Link>> DumpLinksAsync(CancellationToken cancellationToken)
    {
        var request = new NetlinkMessageBuilder(IfInfoMessage.GetLink, NetlinkMessage.FlagRequest | NetlinkMessage.FlagDump)
            .Append(new IfInfoMessage(0));
        var links = new List<Link>();
        await ExchangeAsync(request, "dump links", message =>
        {
            if (message.Type == IfInfoMessage.NewLink)
            {
                links.Add(Link.FromMessage(message.Payload));
            }

            return message.Type == NetlinkMessage.Done;
        }, cancellationToken);
        return links;
    }

    /// <summary>The indexes of the links the main table's default routes (IPv4 and IPv6) leave through: the node's primary interface.</summary>
    public async Task<IReadOnlySet<int>> DefaultRouteLinksAsync(CancellationToken cancellationToken)
    {
        // Family AF_UNSPEC: the kernel dumps the routes of every family.
        var request = new NetlinkMessageBuilder(RouteMessage.GetRoute, NetlinkMessage.FlagRequest | NetlinkMessage.FlagDump)
            .Append(default(RouteMessage));
        var links = new HashSet<int>();
        await ExchangeAsync(request, "dump routes", message =>
        {
            if (message.Type == RouteMessage.NewRoute)
            {
                links.UnionWith(RouteMessage.DefaultRouteLinks(message.Payload));
            }

            return message.Type == NetlinkMessage.Done;
        }, cancellationToken);
        return links;
    }

    /// <summary>Every address of every link, IPv4 and IPv6.</summary>
    public async Task<IReadOnlyList<InterfaceAddress>> DumpAddressesAsync(CancellationToken cancellationToken)
    {
        var request = new NetlinkMessageBuilder(AddressMessage.GetAddress, NetlinkMessage.FlagRequest | NetlinkMessage.FlagDump)
            .Append(default(AddressMessage));
        var addresses = new List<InterfaceAddress>();
        await ExchangeAsync(request, "dump addresses", message =>
        {
            if (message.Type == AddressMessage.NewAddress)
            {
                addresses.Add(AddressMessage.Read(message.Payload));
            }

            return message.Type == NetlinkMessage.Done;
        }, cancellationToken);
        return addresses;
    }

    public async Task<Link?> FindLinkAsync(int index, CancellationToken cancellationToken) =>
        (await DumpLinksAsync(cancellationToken)).FirstOrDefault(l => l.Index == index);

    public Task SetUpAsync(int index, bool up, CancellationToken cancellationToken) =>
        ChangeAsync(
            new IfInfoMessage(index, up ? IfInfoMessage.FlagUp : 0, IfInfoMessage.FlagUp),
            builder => builder,
            $"set link {index} {(up ? "up" : "down")}",
            cancellationToken);

    public Task SetMtuAsync(int index, int mtu, CancellationToken cancellationToken) =>
        ChangeAsync(
            new IfInfoMessage(index),
            builder => builder.Attribute(IfInfoMessage.AttributeMtu, checked((uint)mtu)),
            $"set link {index} mtu {mtu}",
            cancellationToken);

    /// <summary>Some drivers refuse (EBUSY) to rename a link that is up; the caller decides whether to take it down.</summary>
    public Task RenameAsync(int index, string name, CancellationToken cancellationToken) =>
        ChangeAsync(
            new IfInfoMessage(index),
            builder => builder.Attribute(IfInfoMessage.AttributeName, name),
            $"rename link {index} to {name}",
            cancellationToken);

    public void Dispose()
    {
        socket.Dispose();
        _gate.Dispose();
    }

    private Task ChangeAsync(IfInfoMessage header, Func<NetlinkMessageBuilder, NetlinkMessageBuilder> attributes, string operation, CancellationToken cancellationToken)
    {
        var request = attributes(new NetlinkMessageBuilder(IfInfoMessage.NewLink, NetlinkMessage.FlagRequest | NetlinkMessage.FlagAck).Append(header));
        return ExchangeAsync(request, operation, message => message.Type == NetlinkMessage.Error, cancellationToken);
    }

    /// <summary>Sends a request and hands each answer to <paramref name="isLast"/> until it says the answer is complete.</summary>
    private async Task ExchangeAsync(NetlinkMessageBuilder request, string operation, Func<NetlinkMessage, bool> isLast, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var sequence = ++_sequence;
            socket.Send(request.Build(sequence));
            while (true)
            {
                foreach (var message in await socket.ReceiveAsync(cancellationToken))
                {
                    if (message.Sequence != sequence)
                    {
                        continue;
                    }

                    if (message.Type == NetlinkMessage.Error)
                    {
                        NetlinkAck.ThrowIfError(message, operation);
                    }

                    if (isLast(message))
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
