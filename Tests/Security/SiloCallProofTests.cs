using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Abstractions.Security;
using AwsMultiEni.Silo.Security;
using AwsMultiEni.Tests.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace AwsMultiEni.Tests.Security;

/// <summary>
/// The sender a call names is whatever its caller wrote, so the role filter takes a call as the silo set's only when
/// it carries a proof made with the silos' key for that very call, recently. Here the calls are put to the real
/// filters directly; <c>CallerRoleTests</c>' world, whose silos refuse anonymous callers, starts only because every
/// call the silos make to one another is stamped.
/// </summary>
public sealed class SiloCallProofTests : IDisposable
{
    private static readonly GrainId Attachment = GrainId.Create("attachment", "cluster-1/multus/node-1");
    private static readonly GrainId Fleet = GrainId.Create("fleet", "fleet");
    private static readonly System.Reflection.MethodInfo Register = typeof(IFleetGrain).GetMethod(nameof(IFleetGrain.Register))!;

    private readonly string _directory = Directory.CreateTempSubdirectory("silo-key-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        RequestContext.Clear();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_call_naming_a_grain_as_its_sender_without_a_proof_is_held_to_the_callers_role()
    {
        var (filter, _) = Silo(KeyFile("the silos' key, long enough to be one: 0123456789"));
        var forged = new FilteredCall(Attachment, Fleet, Register);

        var refused = await Assert.ThrowsAsync<CallRefusedException>(() => filter.Invoke(forged));
        Assert.False(forged.Invoked);
        Assert.Contains("no token was sent", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"names {Attachment}, inside the silo set, as its sender but carries no valid proof", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proof_for_another_call_from_another_key_or_from_too_long_ago_is_no_proof()
    {
        var key = KeyFile("the silos' key, long enough to be one: 0123456789");
        var (filter, proof) = Silo(key);
        var (_, stranger) = Silo(KeyFile("a key of another silo set, just as long: 9876543210"));
        var report = typeof(INodeGrain).GetMethod(nameof(INodeGrain.Report))!;

        await AssertRefusedAsync(filter, proof.Stamp(Fleet, typeof(IFleetGrain).FullName!, nameof(IFleetGrain.Unregister)));
        await AssertRefusedAsync(filter, proof.Stamp(Attachment, typeof(INodeGrain).FullName!, report.Name));
        await AssertRefusedAsync(filter, stranger.Stamp(Fleet, typeof(IFleetGrain).FullName!, Register.Name));
        var old = proof.Stamp(Fleet, typeof(IFleetGrain).FullName!, Register.Name);
        _clock.Advance(SiloCallProof.Window + TimeSpan.FromSeconds(1));
        await AssertRefusedAsync(filter, old);
    }

    [Fact]
    public async Task A_proven_call_passes_also_under_the_key_a_rotation_replaced_but_not_the_one_before()
    {
        var key = KeyFile("the first key of the silo set, long enough: 0123456789");
        var (filter, proof) = Silo(key);
        var first = proof.Stamp(Fleet, typeof(IFleetGrain).FullName!, Register.Name);
        await AssertPassesAsync(filter, first);

        Rotate(key, "the second key of the silo set, long enough: 0123456789");
        var second = proof.Stamp(Fleet, typeof(IFleetGrain).FullName!, Register.Name);
        Assert.NotEqual(first, second);
        await AssertPassesAsync(filter, first);
        await AssertPassesAsync(filter, second);

        Rotate(key, "the third key of the silo set, long enough: 0123456789");
        await AssertRefusedAsync(filter, first);
        await AssertPassesAsync(filter, second);
    }

    [Fact]
    public async Task Of_the_silos_own_services_a_client_reaches_only_the_cluster_manifest_unless_it_is_an_admin()
    {
        // The gateway forwards a client's message to whichever system target it names.
        var silo = SiloAddress.New(System.Net.IPAddress.Loopback, 11111, 1);
        var membership = SystemTargetGrainId.Create(SystemTargetGrainId.CreateGrainType("clustering"), silo).GrainId;
        var manifest = SystemTargetGrainId.Create(SystemTargetGrainId.CreateGrainType("manifest"), silo).GrainId;
        var client = GrainId.Create("sys.client", Guid.NewGuid().ToString("N"));
        var (filter, _) = Silo(KeyFile("the silos' key, long enough to be one: 0123456789"));
        var (admins, _) = Silo(KeyFile("the silos' key, long enough to be one: 0123456789"), anonymousRole: "admin");
        var (readers, _) = Silo(KeyFile("the silos' key, long enough to be one: 0123456789"), anonymousRole: "dashboard");

        var refused = await Assert.ThrowsAsync<CallRefusedException>(() => filter.Invoke(new FilteredCall(client, membership, Register)));
        Assert.Contains("no token was sent", refused.Message, StringComparison.Ordinal);
        refused = await Assert.ThrowsAsync<CallRefusedException>(() => readers.Invoke(new FilteredCall(client, membership, typeof(IFleetGrain).GetMethod(nameof(IFleetGrain.ListClusters))!)));
        Assert.Contains("only an admin may call the silos' own services", refused.Message, StringComparison.Ordinal);
        foreach (var (allowed, target) in new[] { (filter, manifest), (readers, manifest), (admins, membership) })
        {
            var call = new FilteredCall(client, target, Register);
            await allowed.Invoke(call);
            Assert.True(call.Invoked);
        }
    }

    [Fact]
    public async Task The_silos_stamp_calls_to_grains_and_take_the_proof_off_calls_to_clients()
    {
        var proof = Silo(KeyFile("the silos' key, long enough to be one: 0123456789")).Proof;
        var stamp = new SiloCallStampFilter(proof);

        var toGrain = new FilteredCall(Attachment, Fleet, Register);
        await stamp.Invoke(toGrain);
        Assert.True(proof.Verify(toGrain.SentProof as string, Fleet, typeof(IFleetGrain).FullName!, Register.Name));

        var toClient = new FilteredCall(Fleet, GrainId.Create("sys.client", Guid.NewGuid().ToString("N")), typeof(INodeInterfacesObserver).GetMethod(nameof(INodeInterfacesObserver.DesiredInterfacesChanged))!);
        await stamp.Invoke(toClient);
        Assert.True(toClient.Invoked);
        Assert.Null(toClient.SentProof);
    }

    private static async Task AssertRefusedAsync(CallerRoleFilter filter, string proof)
    {
        RequestContext.Set(SiloCallProof.RequestContextKey, proof);
        var call = new FilteredCall(Attachment, Fleet, Register);
        await Assert.ThrowsAsync<CallRefusedException>(() => filter.Invoke(call));
        Assert.False(call.Invoked);
    }

    private static async Task AssertPassesAsync(CallerRoleFilter filter, string proof)
    {
        RequestContext.Set(SiloCallProof.RequestContextKey, proof);
        var call = new FilteredCall(Attachment, Fleet, Register);
        await filter.Invoke(call);
        Assert.True(call.Invoked);
        Assert.Null(call.SentProof);
    }

    /// <summary>A silo's role filter as a TLS silo set runs it (no role without a token, unless told), with the key in <paramref name="keyFile"/>.</summary>
    private (CallerRoleFilter Filter, SiloCallProof Proof) Silo(string keyFile, string anonymousRole = "none")
    {
        var settings = Options.Create(new SecuritySettings { AnonymousRole = anonymousRole, SiloKeyFile = keyFile });
        var proof = new SiloCallProof(new SiloCallKey(settings, _clock), _clock);
        // No call here carries a token, so nothing is ever sent for review.
        var filter = new CallerRoleFilter(null!, proof, settings, new ConfigurationBuilder().Build(), NullLogger<CallerRoleFilter>.Instance);
        return (filter, proof);
    }

    private string KeyFile(string text)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// Replaces the key as a Secret update does: a new file moved into place, with a newer write time; then lets the
    /// second pass after which the silo looks at the file again.
    /// </summary>
    private void Rotate(string path, string text)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        var next = path + ".next";
        File.WriteAllText(next, text);
        File.SetLastWriteTimeUtc(next, File.GetLastWriteTimeUtc(path).AddSeconds(1));
        File.Move(next, path, overwrite: true);
    }
}
