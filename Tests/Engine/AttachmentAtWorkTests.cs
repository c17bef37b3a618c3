using System.Collections.Concurrent;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// An attachment whose tick waits on EC2 (for the budget, in a large rollout, for minutes) holds nothing else up.
/// The NodeENI's drift checks (every 0.5 s here) are not queued behind that tick, where each would hold its message
/// and its described ENIs and then judge nothing, since ENIs in flight are not judged: the attachment is verified once
/// at rest. A NodeENI planning again for another node does not wait for it either. Each test holds one attach.
/// </summary>
public sealed class AttachmentAtWorkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_attachment_held_in_an_ec2_call_is_not_sent_drift_checks_and_is_verified_once_at_rest()
    {
        var held = new CrashSignal();
        var verifies = new VerifyCalls();
        await using var world = await StartAsync(held, verifies);
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

    [Fact]
    public async Task A_node_labelled_while_another_attach_is_held_gets_its_eni()
    {
        var held = new CrashSignal();
        await using var world = await StartAsync(held, new VerifyCalls());
        await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);
        await world.CreateNodeEniAsync("multus", world.Spec());
        await held.Crashed.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        var other = world.Nodes[1].Name;
        await world.LabelAsync(world.Nodes[1], EngineWorld.Selector);

        await Poll.UntilAsync(
            () => world.EnisOf("multus").Any(e => e.Tags.GetValueOrDefault("Node") == other && e.AttachmentStatus == "attached"),
            Deadline,
            $"{other}'s ENI to be attached while the first attach is held");
        held.LetGo();
        await Poll.UntilAsync(() => world.EnisOf("multus") is [{ AttachmentStatus: "attached" }, { AttachmentStatus: "attached" }], Deadline, "both ENIs attached");
    }

    private static Task<EngineWorld> StartAsync(CrashSignal held, VerifyCalls verifies) => EngineWorld.StartAsync(new EngineWorldOptions
    {
        WrapGateway = (gateway, silo) => new CrashingGateway(gateway, silo, new CrashPoint(CrashMoment.Before, CrashPoint.Attach, held)),
        ConfigureSilo = silo =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(verifies);
        },
    });

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
