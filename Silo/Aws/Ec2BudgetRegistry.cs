using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// One <see cref="Ec2RequestBudget"/> per account and region in this process, since EC2 throttles per account and
/// region: every gateway (every cluster) of the silo's own account in a region draws from the same buckets, clusters
/// whose role lives in another account from that account's. <see cref="SetShare"/> splits each budget across the silo set.
/// </summary>
public sealed class Ec2BudgetRegistry(IOptions<Ec2GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Region, string? Account), Ec2RequestBudget> _budgets = new();
    private readonly Lock _sync = new();

    /// <summary>This silo's part of each region's budget.</summary>
    public double Share { get; private set; } = 1;

    /// <param name="account">The account of the role the calls are signed with; null for the silo's own.</param>
    public Ec2RequestBudget For(string region, string? account = null)
    {
        lock (_sync)
        {
            return _budgets.GetOrAdd((region, account), _ => new Ec2RequestBudget(options.Value.Budget, time, Share));
        }
    }

    public void SetShare(double share)
    {
        lock (_sync)
        {
            Share = share;
            foreach (var budget in _budgets.Values)
            {
                budget.SetShare(share);
            }
        }
    }
}
