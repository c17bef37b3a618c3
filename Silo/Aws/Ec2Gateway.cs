using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using Amazon.EC2.Model;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Aws;

/// <summary>The AWSSDK.EC2 implementation of <see cref="IEc2Gateway"/>; the only code in the product that calls EC2.</summary>
public sealed class Ec2Gateway : IEc2Gateway
{
    private readonly IAmazonEC2 _ec2;
    private readonly Ec2GatewayOptions _options;
    private readonly Ec2CallPipeline _pipeline;
    private readonly DescribeBatcher<Ec2NetworkInterface> _interfaces;
    private readonly DescribeBatcher<Ec2Instance> _instances;
    private readonly DescribeBatcher<IReadOnlyList<Ec2NetworkInterface>> _byAttachment;
    private readonly ConcurrentDictionary<string, Task<Ec2InstanceTypeLimits?>> _typeLimits = new(StringComparer.Ordinal);

    static Ec2Gateway() => AWSConfigs.InitializeCollections = true;

    public Ec2Gateway(IAmazonEC2 ec2, Ec2RequestBudget budget, Ec2Metrics metrics, Ec2GatewayOptions options, TimeProvider time, ILogger<Ec2Gateway> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ec2 = ec2;
        _options = options;
        _pipeline = new Ec2CallPipeline(budget, metrics, options, time, logger);
        _interfaces = new DescribeBatcher<Ec2NetworkInterface>(DescribeInterfacesAsync, options.BatchWindow, options.DescribeInterval, options.MaxBatchSize, time);
        _instances = new DescribeBatcher<Ec2Instance>(DescribeInstancesAsync, options.BatchWindow, options.DescribeInterval, options.MaxBatchSize, time);
        _byAttachment = new DescribeBatcher<IReadOnlyList<Ec2NetworkInterface>>(DescribeByAttachmentKeysAsync, options.BatchWindow, options.DescribeInterval, options.MaxBatchSize, time);
    }

    public async Task<Ec2Resolution<Ec2Subnet>> ResolveSubnetsAsync(IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idsOrNames);
        var ids = idsOrNames.Where(IsSubnetId).Distinct(StringComparer.Ordinal).ToList();
        var names = idsOrNames.Where(reference => !IsSubnetId(reference)).Distinct(StringComparer.Ordinal).ToList();
        var found = new List<Subnet>();
        if (ids.Count > 0)
        {
            found.AddRange(await DescribeSubnetsAsync(Ec2Mapping.Filter("subnet-id", ids), cancellationToken).ConfigureAwait(false));
        }

        if (names.Count > 0)
        {
            found.AddRange(await DescribeSubnetsAsync(Ec2Mapping.Filter("tag:Name", names), cancellationToken).ConfigureAwait(false));
        }

