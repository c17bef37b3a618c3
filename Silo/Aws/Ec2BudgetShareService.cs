using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// Keeps the silo set within one EC2 budget per account and region: with N active silos, each takes 1/N
/// of every bucket, re-split whenever membership changes. Grains spread over silos, so the shares are used
/// evenly; a silo that dies frees its share at the next membership update. Outside a silo it does nothing.
/// </summary>
internal sealed partial class Ec2BudgetShareService(Ec2BudgetRegistry budgets, IServiceProvider services, ILogger<Ec2BudgetShareService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IClusterMembershipService>() is not { } membership)
        {
            return;
        }

        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
        {
            var active = Math.Max(1, snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active));
            if (Math.Abs(budgets.Share - (1.0 / active)) > 1e-9)
            {
                budgets.SetShare(1.0 / active);
                LogShare(logger, active);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "EC2 request budget split across {ActiveSilos} active silo(s)")]
    private static partial void LogShare(ILogger logger, int activeSilos);
}
