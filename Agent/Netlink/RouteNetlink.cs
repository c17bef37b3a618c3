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

    public Task<IReadOnlyList<Link>> DumpLinksAsync(CancellationToken cancellationToken) =>
        DumpAsync<IfInfoMessage, Link>(IfInfoMessage.GetLink, new IfInfoMessage(0), IfInfoMessage.NewLink, "dump links", payload => [Link.FromMessage(payload)], cancellationToken);

    /// <summary>The indexes of the links the main table's default routes (IPv4 and IPv6) leave through: the node's primary interface.</summary>
    public async Task<IReadOnlySet<int>> DefaultRouteLinksAsync(CancellationToken cancellationToken) =>
        (await DumpAsync(RouteMessage.GetRoute, default(RouteMessage), RouteMessage.NewRoute, "dump routes", RouteMessage.DefaultRouteLinks, cancellationToken)).ToHashSet();

    /// <summary>Every address of every link, IPv4 and IPv6.</summary>
    public Task<IReadOnlyList<InterfaceAddress>> DumpAddressesAsync(CancellationToken cancellationToken) =>
        DumpAsync<AddressMessage, InterfaceAddress>(AddressMessage.GetAddress, default, AddressMessage.NewAddress, "dump addresses", payload => [AddressMessage.Read(payload)], cancellationToken);

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

    /// <summary>
    /// Dumps objects of one kind: a family header left zero (AF_UNSPEC, index 0) asks for all of them, of every family;
    /// <paramref name="read"/> turns each answer of type <paramref name="answer"/> into what the caller keeps of it.
    /// </summary>
    private async Task<IReadOnlyList<T>> DumpAsync<THeader, T>(
        ushort request,
        THeader header,
        ushort answer,
        string operation,
        Func<ReadOnlyMemory<byte>, IEnumerable<T>> read,
        CancellationToken cancellationToken)
        where THeader : unmanaged
    {
        var items = new List<T>();
        await ExchangeAsync(new NetlinkMessageBuilder(request, NetlinkMessage.FlagRequest | NetlinkMessage.FlagDump).Append(header), operation, message =>
        {
            if (message.Type == answer)
            {
                items.AddRange(read(message.Payload));
            }

            return message.Type == NetlinkMessage.Done;
        }, cancellationToken);
        return items;
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