        var subnets = found.Select(Ec2Mapping.ToSubnet).DistinctBy(subnet => subnet.SubnetId).ToList();
        var unresolved = idsOrNames.Where(reference => !subnets.Any(subnet => subnet.SubnetId == reference || subnet.Name == reference)).ToList();
        return new Ec2Resolution<Ec2Subnet>(subnets, unresolved);
    }

    public async Task<Ec2Resolution<Ec2SecurityGroup>> ResolveSecurityGroupsAsync(string vpcId, IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idsOrNames);

        // One describe of the VPC's groups answers IDs, group names and Name tags at once, and scopes all three to the VPC.
        var groups = await AllPagesAsync(
            "DescribeSecurityGroups",
            async (token, ct) =>
            {
                var page = await _ec2.DescribeSecurityGroupsAsync(
                    new DescribeSecurityGroupsRequest { Filters = [Ec2Mapping.Filter("vpc-id", [vpcId])], MaxResults = _options.PageSize, NextToken = token },
                    ct).ConfigureAwait(false);
                return (page.SecurityGroups.Select(Ec2Mapping.ToSecurityGroup), page.NextToken);
            },
            cancellationToken).ConfigureAwait(false);
        var matched = new List<Ec2SecurityGroup>();
        var unresolved = new List<string>();
        foreach (var reference in idsOrNames)
        {
            var hits = groups.Where(group => group.GroupId == reference || group.GroupName == reference || group.Name == reference).ToList();
            if (hits.Count == 0)
            {
                unresolved.Add(reference);
            }

            matched.AddRange(hits);
        }

        return new Ec2Resolution<Ec2SecurityGroup>([.. matched.DistinctBy(group => group.GroupId)], unresolved);
    }

    public Task<Ec2Instance?> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _instances.DescribeAsync(instanceId, cancellationToken);

    public async Task<int?> GetMaxNetworkInterfacesAsync(string instanceType, CancellationToken cancellationToken = default) =>
        (await GetInstanceTypeLimitsAsync(instanceType, cancellationToken).ConfigureAwait(false))?.MaxNetworkInterfaces;

    public async Task<Ec2InstanceTypeLimits?> GetInstanceTypeLimitsAsync(string instanceType, CancellationToken cancellationToken = default)
    {
        // Callers share one lookup per type, in flight or done: a rollout asks about the same few types for every node.
        var lookup = _typeLimits.GetOrAdd(instanceType, LookUpInstanceTypeAsync);
        try
        {
            return await lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (lookup.IsFaulted || lookup.IsCanceled || lookup is { IsCompletedSuccessfully: true, Result: null })
            {
                _typeLimits.TryRemove(KeyValuePair.Create(instanceType, lookup));
            }
        }
    }

    public async Task<Ec2NetworkInterface> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var create = new CreateNetworkInterfaceRequest
        {
            SubnetId = request.SubnetId,
            Groups = [.. request.SecurityGroupIds],
            Description = request.Description,
            ClientToken = request.ClientToken,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = Ec2Mapping.ToTags(request.Tags.ToDictionary()) }],
            Ipv4PrefixCount = Ec2Mapping.CountOrNull(request.Addresses?.Ipv4Prefixes),
            SecondaryPrivateIpAddressCount = Ec2Mapping.CountOrNull(request.Addresses?.SecondaryIpv4Addresses),
            Ipv6PrefixCount = Ec2Mapping.CountOrNull(request.Addresses?.Ipv6Prefixes),
        };
        var response = await _pipeline.SendAsync("CreateNetworkInterface", ct => _ec2.CreateNetworkInterfaceAsync(create, ct), cancellationToken).ConfigureAwait(false);
        return Ec2Mapping.ToNetworkInterface(response.NetworkInterface);
    }

    public async Task<string> AttachNetworkInterfaceAsync(string networkInterfaceId, string instanceId, int deviceIndex, CancellationToken cancellationToken = default)
    {
        var attach = new AttachNetworkInterfaceRequest { NetworkInterfaceId = networkInterfaceId, InstanceId = instanceId, DeviceIndex = deviceIndex };
        var response = await _pipeline.SendAsync("AttachNetworkInterface", ct => _ec2.AttachNetworkInterfaceAsync(attach, ct), cancellationToken).ConfigureAwait(false);
        return response.AttachmentId;
    }

    public Task SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, bool deleteOnTermination, CancellationToken cancellationToken = default) =>
        ModifyAsync(
            new ModifyNetworkInterfaceAttributeRequest
            {
                NetworkInterfaceId = networkInterfaceId,
                Attachment = new NetworkInterfaceAttachmentChanges { AttachmentId = attachmentId, DeleteOnTermination = deleteOnTermination },
            },
            cancellationToken);

    public Task SetSecurityGroupsAsync(string networkInterfaceId, IReadOnlyCollection<string> securityGroupIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(securityGroupIds);
        return ModifyAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = networkInterfaceId, Groups = [.. securityGroupIds] }, cancellationToken);
    }

    public Task SetDescriptionAsync(string networkInterfaceId, string description, CancellationToken cancellationToken = default) =>
        ModifyAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = networkInterfaceId, Description = description }, cancellationToken);

    public Task TagNetworkInterfaceAsync(string networkInterfaceId, EniTags tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var request = new CreateTagsRequest { Resources = [networkInterfaceId], Tags = Ec2Mapping.ToTags(tags.ToDictionary()) };
        return _pipeline.SendAsync("CreateTags", ct => _ec2.CreateTagsAsync(request, ct), cancellationToken);
    }

    public Task<Ec2Outcome> DetachNetworkInterfaceAsync(string attachmentId, bool force, CancellationToken cancellationToken = default) =>
        DoneUnlessGoneAsync(
            "DetachNetworkInterface",
            ct => _ec2.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attachmentId, Force = force ? true : null }, ct),
            cancellationToken);

    public Task<Ec2Outcome> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default) =>
        DoneUnlessGoneAsync(
            "DeleteNetworkInterface",
            ct => _ec2.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = networkInterfaceId }, ct),
            cancellationToken);

    public async Task<EniAddresses> AssignAddressesAsync(string networkInterfaceId, AddressCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);

        // One kind per call: EC2 documents counts and lists per kind, not what it does with several kinds in one request.
        var prefixes = counts.Ipv4Prefixes > 0
            ? (await AssignPrivateAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = networkInterfaceId, Ipv4PrefixCount = counts.Ipv4Prefixes }, cancellationToken).ConfigureAwait(false))
                .AssignedIpv4Prefixes?.Select(prefix => prefix.Ipv4Prefix).ToList() ?? []
            : [];
        var secondaries = counts.SecondaryIpv4Addresses > 0
            ? (await AssignPrivateAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = networkInterfaceId, SecondaryPrivateIpAddressCount = counts.SecondaryIpv4Addresses }, cancellationToken).ConfigureAwait(false))
                .AssignedPrivateIpAddresses?.Select(address => address.PrivateIpAddress).ToList() ?? []
            : [];
        List<string> ipv6Prefixes = [];
        if (counts.Ipv6Prefixes > 0)
        {
            var assign = new AssignIpv6AddressesRequest { NetworkInterfaceId = networkInterfaceId, Ipv6PrefixCount = counts.Ipv6Prefixes };
            var response = await _pipeline.SendAsync("AssignIpv6Addresses", ct => _ec2.AssignIpv6AddressesAsync(assign, ct), cancellationToken).ConfigureAwait(false);
            ipv6Prefixes = response.AssignedIpv6Prefixes ?? [];
        }

        return new EniAddresses(prefixes, secondaries, ipv6Prefixes);
    }

    public async Task<Ec2Outcome> UnassignAddressesAsync(string networkInterfaceId, EniAddresses addresses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.IsNone)
        {
            return Ec2Outcome.Done;
        }

        try
        {
            await UnassignExactlyAsync(networkInterfaceId, addresses, cancellationToken).ConfigureAwait(false);
            return Ec2Outcome.Done;
        }
        catch (Ec2RequestException ex) when (ex.Kind == Ec2ErrorKind.NotFound)
        {
            return Ec2Outcome.AlreadyGone;
        }
        catch (Ec2RequestException ex) when (ex.ErrorCode == "InvalidParameterValue")
        {
            // EC2 refuses the whole call when any address is not assigned (a retry after a lost answer, or another hand):
            // the ENI as it is now tells which still are, without reading the message.
            var now = (await DescribeInterfacesByFilterAsync(Ec2Mapping.Filter("network-interface-id", [networkInterfaceId]), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            var remaining = now is null ? EniAddresses.None : Ec2Mapping.StillAssigned(addresses, now.Addresses);
            if (remaining.IsNone)
            {
                return Ec2Outcome.AlreadyGone;
            }

            if (Ec2Mapping.Count(remaining) == Ec2Mapping.Count(addresses))
            {
                throw;
            }

            await UnassignExactlyAsync(networkInterfaceId, remaining, cancellationToken).ConfigureAwait(false);
            return Ec2Outcome.Done;
        }
    }

    public Task<Ec2NetworkInterface?> DescribeNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default) =>
        _interfaces.DescribeAsync(networkInterfaceId, cancellationToken);

    public async Task<IReadOnlyList<Ec2NetworkInterface>> DescribeAttachmentNetworkInterfacesAsync(string attachmentKey, CancellationToken cancellationToken = default) =>
        await _byAttachment.DescribeAsync(attachmentKey, cancellationToken).ConfigureAwait(false) ?? [];

    public async Task<IReadOnlyList<Ec2NetworkInterface>> DescribeFleetNetworkInterfacesAsync(string? cluster, CancellationToken cancellationToken = default)
    {
        var filter = cluster is null
            ? Ec2Mapping.Filter("tag-key", [EniTags.ClusterKey])
            : Ec2Mapping.Filter("tag:" + EniTags.ClusterKey, [cluster]);
        return await DescribeInterfacesByFilterAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    private Task ModifyAsync(ModifyNetworkInterfaceAttributeRequest modify, CancellationToken cancellationToken) =>
        _pipeline.SendAsync("ModifyNetworkInterfaceAttribute", ct => _ec2.ModifyNetworkInterfaceAttributeAsync(modify, ct), cancellationToken);

    private Task<AssignPrivateIpAddressesResponse> AssignPrivateAsync(AssignPrivateIpAddressesRequest assign, CancellationToken cancellationToken) =>
        _pipeline.SendAsync("AssignPrivateIpAddresses", ct => _ec2.AssignPrivateIpAddressesAsync(assign, ct), cancellationToken);

    private async Task UnassignExactlyAsync(string networkInterfaceId, EniAddresses addresses, CancellationToken cancellationToken)
    {
        if (addresses.Ipv4Prefixes.Count > 0 || addresses.SecondaryIpv4Addresses.Count > 0)
        {
            var unassign = new UnassignPrivateIpAddressesRequest
            {
                NetworkInterfaceId = networkInterfaceId,
                Ipv4Prefixes = addresses.Ipv4Prefixes.Count > 0 ? [.. addresses.Ipv4Prefixes] : null,
                PrivateIpAddresses = addresses.SecondaryIpv4Addresses.Count > 0 ? [.. addresses.SecondaryIpv4Addresses] : null,
            };
            await _pipeline.SendAsync("UnassignPrivateIpAddresses", ct => _ec2.UnassignPrivateIpAddressesAsync(unassign, ct), cancellationToken).ConfigureAwait(false);
        }

        if (addresses.Ipv6Prefixes.Count > 0)
        {
            var unassign = new UnassignIpv6AddressesRequest { NetworkInterfaceId = networkInterfaceId, Ipv6Prefixes = [.. addresses.Ipv6Prefixes] };
            await _pipeline.SendAsync("UnassignIpv6Addresses", ct => _ec2.UnassignIpv6AddressesAsync(unassign, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Ec2InstanceTypeLimits?> LookUpInstanceTypeAsync(string instanceType)
    {
        try
        {
            // Not the first caller's token: every caller waiting on this lookup would share its cancellation.
            var response = await _pipeline.SendAsync(
                "DescribeInstanceTypes",
                ct => _ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = [instanceType] }, ct),
                CancellationToken.None).ConfigureAwait(false);
            return response.InstanceTypes?.FirstOrDefault() is { NetworkInfo: not null } type ? Ec2Mapping.ToLimits(type) : null;
        }
        catch (Ec2RequestException ex) when (ex.ErrorCode == "InvalidInstanceType")
        {
            return null;
        }
    }

    private static bool IsSubnetId(string reference) => reference.StartsWith("subnet-", StringComparison.Ordinal);

    private async Task<Ec2Outcome> DoneUnlessGoneAsync<T>(string action, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(action, call, cancellationToken).ConfigureAwait(false);
            return Ec2Outcome.Done;
        }
        catch (Ec2RequestException ex) when (ex.Kind == Ec2ErrorKind.NotFound)
        {
            return Ec2Outcome.AlreadyGone;
        }
    }

    private Task<List<Subnet>> DescribeSubnetsAsync(Filter filter, CancellationToken cancellationToken) =>
        AllPagesAsync(
            "DescribeSubnets",
            async (token, ct) =>
            {
                var page = await _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [filter], MaxResults = _options.PageSize, NextToken = token }, ct).ConfigureAwait(false);
                return ((IEnumerable<Subnet>)page.Subnets, page.NextToken);
            },
            cancellationToken);

    private async Task<IReadOnlyDictionary<string, Ec2NetworkInterface>> DescribeInterfacesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        (await DescribeInterfacesByFilterAsync(Ec2Mapping.Filter("network-interface-id", ids), cancellationToken).ConfigureAwait(false))
            .ToDictionary(eni => eni.NetworkInterfaceId, StringComparer.Ordinal);

    /// <summary>Answers every key asked, with an empty list for none: a filtered describe is as sure of an absence as a single one.</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<Ec2NetworkInterface>>> DescribeByAttachmentKeysAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = await DescribeInterfacesByFilterAsync(Ec2Mapping.Filter("tag:" + EniTags.AttachmentKeyKey, keys), cancellationToken).ConfigureAwait(false);
        return keys.Distinct(StringComparer.Ordinal).ToDictionary(
            key => key,
            key => (IReadOnlyList<Ec2NetworkInterface>)[.. found.Where(eni => eni.Tags.GetValueOrDefault(EniTags.AttachmentKeyKey) == key)],
            StringComparer.Ordinal);
    }

    private Task<List<Ec2NetworkInterface>> DescribeInterfacesByFilterAsync(Filter filter, CancellationToken cancellationToken) =>
        AllPagesAsync(
            "DescribeNetworkInterfaces",
            async (token, ct) =>
            {
                var page = await _ec2.DescribeNetworkInterfacesAsync(
                    new DescribeNetworkInterfacesRequest { Filters = [filter], MaxResults = _options.PageSize, NextToken = token },
                    ct).ConfigureAwait(false);
                return (page.NetworkInterfaces.Select(Ec2Mapping.ToNetworkInterface), page.NextToken);
            },
            cancellationToken);

    private async Task<IReadOnlyDictionary<string, Ec2Instance>> DescribeInstancesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        (await AllPagesAsync(
            "DescribeInstances",
            async (token, ct) =>
            {
                var page = await _ec2.DescribeInstancesAsync(
                    new DescribeInstancesRequest { Filters = [Ec2Mapping.Filter("instance-id", ids)], MaxResults = _options.PageSize, NextToken = token },
                    ct).ConfigureAwait(false);
                return (page.Reservations.SelectMany(reservation => reservation.Instances).Select(Ec2Mapping.ToInstance), page.NextToken);
            },
            cancellationToken).ConfigureAwait(false)).ToDictionary(instance => instance.InstanceId, StringComparer.Ordinal);

    private async Task<List<T>> AllPagesAsync<T>(string action, Func<string?, CancellationToken, Task<(IEnumerable<T> Items, string? NextToken)>> page, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? token = null;
        do
        {
            var (pageItems, next) = await _pipeline.SendAsync(action, ct => page(token, ct), cancellationToken).ConfigureAwait(false);
            items.AddRange(pageItems);
            token = next;
        }
        while (!string.IsNullOrEmpty(token));

        return items;
    }
}
