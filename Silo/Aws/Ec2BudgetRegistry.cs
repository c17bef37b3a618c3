using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// One <see cref="Ec2RequestBudget"/> per region in this process. The silo runs with one set of
/// credentials, hence one account, so every gateway (every cluster) in a region draws from the same
/// buckets; <see cref="SetShare"/> splits the account's budget across the silo set.
/// </summary>
public sealed class Ec2BudgetRegistry(IOptions<Ec2GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Ec2RequestBudget> _budgets = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();

    /// <summary>This silo's part of each region's budget.</summary>
    public double Share { get; private set; } = 1;

    public Ec2RequestBudget For(string region)
    {
        lock (_sync)
        {
            return _budgets.GetOrAdd(region, _ => new Ec2RequestBudget(options.Value.Budget, time, Share));
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
