using System.Collections.Concurrent;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// An attachment whose tick waits on EC2 (for the budget, in a large rollout) must not collect a drift Verify every
/// drift interval (0.5 s here) behind that tick: each would hold its message and its described ENIs until the tick
/// ends, and then judge nothing, since the ENIs in flight are not judged. It is verified once at rest. Counted at the
/// grains: the checks the NodeENI received while the attach was held, and the Verify calls its attachment ran.
/// </summary>
public sealed class DriftAtWorkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_attachment_held_in_an_ec2_call_is_not_sent_drift_checks_and_is_verified_once_at_rest()
    {
        var held = new CrashSignal();
        var verifies = new VerifyCalls();
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions
        {
            WrapGateway = (gateway, silo) => new CrashingGateway(gateway, silo, new CrashPoint(CrashMoment.Before, CrashPoint.Attach, held)),
            ConfigureSilo = silo =>
            {
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
                silo.Services.AddSingleton<IIncomingGrainCallFilter>(verifies);
            },
        });
        await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await held.Crashed.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        var checksWhileHeld = verifies.NodeEniChecks;
        await Poll.UntilAsync(() => verifies.NodeEniChecks >= checksWhileHeld + 4, Deadline, "four drift checks to reach the NodeENI while the attach is held");
        var letGoAt = DateTimeOffset.UtcNow;
        held.LetGo();
        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync("multus") == 1, Deadline, "the NodeENI to be Ready");
        await Poll.UntilAsync(() => verifies.AttachmentChecksDescribedAfter(letGoAt) > 0, Deadline, "a drift check of the attachment at rest");

        // One check may have been on its way as the attach was let go; without the rule every check made while it was held runs.
        Assert.InRange(verifies.AttachmentChecksDescribedBefore(letGoAt), 0, 1);
    }

    /// <summary>The drift checks reaching NodeENI grains, and when each Verify an attachment ran had been described.</summary>
    private sealed class VerifyCalls : IIncomingGrainCallFilter
    {
        private readonly ConcurrentQueue<DateTimeOffset> _attachmentChecks = new();
        private int _nodeEniChecks;

        public int NodeEniChecks => Volatile.Read(ref _nodeEniChecks);

        public int AttachmentChecksDescribedBefore(DateTimeOffset moment) => _attachmentChecks.Count(d => d < moment);

        public int AttachmentChecksDescribedAfter(DateTimeOffset moment) => _attachmentChecks.Count(d => d > moment);

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.InterfaceMethod?.Name == nameof(IAttachmentLifecycle.Verify))
            {
                if (context.InterfaceMethod.DeclaringType == typeof(INodeEniReconciler))
                {
                    Interlocked.Increment(ref _nodeEniChecks);
                }
                else if (context.InterfaceMethod.DeclaringType == typeof(IAttachmentLifecycle))
                {
                    _attachmentChecks.Enqueue((DateTimeOffset)context.Request.GetArgument(1)!);
                }
            }

            await context.Invoke();
        }
    }
}
