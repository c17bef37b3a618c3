using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// One <see cref="Ec2RequestBudget"/> per region in this process. The silo runs with one set of
/// credentials, hence one account, so every gateway (every cluster) in a region draws from the same buckets.
/// </summary>
public sealed class Ec2BudgetRegistry(IOptions<Ec2GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Ec2RequestBudget> _budgets = new(StringComparer.Ordinal);

    public Ec2RequestBudget For(string region) =>
        _budgets.GetOrAdd(region, _ => new Ec2RequestBudget(options.Value.Budget, time));
}
